/**
 * One BullMQ Worker per queue, dispatching by job name through the checked registry. The
 * worker's own configuration decides retries (attempts, backoff) when a job runs; a job's outbox
 * row is acknowledged when the job completes and marked failed when it fails for good; the
 * schedules are re-asserted periodically and whenever Redis reconnects, since Redis may have come
 * back without them.
 */
import { DelayedError, UnrecoverableError, Worker, type Job, type MinimalJob } from 'bullmq';
import {
  ALL_QUEUES,
  QueueName,
  isCoalesced,
  isJobName,
  isOutboxJob,
  jobSpec,
  retryDelay,
  retryPolicy,
  type JobName,
} from '../src/jobs/job-catalog.js';
import { Queues } from '../src/jobs/queues.js';
import { startHeartbeat } from '../src/jobs/heartbeat.js';
import { workerRedis } from '../src/jobs/redis.js';
import { HANDLERS, createLoaders, schedulesOf } from '../src/modules/index.js';
import { createAxisClient } from '../src/integrations/axis/axis.client.js';
import { createPortalClient } from '../src/integrations/portal/portal.client.js';
import { CircuitBreaker } from '../src/jobs/circuit-breaker.js';
import { LocalDiskBlobStore } from '../src/modules/attachment/blob-store.js';
import { configureAudit } from '../src/modules/audit/audit-hash.js';
import { recordJobFailure } from '../src/modules/outbox/outbox.failures.js';
import { outboxRepository } from '../src/modules/outbox/outbox.repository.js';
import { systemActor } from '../src/core/system.js';
import type { WorkerDeps } from '../src/core/job-context.js';
import { HandlerRegistry } from './registry.js';
import { scrubError, scrubText } from '../src/common/logger.js';
import type { Config } from '../src/config/config.js';
import { pingDatabase } from '../src/db/client.js';

export interface RunningWorkers {
  /** PostgreSQL and Redis, as this process reaches them */
  health(): Promise<Record<string, 'ok' | 'unavailable'>>;
  close(): Promise<void>;
}

/** Every module's schedule, upserted (idempotent across restarts, processes and a Redis that lost them); those disabled, removed. */
async function assertSchedules(queues: Queues, config: Config): Promise<void> {
  for (const s of schedulesOf(config)) {
    const queue = queues.get(jobSpec(s.job).queue);
    if (s.enabled === false) await queue.removeJobScheduler(s.id);
    else
      await queue.upsertJobScheduler(
        s.id,
        'pattern' in s.repeat ? { pattern: s.repeat.pattern, tz: 'Asia/Ho_Chi_Minh' } : { every: s.repeat.every },
        { name: s.job, data: s.data },
      );
  }
}

