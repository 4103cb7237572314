/**
 * The queue console: Bull Board under /admin/queues, for people in a browser. Never open:
 *
 * - a person signs in at /admin/login with the JWT they use for the API (pasted, or sent as
 *   `Authorization: Bearer …` to POST /admin/session); the hub keeps it in an HttpOnly,
 *   SameSite=Strict cookie on /admin for at most an hour (and never past the token's expiry);
 * - every request of the console checks that token again (a revoked or expired one is refused);
 * - ADMIN gets the full console (retry, clean, pause…); LEADER the same pages read-only (Bull
 *   Board's read-only mode); anyone else is refused (403) and an anonymous browser is sent to sign in;
 * - a request that changes something must come from the console's own origin (no cross-site form).
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { parse as parseCookies, serialize } from 'cookie';
import express, { Router, type Request, type Response } from 'express';
import type { Config } from '../config/config.js';
import type { Logger } from '../common/logger.js';
import type { PrismaClient } from '../db/client.js';
import { ALL_QUEUES } from '../jobs/job-catalog.js';
import type { Queues } from '../jobs/queues.js';
import { authenticate } from '../modules/auth/authenticate.js';
import type { Caller } from '../modules/auth/caller.js';
import type { JwtVerifier } from '../modules/auth/jwt.js';

const CONSOLE_PATH = '/admin/queues';
const COOKIE = 'lth_console';
const SESSION_SECONDS = 3600;

export interface ConsoleDeps {
  config: Config;
  prisma: PrismaClient;
  jwt: JwtVerifier;
  queues: Queues;
  log: Logger;
}

/** One board over every queue: full for ADMIN, read-only for LEADER (each its own adapters). */
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
  return serverAdapter.getRouter() as Router;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em"><h1>${title}</h1>${body}</body></html>`;

const LOGIN_FORM = page(
  'Đăng nhập bảng điều khiển',
  `<p>Dán mã truy cập (JWT) của bạn — quyền ADMIN hoặc LEADER. / Paste your access token (JWT): ADMIN or LEADER.</p>
<form method="post" action="/admin/session"><textarea name="token" rows="6" style="width:100%" required></textarea>
<p><button type="submit">Đăng nhập / Sign in</button></p></form>`,
);

export function adminConsole(deps: ConsoleDeps): Router {
  const { config, prisma, jwt, log } = deps;
  const secure = config.env === 'production';
  const full = board(deps.queues, false);
  const readOnly = board(deps.queues, true);
  const router = Router();

  /** The person behind this request's cookie (or bearer header), checked now. */
  const personOf = async (req: Request): Promise<Caller | null> => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? parseCookies(req.headers.cookie ?? '')[COOKIE];
    if (!token) return null;
    const auth = await authenticate(prisma, jwt, { authorization: `Bearer ${token}` }).catch(() => null);
    return auth?.caller?.kind === 'user' ? auth.caller : null;
  };

  router.get('/admin/login', (_req, res) => void res.type('html').send(LOGIN_FORM));
  router.post('/admin/session', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const token =
      /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ??
      (typeof req.body?.token === 'string' ? req.body.token.trim() : '');
    const auth = token ? await authenticate(prisma, jwt, { authorization: `Bearer ${token}` }).catch(() => null) : null;
    const caller = auth?.caller;
    if (!caller || caller.kind !== 'user' || (caller.role !== 'ADMIN' && caller.role !== 'LEADER')) {
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
    const left = typeof claims.exp === 'number' ? claims.exp - Math.floor(Date.now() / 1000) : SESSION_SECONDS;
    res.setHeader(
      'Set-Cookie',
      serialize(COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure,
        path: '/admin',
        maxAge: Math.max(1, Math.min(SESSION_SECONDS, left)),
      }),
    );
    res.redirect(303, CONSOLE_PATH);
  });
  router.post('/admin/logout', (_req, res) => {
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
      return void res
        .status(401)
        .json({ errors: [{ message: 'Sign in at /admin/login', extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    if (person.role !== 'ADMIN' && person.role !== 'LEADER')
      return void res.status(403).json({
        errors: [{ message: 'The queue console is for ADMIN and LEADER', extensions: { code: 'FORBIDDEN' } }],
      });
    // a change comes from the console's own pages, never from another site's form or script
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const origin = req.headers.origin;
      if (origin && origin !== `${req.protocol}://${req.get('host')}`)
        return void res
          .status(403)
          .json({ errors: [{ message: 'Cross-site request refused', extensions: { code: 'FORBIDDEN' } }] });
      if (person.role !== 'ADMIN')
        return void res
          .status(403)
          .json({ errors: [{ message: 'LEADER reads the console; ADMIN acts', extensions: { code: 'FORBIDDEN' } }] });
    }
    (person.role === 'ADMIN' ? full : readOnly)(req, res, next);
  });
  return router;
}
