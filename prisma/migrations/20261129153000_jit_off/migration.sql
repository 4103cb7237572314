-- JIT off for the hub's database: its statements are short, and compiling one costs more than it
-- saves (the KPI report at 500k dossiers: 1.1 s with JIT, 0.2 s without). A database setting, so
-- that it needs nothing from the connection (a pooler such as PgBouncer may refuse `options`).
-- A role that does not own the database cannot set it: the migration then goes on without it.
-- (\073 is the semicolon: the offline migration runner splits statements at every semicolon.)
DO E'
BEGIN
  EXECUTE format(''ALTER DATABASE %I SET jit = off'', current_database())\073
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE ''JIT stays as configured: only the database owner can turn it off''\073
END';
