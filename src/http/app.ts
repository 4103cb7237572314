/**
 * The HTTP surface: /graphql (Apollo Server on Express 5, and its subscriptions over WebSocket),
 * /health/live, /health/ready, and the modules' routes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import express, { type ErrorRequestHandler } from 'express';
import type { GraphQLError, ValidationContext } from 'graphql';
import { pinoHttp } from 'pino-http';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import type { Logger } from '../common/logger.js';
import { pingDatabase, type PrismaClient } from '../db/client.js';
import { newContext, type HubContext } from '../core/context.js';
import { apolloCostPlugin } from '../graphql/cost.js';
import { formatError, withoutSuggestions } from '../graphql/errors.js';
import { authGatePlugin, errorLoggingPlugin, metricsPlugin } from '../graphql/plugins.js';
import { createMetrics } from '../observability/metrics.js';
import { metricsRoute, requestMetrics } from './metrics-route.js';
import { adminConsole } from './admin-console.js';
import { dashboardRoutes } from './dashboard.js';
import { calendarService } from '../modules/calendar/calendar.service.js';
import { hubSchema } from '../graphql/schema.js';
import type { AuthResult } from '../modules/auth/authenticate.js';
import { AnonymousRefusals, addressBucket, bodySizePlugin, graphqlGate } from './graphql-gate.js';
import proxyaddr from 'proxy-addr';
import { JwtVerifier } from '../modules/auth/jwt.js';
import { corsMiddleware } from './cors.js';
import { liveSubscriber, startLiveServer } from '../graphql/live-server.js';
import { requestId } from './request-id.js';
import { RateLimiter } from './rate-limit.js';
import { CircuitBreaker } from '../jobs/circuit-breaker.js';
import { LocalDiskBlobStore, type BlobStore } from '../modules/attachment/blob-store.js';
import { Queues } from '../jobs/queues.js';
import { isTransientDbError } from '../db/transient.js';
import { configureAudit } from '../modules/audit/audit-hash.js';
import { ROUTES, createLoaders } from '../modules/index.js';
import { systemActor } from '../core/system.js';

export interface ApiDeps {
  config: Config;
  prisma: PrismaClient;
  redis: Redis;
  log: Logger;
  /** attachment storage (default: the local disk under BLOB_DIR) */
  blobs?: BlobStore;
}

export interface RunningApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

