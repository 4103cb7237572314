/** One BullMQ Worker per queue, dispatching by job name through the checked registry. */
import { Worker, type Job } from 'bullmq';
import { ALL_QUEUES, QueueName } from '../src/jobs/job-catalog.js';
import { Queues } from '../src/jobs/queues.js';
import { workerRedis } from '../src/jobs/redis.js';
import { HANDLERS } from './handlers/index.js';
import { createAxisClient } from '../src/integrations/axis/axis.client.js';
import { createPortalClient } from '../src/integrations/portal/portal.client.js';
import { CircuitBreaker } from '../src/jobs/circuit-breaker.js';
import { LocalDiskBlobStore } from '../src/modules/attachment/blob-store.js';
import { HandlerRegistry, type WorkerDeps } from './registry.js';
import { scrubError } from '../src/common/logger.js';

export interface RunningWorkers {
  close(): Promise<void>;
}

export async function startWorkers(deps: WorkerDeps, redisUrl: string): Promise<RunningWorkers> {
  const registry = HandlerRegistry.check(HANDLERS);
  const { config, log } = deps;
  const connection = workerRedis(redisUrl);
  const queues = new Queues(connection, config);

  // Schedules live in Redis; upserting is idempotent across restarts and several worker processes.
  await queues
    .get(QueueName.Maintenance)
    .upsertJobScheduler('audit.verify.daily', { pattern: config.workers.auditVerifyCron, tz: 'Asia/Ho_Chi_Minh' }, { name: 'audit.verify', data: { reason: 'schedule' } });

  await queues
    .get(QueueName.Webhooks)
    .upsertJobScheduler('webhook.relay.every-minute', { every: 60_000 }, { name: 'webhook.relay', data: {} });

  await queues
    .get(QueueName.Portal)
    .upsertJobScheduler('portal.importCatalog.daily', { pattern: '0 3 * * *', tz: 'Asia/Ho_Chi_Minh' }, { name: 'portal.importCatalog', data: { reason: 'schedule' } });
  await queues.get(QueueName.Maintenance).upsertJobScheduler('outbox.relay.every-5s', { every: 5_000 }, { name: 'outbox.relay', data: {} });
  const blobs = deps.blobs ?? new LocalDiskBlobStore(config.attachments.dir);
  await queues
    .get(QueueName.Portal)
    .upsertJobScheduler('payment.reconcile.daily', { pattern: '0 1 * * *', tz: 'Asia/Ho_Chi_Minh' }, { name: 'payment.reconcile', data: {} });
  await queues.get(QueueName.Portal).upsertJobScheduler('axis.poll.every-minute', { every: 60_000 }, { name: 'axis.poll', data: { reason: 'schedule' } });
  const portal = deps.portal !== undefined ? deps.portal : config.portal.url ? createPortalClient({ ...config.portal, url: config.portal.url }) : null;
  const axis = deps.axis !== undefined ? deps.axis : config.axis.url ? createAxisClient({ ...config.axis, url: config.axis.url }, config.portal.timeoutMs) : null;

  const breaker = new CircuitBreaker(connection, config.queuePrefix, config.breaker);
  // each upstream gets its own concurrency and a rate limit shared by every worker process
  const limits: Partial<Record<string, { concurrency: number; limiter?: { max: number; duration: number } }>> = {
    [QueueName.Portal]: { concurrency: config.portal.concurrency, limiter: { max: config.portal.ratePerSecond, duration: 1000 } },
  };
  const workers = ALL_QUEUES.map(
    (queue) =>
      new Worker(
        queue,
        async (job: Job, token?: string) => {
          const def = registry.get(job.name);
          if (!def) throw new Error(`no handler for job "${job.name}"`);
          const jobLog = log.child({ queue, jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 });
          try {
            return await def.handle(job.data as never, { ...deps, blobs, portal, axis, job, token, log: jobLog, queues, breaker });
          } catch (err) {
            throw scrubError(err); // its message and stack are kept in Redis as the job's failure
          }
        },
        { connection, prefix: config.queuePrefix, concurrency: limits[queue]?.concurrency ?? config.workers.concurrency, limiter: limits[queue]?.limiter, lockDuration: config.workers.stalledIntervalMs, stalledInterval: config.workers.stalledIntervalMs, autorun: true },
      ),
  );
  for (const w of workers) {
    w.on('failed', (job, err) => log.warn({ queue: w.name, jobId: job?.id, job: job?.name, err, attemptsMade: job?.attemptsMade }, 'job failed'));
    w.on('error', (err) => log.error({ queue: w.name, err }, 'worker error'));
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  log.info({ queues: ALL_QUEUES }, 'workers started');

  let closing: Promise<void> | undefined;
  return {
    close: () =>
      (closing ??= (async () => {
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
