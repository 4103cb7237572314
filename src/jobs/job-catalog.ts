/**
 * The typed job catalog. Each module declares its jobs in its `<name>.jobs.ts`: the payload of each
 * job name (merged into `JobPayloads` below) and its spec (queue, deterministic job id, attempts,
 * backoff), listed in its manifest. The module list registers them once (`registerJobs`), so the
 * catalog is every module's jobs and nothing else. Payloads carry ids, never personal data or
 * secrets. Producers (services) enqueue only through the outbox or `Queues.enqueue`; the worker
 * registry refuses to boot unless every job here has exactly one handler.
 */
import type { LiveEvent } from './live-feed.js';
import type { JobsOptions } from 'bullmq';
import type { Config } from '../config/config.js';
import type { Db } from '../db/client.js';

export const QueueName = {
  /** housekeeping of the hub itself */
  Maintenance: 'maintenance',
  /** POSTs to agencies' webhooks, and notifications to people (email, SMS) */
  Webhooks: 'webhooks',
  /** the National Public Service Portal (and the other national systems: axis, payments) */
  Portal: 'portal',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
export const ALL_QUEUES: QueueName[] = Object.values(QueueName);

/**
 * Payload of each job name. Empty here: each module adds its own jobs in its `<name>.jobs.ts`
 * (`declare module '…/jobs/job-catalog.js' { interface JobPayloads { 'x.y': {…} } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobPayloads {}
export type JobName = keyof JobPayloads & string;

export interface JobSpec<N extends JobName> {
  queue: QueueName;
  /** deterministic id so that a repeated enqueue of the same thing runs once; undefined = always new */
  jobId: (payload: JobPayloads[N]) => string | undefined;
  /** read by the worker when the job runs (its own configuration decides, not the producer's) */
  attempts: number | ((c: Config) => number);
  /** first retry delay in ms; doubled each attempt, with jitter; read by the worker too */
  backoffMs: number | ((c: Config) => number);
  /** where the doubling stops (default an hour) */
  backoffMaxMs?: (c: Config) => number;
  /**
   * One job per id at a time, always doing the latest work (a dossier's sync): the job is removed
   * once completed, and a new enqueue replaces one that failed for good.
   */
  coalesce?: boolean;
  /** written to the outbox: its row is done when the job completes (the effect is acknowledged) */
  outbox?: boolean;
  /**
   * What the job's entity records when the job fails for good (a dossier's sync FAILED, a webhook
   * call FAILED…). Returns 'rowRecorded' when it also recorded the outbox row's failure itself.
   * `announce` tells live subscribers of the change, once it is committed.
   */
  failed?: (db: Db, payload: JobPayloads[N], reason: string, announce: Announce) => Promise<void | 'rowRecorded'>;
}
/** Tells live subscribers of a change (src/jobs/live-feed.ts), once it is committed. */
export type Announce = (event: LiveEvent, agencyIds: string[]) => void;

/** A module's jobs: the spec of each of its job names. */
export type JobSpecs<K extends JobName> = { [N in K]: JobSpec<N> };

const catalog = new Map<string, JobSpec<JobName>>();

/** Add a module's jobs to the catalog (the module list does, once); a name registered twice is refused. */
export function registerJobs(specs: object): void {
  for (const [name, spec] of Object.entries(specs) as [string, JobSpec<JobName>][]) {
    const known = catalog.get(name);
    if (known && known !== spec) throw new Error(`the job "${name}" is declared by two modules: keep one`);
    catalog.set(name, spec);
  }
}

function spec<N extends JobName>(name: N): JobSpec<N> {
  const s = catalog.get(name);
  if (!s)
    throw new Error(
      catalog.size
        ? `"${name}" is not a job of the catalog`
        : `the job catalog is empty: import src/modules/index.ts (the module list) before enqueueing "${name}"`,
    );
  return s as unknown as JobSpec<N>;
}

/** Every job of the catalog. */
export const jobNames = (): JobName[] => [...catalog.keys()] as JobName[];
export const isJobName = (name: string): name is JobName => catalog.has(name);
export const jobSpec = <N extends JobName>(name: N): JobSpec<N> => spec(name);
export const isCoalesced = (name: string) => !!catalog.get(name)?.coalesce;
export const isOutboxJob = (name: string) => !!catalog.get(name)?.outbox;
/** The outbox row's key: its job's deterministic id. */
export const jobKeyOf = <N extends JobName>(name: N, payload: JobPayloads[N]) => spec(name).jobId(payload) ?? null;

/** Jobs are enqueued with this many attempts: the worker stops them at its own configured number. */
const ATTEMPTS_CEILING = 1000;

/** The retry policy of a job, as the worker's configuration says (PORTAL_ATTEMPTS, PORTAL_BACKOFF_MS, …). */
export function retryPolicy(name: string, config: Config): { attempts: number; backoffMs: number } {
  const s = catalog.get(name);
  const pick = (v: number | ((c: Config) => number)) => (typeof v === 'function' ? v(config) : v);
  return s ? { attempts: pick(s.attempts), backoffMs: pick(s.backoffMs) } : { attempts: 1, backoffMs: 1000 };
}

/** The delay before retry number `attemptsMade` (1 = the first retry): doubled each time, with jitter, from the worker's policy. */
export function retryDelay(name: string, attemptsMade: number, config: Config): number {
  const ceiling = catalog.get(name)?.backoffMaxMs?.(config) ?? 3_600_000;
  const base = retryPolicy(name, config).backoffMs * 2 ** Math.min(40, Math.max(0, attemptsMade - 1));
  return Math.round(Math.min(base, ceiling) * (0.5 + Math.random() * 0.5));
}

/** BullMQ options for one job of the catalog. */
export function jobOptions<N extends JobName>(name: N, payload: JobPayloads[N]): JobsOptions {
  const s = spec(name);
  const jobId = s.jobId(payload);
  return {
    ...(jobId ? { jobId } : {}),
    // the worker's policy decides (retryPolicy, retryDelay): a producer's settings do not travel with the job
    attempts: ATTEMPTS_CEILING,
    backoff: { type: 'catalog' },
    removeOnComplete: s.coalesce ? true : { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}
