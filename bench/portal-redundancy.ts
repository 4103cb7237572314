/**
 * Redundant portal calls per dossier change, side by side in one run (a benchmark, not a test).
 *
 * A DongBoHoSoMC call is redundant when it carries exactly what the portal already received for
 * that dossier last time (a version already sent). Each scenario makes the same changes — dossiers
 * submitted and moved three times (four versions each), ten at a time — on its own database and
 * Redis prefix, with the hub's API and workers in this process and the national contract double
 * counting what arrives:
 *
 *   idle       the portal answers fast: jobs rarely pile up
 *   backlog    the portal answers in 150 ms with two calls at a time: changes pile up behind it
 *   paused     the queue is paused until every change is made, then resumed: the largest backlog
 *   redeliver  backlog, and the reconciler hands again anything unacknowledged after 500 ms
 *
 * Usage: npm run bench:portal [-- <dossiers per scenario, default 60>]
 * Needs PostgreSQL (DATABASE_URL's server, default 127.0.0.1:5432) and Redis (REDIS_URL, default 127.0.0.1:6379).
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../src/config/config.js';
import { createPrisma } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { seedDemo } from '../src/modules/index.js';
import { withDatabaseName } from '../src/db/url.js';
import { startApi } from '../src/http/app.js';
import { QueueName } from '../src/jobs/job-catalog.js';
import { producerRedis, workerRedis } from '../src/jobs/redis.js';
import { signToken } from '../src/modules/auth/jwt.js';
import { newSandboxStore, startSandbox } from '../src/sandbox/sandbox.server.js';
import { startWorkers } from '../workers/worker-pool.js';

const DOSSIERS = Number(process.argv[2] ?? 60);
const SERVER = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const SECRET = `bench-${randomBytes(24).toString('hex')}`;
const silent = pino({ level: 'silent' });

interface Scenario {
  name: string;
  latencyMs: number;
  env: Record<string, string>;
  paused?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'idle', latencyMs: 5, env: {} },
  { name: 'backlog', latencyMs: 150, env: { PORTAL_CONCURRENCY: '2' } },
  { name: 'paused', latencyMs: 150, env: { PORTAL_CONCURRENCY: '2' }, paused: true },
  { name: 'redeliver', latencyMs: 150, env: { PORTAL_CONCURRENCY: '2', OUTBOX_REDELIVER_MS: '500' } },
];

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: withDatabaseName(SERVER, 'postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function run(s: Scenario, template: string) {
  const db = `lth_bench_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${db} TEMPLATE ${template}`));
  const prefix = `lth_bench_${randomBytes(4).toString('hex')}`;
  const store = newSandboxStore();
  const sandbox = await startSandbox(0, { store });
  await fetch(`${sandbox.url}/__sandbox/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ DongBoHoSoMC: { latencyMs: s.latencyMs }, CapNhatTienDoHoSoMC: { latencyMs: s.latencyMs } }),
  });
  const dataDir = path.join(os.tmpdir(), `${prefix}-data`);
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'fatal',
    DATABASE_URL: withDatabaseName(SERVER, db),
    REDIS_URL: REDIS,
    QUEUE_PREFIX: prefix,
    JWT_SECRET: SECRET,
    DATA_DIR: dataDir,
    PUBLIC_URL: 'http://hub.bench',
    PORTAL_URL: sandbox.url,
    PORTAL_BACKOFF_MS: '50',
    PORTAL_RATE_PER_SECOND: '1000',
    ...s.env,
  });
  const prisma = createPrisma(config.databaseUrl!);
  const redis = producerRedis(REDIS);
  const api = await startApi({ config, prisma, redis, log: silent });
  const workers = await startWorkers({ config, prisma, log: silent }, REDIS);
  const connection = workerRedis(REDIS);
  const portalQueue = new Queue(QueueName.Portal, { connection, prefix });
  try {
    const gql = async (query: string, variables: Record<string, unknown>, token: string) => {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const adminToken = await signToken(config.jwt, { sub: 'bench-admin', role: 'ADMIN' });
    const ward = await signToken(config.jwt, { sub: 'bench-officer', role: 'OFFICER', agency: '000.00.51.H24' });
    await gql(
      `mutation($input: ProcedureInput!) { upsertProcedure(input: $input) { id } }`,
      {
        input: {
          code: '1.001193',
          name: 'Đăng ký khai sinh',
          fieldCode: 'HT',
          fieldName: 'Hộ tịch',
          processingDays: 5,
          onlineLevel: 4,
          onlineType: 'FULL',
          validFrom: '2020-01-01',
          fees: [],
          agencyCodes: ['000.00.51.H24'],
        },
      },
      adminToken,
    );
    if (s.paused) await portalQueue.pause();
    const applicant = { type: 'CITIZEN', name: 'Nguyễn Văn Thử', idNumber: '031190009999', phone: '0912 000 000' };
    const one = async () => {
      const d = (
        await gql(
          `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }`,
          { input: { procedureCode: '1.001193', applicant, channel: 'IN_PERSON' } },
          ward,
        )
      ).submitDossier;
      // distinct notes: two steps to the same status within a second are still two steps
      for (const [n, status] of ['IN_PROCESS', 'SUPPLEMENT_REQUESTED', 'IN_PROCESS'].entries())
        await gql(
          `mutation($code: String!, $input: DossierStepInput!) { moveDossier(code: $code, input: $input) { code } }`,
          { code: d.code, input: { status, note: `bước ${n + 1}` } },
          ward,
        );
      return d.code as string;
    };
    const started = Date.now();
    const codes: string[] = [];
    for (let i = 0; i < DOSSIERS; i += 10)
      codes.push(...(await Promise.all(Array.from({ length: Math.min(10, DOSSIERS - i) }, one))));
    if (s.paused) await portalQueue.resume();
    // until the portal has every dossier at its last version, and nothing is left to acknowledge
    const check = new pg.Client({ connectionString: config.databaseUrl! });
    await check.connect();
    for (;;) {
      const left = (
        await check.query(
          `SELECT (SELECT count(*) FROM portal_sync p JOIN dossier d ON d.id = p.dossier_id WHERE p.synced_version < d.version)::int + (SELECT count(*) FROM outbox WHERE done_at IS NULL)::int AS n`,
        )
      ).rows[0].n;
      if (left === 0) break;
      if (Date.now() - started > 600_000)
        throw new Error(`${s.name}: ${left} changes still not acknowledged after 10 minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const changes = Number((await check.query('SELECT sum(version)::int AS n FROM dossier')).rows[0].n);
    await check.end();
    // what the portal received, in order: a call is redundant when it repeats the dossier's previous one
    const last = new Map<string, string>();
    let calls = 0;
    let redundant = 0;
    for (const r of store.received) {
      if (r.service !== 'DongBoHoSoMC') continue;
      const item = (r.body as { data?: Array<Record<string, unknown>> }).data?.[0];
      if (!item) continue;
      calls++;
      const code = String(item['MaHoSo']);
      const content = JSON.stringify(item);
      if (last.get(code) === content) redundant++;
      last.set(code, content);
    }
    return {
      scenario: s.name,
      dossiers: codes.length,
      changes,
      calls,
      redundant,
      'redundant per change': `${((100 * redundant) / changes).toFixed(1)} %`,
      'calls per change': (calls / changes).toFixed(2),
      'repeated steps': store.repeatedSteps,
      seconds: ((Date.now() - started) / 1000).toFixed(1),
      violations: store.violations.length,
    };
  } finally {
    await portalQueue.close();
    await workers.close();
    await api.close();
    await prisma.$disconnect();
    redis.disconnect();
    const keys = await connection.keys(`${prefix}:*`);
    if (keys.length) await connection.del(...keys);
    connection.disconnect();
    await sandbox.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
    await rm(dataDir, { recursive: true, force: true });
  }
}

const template = `lth_bench_template_${randomBytes(3).toString('hex')}`;
await admin((c) => c.query(`CREATE DATABASE ${template}`));
try {
  await applyMigrations(withDatabaseName(SERVER, template));
  const seeding = createPrisma(withDatabaseName(SERVER, template));
  await seedDemo(seeding);
  await seeding.$disconnect();
  const rows = [];
  for (const s of SCENARIOS) {
    process.stderr.write(`${s.name}…\n`);
    rows.push(await run(s, template));
  }
  console.table(rows);
  const worst = Math.max(...rows.map((r) => r.redundant / r.changes));
  console.log(
    `redundant DongBoHoSoMC calls per dossier change: at most ${(100 * worst).toFixed(1)} % (goal: below 5 %)`,
  );
} finally {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
}
