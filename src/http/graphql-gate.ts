/**
 * What happens to a GraphQL request before its body is read: the caller is authenticated from the
 * headers alone, so that no work is done for a stranger.
 * - A bearer token this process verified in the last minute is accepted again at once (no
 *   signature check, no lookup, no address check: its holder is no stranger).
 * - Credentials that do not verify: 401 at once; the body is never read.
 * - No credentials: the body may be at most PUBLIC_BODY_LIMIT (the public lookup is tiny), and an
 *   address whose anonymous requests were refused too often in the last minute gets 429 before
 *   its body is read. Refusals are counted in Redis (per hour, city-wide), not audited one by one.
 * - A caller: the body may be at most IMPORT_BODY_LIMIT, but only a request whose sole root field
 *   is `importEdxml` may exceed BODY_LIMIT (`bodySizePlugin`, once the operation is known).
 * The GraphQL parser itself stops at GRAPHQL_MAX_TOKENS (Apollo's `parseOptions`).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import express, { type RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import type { Logger } from '../common/logger.js';
import type { PrismaClient } from '../db/client.js';
import { isTransientDbError } from '../db/transient.js';
import { UnauthenticatedError } from '../common/errors.js';
import type { HubContext } from '../core/context.js';
import { authenticate, rememberedCaller, type AuthResult } from '../modules/auth/authenticate.js';
import type { JwtVerifier } from '../modules/auth/jwt.js';

/**
 * The address limits count by: an IPv4 address, or the /64 network of an IPv6 address (one
 * subscriber gets a whole /64; counting single IPv6 addresses would give a guesser billions).
 */
