/**
 * The hub acting by itself (a worker importing from the national axis, the reconciliation applying
 * a booked payment) or for an upstream gateway calling back: the same services, rules and audit
 * trail as a GraphQL mutation, under its own caller — the SYSTEM actor (every agency's rows, no
 * person's role) or the gateway (the rights of the agency whose payment it settles, no more).
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.js';
import type { Logger } from '../common/logger.js';
import type { Db, PrismaClient } from '../db/client.js';
import type { Caller } from '../modules/auth/caller.js';
import type { Loaders } from '../modules/index.js';
import type { BlobStore } from '../modules/attachment/blob-store.js';
import type { Queues } from '../jobs/queues.js';
import { newContext, type HubContext } from './context.js';
import type { Scope } from './access.js';
import { runAudited } from './unit-of-work.js';

export interface SystemDeps {
  config: Config;
  prisma: PrismaClient;
  log: Logger;
  blobs: BlobStore;
  queues: Queues;
}

/** Where the hub's own work comes from: a request id and an address for its audit rows and logs. */
interface SystemOrigin {
  requestId?: string;
  clientIp?: string;
}

export interface SystemActor {
  /** A context acting as the SYSTEM actor `actor` (reads; no unit of work). */
  context(actor: string, origin?: SystemOrigin): HubContext;
  /** A context acting as an upstream gateway (`actor`): no agency's rights until its service grants them. */
  gateway(actor: string, origin?: SystemOrigin): HubContext;
  /** `fn` as one audited transaction as the SYSTEM actor, like a mutation; then its follow-ups (enqueueing). */
  run<T>(actor: string, operation: string, fn: (ctx: HubContext) => Promise<T>): Promise<T>;
}

/** The SYSTEM actor: every agency's rows, and a role no person has (src/core/access.ts). */
const systemCaller = (actor: string): Caller => ({
  kind: 'system',
  id: actor,
  role: 'SYSTEM',
  agencyId: null,
  agencyCode: null,
});

/** `createLoaders` is the module list's (src/modules/index.ts), given by the process that builds this. */
export function systemActor(
  deps: SystemDeps,
  createLoaders: (db: () => Db, scope: () => Scope) => Loaders,
): SystemActor {
  const make = (caller: Caller, origin: SystemOrigin = {}): HubContext => {
    const requestId = origin.requestId ?? `system-${randomUUID()}`;
    return newContext(
      {
        requestId,
        log: deps.log.child({ requestId, actor: caller.id }),
        config: deps.config,
        caller,
        authError: null,
        prisma: deps.prisma,
        blobs: deps.blobs,
        queues: deps.queues,
        // the hub's own work has no public lookups and calls no upstream through the API's breaker
        rateLimiter: undefined as never,
        breaker: undefined as never,
        clientIp: origin.clientIp ?? 'system',
      },
      createLoaders,
    );
  };
  return {
    context: (actor, origin) => make(systemCaller(actor), origin),
    gateway: (actor, origin) =>
      make({ kind: 'gateway', id: actor, role: 'OFFICER', agencyId: null, agencyCode: null }, origin),
    run(actor, operation, fn) {
      const ctx = make(systemCaller(actor));
      return runAudited(ctx, operation, () => fn(ctx), 60_000);
    },
  };
}
