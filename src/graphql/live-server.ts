/**
 * GraphQL subscriptions over WebSocket (the graphql-ws protocol) on /graphql, fed by Redis.
 *
 * - Every API process subscribes to the Redis channels its own subscribers need (one connection
 *   per process; a channel is subscribed while someone listens), so a change served by any process
 *   or made by a worker reaches every subscriber (src/jobs/live-feed.ts publishes).
 * - A connection authenticates like a request: `Authorization` (a bearer token or an API key) in
 *   the connection_init payload, or the upgrade request's headers. A socket without valid
 *   credentials is closed (4403) before it may subscribe; each subscription checks them again.
 * - Only subscriptions travel over the socket (queries and mutations use HTTP, with its limits),
 *   under the same depth, alias and cost limits as HTTP.
 */
import type http from 'node:http';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, SlidingBuffer } from '@graphql-yoga/subscription';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Redis } from 'ioredis';
import { decodeJwt } from 'jose';
import { WebSocketServer } from 'ws';
import type { Logger } from '../common/logger.js';
import type { Config } from '../config/config.js';
import type { HubContext } from '../core/context.js';
import type { PrismaClient } from '../db/client.js';
import type { LiveEvent, LiveSource } from '../jobs/live-feed.js';
import { costRefusal } from './cost.js';
import { formatError, withoutSuggestions } from './errors.js';
import { authenticate, rememberedCaller } from '../modules/auth/authenticate.js';
import { isTransientDbError } from '../db/transient.js';
import type { AnonymousRefusals } from '../http/graphql-gate.js';
import type { Caller } from '../modules/auth/caller.js';
import type { JwtVerifier } from '../modules/auth/jwt.js';

/** Events a slow subscriber may fall behind by before the oldest are dropped (it reads the state again). */
const BACKLOG = 256;
/** Subscriptions one connection may hold at once, and one caller over all its sockets (in one API process). */
const PER_CONNECTION = 20;
const PER_CALLER = 50;
/** Sockets one caller may hold open (in one API process). */
const PER_CALLER_SOCKETS = 10;
/** How often an open socket's credentials are checked again (a revoked key, a token refused). */
const RECHECK_MS = 15_000;
/** The largest message a client may send (a subscription document and its variables). */
const MAX_MESSAGE_BYTES = 64 * 1024;

const refused = (message: string, code = 'GRAPHQL_VALIDATION_FAILED') =>
  new GraphQLError(message, { extensions: { code } });

/** graphql-armor's refusals as validation errors (as over HTTP), not thrown. */
const reported = {
  propagateOnRejection: false,
  onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(err)],
};

