/**
 * `/metrics` (Prometheus text format) behind the scrape token, and the request metrics of an
 * Express app: the API's and the worker process's listener use both.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../config/config.js';
import type { HubMetrics } from '../observability/metrics.js';

/** A request's route as a metric label: the app's known mounts, or `other` (paths are unbounded). */
function routeOf(path: string, mounts: readonly string[]): string {
  for (const m of mounts) if (path === m || path.startsWith(`${m}/`)) return m;
  return 'other';
}

/** Counts and times every request by route, method and status. */
export function requestMetrics(metrics: HubMetrics, mounts: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      // (the path as asked: a mounted router rewrites req.url while it runs)
      const route = routeOf(req.originalUrl.split('?')[0]!, mounts);
      const method = ['GET', 'POST', 'OPTIONS', 'HEAD'].includes(req.method) ? req.method : 'other';
      metrics.httpRequests.inc({ route, method, status: String(res.statusCode) });
      end({ route, method });
    });
    next();
  };
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** GET /metrics: the registry's series, for a scraper presenting `Authorization: Bearer <METRICS_TOKEN>`. */
export function metricsRoute(config: Config, metrics: HubMetrics): RequestHandler {
  return async (req: Request, res: Response) => {
    const { token, open } = config.metrics;
    if (!token && !open)
      return void res.status(404).json({ errors: [{ message: 'Metrics are off: set METRICS_TOKEN to scrape them' }] });
    if (token) {
      const presented = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!same(presented, token)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        return void res
          .status(401)
          .json({ errors: [{ message: 'Present the scrape token: Authorization: Bearer <METRICS_TOKEN>' }] });
      }
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(await metrics.registry.metrics());
  };
}
