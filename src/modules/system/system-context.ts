/**
 * The hub acting by itself (a worker importing from the national axis): the same services, rules
 * and audit trail as a GraphQL mutation, under the SYSTEM actor with ADMIN rights.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../common/logger.js';
import type { PrismaClient } from '../../db/client.js';
import { newContext, type HubContext } from '../../core/context.js';
import { runAudited } from '../../core/unit-of-work.js';
import { createLoaders } from '../index.js';
import type { Queues } from '../../jobs/queues.js';
import type { BlobStore } from '../attachment/blob-store.js';

export interface SystemDeps {
  config: Config;
  prisma: PrismaClient;
  log: Logger;
  blobs: BlobStore;
  queues: Queues;
}

export function systemContext(
  deps: SystemDeps,
  actor: string,
  requestId = `system-${randomUUID()}`,
  clientIp = 'system',
): HubContext {
  return newContext(
    {
      requestId,
      log: deps.log.child({ requestId, actor }),
      config: deps.config,
      caller: { kind: 'system', id: actor, role: 'ADMIN', agencyId: null, agencyCode: null },
      authError: null,
      prisma: deps.prisma,
      blobs: deps.blobs,
      queues: deps.queues,
      // the hub's own work has no public lookups and calls no upstream through the API's breaker
      rateLimiter: undefined as never,
      breaker: undefined as never,
      clientIp,
    },
    createLoaders,
  );
}

/** Run `fn` as one audited transaction, like a mutation; then its follow-ups (enqueueing). */
export function runAsSystem<T>(
  deps: SystemDeps,
  actor: string,
  operation: string,
  fn: (ctx: HubContext) => Promise<T>,
): Promise<T> {
  const ctx = systemContext(deps, actor);
  return runAudited(ctx, operation, () => fn(ctx), 60_000);
}
