/**
 * The worker path, side by side: the hub's production workers (`start:workers`) syncing dossiers to
 * the national contract double, against a bare BullMQ worker (`bare-worker.ts`) making the same
 * HTTP calls to the same double, each in its own process on the same Node, with the same
 * concurrency and rate limit. Each round hands each side `jobs` dossiers it has never sent (a
 * dossier on the double is never new again), the hub's as the API does after a commit (an outbox
 * row, then the job), the bare worker's with the portal item already in the job; the time runs
 * from the first job handed to the last one done (the hub's: its outbox rows acknowledged).
 * The rows it writes (portal sync state, outbox) are taken back at the end.
 */
import { Queue } from 'bullmq';
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import os from 'node:os';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.js';
import { createPrisma } from '../../src/db/client.js';
import { toPortalDossier } from '../../src/integrations/portal/portal.mapper.js';
import { QueueName } from '../../src/jobs/job-catalog.js';
import { Queues } from '../../src/jobs/queues.js';
import { portalSyncRepository } from '../../src/modules/dossier/portal-sync.repository.js';
import { SANDBOX_CREDENTIALS, startSandbox } from '../../src/sandbox/sandbox.server.js';
import { cpuMs, forkReady, rssMb, startHubWorkers } from './hub-process.js';

interface Options {
  databaseUrl: string;
  redisUrl: string;
  execPath: string;
  /** the hub's workers write a V8 CPU profile there as they exit */
  profileDir?: string;
  jobs: number;
  rounds: number;
  say: (line: string) => void;
  /** every child started, for the caller to stop whatever ends the run */
  children: ChildProcess[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => Promise<boolean>, what: string, limitMs = 600_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not done after ${limitMs / 1000} s`);
    await sleep(20);
  }
}

/** Median jobs per second of the hub over the bare worker's, per round. */
export async function workerPath(o: Options): Promise<number> {
  const sandbox = await startSandbox(0);
  const portalEnv = {
    PORTAL_URL: sandbox.url,
    PORTAL_USERNAME: SANDBOX_CREDENTIALS.username,
    PORTAL_PASSWORD: SANDBOX_CREDENTIALS.password,
    PORTAL_UNIT_CODE: SANDBOX_CREDENTIALS.unit,
    AXIS_SECRET: 'sandbox-axis-secret',
    // the rate limit is the portal's business, not the path's cost: high enough never to bind
    PORTAL_RATE_PER_SECOND: '10000',
  };
  const hub = await startHubWorkers({
    profileDir: o.profileDir,
    databaseUrl: o.databaseUrl,
    redisUrl: o.redisUrl,
    execPath: o.execPath,
    extra: portalEnv,
  });
  o.children.push(hub.child);
  const config = loadConfig(hub.env);
  const bareEnv = { ...hub.env, QUEUE_PREFIX: `${config.queuePrefix}_bare` };
  const { child: bare } = await forkReady('dist/bench/lib/bare-worker.js', bareEnv, o.execPath);
  o.children.push(bare);

  const db = new pg.Client({ connectionString: o.databaseUrl });
  await db.connect();
  const prisma = createPrisma(o.databaseUrl);
  const redis = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  const hubQueues = new Queues(redis, config);
  const bareQueue = new Queue('portal', { connection: redis, prefix: bareEnv.QUEUE_PREFIX });
  // dossiers never sent: a warm-up of WARM each, then each side's rounds take their own
  const WARM = 10;
  const needed = (o.jobs * o.rounds + WARM) * 2;
  const picked = (
    await db.query<{ id: string; code: string; version: number }>(
      `SELECT d.id, d.code, d.version FROM dossier d WHERE NOT EXISTS (SELECT 1 FROM portal_sync p WHERE p.dossier_id = d.id)
       ORDER BY d.received_at DESC LIMIT $1`,
      [needed],
    )
  ).rows;
  if (picked.length < needed) throw new Error(`the dataset has ${picked.length} dossiers never sent: ${needed} needed`);
  const taken = picked.map((d) => d.id);
  let next = 0;
  const take = (n: number) => picked.slice(next, (next += n));

  /** One side syncs `batch`: jobs per second, and its process's CPU per job. */
  async function run(side: 'hub' | 'bare', batch: typeof picked): Promise<{ rate: number; cpu: number }> {
    if (side === 'hub') {
      const ids = batch.map((d) => d.id);
      // as the API leaves it after a commit: the sync state and an outbox row per dossier
      await db.query(
        `INSERT INTO portal_sync (dossier_id, state, synced_version, updated_at) SELECT unnest($1::uuid[]), 'PENDING', 0, now()`,
        [ids],
      );
      await db.query(
        `INSERT INTO outbox (job_name, payload, job_key, enqueued_at)
         SELECT 'portal.syncDossier', jsonb_build_object('dossierId', d.id, 'version', d.version), 'portal-sync-' || d.id, now()
         FROM dossier d WHERE d.id = ANY($1::uuid[])`,
        [ids],
      );
      const keys = ids.map((id) => `portal-sync-${id}`);
      const cpu = cpuMs(hub.child.pid!);
      const t = performance.now();
      for (const d of batch) await hubQueues.enqueue('portal.syncDossier', { dossierId: d.id, version: d.version });
      await waitFor(
        async () =>
          (
            await db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM outbox WHERE job_key = ANY($1) AND done_at IS NULL`,
              [keys],
            )
          ).rows[0]!.n === 0,
        'the hub syncs',
      );
      return {
        rate: batch.length / ((performance.now() - t) / 1000),
        cpu: (cpuMs(hub.child.pid!) - cpu) / batch.length,
      };
    }
    // the bare worker's jobs carry what it sends: the same item, made by the hub's own mapping
    const jobs = [];
    for (const d of batch) {
      const loaded = await portalSyncRepository.loadForPortal(prisma, config, d.id);
      jobs.push({ name: 'sync', data: { code: d.code, item: toPortalDossier(loaded!, config.portal.choices) } });
    }
    const before = (await bareQueue.getJobCounts('completed')).completed ?? 0;
    const cpu = cpuMs(bare.pid!);
    const t = performance.now();
    await bareQueue.addBulk(jobs);
    await waitFor(async () => {
      const c = await bareQueue.getJobCounts('completed', 'failed');
      if (c.failed) throw new Error(`the bare worker failed ${c.failed} jobs`);
      return (c.completed ?? 0) - before === batch.length;
    }, 'the bare worker');
    return { rate: batch.length / ((performance.now() - t) / 1000), cpu: (cpuMs(bare.pid!) - cpu) / batch.length };
  }

  const ratios: number[] = [];
  try {
    // each side once before anything is timed (portal sessions open, connections warm)
    await run('hub', take(WARM));
    await run('bare', take(WARM));
    o.say(
      `\nworker path: ${o.jobs} dossier syncs per side and round · portal concurrency ${config.portal.concurrency} · ${os.cpus().length} cores · ${new Date().toISOString()}`,
    );
    o.say(
      '| round | order | hub jobs/s | bare BullMQ jobs/s | hub / bare | hub CPU ms / job | bare CPU ms / job | hub workers RSS MB | load (1 min) |',
    );
    o.say(`|${'---|'.repeat(9)}`);
    for (let round = 1; round <= o.rounds; round++) {
      // rotate who goes first
      const sides = round % 2 ? (['hub', 'bare'] as const) : (['bare', 'hub'] as const);
      const result: Partial<Record<'hub' | 'bare', { rate: number; cpu: number }>> = {};
      for (const side of sides) result[side] = await run(side, take(o.jobs));
      const ratio = result.hub!.rate / result.bare!.rate;
      ratios.push(ratio);
      o.say(
        `| ${round} | ${sides.join(', ')} | ${result.hub!.rate.toFixed(1)} | ${result.bare!.rate.toFixed(1)} | ${ratio.toFixed(2)} | ${result.hub!.cpu.toFixed(1)} | ${result.bare!.cpu.toFixed(1)} | ${rssMb(hub.child.pid!)} | ${os.loadavg()[0]!.toFixed(2)} |`,
      );
    }
  } finally {
    await db.query(`DELETE FROM portal_sync WHERE dossier_id = ANY($1::uuid[])`, [taken]);
    await db.query(`DELETE FROM outbox`);
    await db.end();
    await prisma.$disconnect();
    hub.child.kill('SIGTERM');
    bare.kill('SIGTERM');
    await hubQueues
      .get(QueueName.Portal)
      .obliterate({ force: true })
      .catch(() => undefined);
    await hubQueues.close();
    await bareQueue.obliterate({ force: true }).catch(() => undefined);
    await bareQueue.close();
    redis.disconnect();
    await sandbox.close();
  }
  return [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
}
