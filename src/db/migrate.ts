/**
 * Applies pending migrations of `prisma/migrations/` without the Prisma CLI's native engine,
 * through `@prisma/schema-engine-wasm` (the same engine compiled to WebAssembly). Migrations keep
 * Prisma's own layout and `_prisma_migrations` table, so `prisma migrate deploy` can manage the
 * same database where the native engine is reachable.
 */
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';

const require = createRequire(import.meta.url);

function projectRoot(): string {
  // src/db/migrate.ts runs from src/ (vitest) or dist/src/ (node): find the folder with prisma/.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    dir = path.dirname(dir);
    if (path.basename(dir) !== 'dist' && require('node:fs').existsSync(path.join(dir, 'prisma', 'schema.prisma')))
      return dir;
  }
  throw new Error('prisma/schema.prisma not found above ' + fileURLToPath(import.meta.url));
}

export const MIGRATIONS_DIR = path.join(projectRoot(), 'prisma', 'migrations');
const SCHEMA_FILE = path.join(projectRoot(), 'prisma', 'schema.prisma');

type Engine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout?: string | null }>;
  free(): void;
};

let wasmReady: Promise<{ SchemaEngine: { new: (o: unknown, cb: unknown, a: unknown) => Promise<Engine> } }> | undefined;

/** Node 20 cannot import a `.wasm` module, so instantiate the engine by hand. */
async function loadWasm() {
  wasmReady ??= (async () => {
    const bg = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Record<string, unknown> & {
      __wbg_set_wasm(exports: unknown): void;
    };
    const wasmPath = path.join(
      path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
      'schema_engine_bg.wasm',
    );
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return bg as never;
  })();
  return wasmReady;
}

/**
 * A pool that reports PostgreSQL's internal `"char"` columns (OID 18, found in pg_catalog) as
 * text: @prisma/adapter-pg 7.10 refuses that type, which breaks the engine's schema description.
 */
function catalogFriendlyPool(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const patch = <T extends { query: (...a: never[]) => unknown }>(q: T): void => {
    const original = q.query.bind(q) as (...a: unknown[]) => Promise<pg.QueryResult>;
    (q as unknown as { query: unknown }).query = async (...args: unknown[]) => {
      const result = await original(...args);
      for (const f of result?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
      return result;
    };
  };
  patch(pool);
  pool.on('connect', (client) => patch(client));
  return pool;
}

async function withEngine<T>(databaseUrl: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadWasm();
  const pool = catalogFriendlyPool(databaseUrl);
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const datamodel = await readFile(SCHEMA_FILE, 'utf8');
  const engine = await SchemaEngine.new({ datamodels: [[SCHEMA_FILE, datamodel]] }, () => undefined, adapter);
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await pool.end();
  }
}

async function migrationsList() {
  const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: await readFile(path.join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8') },
      },
    })),
  );
  const lock = await readFile(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), 'utf8');
  return {
    baseDir: MIGRATIONS_DIR,
    migrationDirectories,
    lockfile: { path: 'migration_lock.toml', content: lock },
    shadowDbInitScript: '',
  };
}

const filters = { externalTables: [], externalEnums: [] };

/** Apply every pending migration; returns the names applied now (empty when up to date). */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const migrationsListValue = await migrationsList();
  return withEngine(databaseUrl, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: migrationsListValue, filters });
    return out.appliedMigrationNames;
  });
}

/**
 * SQL that takes a database migrated to the current migrations to the schema in
 * `prisma/schema.prisma` (empty when nothing changed). Used by `npm run db:migration`.
 */
export async function diffToSchema(migratedDatabaseUrl: string): Promise<string> {
  const datamodel = await readFile(SCHEMA_FILE, 'utf8');
  return withEngine(migratedDatabaseUrl, async (engine) => {
    const out = await engine.diff({
      // The live database behind the engine's adapter, migrated to the current migrations.
      from: {
        tag: 'schemaDatasource',
        files: [{ path: SCHEMA_FILE, content: datamodel }],
        configDir: path.dirname(SCHEMA_FILE),
      },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_FILE, content: datamodel }] },
      script: true,
      exitCode: null,
      filters,
    });
    return out.stdout ?? '';
  });
}