/** The process's reader of the live channels: one Redis connection in subscriber mode. */
export function liveSubscriber(redis: Redis): LiveSource & { close(): Promise<void> } {
  // a subscriber connection waits for Redis and subscribes again after a reconnect
  const subscriber = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
  subscriber.on('error', () => undefined);
  const eventTarget = createRedisEventTarget<CustomEvent<LiveEvent>>({
    publishClient: redis,
    subscribeClient: subscriber,
  });
  return {
    // each subscription its own buffer: a slow one drops its own oldest events, nobody else's
    subscribe: (topic) =>
      createPubSub<Record<string, [LiveEvent]>>({ eventTarget, repeaterBuffer: new SlidingBuffer(BACKLOG) }).subscribe(
        topic,
      ),
    close: async () => {
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}

type Headers = { authorization?: string; 'x-api-key'?: string };

/** When a bearer token expires (ms), already verified by `authenticate`; null for an API key. */
function expiryOf(h: Headers): number | null {
  const token = /^\s*Bearer\s+(\S+)\s*$/i.exec(h.authorization ?? '')?.[1];
  if (!token || h['x-api-key']) return null;
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** The credentials of a connection: its connection_init payload's, or else its upgrade request's. */
function credentialsOf(params: Record<string, unknown> | undefined, request: http.IncomingMessage): Headers {
  const pick = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const fromParams = {
    authorization: pick(params?.['authorization'] ?? params?.['Authorization']),
    'x-api-key': pick(params?.['x-api-key'] ?? params?.['X-API-Key']),
  };
  if (fromParams.authorization || fromParams['x-api-key']) return fromParams;
  return { authorization: pick(request.headers.authorization), 'x-api-key': pick(request.headers['x-api-key']) };
}

export interface LiveServerDeps {
  httpServer: http.Server;
  schema: GraphQLSchema;
  config: Config;
  prisma: PrismaClient;
  jwt: JwtVerifier;
  log: Logger;
  /** refusals of bad credentials per address, shared with HTTP */
  refusals: AnonymousRefusals;
  /** the client's address bucket, as the HTTP side resolves it (trusted proxies) */
  clientIp: (request: http.IncomingMessage) => string;
  /** a request's context for this caller (the API's, with the live source) */
  context: (caller: Caller, requestId: string, clientIp: string) => HubContext;
}

interface Extra extends Record<PropertyKey, unknown> {
  credentials?: Headers;
  /** who the socket authenticated as (`kind:id`), and with what rights (`role:agency`) */
  callerKey?: string;
  rights?: string;
  /** its subscriptions (by the client's id) holding a slot of the connection's and the caller's budgets */
  slots?: Set<string>;
  ip?: string;
}

type Check = { caller: Caller } | { refused: true } | { unavailable: true };

const rightsOf = (c: Caller) => `${c.role}:${c.agencyId ?? ''}`;
const UNAVAILABLE = 'A service the hub depends on is unavailable: try again shortly';

/** Serves subscriptions on the HTTP server's /graphql; `dispose` closes every socket. */
export function startLiveServer(deps: LiveServerDeps): { dispose(): Promise<void> } {
  const { config, prisma, jwt, log, schema, refusals } = deps;
  const wss = new WebSocketServer({ server: deps.httpServer, path: '/graphql', maxPayload: MAX_MESSAGE_BYTES });
  /** The connection's credentials checked now: a caller, refused, or not known (the database away). */
  const check = async (extra: Extra): Promise<Check> => {
    if (!extra.credentials) return { refused: true };
    try {
      // a read: tried once more when the connection was lost, as over HTTP
      const auth = await authenticate(prisma, jwt, extra.credentials).catch((err: unknown) => {
        if (!isTransientDbError(err)) throw err;
        return authenticate(prisma, jwt, extra.credentials!);
      });
      return auth.caller ? { caller: auth.caller } : { refused: true };
    } catch (err) {
      if (!isTransientDbError(err)) log.error({ err }, 'checking the credentials of a socket failed');
      return { unavailable: true };
    }
  };
  // budgets of this process: sockets per caller, subscriptions per caller (each event is read per subscription)
  const sockets = new Map<string, number>();
  const subscriptions = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, d: number) => {
    const n = (m.get(k) ?? 0) + d;
    if (n > 0) m.set(k, n);
    else m.delete(k);
  };
  const release = (extra: Extra, id: string) => {
    if (extra.slots?.delete(id) && extra.callerKey) add(subscriptions, extra.callerKey, -1);
  };
  const rules = [
    ...specifiedRules,
    maxDepthRule({ n: config.graphql.maxDepth, ignoreIntrospection: true, ...reported }),
    maxAliasesRule({ n: config.graphql.maxAliases, ...reported }),
  ];
  let counter = 0;
  const format = (e: GraphQLError) => {
    const f = formatError(e.toJSON(), e);
    if (f.extensions?.['code'] === 'INTERNAL_SERVER_ERROR') log.error({ err: e }, 'a subscription failed');
    return config.graphql.introspection ? f : withoutSuggestions(f);
  };
  const cleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        // whatever this socket holds is given back when it closes, however early
        let closed = false;
        const timers: NodeJS.Timeout[] = [];
        socket.once('close', () => {
          closed = true;
          timers.forEach(clearTimeout);
          for (const id of [...(ctx.extra.slots ?? [])]) release(ctx.extra, id);
          if (ctx.extra.callerKey) add(sockets, ctx.extra.callerKey, -1);
        });
        const credentials = credentialsOf(ctx.connectionParams, request);
        ctx.extra.credentials = credentials;
        ctx.extra.slots = new Set();
        // as over HTTP: an address refused too often this minute is turned away before any work
        const ip = deps.clientIp(request);
        ctx.extra.ip = ip;
        if (!rememberedCaller(jwt, credentials) && (await refusals.overLimit(ip))) return false;
        const first = await check(ctx.extra);
        if ('unavailable' in first) {
          socket.close(1013, UNAVAILABLE); // "try again later": clients retry
          return false;
        }
        // 4403: the client is told to bring credentials (graphql-ws closes the socket with it)
        if ('refused' in first) {
          await refusals.count(ip);
          return false;
        }
        if (closed) return false;
        const key = `${first.caller.kind}:${first.caller.id}`;
        if ((sockets.get(key) ?? 0) >= PER_CALLER_SOCKETS) {
          socket.close(4429, `At most ${PER_CALLER_SOCKETS} sockets per caller`);
          return false;
        }
        add(sockets, key, 1);
        ctx.extra.callerKey = key;
        ctx.extra.rights = rightsOf(first.caller);
        // a socket lives as long as its credentials, with the rights it opened with: closed (4401)
        // when its token expires, and within RECHECK_MS of a key's revocation, a token no longer
        // accepted, or a change of role or agency (a database away is not a refusal)
        const close = () => socket.close(4401, 'Unauthorized: the credentials expired, were revoked or changed');
        const recheck = async () => {
          const now = await check(ctx.extra);
          if ('refused' in now || ('caller' in now && rightsOf(now.caller) !== ctx.extra.rights)) close();
        };
        timers.push(setInterval(() => void recheck(), RECHECK_MS).unref());
        const exp = expiryOf(credentials);
        if (exp !== null) timers.push(setTimeout(close, Math.min(Math.max(0, exp - Date.now()), 2 ** 31 - 1)).unref());
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: config.graphql.maxTokens });
        } catch (err) {
          return [
            refused(err instanceof GraphQLError ? err.message : 'The document does not parse', 'GRAPHQL_PARSE_FAILED'),
          ];
        }
        const errors = validate(schema, document, rules);
        if (errors.length) return errors.map((e) => refused(e.message));
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== 'subscription')
          return [
            refused('Only subscriptions travel over the socket: send queries and mutations over HTTP', 'BAD_REQUEST'),
          ];
        const variables = payload.variables ?? {};
        const refusal = costRefusal(
          schema,
          document,
          operation,
          variables,
          config.graphql.maxCost,
          config.graphql.maxPageSize,
        );
        if (refusal) return [refusal];
        // a slot of the socket's and of the caller's budgets, taken before anything is awaited:
        // subscribe messages sent together are counted one by one
        const slots = ctx.extra.slots!;
        const key = ctx.extra.callerKey!;
        if (slots.has(id)) return [refused(`A subscription with the id ${id} is running`, 'BAD_REQUEST')];
        if (slots.size >= PER_CONNECTION)
          return [refused(`At most ${PER_CONNECTION} subscriptions per connection`, 'BAD_REQUEST')];
        if ((subscriptions.get(key) ?? 0) >= PER_CALLER)
          return [refused(`At most ${PER_CALLER} subscriptions per caller`, 'BAD_REQUEST')];
        slots.add(id);
        add(subscriptions, key, 1);
        // the credentials again: a token may have expired, a key been revoked since the socket opened
        const now = await check(ctx.extra);
        if (!('caller' in now) || rightsOf(now.caller) !== ctx.extra.rights) {
          release(ctx.extra, id);
          return [
            'unavailable' in now
              ? refused(UNAVAILABLE, 'SERVICE_UNAVAILABLE')
              : refused('The credentials are no longer valid', 'UNAUTHENTICATED'),
          ];
        }
        const caller = now.caller;
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: variables,
          contextValue: deps.context(
            caller,
            `ws-${Date.now().toString(36)}-${(counter++).toString(36)}`,
            ctx.extra.ip ?? 'unknown',
          ),
        };
      },
      onComplete: (ctx, id) => release(ctx.extra, id),
      // errors as over HTTP: stable codes, nothing internal, no schema hints without introspection
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map(format) } : undefined,
    },
    wss,
  );
  return {
    dispose: async () => {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
