/**
 * What happens to a GraphQL request before its body is read: the caller is authenticated from the
 * headers alone, so that no work is done for a stranger.
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
import type { HubContext } from '../graphql/context.js';
import { authenticate, type AuthResult } from '../modules/auth/authenticate.js';
import type { JwtVerifier } from '../modules/auth/jwt.js';

/** `8kb`, `1mb` → bytes (the same units Express's body parsers take). */
export function bytesOf(limit: string): number {
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

  /** Refusals per hour, newest first, for the last `hours` hours. */
  async perHour(hours: number, now = new Date()): Promise<Array<{ hour: Date; count: number }>> {
    const starts = Array.from({ length: hours }, (_, i) => new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - i * 3_600_000));
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
  const authenticateFirst: RequestHandler = async (req, res, next) => {
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
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
    if (auth.error) {
      await deps.refusals.count(ip);
      return void json(res, 401, auth.error.code, auth.error.message);
    }
    if (!auth.caller && req.method === 'POST' && (await deps.refusals.overLimit(ip))) {
      res.setHeader('Retry-After', '60');
      return void json(res, 429, 'FORBIDDEN', 'Too many refused requests from this address: try again in a minute');
    }
    res.locals['auth'] = auth;
    res.locals['clientIp'] = ip;
    next();
  };
  const body: RequestHandler = (req, res, next) => ((res.locals['auth'] as AuthResult).caller ? callerJson : publicJson)(req, res, next);
  // a large body carries a package in its variables, never a large document: refused before parsing
  const largeBody: RequestHandler = (req, res, next) => {
    const query = (req.body as { query?: unknown } | undefined)?.query;
    if (Number(res.locals['bodyBytes'] ?? 0) > bodyLimit && typeof query === 'string' && query.length > LARGE_BODY_QUERY_CHARS) {
      return void json(res, 413, 'PAYLOAD_TOO_LARGE', `The request body is larger than BODY_LIMIT (${config.http.bodyLimit}); only importEdxml takes more`);
    }
    next();
  };
  return [authenticateFirst, body, largeBody];
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
          if (operation?.operation === 'mutation' && fields.length > 0 && fields.every((f) => LARGE_BODY_FIELDS.has(f))) return;
          throw new GraphQLError(`The request body is larger than BODY_LIMIT (${config.http.bodyLimit}); only importEdxml takes more`, {
            extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413 } },
          });
        },
      };
    },
  };
}
