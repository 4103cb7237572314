/**
 * The queue console: Bull Board under /admin/queues, for people in a browser. Never open:
 *
 * - a person signs in at /admin/login with the JWT they use for the API (pasted, or sent as
 *   `Authorization: Bearer …` to POST /admin/session); the hub keeps a random session id for them
 *   in Redis for at most an hour (never past the token's expiry) and sets it as an HttpOnly,
 *   SameSite=Strict cookie on /admin: the cookie is not the token, and no log carries it;
 * - ADMIN gets the console with the actions the hub allows (pause, resume, retry, promote, clean),
 *   each written to the audit chain; LEADER the same pages read-only; anyone else is refused (403),
 *   and an anonymous browser is sent to sign in;
 * - a request that signs in, out or changes something must come from the console's own origin
 *   (PUBLIC_URL's, behind a proxy): `Origin` or `Sec-Fetch-Site` must say so.
 */
import { randomBytes } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { parse as parseCookies, serialize } from 'cookie';
import express, { Router, type Request, type Response } from 'express';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import type { Logger } from '../common/logger.js';
import { appendRefusal } from '../core/refusal-audit.js';
import type { PrismaClient } from '../db/client.js';
import { ALL_QUEUES } from '../jobs/job-catalog.js';
import type { Queues } from '../jobs/queues.js';
import { authenticate } from '../modules/auth/authenticate.js';
import type { Caller } from '../modules/auth/caller.js';
import type { JwtVerifier } from '../modules/auth/jwt.js';
import { addressBucket, type AnonymousRefusals } from './graphql-gate.js';

const CONSOLE_PATH = '/admin/queues';
const COOKIE = 'lth_console';
const SESSION_SECONDS = 3600;

/** What ADMIN may change from the console (Bull Board offers more: adding or editing jobs, schedulers, limits — refused). */
const ACTIONS: RegExp[] = [
  /^PUT \/api\/queues\/(pause|resume)$/,
  /^PUT \/api\/queues\/[^/]+\/(pause|resume|promote)$/,
  /^PUT \/api\/queues\/[^/]+\/(retry|clean)\/[a-z]+$/,
  /^PUT \/api\/queues\/[^/]+\/[^/]+\/(retry|promote|clean)$/,
];
/** What only ADMIN reads: Redis's own statistics and its clients. */
const ADMIN_READS = [/^GET \/api\/redis\/stats$/, /^GET \/api\/queues\/[^/]+\/workers$/];

const HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  // (no-referrer would make browsers send `Origin: null` with the console's own forms)
  'Referrer-Policy': 'same-origin',
};

export interface ConsoleDeps {
  config: Config;
  prisma: PrismaClient;
  redis: Redis;
  jwt: JwtVerifier;
  queues: Queues;
  refusals: AnonymousRefusals;
  log: Logger;
}

/** One board over every queue: with actions for ADMIN, read-only for LEADER (each its own adapters). */
function board(queues: Queues, readOnlyMode: boolean): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(CONSOLE_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map((q) => new BullMQAdapter(queues.get(q), { readOnlyMode, allowRetries: !readOnlyMode })),
    serverAdapter,
    options: {
      uiConfig: { boardTitle: readOnlyMode ? 'Liên Thông Hub — hàng đợi (chỉ xem)' : 'Liên Thông Hub — hàng đợi' },
    },
  });
  const app = serverAdapter.getRouter() as express.Express;
  app.disable('x-powered-by');
  return app;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em"><h1>${title}</h1>${body}</body></html>`;

const LOGIN_FORM = page(
  'Đăng nhập bảng điều khiển',
  `<p>Dán mã truy cập (JWT) của bạn — quyền ADMIN hoặc LEADER. / Paste your access token (JWT): ADMIN or LEADER.</p>
<form method="post" action="/admin/session"><textarea name="token" rows="6" style="width:100%" required></textarea>
<p><button type="submit">Đăng nhập / Sign in</button></p></form>`,
);

interface Session {
  caller: Caller;
  until: number;
}

