/** One context per request: the caller, a request id, a child logger, the DataLoaders. */
import { ForbiddenError, type AppError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Db, PrismaClient } from '../db/client.js';
import type { Config } from '../config/config.js';
import type { Caller } from '../modules/auth/caller.js';
import type { Loaders } from '../modules/index.js';
import type { BlobStore } from '../modules/attachment/blob-store.js';
import type { Queues } from '../jobs/queues.js';
import type { RateLimiter } from '../http/rate-limit.js';
import type { AnonymousRefusals } from '../http/graphql-gate.js';
import type { CircuitBreaker } from '../jobs/circuit-breaker.js';
import type { LiveSource } from '../jobs/live-feed.js';
import { NO_ONE, scopeOf, type Scope } from './access.js';

export interface HubContext {
  requestId: string;
  log: Logger;
  config: Config;
  caller: Caller | null;
  /** why the presented credentials were refused (null when none were presented) */
  authError: AppError | null;
  /** the root client; `db` is the open transaction's client while a mutation runs */
  prisma: PrismaClient;
  db: Db;
  /**
   * The same, in a holder shared by every copy of this context: Apollo Server hands resolvers a
   * shallow copy of the context, so the loaders (made with the original) read the client here.
   */
  dbScope: { current: Db };
  loaders: Loaders;
  /** ids and codes the current mutation touched, for its audit row */
  auditTargets: string[];
  /** work to do once the current mutation's transaction has committed (enqueueing jobs) */
  afterCommit: Array<() => Promise<unknown>>;
  blobs: BlobStore;
  /** null where Redis is not configured; work then waits in the database for a relay */
  queues: Queues | null;
  rateLimiter: RateLimiter;
  breaker: CircuitBreaker;
  /** the client's address (behind a proxy: as Express's trust proxy setting resolves it) */
  clientIp: string;
  /** refusals of callers without valid credentials, counted (null outside HTTP) */
  refusals?: AnonymousRefusals | null;
  /** size of the request body read (0 outside HTTP) */
  bodyBytes?: number;
  /** the events subscriptions read (API processes with Redis only) */
  live?: LiveSource | null;
}

/** The caller, known to be authenticated (the HTTP plugin refused anonymous operations). */
export function callerOf(ctx: HubContext): Caller {
  if (!ctx.caller) throw new Error('callerOf() on an unauthenticated request');
  return ctx.caller;
}

/** The caller as a person of an agency (a user token naming one); FORBIDDEN otherwise (a system, a person of no agency), saying `refusal`. */
export function personOf(ctx: HubContext, refusal: string): Caller & { agencyId: string } {
  const caller = callerOf(ctx);
  if (caller.kind !== 'user' || !caller.agencyId) throw new ForbiddenError(refusal);
  return caller as Caller & { agencyId: string };
}

/**
 * A fresh context: the loaders (the modules' own, `createLoaders` of src/modules/index.ts) read
 * through `dbScope`, which the unit of work points at its transaction.
 */
export function newContext(
  p: Pick<
    HubContext,
    | 'requestId'
    | 'log'
    | 'config'
    | 'caller'
    | 'authError'
    | 'prisma'
    | 'blobs'
    | 'queues'
    | 'rateLimiter'
    | 'breaker'
    | 'clientIp'
  > &
    Partial<Pick<HubContext, 'refusals' | 'bodyBytes' | 'live'>>,
  createLoaders: (db: () => Db, scope: () => Scope) => Loaders,
): HubContext {
  const dbScope = { current: p.prisma as Db };
  const ctx: HubContext = {
    ...p,
    db: p.prisma,
    dbScope,
    // the caller's, as it is when a loader runs (a gateway's is narrowed to its payment's agency)
    loaders: createLoaders(
      () => dbScope.current,
      () => (ctx.caller ? scopeOf(ctx.caller) : NO_ONE),
    ),
    auditTargets: [],
    afterCommit: [],
  };
  return ctx;
}
