/**
 * /dashboard: the KPI dashboard the city's leadership reads (ADMIN, LEADER), a page over the
 * GraphQL API drawn with Apache ECharts. The page holds no data: its script asks /graphql with the
 * person's token, so the API's rules (roles, limits, audit of nothing: it only reads) apply as is.
 */
import { createRequire } from 'node:module';
import { Router, type Response } from 'express';
import { DASHBOARD_CSS, DASHBOARD_HTML, DASHBOARD_JS } from './dashboard.page.js';

const ECHARTS = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');

/** Scripts and styles of this origin only; the page is never framed. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const send = (res: Response, type: string, body: string, cache = 'no-cache') =>
  void res
    .type(type)
    .set({ 'Cache-Control': cache, 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' })
    .send(body);

export function dashboardRoutes(): Router {
  const router = Router();
  router.get('/', (_req, res) => send(res, 'html', DASHBOARD_HTML));
  router.get('/app.js', (_req, res) => send(res, 'js', DASHBOARD_JS));
  router.get('/app.css', (_req, res) => send(res, 'css', DASHBOARD_CSS));
  router.get('/echarts.min.js', (_req, res) =>
    res.set({ 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' }).sendFile(ECHARTS),
  );
  return router;
}