export function adminConsole(deps: ConsoleDeps): Router {
  const { config, prisma, redis, jwt, log, refusals } = deps;
  const secure = config.env === 'production';
  const sessionKey = (id: string) => `${config.queuePrefix}:console:${id}`;
  const full = board(deps.queues, false);
  const readOnly = board(deps.queues, true);
  const router = Router();
  const publicOrigin = config.publicUrl ? new URL(config.publicUrl).origin : null;
  /**
   * The request comes from the console's own pages, as its browser says: an `Origin` that is the
   * hub's public one (PUBLIC_URL, behind a proxy) or this request's own host, or, without one,
   * `Sec-Fetch-Site: same-origin`. No browser sends another site's request with these.
   */
  const sameOrigin = (req: Request) => {
    const origin = req.headers.origin;
    if (!origin || origin === 'null') return req.headers['sec-fetch-site'] === 'same-origin';
    if (origin === publicOrigin) return true;
    try {
      return new URL(origin).host === req.get('host');
    } catch {
      return false;
    }
  };
  const refuse = (res: Response, status: number, code: string, message: string) =>
    void res.status(status).json({ errors: [{ message, extensions: { code } }] });

  /** The person behind this request: its console session, or its bearer header (checked now). */
  const personOf = async (req: Request): Promise<Caller | null> => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      const auth = await authenticate(prisma, jwt, { authorization: `Bearer ${bearer}` }).catch(() => null);
      return auth?.caller?.kind === 'user' ? auth.caller : null;
    }
    const id = parseCookies(req.headers.cookie ?? '')[COOKIE];
    if (!id || !/^[\w-]{43}$/.test(id)) return null;
    const stored = await redis.get(sessionKey(id)).catch(() => null);
    const session = stored ? (JSON.parse(stored) as Session) : null;
    return session && session.until > Date.now() ? session.caller : null;
  };

  router.use('/admin', (_req, res, next) => {
    res.set(HEADERS);
    next();
  });
  router.get('/admin/login', (_req, res) => void res.type('html').send(LOGIN_FORM));
  router.post('/admin/session', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    if (!sameOrigin(req)) return refuse(res, 403, 'FORBIDDEN', 'Sign in from the console’s own page');
    const ip = addressBucket(req.ip ?? 'unknown');
    if (await refusals.overLimit(ip))
      return refuse(res, 429, 'FORBIDDEN', 'Too many refused sign-ins: try again in a minute');
    const token =
      /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ??
      (typeof req.body?.token === 'string' ? req.body.token.trim() : '');
    const auth = token ? await authenticate(prisma, jwt, { authorization: `Bearer ${token}` }).catch(() => null) : null;
    const caller = auth?.caller;
    if (!caller || caller.kind !== 'user' || (caller.role !== 'ADMIN' && caller.role !== 'LEADER')) {
      await refusals.count(ip);
      log.warn({ role: caller?.role ?? null }, 'a console sign-in was refused');
      return void res
        .status(caller ? 403 : 401)
        .type('html')
        .send(
          page(
            'Không đăng nhập được',
            '<p>Chỉ ADMIN và LEADER, với mã còn hạn. / ADMIN or LEADER only, with a valid token.</p><p><a href="/admin/login">Thử lại / Try again</a></p>',
          ),
        );
    }
    const claims = await jwt.verify(token);
    const seconds = Math.max(1, Math.min(SESSION_SECONDS, (claims.exp ?? Infinity) - Math.floor(Date.now() / 1000)));
    const id = randomBytes(32).toString('base64url');
    const session: Session = { caller, until: Date.now() + seconds * 1000 };
    await redis.set(sessionKey(id), JSON.stringify(session), 'EX', seconds);
    res.setHeader(
      'Set-Cookie',
      serialize(COOKIE, id, { httpOnly: true, sameSite: 'strict', secure, path: '/admin', maxAge: seconds }),
    );
    res.redirect(303, CONSOLE_PATH);
  });
  router.post('/admin/logout', async (req, res) => {
    if (!sameOrigin(req)) return refuse(res, 403, 'FORBIDDEN', 'Sign out from the console’s own page');
    const id = parseCookies(req.headers.cookie ?? '')[COOKIE];
    if (id) await redis.del(sessionKey(id)).catch(() => undefined);
    res.setHeader(
      'Set-Cookie',
      serialize(COOKIE, '', { httpOnly: true, sameSite: 'strict', secure, path: '/admin', maxAge: 0 }),
    );
    res.redirect(303, '/admin/login');
  });

  router.use(CONSOLE_PATH, async (req: Request, res: Response, next) => {
    const person = await personOf(req);
    if (!person) {
      if (req.method === 'GET' && req.headers.accept?.includes('text/html'))
        return void res.redirect(303, '/admin/login');
      return refuse(res, 401, 'UNAUTHENTICATED', 'Sign in at /admin/login');
    }
    if (person.role !== 'ADMIN' && person.role !== 'LEADER')
      return refuse(res, 403, 'FORBIDDEN', 'The queue console is for ADMIN and LEADER');
    const action = `${req.method} ${req.path}`;
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      if (person.role !== 'ADMIN' && ADMIN_READS.some((r) => r.test(action)))
        return refuse(res, 403, 'FORBIDDEN', 'Redis statistics are for ADMIN');
      return (person.role === 'ADMIN' ? full : readOnly)(req, res, next);
    }
    // a change: from the console's own page, by ADMIN, one the hub allows, and audited
    if (!sameOrigin(req)) return refuse(res, 403, 'FORBIDDEN', 'Cross-site request refused');
    if (person.role !== 'ADMIN') return refuse(res, 403, 'FORBIDDEN', 'LEADER reads the console; ADMIN acts');
    if (!ACTIONS.some((r) => r.test(action)))
      return refuse(res, 403, 'FORBIDDEN', 'Not from this console: use the GraphQL API (or add jobs through the hub)');
    res.once('finish', () => {
      const targets = req.path.split('/').slice(3).filter(Boolean);
      void appendRefusal(
        prisma,
        {
          caller: person,
          operation: `queueConsole ${action.replace(/^(\w+) \/api\/queues\/?/, '$1 ')}`.slice(0, 200),
          targetIds: targets.slice(0, 3),
          requestId: String(res.locals['requestId'] ?? ''),
          outcome: res.statusCode < 400 ? 'SUCCESS' : 'FAILED',
          errorCode: res.statusCode < 400 ? null : String(res.statusCode),
        },
        log,
      );
    });
    full(req, res, next);
  });
  return router;
}