export function addressBucket(ip: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return v4[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const full = ip.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${full
    .slice(0, 4)
    .map((h) => h.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** `8kb`, `1mb` → bytes (the same units Express's body parsers take). */
function bytesOf(limit: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!m) throw new Error(`not a size: ${limit}`);
  return Number(m[1]) * { b: 1, kb: 1024, mb: 1024 * 1024 }[m[2]!.toLowerCase() as 'b' | 'kb' | 'mb'];
}

/** Root fields allowed a body over BODY_LIMIT. */
const LARGE_BODY_FIELDS = new Set(['importEdxml']);
/** The longest query text a body over BODY_LIMIT may carry (`importEdxml`'s is one line). */
const LARGE_BODY_QUERY_CHARS = 2048;

const json = (res: express.Response, status: number, code: string, message: string) =>
  res.status(status).json({ errors: [{ message, extensions: { code, requestId: res.locals['requestId'] } }] });

/** Counts refusals of callers without valid credentials: per address (the limit) and per hour (for operators). */
export class AnonymousRefusals {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** refusals one address may collect in a minute before its requests are turned away unread */
    private readonly perMinute: number,
  ) {}

  private hourKey(at = new Date()): string {
    return `${this.prefix}:refusals:anonymous:${at.toISOString().slice(0, 13)}`;
  }

  /** Count one refusal of `ip`; never throws (a counter must not turn a 401 into a 500). */
  async count(ip: string): Promise<void> {
    const minute = `${this.prefix}:refusals:ip:${ip}`;
    await this.redis
      .multi()
      .incr(minute)
      .expire(minute, 60, 'NX')
      .incr(this.hourKey())
      .expire(this.hourKey(), 8 * 86_400, 'NX')
      .exec()
      .catch(() => undefined);
  }

  /** `ip` was refused too often this minute. Redis away: not limited (the body limit still holds). */
  async overLimit(ip: string): Promise<boolean> {
    const n = await this.redis.get(`${this.prefix}:refusals:ip:${ip}`).catch(() => null);
    return Number(n ?? 0) >= this.perMinute;
  }

  /** One more audit row of `kind` this minute, city-wide, if fewer than `perMinute` were written (Redis away: yes). */
  async auditBudget(kind: string, perMinute: number): Promise<boolean> {
    const key = `${this.prefix}:refusals:audited:${kind}:${Math.floor(Date.now() / 60_000)}`;
    const n = await this.redis
      .multi()
      .incr(key)
      .expire(key, 120, 'NX')
      .exec()
      .then((r) => Number(r?.[0]?.[1] ?? 0))
      .catch(() => 0);
    return n <= perMinute;
  }

  /** Refusals per hour, newest first, for the last `hours` hours. */
  async perHour(hours: number, now = new Date()): Promise<Array<{ hour: Date; count: number }>> {
    const starts = Array.from(
      { length: hours },
      (_, i) => new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - i * 3_600_000),
    );
    const counts = await this.redis.mget(...starts.map((h) => this.hourKey(h)));
    return starts.map((hour, i) => ({ hour, count: Number(counts[i] ?? 0) }));
  }
}

export interface GateDeps {
  config: Config;
  prisma: PrismaClient;
  jwt: JwtVerifier;
  log: Logger;
  refusals: AnonymousRefusals;
}

/**
 * Authenticate from the headers alone, before any body is read (res.locals.auth, .clientIp). An
 * address refused too often this minute gets 429; bad credentials get 401 and count as a refusal;
 * with `callerRequired`, so does no credential at all.
 */
export function authenticateFirst(
  deps: Pick<GateDeps, 'prisma' | 'jwt' | 'refusals'>,
  opts: { callerRequired?: boolean } = {},
): RequestHandler {
  return async (req, res, next) => {
    const ip = addressBucket(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    res.locals['clientIp'] = ip;
    // a token verified in the last minute costs no work to accept again
    const remembered = rememberedCaller(deps.jwt, req.headers as never);
    if (remembered) {
      res.locals['auth'] = { caller: remembered, error: null } satisfies AuthResult;
      return next();
    }
    // an address refused too often this minute is turned away before any work, credentials or not
    if (await deps.refusals.overLimit(ip)) {
      res.setHeader('Retry-After', '60');
      return void json(res, 429, 'FORBIDDEN', 'Too many refused requests from this address: try again in a minute');
    }
    let auth: AuthResult;
    try {
      // a read: tried once more when the connection was lost; still unavailable, a 503
      auth = await authenticate(deps.prisma, deps.jwt, req.headers as never).catch((err: unknown) => {
        if (!isTransientDbError(err)) throw err;
        return authenticate(deps.prisma, deps.jwt, req.headers as never);
      });
    } catch (err) {
      return next(err);
    }
    if (auth.error || (opts.callerRequired && !auth.caller)) {
      await deps.refusals.count(ip);
      const error = auth.error ?? new UnauthenticatedError();
      return void json(res, 401, error.code, error.message);
    }
    res.locals['auth'] = auth;
    next();
  };
}

/** Authenticate from the headers, then read the body with the limit that caller has. */
export function graphqlGate(deps: GateDeps): RequestHandler[] {
  const { config } = deps;
  const bodyLimit = bytesOf(config.http.bodyLimit);
  const publicJson = express.json({ limit: config.http.publicBodyLimit });
  const callerJson = express.json({
    limit: config.http.importBodyLimit,
    verify: (_req, res, buf) => {
      (res as express.Response).locals['bodyBytes'] = buf.length;
    },
  });
  const first = authenticateFirst(deps);
  const body: RequestHandler = (req, res, next) =>
    ((res.locals['auth'] as AuthResult).caller ? callerJson : publicJson)(req, res, next);
  // a large body carries a package in its variables, never a large document: refused before parsing
  const largeBody: RequestHandler = (req, res, next) => {
    const query = (req.body as { query?: unknown } | undefined)?.query;
    if (
      Number(res.locals['bodyBytes'] ?? 0) > bodyLimit &&
      typeof query === 'string' &&
      query.length > LARGE_BODY_QUERY_CHARS
    ) {
      return void json(
        res,
        413,
        'PAYLOAD_TOO_LARGE',
        `The request body is larger than BODY_LIMIT (${config.http.bodyLimit}); only importEdxml takes more`,
      );
    }
    next();
  };
  return [first, body, largeBody];
}

/** A body over BODY_LIMIT is for `importEdxml` alone; refuse it for anything else, before any resolver runs. */
export function bodySizePlugin(config: Config): ApolloServerPlugin<HubContext> {
  const limit = bytesOf(config.http.bodyLimit);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: ctx, operation }) {
          if ((ctx.bodyBytes ?? 0) <= limit) return;
          const fields = operation?.selectionSet.selections.map((s) => (s.kind === 'Field' ? s.name.value : '…')) ?? [];
          if (operation?.operation === 'mutation' && fields.length > 0 && fields.every((f) => LARGE_BODY_FIELDS.has(f)))
            return;
          throw new GraphQLError(
            `The request body is larger than BODY_LIMIT (${config.http.bodyLimit}); only importEdxml takes more`,
            {
              extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413 } },
            },
          );
        },
      };
    },
  };
}
