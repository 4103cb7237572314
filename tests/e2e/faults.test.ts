/**
 * The promise of the outbox and the workers, with real processes (the API, the worker process,
 * the sandbox portal, PostgreSQL, Redis): a few hundred dossier changes reach the portal in their
 * final state when the worker is killed mid-batch, when Redis restarts, and when the portal fails
 * half its calls and then goes away for a while. Duplicates are harmless; the queues drain.
 */
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { freePort } from '../../src/embedded/free-port.js';
import { QueueName } from '../../src/jobs/job-catalog.js';
import {
  newSandboxStore,
  startSandbox,
  type RunningSandbox,
  type SandboxStore,
} from '../../src/sandbox/sandbox.server.js';
import { MOVE, SUBMIT, applicant, createProcedure } from '../support/dossiers.js';
import { startTestHub, type TestHub, ok } from '../support/hub.js';
import { syncedTo } from '../support/national.js';
import { REDIS_URL } from '../support/infra.js';
import { ownRedis, processEnv, startWorkerProcess, type Cleanups } from '../support/processes.js';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

/** The real worker process, as `npm run start:workers` runs it, retrying fast; resolves once its queues listen. */
const startWorker = (env: Record<string, string>) =>
  startWorkerProcess(
    {
      PORTAL_BACKOFF_MS: '20',
      PORTAL_ATTEMPTS: '40',
      PORTAL_RATE_PER_SECOND: '200',
      WORKER_STALLED_INTERVAL_MS: '1000',
      BREAKER_THRESHOLD: '1000',
      ...env,
    },
    cleanups,
  );

interface Changed {
  id: string;
  code: string;
  stepIds: string[];
}

interface Run {
  hub: TestHub;
  sandbox: RunningSandbox;
  store: SandboxStore;
  workerEnv: Record<string, string>;
  /** change `count` dossiers four times each (submit + 3 moves); returns them */
  change(count: number): Promise<Changed[]>;
  /** every dossier's last change and every step has been handled by the worker */
  settled(dossiers: Changed[]): Promise<void>;
  expectFinal(dossiers: Changed[]): Promise<void>;
  /** the portal queue has nothing left to do (leftover duplicates run and find nothing to send) */
  drained(): Promise<void>;
  /** resolves when a worker has taken the job */
  active(jobId: string): Promise<void>;
  isCompleted(jobId: string): boolean;
}

