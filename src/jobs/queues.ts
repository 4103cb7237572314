/** Producers' side of the catalog: one Queue per queue name, typed `enqueue`. */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import { LiveFeed } from './live-feed.js';
import { liveWorkers, type WorkerBeat } from './heartbeat.js';
import { ALL_QUEUES, jobOptions, jobSpec, type JobName, type JobPayloads, type QueueName } from './job-catalog.js';

export class Queues {
  private readonly queues: Map<QueueName, Queue>;

  readonly prefix: string;

  /** live updates' notices, over the same connection (live-feed.ts) */
  readonly live: LiveFeed;

  /** `onError` hears connection errors (Redis away); enqueueing then fails fast and the caller decides. */
  constructor(
    private readonly connection: Redis,
    config: Config,
    onError: (err: Error) => void = () => undefined,
  ) {
    this.prefix = config.queuePrefix;
    this.live = new LiveFeed(connection, config.queuePrefix);
    this.queues = new Map(
      ALL_QUEUES.map((q) => {
        const queue = new Queue(q, { connection, prefix: this.prefix });
        queue.on('error', onError);
        return [q, queue];
      }),
    );
  }

  get(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  /** Enqueue one job of the catalog. Fails at once when Redis is not connected (producers never wait). */
  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], delayMs = 0): Promise<string | undefined> {
    if (this.connection.status !== 'ready') throw new Error(`Redis is ${this.connection.status}: ${name} not enqueued`);
    const queue = this.get(jobSpec(name).queue);
    const opts = { ...jobOptions(name, payload), ...(delayMs > 0 ? { delay: delayMs } : {}) };
    // enqueueing again what failed for good means running it again (a new change, an admin's
    // retryOutbox): the failed job's id would otherwise make the add a no-op
    if (opts.jobId) {
      const previous = await queue.getJob(opts.jobId);
      if (previous && (await previous.isFailed())) await previous.remove();
    }
    const job = await queue.add(name, payload, opts);
    return job.id;
  }

  /** Why and when the job of the catalog with this payload failed for good, when it did (and Redis still keeps it); null otherwise. */
  async failure<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<{ reason: string; at: Date } | null> {
    const jobId = jobSpec(name).jobId(payload);
    if (!jobId) return null;
    const queue = this.get(jobSpec(name).queue);
    // the state first, then the job as it is in that state (read the other way round, the job
    // could be read while still active, without its reason)
    if ((await queue.getJobState(jobId)) !== 'failed') return null;
    const job = await queue.getJob(jobId);
    if (!job?.failedReason || !job.finishedOn) return null;
    return { reason: job.failedReason, at: new Date(job.finishedOn) };
  }

  /** The worker processes alive now (their heartbeats: heartbeat.ts). */
  liveWorkers(): Promise<WorkerBeat[]> {
    return liveWorkers(this.connection, this.prefix);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
  }
}
