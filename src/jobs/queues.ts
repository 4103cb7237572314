/** Producers' side of the catalog: one Queue per queue name, typed `enqueue`. */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import { ALL_QUEUES, JOBS, jobOptions, type JobName, type JobPayloads, type QueueName } from './job-catalog.js';

export class Queues {
  private readonly queues: Map<QueueName, Queue>;

  readonly prefix: string;

  constructor(connection: Redis, private readonly config: Config) {
    this.prefix = config.queuePrefix;
    this.queues = new Map(ALL_QUEUES.map((q) => [q, new Queue(q, { connection, prefix: this.prefix })]));
  }

  get(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<string | undefined> {
    const job = await this.get(JOBS[name].queue).add(name, payload, jobOptions(name, payload, this.config));
    return job.id;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
  }
}
