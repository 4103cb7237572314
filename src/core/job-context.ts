/**
 * What a job handler gets: the worker process's dependencies and the job's own context (the job,
 * its lock token, a logger, the queues, the breakers, the SYSTEM actor). Handlers live in their
 * module's `<name>.jobs.ts`, adapt the job to a service and are idempotent: permanent failures
 * throw UnrecoverableError, transient ones throw.
 */
import type { Job } from 'bullmq';
import type { Logger } from '../common/logger.js';
import type { PrismaClient } from '../db/client.js';
import type { Config } from '../config/config.js';
import type { JobName, JobPayloads } from '../jobs/job-catalog.js';
import type { Queues } from '../jobs/queues.js';
import type { AxisClient } from '../integrations/axis/axis.client.js';
import type { PortalClient } from '../integrations/portal/portal.client.js';
import type { CircuitBreaker } from '../jobs/circuit-breaker.js';
import type { BlobStore } from '../modules/attachment/blob-store.js';
import type { SystemActor } from './system.js';
import type { HubMetrics } from '../observability/metrics.js';

export interface WorkerDeps {
  config: Config;
  prisma: PrismaClient;
  log: Logger;
  /** null when PORTAL_URL is not configured */
  portal?: PortalClient | null;
  /** null when neither AXIS_URL nor PORTAL_URL is configured */
  axis?: AxisClient | null;
  /** attachment storage, shared with the API (default: the local disk under BLOB_DIR) */
  blobs?: BlobStore;
  /** the process's metrics (jobs timed and counted), when it exposes them */
  metrics?: HubMetrics;
}

/** What a running handler gets besides the process's dependencies. */
interface JobContext {
  job: Job;
  /** the lock token, to move the job (e.g. back to delayed while a breaker is open) */
  token: string | undefined;
  log: Logger;
  queues: Queues;
  breaker: CircuitBreaker;
  /** the hub acting by itself: the same services and audit trail as the API */
  system: SystemActor;
}

export type HandlerContext = WorkerDeps & JobContext;

export type Handler<N extends JobName> = (payload: JobPayloads[N], ctx: HandlerContext) => Promise<unknown>;

export interface HandlerDefinition {
  name: JobName;
  handle: Handler<JobName>;
}

/** The handler of one job of the catalog (typed by its payload; stored untyped in the registry). */
export function defineHandler<N extends JobName>(name: N, handle: Handler<N>): HandlerDefinition {
  return { name, handle } as unknown as HandlerDefinition;
}

/** A repeated job: `every` ms or a cron `pattern` (Vietnam time); `enabled: false` removes it. */
export interface Schedule<N extends JobName = JobName> {
  /** the scheduler's id in Redis (stable: upserted at each start and whenever Redis comes back) */
  id: string;
  job: N;
  data: JobPayloads[N];
  repeat: { every: number } | { pattern: string };
  enabled?: boolean;
}

export const defineSchedule = <N extends JobName>(s: Schedule<N>): Schedule => s as unknown as Schedule;
