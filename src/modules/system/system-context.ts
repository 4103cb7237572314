/**
 * The hub acting by itself (a worker importing from the national axis): the same services, rules
 * and audit trail as a GraphQL mutation, under the SYSTEM actor with ADMIN rights.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../common/logger.js';
import type { Db, PrismaClient } from '../../db/client.js';
import { createLoaders, type HubContext } from '../../graphql/context.js';
import type { Queues } from '../../jobs/queues.js';
import type { BlobStore } from '../attachment/blob-store.js';
import { auditService } from '../audit/audit.service.js';
import { AppError } from '../../common/errors.js';

export interface SystemDeps {
  config: Config;
  prisma: PrismaClient;
  log: Logger;
  blobs: BlobStore;
  queues: Queues;
}

export function systemContext(deps: SystemDeps, actor: string): HubContext {
  const dbScope = { current: deps.prisma as Db };
  const requestId = `system-${randomUUID()}`;
  return {
    requestId,
    log: deps.log.child({ requestId, actor }),
    config: deps.config,
    caller: { kind: 'system', id: actor, role: 'ADMIN', agencyId: null, agencyCode: null },
    authError: null,
    prisma: deps.prisma,
    db: deps.prisma,
    dbScope,
    loaders: createLoaders(() => dbScope.current),
    auditTargets: [],
    afterCommit: [],
    blobs: deps.blobs,
    queues: deps.queues,
    rateLimiter: undefined as never,
    breaker: undefined as never,
    clientIp: 'system',
  };
}

/** Run `fn` as one audited transaction, like a mutation; then its follow-ups (enqueueing). */
export async function runAsSystem<T>(deps: SystemDeps, actor: string, operation: string, fn: (ctx: HubContext) => Promise<T>): Promise<T> {
  const ctx = systemContext(deps, actor);
  const entry = () => ({ caller: ctx.caller, operation, targetIds: ctx.auditTargets, requestId: ctx.requestId });
  let result: T;
  try {
    result = await deps.prisma.$transaction(
      async (tx) => {
        ctx.db = tx;
        ctx.dbScope.current = tx;
        const out = await fn(ctx);
        await auditService.append(tx, { ...entry(), outcome: 'SUCCESS' });
        return out;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  } catch (err) {
    await auditService.appendAlone(deps.prisma, { ...entry(), outcome: err instanceof AppError ? 'REFUSED' : 'FAILED', errorCode: err instanceof AppError ? err.code : 'INTERNAL' }).catch(() => undefined);
    throw err;
  } finally {
    ctx.db = deps.prisma;
    ctx.dbScope.current = deps.prisma;
  }
  for (const step of ctx.afterCommit.splice(0)) await step().catch((err) => ctx.log.warn({ err }, 'a follow-up failed; the relay will retry it'));
  return result;
}