export async function startWorkers(deps: WorkerDeps, redisUrl: string): Promise<RunningWorkers> {
  const registry = HandlerRegistry.check(HANDLERS);
  const { config, log, prisma } = deps;
  configureAudit(config);
  const connection = workerRedis(redisUrl);
  const queues = new Queues(connection, config);

  await assertSchedules(queues, config);
  const reassert = () =>
    assertSchedules(queues, config).catch((err: Error) =>
      log.warn({ problem: err.message }, 'the schedules could not be asserted: next try soon'),
    );
  // Redis back (perhaps empty): the schedules again at once, and every so often whatever happens
  connection.on('ready', () => void reassert());
  const keeper = setInterval(() => void reassert(), config.workers.scheduleCheckMs);
  keeper.unref();

  const blobs = deps.blobs ?? new LocalDiskBlobStore(config.attachments.dir);
  const portal =
    deps.portal !== undefined
      ? deps.portal
      : config.portal.url
        ? createPortalClient({ ...config.portal, url: config.portal.url })
        : null;
  const axis =
    deps.axis !== undefined
      ? deps.axis
      : config.axis.url
        ? createAxisClient({ ...config.axis, url: config.axis.url }, config.portal.timeoutMs)
        : null;
  const breaker = new CircuitBreaker(connection, config.queuePrefix, config.breaker);
  const system = systemActor({ config, prisma, log, blobs, queues }, createLoaders);
  // each upstream gets its own concurrency and a rate limit shared by every worker process
  const limits: Partial<Record<string, { concurrency: number; limiter?: { max: number; duration: number } }>> = {
    [QueueName.Portal]: {
      concurrency: config.portal.concurrency,
      limiter: { max: config.portal.ratePerSecond, duration: 1000 },
    },
  };

  /** A job's end: its outbox row acknowledged, or (failed for good) marked failed with its entity. */
  async function acknowledge(job: Job): Promise<void> {
    // a coalesced job (a dossier's sync) acknowledges the versions it sent itself
    if (!isCoalesced(job.name) && isOutboxJob(job.name) && job.id) await outboxRepository.markDone(prisma, job.id);
  }
  async function failedForGood(job: Job, err: Error): Promise<void> {
    const reason = scrubText(err.message).slice(0, 1000);
    if (!isJobName(job.name)) return;
    // a coalesced job's last attempt did not see changes made after it started: they are not failed
    const before = isCoalesced(job.name) && job.processedOn ? new Date(job.processedOn) : undefined;
    await recordJobFailure(
      prisma,
      job.name,
      job.data as never,
      job.id ?? null,
      reason,
      before,
      (event, agencyIds) => void queues.live.publish(event, agencyIds),
    );
    // …and go at once, as a new job (a newer change may be the fix)
    if (before && job.id && (await outboxRepository.waiting(prisma, job.id)))
      await queues.enqueue(job.name, job.data as never);
  }

  const workers = ALL_QUEUES.map(
    (queue) =>
      new Worker(
        queue,
        async (job: Job, token?: string) => {
          const def = registry.get(job.name);
          if (!def) throw new Error(`no handler for job "${job.name}"`);
          const jobLog = log.child({ queue, jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 });
          try {
            const result = await def.handle(job.data as never, {
              ...deps,
              blobs,
              portal,
              axis,
              job,
              token,
              log: jobLog,
              queues,
              breaker,
              system,
            });
            await acknowledge(job);
            return result;
          } catch (err) {
            if (err instanceof DelayedError || err instanceof UnrecoverableError) throw scrubError(err);
            // the last attempt this worker's configuration allows: fail for good now
            if (job.attemptsMade + 1 >= retryPolicy(job.name, config).attempts)
              throw scrubError(new UnrecoverableError((err as Error).message));
            throw scrubError(err); // its message and stack are kept in Redis as the job's failure
          }
        },
        {
          connection,
          prefix: config.queuePrefix,
          concurrency: limits[queue]?.concurrency ?? config.workers.concurrency,
          limiter: limits[queue]?.limiter,
          lockDuration: config.workers.stalledIntervalMs,
          stalledInterval: config.workers.stalledIntervalMs,
          // a worker killed twice while holding a job must not make it fail
          maxStalledCount: config.workers.maxStalled,
          settings: {
            backoffStrategy: (attemptsMade: number, _type?: string, _err?: Error, job?: MinimalJob) =>
              retryDelay(job?.name ?? '', attemptsMade, config),
          },
          autorun: true,
        },
      ),
  );
  const { metrics } = deps;
  /** A job attempt's end in the metrics: its time, its outcome; the audit chain's state after its checks. */
  const measure = (job: Job, outcome: 'completed' | 'retried' | 'failed', err?: Error) => {
    if (!metrics) return;
    const name = isJobName(job.name) ? job.name : 'unknown';
    metrics.jobAttempts.inc({ job: name, outcome });
    if (job.processedOn)
      metrics.jobDuration.observe({ job: name, outcome }, ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000);
    if (name === 'audit.verify' || name === 'audit.checkpoint') {
      if (outcome === 'completed') {
        metrics.auditChainOk.set({ check: name }, 1);
        metrics.auditChainVerifiedAt.set({ check: name }, Date.now() / 1000);
      } else if (/audit chain broken/.test(err?.message ?? '')) metrics.auditChainOk.set({ check: name }, 0);
    }
  };
  for (const w of workers) {
    w.on('completed', (job) => measure(job, 'completed'));
    w.on('failed', (job, err) => {
      if (job)
        void job.isFailed().then(
          (final) => measure(job, final ? 'failed' : 'retried', err),
          () => undefined,
        );
    });
    w.on('failed', (job, err) => {
      log.warn({ queue: w.name, jobId: job?.id, job: job?.name, err, attemptsMade: job?.attemptsMade }, 'job failed');
      if (!job) return;
      void job
        .isFailed()
        .then((final) => (final ? failedForGood(job, err) : undefined))
        .catch((e: Error) =>
          log.error({ jobId: job.id, problem: e.message }, 'a failed job could not be recorded as failed'),
        );
    });
    // a coalesced job (a dossier's sync) that finished while a newer change waited: run it again at
    // once rather than when the relay's redelivery comes round (the enqueue during the run was a no-op)
    w.on('completed', (job) => {
      if (!isCoalesced(job.name) || !job.id) return;
      void outboxRepository
        .waiting(prisma, job.id)
        .then((waits) => (waits ? queues.enqueue(job.name as JobName, job.data as never) : undefined))
        .catch((e: Error) => log.warn({ jobId: job.id, problem: e.message }, 'a newer change waits for the relay'));
    });
    w.on('error', (err) => log.error({ queue: w.name, err }, 'worker error'));
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  // alive, for the operators (the workers query, the queue console): a beat in Redis
  const heartbeat = startHeartbeat(
    connection,
    config.queuePrefix,
    config.workers.heartbeatMs,
    Object.fromEntries(ALL_QUEUES.map((q) => [q, limits[q]?.concurrency ?? config.workers.concurrency])),
  );
  log.info({ queues: ALL_QUEUES, worker: heartbeat.id }, 'workers started');

  let closing: Promise<void> | undefined;
  return {
    health: async () => {
      const check = async (fn: () => Promise<unknown>) =>
        Promise.race([fn(), new Promise((_, no) => setTimeout(no, 2000).unref())]).then(
          () => 'ok' as const,
          () => 'unavailable' as const,
        );
      const [postgres, redis] = await Promise.all([check(() => pingDatabase(prisma)), check(() => connection.ping())]);
      return { postgres, redis };
    },
    close: () =>
      (closing ??= (async () => {
        clearInterval(keeper);
        await heartbeat.stop();
        // Each step on its own: one failing must not keep the others from running.
        for (const w of workers) {
          try {
            await w.close();
          } catch (err) {
            log.error({ err, queue: w.name }, 'closing a worker failed');
          }
        }
        try {
          await queues.close();
        } catch (err) {
          log.error({ err }, 'closing the queues failed');
        }
        try {
          await connection.quit();
        } catch {
          connection.disconnect();
        }
      })()),
  };
}
