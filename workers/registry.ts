/**
 * Job handlers register with `defineHandler(name, fn)`; `HandlerRegistry.check` refuses to boot
 * when a job of the catalog has no handler or two, and says what to add.
 * Handlers are thin and idempotent: permanent failures throw UnrecoverableError, transient ones throw.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from '../src/common/logger.js';
import type { PrismaClient } from '../src/db/client.js';
import type { Config } from '../src/config/config.js';
import { JOBS, type JobName, type JobPayloads } from '../src/jobs/job-catalog.js';
import type { Queues } from '../src/jobs/queues.js';
import type { AxisClient } from '../src/integrations/axis/axis.client.js';
import type { PortalClient } from '../src/integrations/portal/portal.client.js';
import type { CircuitBreaker } from '../src/jobs/circuit-breaker.js';
import type { BlobStore } from '../src/modules/attachment/blob-store.js';

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
}

/** What a running handler gets besides the process's dependencies. */
export interface JobContext {
  job: Job;
  /** the lock token, to move the job (e.g. back to delayed while a breaker is open) */
  token: string | undefined;
  log: Logger;
  queues: Queues;
  breaker: CircuitBreaker;
}

/** What the hub acting by itself needs (`runAsSystem`): the same services as the API. */
export function systemDeps(ctx: WorkerDeps & JobContext) {
  if (!ctx.blobs) throw new UnrecoverableError('no attachment store in this worker');
  return { config: ctx.config, prisma: ctx.prisma, log: ctx.log, blobs: ctx.blobs, queues: ctx.queues };
}

export type Handler<N extends JobName> = (payload: JobPayloads[N], ctx: WorkerDeps & JobContext) => Promise<unknown>;

export interface HandlerDefinition<N extends JobName = JobName> {
  name: N;
  handle: Handler<N>;
}

/** The handler of one job of the catalog (typed by its payload; stored untyped in the registry). */
export function defineHandler<N extends JobName>(name: N, handle: Handler<N>): HandlerDefinition {
  return { name, handle } as unknown as HandlerDefinition;
}

export class HandlerRegistry {
  private readonly byName = new Map<JobName, HandlerDefinition>();

  /** Throws one error naming every job without a handler and every job with two. */
  static check(definitions: HandlerDefinition[]): HandlerRegistry {
    const registry = new HandlerRegistry();
    const problems: string[] = [];
    for (const d of definitions) {
      if (!(d.name in JOBS))
        problems.push(`a handler is defined for "${d.name}", which is not in src/jobs/job-catalog.ts`);
      else if (registry.byName.has(d.name)) problems.push(`"${d.name}" has two handlers: keep one`);
      else registry.byName.set(d.name, d as HandlerDefinition);
    }
    for (const name of Object.keys(JOBS) as JobName[]) {
      if (!registry.byName.has(name)) {
        problems.push(
          `"${name}" has no handler: add defineHandler('${name}', …) in workers/handlers/ and list it in workers/handlers/index.ts`,
        );
      }
    }
    if (problems.length) throw new Error(`Worker registry is incomplete:\n- ${problems.join('\n- ')}`);
    return registry;
  }

  get(name: string): HandlerDefinition | undefined {
    return this.byName.get(name as JobName);
  }
}
