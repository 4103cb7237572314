/**
 * A hub, its workers (in this process) and the national contract double, wired together, with a
 * way to wait for a job's end: what the integration tests of the national systems share.
 */
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createPrisma, type PrismaClient } from '../../src/db/client.js';
import { QueueName } from '../../src/jobs/job-catalog.js';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/sandbox.server.js';
import { startWorkers, type RunningWorkers } from '../../workers/worker-pool.js';
import { startTestHub, type TestHub } from './hub.js';
import { REDIS_URL } from './infra.js';

/** Until a condition another process makes true holds (a bounded re-check every 25 ms, not a timing assumption; `limitMs` only bounds a hang). */
export async function until(check: () => Promise<boolean>, what = 'the condition', limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  if (await check()) return;
  throw new Error(`${what} never held`);
}

/**
 * A test that plants data for "today" (Vietnam time) and reads it back for that day: started in
 * the last two minutes of a Vietnamese day, it waits for the next one rather than straddle midnight.
 */
export async function awayFromMidnight(): Promise<void> {
  const msIntoDay = (Date.now() + 7 * 3600_000) % 86_400_000;
  const left = 86_400_000 - msIntoDay;
  if (left < 120_000) await new Promise((r) => setTimeout(r, left + 1000));
}

/** Until the portal has acknowledged the dossier up to `version` (its sync jobs are coalesced: one per dossier). */
export const syncedTo = (hub: TestHub, dossierId: string, version: number, limitMs?: number) =>
  until(
    async () =>
      Number(
        (await hub.sql('SELECT synced_version AS v FROM portal_sync WHERE dossier_id = $1', [dossierId])).rows[0]?.v ??
          0,
      ) >= version,
    `the sync of ${dossierId} to v${version}`,
    limitMs,
  );

export interface NationalRun {
  sandbox: RunningSandbox;
  hub: TestHub;
  prisma: PrismaClient;
  /** resolves once the job has completed or failed for good, whether before or after this call */
  settled(jobId: string): Promise<void>;
  /** how a settled job ended */
  finished: Map<string, 'completed' | 'failed'>;
  /** until the portal has the dossier at `version` */
  syncedTo(dossierId: string, version: number): Promise<void>;
  sandboxGet(path: string): Promise<any>;
  sandboxSet(path: string, method: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function startNationalRun(
  opts: { sandbox?: SandboxOptions; env?: Record<string, string> } = {},
): Promise<NationalRun> {
  const sandbox = await startSandbox(0, opts.sandbox);
  const hub = await startTestHub({
    PORTAL_URL: sandbox.url,
    PORTAL_BACKOFF_MS: '10',
    PORTAL_TIMEOUT_MS: '2000',
    ...opts.env,
  });
  sandbox.setHubUrl(hub.url);
  const prisma = createPrisma(hub.databaseUrl);
  const workers: RunningWorkers = await startWorkers(
    { config: hub.config, prisma, log: pino({ level: 'silent' }) },
    REDIS_URL,
  );
  const finished = new Map<string, 'completed' | 'failed'>();
  const waiters = new Map<string, () => void>();
  const events = [QueueName.Portal, QueueName.Maintenance].map(
    (q) =>
      new QueueEvents(q, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix: hub.redisPrefix }),
  );
  for (const e of events) {
    await e.waitUntilReady();
    for (const kind of ['completed', 'failed'] as const) {
      e.on(kind, ({ jobId }: { jobId: string }) => {
        finished.set(jobId, kind);
        waiters.get(jobId)?.();
      });
    }
  }
  return {
    sandbox,
    hub,
    prisma,
    finished,
    syncedTo: (dossierId, version) => syncedTo(hub, dossierId, version),
    settled: (jobId) => new Promise<void>((resolve) => (finished.has(jobId) ? resolve() : waiters.set(jobId, resolve))),
    sandboxGet: async (path) => (await fetch(`${sandbox.url}${path}`)).json(),
    sandboxSet: (path, method, body) =>
      fetch(`${sandbox.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    async close() {
      await workers.close();
      for (const e of events) await e.close();
      await prisma.$disconnect();
      await hub.close();
      await sandbox.close();
    },
  };
}
