/**
 * The promise of the outbox and the workers, with real processes: a few hundred dossier changes
 * reach the sandbox portal in their final state even when the worker is killed mid-batch.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { QueueName } from '../../src/jobs/job-catalog.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox.server.js';
import { MOVE, SUBMIT, applicant, createProcedure } from '../support/dossiers.js';
import { startTestHub, type GqlResult, type TestHub } from '../support/hub.js';
import { REDIS_URL } from '../support/infra.js';

const WORKER = path.resolve('dist/workers/main.js');
let sandbox: RunningSandbox;
let hub: TestHub;
let events: QueueEvents;
const children: ChildProcess[] = [];
const completed = new Set<string>();
const waiters = new Map<string, () => void>();
let reachedMidBatch: () => void;
const midBatch = new Promise<void>((r) => (reachedMidBatch = r));

const ok = (r: GqlResult): any => {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data;
};
const done = (jobId: string) => new Promise<void>((resolve) => (completed.has(jobId) ? resolve() : waiters.set(jobId, resolve)));

/** The real worker process, as `npm run start:workers` runs it; resolves once its queues listen. */
function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: hub.databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: hub.redisPrefix,
      PORTAL_URL: sandbox.url,
      PORTAL_BACKOFF_MS: '20',
      PORTAL_ATTEMPTS: '30',
      PORTAL_RATE_PER_SECOND: '200',
      WORKER_STALLED_INTERVAL_MS: '1000',
      BREAKER_THRESHOLD: '1000',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (m) => (m === 'ready' ? resolve(child) : reject(new Error(String(m)))));
    child.once('exit', (code) => reject(new Error(`the worker exited with ${code} while starting`)));
  });
}

beforeAll(async () => {
  sandbox = await startSandbox(0, { onReceive: (_r, n) => n === 150 && reachedMidBatch() });
  await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ DongBoHoSoMC: { latencyMs: 15 }, CapNhatTienDoHoSoMC: { latencyMs: 15 } }) });
  hub = await startTestHub({ PORTAL_URL: sandbox.url });
  events = new QueueEvents(QueueName.Portal, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix: hub.redisPrefix });
  await events.waitUntilReady();
  events.on('completed', ({ jobId }: { jobId: string }) => {
    completed.add(jobId);
    waiters.get(jobId)?.();
  });
  await createProcedure(hub, await hub.token({ role: 'ADMIN' }));
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await events?.close();
  await hub?.close();
  await sandbox?.close();
});

it('delivers the final state of every dossier when the worker is killed mid-batch and restarted', async () => {
  const worker = await startWorker();
  const ward = await hub.token({ role: 'OFFICER', agency: '000.00.51.H24' });
  const plan = [4, 5, 4]; // with the submission: 4 changes per dossier
  const dossiers: Array<{ id: string; code: string }> = [];
  const one = async (i: number) => {
    const d = ok(await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 1, summary: `hồ sơ ${i}` } }, ward)).submitDossier;
    for (const [n, status] of plan.entries()) ok(await hub.gql(MOVE, { code: d.code, input: { status, note: `bước ${n + 1}` } }, ward));
    const { id } = ok(await hub.gql(`query($c: String!) { dossier(code: $c) { id } }`, { c: d.code }, ward)).dossier;
    dossiers.push({ id, code: d.code });
  };
  for (let i = 0; i < 60; i += 10) await Promise.all(Array.from({ length: 10 }, (_, k) => one(i + k))); // 240 changes

  await midBatch;
  worker.kill('SIGKILL');
  await new Promise((r) => worker.once('exit', r));
  await startWorker();

  for (const d of dossiers) await done(`portal-sync-${d.id}-v4`);
  const portal = (await (await fetch(`${sandbox.url}/__sandbox/dossiers`)).json()) as Record<string, any>;
  for (const d of dossiers) expect(portal[d.code], d.code).toMatchObject({ PhienBan: 4, TrangThaiHoSo: '4' });
  const states = await hub.sql(`SELECT state, count(*)::int AS n FROM portal_sync GROUP BY state`);
  expect(states.rows).toEqual([{ state: 'SYNCED', n: 60 }]);
  expect((await hub.sql('SELECT count(*)::int AS n FROM outbox WHERE enqueued_at IS NULL')).rows[0].n).toBe(0);
}, 120_000);
