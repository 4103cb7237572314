/**
 * The one typed job catalog: every queue, every job name, its payload type and the options it is
 * enqueued with (deterministic job id, attempts, backoff). Payloads carry ids, never personal
 * data or secrets. Producers (services) enqueue only through `enqueue` in `queues.ts`; the worker
 * registry refuses to boot unless every job here has exactly one handler.
 */
import type { JobsOptions } from 'bullmq';

export const QueueName = {
  /** housekeeping of the hub itself */
  Maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** Payload of each job name. */
export interface JobPayloads {
  /** Re-verify the audit chain and log loudly if it is broken. `reason` says who asked. */
  'audit.verify': { reason: 'schedule' | 'manual' };
}
export type JobName = keyof JobPayloads;

interface JobSpec<N extends JobName> {
  queue: QueueName;
  /** deterministic id so that a repeated enqueue of the same thing runs once; undefined = always new */
  jobId: (payload: JobPayloads[N]) => string | undefined;
  attempts: number;
  /** first retry delay in ms; doubled each attempt, with jitter */
  backoffMs: number;
}

export const JOBS: { [N in JobName]: JobSpec<N> } = {
  'audit.verify': { queue: QueueName.Maintenance, jobId: () => undefined, attempts: 3, backoffMs: 10_000 },
};

/** BullMQ options for one job of the catalog. */
export function jobOptions<N extends JobName>(name: N, payload: JobPayloads[N]): JobsOptions {
  const spec = JOBS[name];
  const jobId = spec.jobId(payload);
  return {
    ...(jobId ? { jobId } : {}),
    attempts: spec.attempts,
    backoff: { type: 'exponential', delay: spec.backoffMs, jitter: 0.5 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

export const ALL_QUEUES: QueueName[] = [...new Set(Object.values(JOBS).map((j) => j.queue))];
