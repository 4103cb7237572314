/**
 * The benchmark's database at a chosen scale, generated with SQL (set-based, minutes at 500k):
 * the demo directory plus 500 communes, 50 procedures, `dossiers` dossiers over three years,
 * 0.3 documents per dossier with 5 deliveries and one attachment each, and 0.4 payments per dossier
 * with one line each. A database is made once per scale (`lth_bench_<scale>`) and reused while
 * its `bench_meta` row says it is complete.
 */
import pg from 'pg';
import { applyMigrations } from '../../src/db/migrate.js';
import { createPrisma } from '../../src/db/client.js';
import { withDatabaseName } from '../../src/db/url.js';
import { seedDemo } from '../../src/modules/index.js';

/** Communes the generator adds: codes 000.10.00.H24 … 000.14.99.H24 (outside the demo directory's). */
const COMMUNES = 500;
const PROCEDURES = 50;
/** Raised when the generated data changes: a database made by an older generator is made again. */
const VERSION = 2;

async function admin<T>(server: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: withDatabaseName(server, 'postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function complete(url: string, dossiers: number): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    const r = await c.query('SELECT dossiers, version FROM bench_meta WHERE complete');
    return r.rows[0]?.dossiers === dossiers && r.rows[0]?.version === VERSION;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** The generation, step by step (each statement one set-based INSERT). */
const steps = (n: number): Array<[string, string]> => [
  [
    'communes',
    `INSERT INTO agency (id, code, name, search_name, level, parent_id, valid_from, created_at, updated_at)
     SELECT gen_random_uuid(), format('000.%s.%s.H24', 10 + i / 100, lpad((i % 100)::text, 2, '0')),
            'Xã thử ' || i, 'xa thu ' || i, 'COMMUNE', (SELECT id FROM agency WHERE code = '000.00.00.H24'),
            '2025-07-01', now(), now()
     FROM generate_series(0, ${COMMUNES - 1}) i`,
  ],
  [
    'procedures',
    `INSERT INTO procedure (id, code, name, field_code, field_name, processing_days, online_level, online_type, valid_from, created_at, updated_at)
     SELECT gen_random_uuid(), 'B.' || lpad(i::text, 6, '0'), 'Thủ tục thử ' || i, 'TT', 'Thử nghiệm',
            5 + i % 10, 4, 'FULL', '2020-01-01', now(), now()
     FROM generate_series(1, ${PROCEDURES}) i`,
  ],
  [
    'fees',
    `INSERT INTO procedure_fee (id, procedure_id, position, kind, amount, description)
     SELECT gen_random_uuid(), id, 0, 'CHARGE', 8000, 'Lệ phí' FROM procedure WHERE code LIKE 'B.%'`,
  ],
  [
    'dossiers',
    `WITH a AS (SELECT array_agg(id ORDER BY code) AS ids FROM agency WHERE code ~ '^000\\.1[0-4]\\.'),
          p AS (SELECT array_agg(id ORDER BY code) AS ids FROM procedure WHERE code LIKE 'B.%')
     INSERT INTO dossier (id, code, procedure_id, receiving_agency_id, handling_agency_id, applicant_type,
                          applicant_name, applicant_id_number, applicant_phone, summary, channel, status,
                          received_at, due_at, effective_due_at, finished_at, version, created_by, created_at, updated_at)
     SELECT gen_random_uuid(), 'BENCH-' || lpad(i::text, 9, '0'), p.ids[1 + i % ${PROCEDURES}],
            a.ids[1 + i % ${COMMUNES}], a.ids[1 + (CASE WHEN i % 5 = 0 THEN i * 7 ELSE i END) % ${COMMUNES}], 1,
            'Người nộp ' || i, lpad((i * 13 % 1000000000000)::text, 12, '0'), '09' || lpad((i % 100000000)::text, 8, '0'),
            'Hồ sơ thử số ' || i, 1 + i % 2,
            CASE WHEN done THEN (ARRAY[9, 10, 9, 10, 8, 3])[1 + i % 6] ELSE (ARRAY[1, 2, 4, 5])[1 + i % 4] END,
            t, t + interval '7 days', t + interval '7 days',
            -- finished 1 to 10 days after receipt (8 and later: late)
            CASE WHEN done THEN t + (1 + i % 10) * interval '1 day' END,
            1, 'bench', t, t
     FROM generate_series(1, ${n}) i, a, p,
          LATERAL (SELECT now() - (i::double precision / ${n}) * interval '1095 days' AS t) x,
          -- as in a real city: what was received more than 45 days ago is finished, but for one in a thousand
          LATERAL (SELECT (t < now() - interval '45 days' AND i % 1000 <> 0) OR i % 7 >= 4 AS done) y`,
  ],
  [
    'supplements',
    `INSERT INTO dossier_supplement (id, dossier_id, requested_at, completed_at, note, requested_by)
     SELECT gen_random_uuid(), d.id, d.received_at + interval '1 day',
            CASE WHEN d.finished_at IS NOT NULL THEN d.received_at + interval '3 days' END, 'Bổ sung giấy tờ', 'bench'
     FROM dossier d WHERE d.code LIKE 'BENCH-%' AND abs(hashtext(d.code)) % 20 = 0`,
  ],
  [
    'documents',
    `WITH a AS (SELECT array_agg(id ORDER BY code) AS ids FROM agency WHERE code ~ '^000\\.1[0-4]\\.')
     INSERT INTO document (id, external_id, sender_id, code_number, code_notation, type_code, type_name, subject,
                           content, promulgation_date, source, created_by, created_at, updated_at)
     SELECT gen_random_uuid(), 'BENCH,' || i, a.ids[1 + i % ${COMMUNES}], i::text, 'UBND', 1, 'Công văn',
            'Văn bản thử số ' || i, repeat('Nội dung. ', 50), (t)::date, 'API', 'bench', t, t
     FROM generate_series(1, ${Math.round(n * 0.3)}) i, a,
          LATERAL (SELECT now() - (i::double precision / ${Math.round(n * 0.3)}) * interval '1095 days' AS t) x`,
  ],
  [
    'deliveries',
    `WITH a AS (SELECT array_agg(id ORDER BY code) AS ids FROM agency WHERE code ~ '^000\\.1[0-4]\\.')
     INSERT INTO delivery (id, document_id, recipient_id, position, status, status_at, created_at)
     SELECT gen_random_uuid(), d.id, a.ids[1 + (split_part(d.external_id, ',', 2)::int * 31 + k * 97) % ${COMMUNES}], k,
            (ARRAY[NULL, '01', '03', '04', '06'])[1 + k], d.created_at, d.created_at
     FROM document d, a, generate_series(0, 4) k WHERE d.external_id LIKE 'BENCH,%'`,
  ],
  [
    'attachments',
    `INSERT INTO attachment (id, document_id, position, content_id, name, content_type, sha256, size)
     SELECT gen_random_uuid(), d.id, 0, 'cid-0', 'van-ban.pdf', 'application/pdf', encode(sha256(d.id::text::bytea), 'hex'), 1024
     FROM document d WHERE d.external_id LIKE 'BENCH,%'`,
  ],
  [
    'payments',
    `INSERT INTO payment (id, agency_id, kind, amount, payer_name, description, dossier_id, status, route, created_by, created_at, updated_at)
     SELECT gen_random_uuid(), d.handling_agency_id, 'CHARGE', 8000, d.applicant_name, 'Lệ phí', d.id,
            (ARRAY['PAID', 'PENDING', 'PAID', 'EXPIRED', 'PAID']::"PaymentStatus"[])[1 + (hashtext(d.code) & 3)], 'PLATFORM',
            'bench', d.received_at, d.received_at
     FROM dossier d WHERE d.code LIKE 'BENCH-%' AND abs(hashtext(d.code)) % 5 IN (0, 1)`,
  ],
  [
    'payment lines',
    `INSERT INTO payment_line (id, payment_id, position, kind, amount, description)
     SELECT gen_random_uuid(), p.id, 0, 'CHARGE', p.amount, 'Lệ phí' FROM payment p WHERE p.created_by = 'bench'`,
  ],
];

/** The benchmark database at this scale, made if missing; returns its URL. */
export async function prepareDataset(
  server: string,
  dossiers: number,
  say: (line: string) => void,
): Promise<{ url: string; made: boolean }> {
  const name = `lth_bench_${dossiers}`;
  const url = withDatabaseName(server, name);
  if (await complete(url, dossiers)) {
    // the hub's schema may have moved on since it was made
    await applyMigrations(url);
    return { url, made: false };
  }
  say(`generating ${name} (${dossiers} dossiers)…`);
  await admin(server, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
  await applyMigrations(url);
  const prisma = createPrisma(url);
  await seedDemo(prisma);
  await prisma.$disconnect();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const [what, sql] of steps(dossiers)) {
      const started = Date.now();
      const r = await c.query(sql);
      say(`  ${what}: ${r.rowCount} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    await c.query('ANALYZE');
    await c.query(
      'CREATE TABLE bench_meta (dossiers int NOT NULL, complete boolean NOT NULL, made_at timestamptz NOT NULL, version int NOT NULL)',
    );
    await c.query('INSERT INTO bench_meta VALUES ($1, true, now(), $2)', [dossiers, VERSION]);
  } finally {
    await c.end();
  }
  return { url, made: true };
}

/**
 * Take back what a run wrote (the dossiers `submitDossier` made, on the hub and on the raw side,
 * and their rows), so that a reused database stays the dataset it was made as. The audit chain
 * keeps its rows: it is append-only.
 */
export async function forgetWrites(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(`CREATE TEMP TABLE written ON COMMIT DROP AS
      SELECT id FROM dossier WHERE created_by IN ('raw', 'user:bench-officer')`);
    for (const table of ['dossier_event', 'portal_sync', 'dossier_result', 'dossier_supplement'])
      await c.query(`DELETE FROM ${table} WHERE dossier_id IN (SELECT id FROM written)`);
    await c.query('DELETE FROM dossier WHERE id IN (SELECT id FROM written)');
    // the generated data has no outbox: every row is a run's
    await c.query('DELETE FROM outbox');
    await c.query('COMMIT');
  } finally {
    await c.end();
  }
}