async function setUp(
  opts: {
    redisUrl?: string;
    sandboxPort?: number;
    workerEnv?: Record<string, string>;
    onReceive?: (n: number) => void;
  } = {},
): Promise<Run> {
  const redisUrl = opts.redisUrl ?? REDIS_URL;
  const store = newSandboxStore();
  const sandbox = await startSandbox(opts.sandboxPort ?? 0, { store, onReceive: (_r, n) => opts.onReceive?.(n) });
  cleanups.push(() => sandbox.close());
  await fetch(`${sandbox.url}/__sandbox/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ DongBoHoSoMC: { latencyMs: 10 }, CapNhatTienDoHoSoMC: { latencyMs: 10 } }),
  });
  const hub = await startTestHub({ PORTAL_URL: sandbox.url }, { redisUrl: opts.redisUrl });
  cleanups.push(() => hub.close());
  const eventsConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  eventsConnection.on('error', () => undefined); // Redis restarts in one scenario
  const events = new QueueEvents(QueueName.Portal, { connection: eventsConnection, prefix: hub.redisPrefix });
  events.on('error', () => undefined);
  cleanups.push(async () => {
    await events.close();
    eventsConnection.disconnect();
  });
  await events.waitUntilReady();
  const completed = new Set<string>();
  const waiters = new Map<string, () => void>();
  const activated = new Set<string>();
  const activeWaiters = new Map<string, () => void>();
  events.on('active', ({ jobId }: { jobId: string }) => {
    activated.add(jobId);
    activeWaiters.get(jobId)?.();
  });
  events.on('completed', ({ jobId }: { jobId: string }) => {
    completed.add(jobId);
    waiters.get(jobId)?.();
  });
  const done = (jobId: string) =>
    new Promise<void>((resolve) => (completed.has(jobId) ? resolve() : waiters.set(jobId, resolve)));
  await createProcedure(hub, await hub.token({ role: 'ADMIN' }));
  const ward = await hub.token({ role: 'OFFICER', agency: '000.00.51.H24' });
  const workerEnv = processEnv(hub, redisUrl, { PORTAL_URL: sandbox.url, ...opts.workerEnv });

  const one = async () => {
    const d = ok(
      await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'IN_PERSON' } }, ward),
    ).submitDossier;
    for (const [n, status] of ['IN_PROCESS', 'SUPPLEMENT_REQUESTED', 'IN_PROCESS'].entries())
      ok(await hub.gql(MOVE, { code: d.code, input: { status, note: `bước ${n + 1}` } }, ward));
    const seen = ok(
      await hub.gql(`query($c: String!) { dossier(code: $c) { id steps { id } } }`, { c: d.code }, ward),
    ).dossier;
    return {
      id: seen.id as string,
      code: d.code as string,
      stepIds: (seen.steps as Array<{ id: string }>).slice(1).map((x) => x.id),
    };
  };
  return {
    hub,
    sandbox,
    store,
    workerEnv,
    async change(count) {
      const out: Changed[] = [];
      for (let i = 0; i < count; i += 10)
        out.push(...(await Promise.all(Array.from({ length: Math.min(10, count - i) }, one))));
      return out;
    },
    async settled(dossiers) {
      for (const d of dossiers) {
        await syncedTo(hub, d.id, 4);
        for (const step of d.stepIds) await done(`portal-step-${step}`);
      }
    },
    active: (jobId) =>
      new Promise<void>((resolve) => (activated.has(jobId) ? resolve() : activeWaiters.set(jobId, resolve))),
    isCompleted: (jobId) => completed.has(jobId),
    async drained() {
      const queue = new Queue(QueueName.Portal, { connection: eventsConnection, prefix: hub.redisPrefix });
      try {
        for (let i = 0; i < 10_000; i++) {
          // scheduled jobs (catalog import, axis poll) wait in `delayed`: schedules, not work left
          const left = (await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized'])).filter(
            (j) => j && !j.repeatJobKey,
          );
          if (left.length === 0) return;
          // the next job to finish changes the counts; look again at least every 250 ms in case it
          // finished between the count and this wait (a bounded re-check, not a timing assumption)
          await new Promise((resolve) => {
            const t = setTimeout(resolve, 250);
            events.once('completed', () => (clearTimeout(t), resolve(undefined)));
          });
        }
        throw new Error('the portal queue did not drain');
      } finally {
        await queue.close();
      }
    },
    async expectFinal(dossiers) {
      // the last state (version 4): back in process, its supplement request answered
      for (const d of dossiers)
        expect(store.dossiers.get(d.code), d.code).toMatchObject({
          TrangThaiHoSo: '4',
          DanhSachHoSoBoSung: [expect.objectContaining({ TrangThaiBoSung: true })],
        });
      expect(store.violations).toEqual([]);
      const states = await hub.sql(`SELECT state, count(*)::int AS n FROM portal_sync GROUP BY state`);
      expect(states.rows).toEqual([{ state: 'SYNCED', n: dossiers.length }]);
      expect((await hub.sql('SELECT count(*)::int AS n FROM outbox WHERE enqueued_at IS NULL')).rows[0].n).toBe(0);
      // every step once, however often it was sent
      const steps = store.steps.filter((s) => dossiers.some((d) => d.code === s['MaHoSo']));
      expect(steps.length).toBe(dossiers.length * 3);
    },
  };
}

it('survives the worker killed with SIGKILL mid-batch and restarted', async () => {
  let midBatch!: () => void;
  const reached = new Promise<void>((r) => (midBatch = r));
  const run = await setUp({ onReceive: (n) => n === 150 && midBatch() });
  const worker = await startWorker(run.workerEnv);
  const changing = run.change(60); // 240 changes
  await reached;
  worker.kill('SIGKILL');
  await new Promise((r) => worker.once('exit', r));
  await startWorker(run.workerEnv);
  const dossiers = await changing;
  await run.settled(dossiers);
  await run.drained();
  await run.expectFinal(dossiers);
}, 120_000);

it('survives Redis restarting during the run, and mutations keep working while it is down', async () => {
  const redis = await ownRedis(cleanups);
  const run = await setUp({ redisUrl: redis.url });
  await startWorker(run.workerEnv);
  const before = await run.change(30);
  await redis.stop();
  const during = await run.change(30); // Redis is down: the changes wait in the outbox
  expect(
    (await run.hub.sql('SELECT count(*)::int AS n FROM outbox WHERE enqueued_at IS NULL')).rows[0].n,
  ).toBeGreaterThan(0);
  await redis.start(); // with its append-only file
  const dossiers = [...before, ...during];
  await run.settled(dossiers);
  await run.drained();
  await run.expectFinal(dossiers);
}, 120_000);

it('survives the portal failing half its calls, then being down for a while, then back', async () => {
  const port = await freePort();
  const run = await setUp({ sandboxPort: port, workerEnv: { BREAKER_THRESHOLD: '5', BREAKER_COOLDOWN_MS: '300' } });
  await fetch(`${run.sandbox.url}/__sandbox/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ DongBoHoSoMC: { failRate: 0.5 }, CapNhatTienDoHoSoMC: { failRate: 0.5 } }),
  });
  await startWorker(run.workerEnv);
  const half = await run.change(30);
  await run.sandbox.close(); // down
  const down = await run.change(30);
  const back = await startSandbox(port, { store: run.store }); // back, with what it had
  cleanups.push(() => back.close());
  const dossiers = [...half, ...down];
  await run.settled(dossiers);
  await run.drained();
  await run.expectFinal(dossiers);
}, 120_000);

it('finishes the job in flight before the worker stops on SIGTERM', async () => {
  const run = await setUp();
  await fetch(`${run.sandbox.url}/__sandbox/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ DongBoHoSoMC: { latencyMs: 5000 } }),
  });
  const worker = await startWorker(run.workerEnv);
  const ward = await run.hub.token({ role: 'OFFICER', agency: '000.00.51.H24' });
  const d = ok(
    await run.hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'IN_PERSON' } }, ward),
  ).submitDossier;
  const { id } = ok(await run.hub.gql(`query($c: String!) { dossier(code: $c) { id } }`, { c: d.code }, ward)).dossier;
  const jobId = `portal-sync-${id}`;
  await run.active(jobId);
  expect(run.isCompleted(jobId)).toBe(false); // 5 s at the portal: still in flight
  worker.kill('SIGTERM');
  const code = await new Promise((r) => worker.once('exit', r));
  expect(code).toBe(0);
  expect((await run.hub.sql(`SELECT state FROM portal_sync WHERE dossier_id = $1`, [id])).rows[0].state).toBe('SYNCED');
  expect(run.store.dossiers.get(d.code)).toMatchObject({ TrangThaiHoSo: '2' });
}, 60_000);
