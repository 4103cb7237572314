/**
 * The worker process's own HTTP listener, for its operators: `/metrics` (Prometheus, behind the
 * scrape token like the API's), `/health/live` and `/health/ready` (PostgreSQL and Redis as this
 * process reaches them). It serves nothing else.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Config } from '../src/config/config.js';
import { metricsRoute, requestMetrics } from '../src/http/metrics-route.js';
import type { HubMetrics } from '../src/observability/metrics.js';

export interface WorkerHttp {
  url: string;
  close(): Promise<void>;
}

export async function startWorkerHttp(
  config: Config,
  metrics: HubMetrics,
  health: () => Promise<Record<string, string>>,
): Promise<WorkerHttp> {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestMetrics(metrics, ['/metrics', '/health']));
  app.get('/metrics', metricsRoute(config, metrics));
  app.get('/health/live', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/health/ready', async (_req, res) => {
    const checks = await health();
    const ok = Object.values(checks).every((v) => v === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', checks });
  });
  app.use((_req, res) => void res.status(404).json({ errors: [{ message: 'Not found' }] }));
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.metrics.workerPort, config.http.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