async function readiness(deps: ApiDeps): Promise<Record<string, string>> {
  const check = async (fn: () => Promise<unknown>) => {
    try {
      await Promise.race([
        fn(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return 'ok';
    } catch {
      return 'unavailable';
    }
  };
  const [postgres, redis] = await Promise.all([check(() => pingDatabase(deps.prisma)), check(() => deps.redis.ping())]);
  return { postgres, redis };
}

/** A request's path as logged: no query string; a result file's link without its signature (it opens the file). */
const loggedPath = (url: string) => url.split('?')[0]!.replace(/^(\/files\/results\/[^/]+\/)[^/]+/, '$1[signature]');

/** Report graphql-armor rejections as validation errors (GRAPHQL_VALIDATION_FAILED) instead of throwing. */
const asValidationError = {
  propagateOnRejection: false,
  onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(err)],
};

export async function startApi(deps: ApiDeps): Promise<RunningApi> {
  configureAudit(deps.config);
  const { config, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  // client addresses (rate limits, logs) come from X-Forwarded-For only through proxies named here
  app.set('trust proxy', config.http.trustProxy);
  const httpServer = http.createServer(app);
  const jwt = new JwtVerifier(config.jwt);
  const blobs = deps.blobs ?? new LocalDiskBlobStore(config.attachments.dir);
  let redisDown = false;
  const queues = new Queues(deps.redis, config, (err) => {
    if (!redisDown)
      log.warn({ err: err.message }, 'Redis is not answering: changes wait in the database for the relay');
    redisDown = true;
  });
  deps.redis.on('ready', () => (redisDown = false));
  const rateLimiter = new RateLimiter(deps.redis, config.queuePrefix);
  const refusals = new AnonymousRefusals(deps.redis, config.queuePrefix, config.http.anonymousRefusalsPerMinute);
  const breaker = new CircuitBreaker(deps.redis, config.queuePrefix, config.breaker);
  const metrics = createMetrics('api', {
    queues,
    breaker,
    prisma: deps.prisma,
    log,
    calendar: async () => {
      const status = await calendarService.status(deps.prisma);
      return { daysToHorizon: status.daysToHorizon, warning: status.warning !== null };
    },
  });

  const schema = await hubSchema();
  // subscriptions (graphql-ws) on the same port and path, fed by Redis
  const live = liveSubscriber(deps.redis);
  const contextOf = (
    caller: HubContext['caller'],
    authError: HubContext['authError'],
    requestId: string,
    extra: { clientIp: string; bodyBytes?: number },
  ): HubContext =>
    newContext(
      {
        requestId,
        log: log.child({ requestId, caller: caller ? `${caller.kind}:${caller.id}` : 'anonymous' }),
        config,
        caller,
        authError,
        prisma: deps.prisma,
        blobs,
        queues,
        rateLimiter,
        breaker,
        refusals,
        live,
        ...extra,
      },
      createLoaders,
    );
  const liveServer = startLiveServer({
    httpServer,
    schema,
    config,
    prisma: deps.prisma,
    jwt,
    log,
    refusals,
    // the address as Express resolves it for HTTP (its trusted proxies), bucketed like HTTP's
    clientIp: (request) =>
      addressBucket(proxyaddr(request, app.get('trust proxy fn') as (a: string, i: number) => boolean)),
    context: (caller, requestId, clientIp) => contextOf(caller, null, requestId, { clientIp }),
  });

  const apollo = new ApolloServer<HubContext>({
    schema,
    introspection: config.graphql.introspection,
    includeStacktraceInErrorResponses: false,
    // the parser stops counting here: a document of millions of tokens costs nothing
    parseOptions: { maxTokens: config.graphql.maxTokens },
    // no "Did you mean …?" field names to a caller that may not read the schema
    hideSchemaDetailsFromClientErrors: !config.graphql.introspection,
    // Shutdown is ordered by the process (src/cli/shutdown.ts); Apollo re-raising the signal would cut it short.
    stopOnTerminationSignals: false,
    // without introspection, no "Did you mean …?" in any message (a variable's enum value included)
    formatError: config.graphql.introspection ? formatError : (f, e) => withoutSuggestions(formatError(f, e)),
    validationRules: [
      maxDepthRule({ n: config.graphql.maxDepth, ignoreIntrospection: true, ...asValidationError }),
      maxAliasesRule({ n: config.graphql.maxAliases, ...asValidationError }),
    ],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // the sockets first: an upgraded connection is no longer the HTTP server's to drain
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await liveServer.dispose();
              await live.close();
            },
          };
        },
      },
      // no cache hints are set or sent; left on, Apollo would wrap every field's resolver to collect them
      ApolloServerPluginCacheControlDisabled(),
      config.graphql.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
        : ApolloServerPluginLandingPageDisabled(),
      bodySizePlugin(config),
      authGatePlugin,
      metricsPlugin(metrics),
      // (Apollo runs both hooks at once: a stranger still gets the auth gate's 401, and the cost
      // walk is linear in the document, so it costs a stranger nothing either)
      apolloCostPlugin(config.graphql.maxCost, config.graphql.maxPageSize),
      errorLoggingPlugin,
    ],
  });
  await apollo.start();

  app.use(requestId);
  app.use(
    requestMetrics(metrics, ['/graphql', '/health', '/metrics', '/admin', '/dashboard', ...ROUTES.map((r) => r.path)]),
  );
  app.use(corsMiddleware(config));
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (_req, res) => res.getHeader('x-request-id') as string,
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
      // the path only: query strings can carry keys, tokens or a lookup's digits
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: loggedPath(req.url),
        }),
        // the status only: a response's headers can carry a session cookie
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.get('/metrics', metricsRoute(config, metrics));
  // the queue console (Bull Board) behind a browser sign-in: ADMIN, and LEADER read-only
  app.use(adminConsole({ config, prisma: deps.prisma, redis: deps.redis, jwt, queues, refusals, log }));
  // the KPI dashboard for the leadership (a page over /graphql)
  app.use('/dashboard', dashboardRoutes());
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req, res) => {
    const checks = await readiness(deps);
    const ok = Object.values(checks).every((v) => v === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', checks });
  });
  // the modules' own routes (attachments, result files, payment callbacks…)
  const system = systemActor({ config, prisma: deps.prisma, log, blobs, queues }, createLoaders);
  for (const route of ROUTES)
    app.use(
      route.path,
      route.router({ config, prisma: deps.prisma, log, jwt, blobs, queues, refusals, system, metrics }),
    );
  app.use(
    '/graphql',
    ...graphqlGate({ config, prisma: deps.prisma, jwt, log, refusals }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<HubContext> => {
        const auth = res.locals['auth'] as AuthResult;
        return contextOf(auth.caller, auth.error, res.locals['requestId'] as string, {
          clientIp: (res.locals['clientIp'] as string | undefined) ?? req.ip ?? 'unknown',
          bodyBytes: (res.locals['bodyBytes'] as number | undefined) ?? 0,
        });
      },
    }),
  );
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    if (isTransientDbError(err)) {
      log.warn({ err, requestId: res.locals['requestId'] }, 'the database is unavailable');
      return void res.status(503).json({
        errors: [
          {
            message: 'A service the hub depends on is unavailable; try again shortly',
            extensions: { code: 'SERVICE_UNAVAILABLE', requestId: res.locals['requestId'] },
          },
        ],
      });
    }
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (status >= 500) log.error({ err, requestId: res.locals['requestId'] }, 'HTTP request failed');
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
    const message =
      status === 413
        ? 'The request body is larger than this endpoint accepts'
        : status < 500
          ? 'The request is malformed'
          : 'Internal server error';
    res.status(status).json({ errors: [{ message, extensions: { code, requestId: res.locals['requestId'] } }] });
  };
  app.use(onError);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.http.port, config.http.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close: () => (closing ??= apollo.stop().then(() => queues.close())),
  };
}
