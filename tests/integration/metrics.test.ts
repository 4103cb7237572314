/**
 * Prometheus metrics, scraped as Prometheus does from the API and from a worker process (a real
 * one) after a small scenario: a dossier synced to the portal, a job failed for good, an open
 * breaker, a refused payment callback. Each listed series is there with a plausible value, and the
 * scrape token is required.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { freePort } from '../../src/embedded/free-port.js';
import { metricsRoute } from '../../src/http/metrics-route.js';
import { CircuitBreaker } from '../../src/jobs/circuit-breaker.js';
import { Redis } from 'ioredis';
import { createMetrics } from '../../src/observability/metrics.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox.server.js';
import { CITY, COMMUNE, sendInput } from '../support/documents.js';
import { applicant, createProcedure } from '../support/dossiers.js';
import { ok, startTestHub, type TestHub } from '../support/hub.js';
import { REDIS_URL } from '../support/infra.js';
import { syncedTo, until } from '../support/national.js';
import { processEnv, startWorkerProcess, type Cleanups } from '../support/processes.js';

const TOKEN = 'scrape-token-0123456789abcdef';
let sandbox: RunningSandbox;
let hub: TestHub;
let workerUrl: string;
const cleanups: Cleanups = [];

beforeAll(async () => {
  sandbox = await startSandbox(0);
  const env = { PORTAL_URL: sandbox.url, PORTAL_BACKOFF_MS: '10', METRICS_TOKEN: TOKEN, OUTBOUND_ALLOW: '127.0.0.1' };
  hub = await startTestHub(env);
  sandbox.setHubUrl(hub.url);
  const port = await freePort();
  workerUrl = `http://127.0.0.1:${port}`;
  await startWorkerProcess(
    processEnv(hub, REDIS_URL, {
      ...env,
      WORKER_HTTP_PORT: String(port),
      WEBHOOK_ATTEMPTS: '1',
      AUDIT_CHECKPOINT_MS: '1000',
    }),
    cleanups,
  );
});
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await hub?.close();
  await sandbox?.close();
});

/** One scrape: every sample, by its series (name and labels, as the text format writes them). */
async function scrape(base: string, auth: string | null = `Bearer ${TOKEN}`) {
  const res = await fetch(`${base}/metrics`, { headers: auth ? { authorization: auth } : {} });
  const text = await res.text();
  const samples = new Map<string, number>();
  for (const line of res.status === 200 ? text.split('\n') : [])
    if (line && !line.startsWith('#')) {
      const at = line.lastIndexOf(' ');
      samples.set(line.slice(0, at), Number(line.slice(at + 1)));
    }
  return { status: res.status, type: res.headers.get('content-type'), samples };
}
/** The samples of one metric whose labels include all of `labels`. */
const values = (samples: Map<string, number>, name: string, labels: Record<string, string> = {}) =>
  [...samples].filter(
    ([series]) =>
      (series === name || series.startsWith(`${name}{`)) &&
      Object.entries(labels).every(([k, v]) => series.includes(`${k}="${v}"`)),
  );
const total = (samples: Map<string, number>, name: string, labels: Record<string, string> = {}) =>
  values(samples, name, labels).reduce((n, [, v]) => n + v, 0);

describe('metrics after a small scenario', () => {
  it('are scraped from the API and from a worker process with plausible values', async () => {
    const admin = await hub.token({ role: 'ADMIN' });
    const ward = await hub.token({ role: 'OFFICER', agency: COMMUNE });
    await createProcedure(hub, admin);
    // a dossier synced to the portal by the worker process
    const dossier = ok(
      await hub.gql(
        `mutation Submit($input: SubmitDossierInput!) { submitDossier(input: $input) { id } }`,
        { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } },
        ward,
      ),
    ).submitDossier;
    await syncedTo(hub, dossier.id, 1);
    // a job failed for good: a webhook nobody answers, one attempt
    const city = await hub.token({ role: 'OFFICER', agency: CITY });
    const closed = await freePort();
    ok(await hub.gql(`mutation { setWebhook(url: "http://127.0.0.1:${closed}/hook") { url } }`, {}, city));
    ok(
      await hub.gql(
        `mutation($input: SendDocumentInput!) { sendDocument(input: $input) { id } }`,
        { input: sendInput({ recipientCodes: [CITY] }) },
        ward,
      ),
    );
    await until(
      async () => (await hub.sql(`SELECT count(*)::int AS n FROM webhook_call WHERE status = 'FAILED'`)).rows[0].n > 0,
      'the webhook call failed for good',
    );
    // an open breaker: the axis failing as often as the breaker allows
    const redis = new Redis(REDIS_URL);
    const breaker = new CircuitBreaker(redis, hub.redisPrefix, hub.config.breaker);
    for (let i = 0; i < hub.config.breaker.threshold; i++) await breaker.failure('axis');
    redis.disconnect();
    // a forged payment callback, refused
    await fetch(`${hub.url}/callbacks/payment-platform`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ MaThamChieu: 'FORGED', SoTien: '1', MaXacThuc: 'x' }),
    });

    const api = await scrape(hub.url);
    expect(api.status).toBe(200);
    expect(api.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const s = api.samples;
    expect(total(s, 'lth_http_requests_total', { route: '/graphql', method: 'POST', status: '200' })).toBeGreaterThan(
      3,
    );
    expect(total(s, 'lth_graphql_operations_total', { operation: 'Submit', type: 'mutation', outcome: 'OK' })).toBe(1);
    expect(total(s, 'lth_graphql_operation_duration_seconds_count', { operation: 'Submit' })).toBe(1);
    expect(total(s, 'lth_queue_jobs', { queue: 'portal', state: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(total(s, 'lth_queue_jobs', { queue: 'webhooks', state: 'failed' })).toBeGreaterThanOrEqual(1);
    expect(total(s, 'lth_breaker_state', { upstream: 'axis' })).toBe(1);
    expect(total(s, 'lth_breaker_state', { upstream: 'portal' })).toBe(0);
    expect(values(s, 'lth_outbox_backlog').length).toBeGreaterThanOrEqual(0);
    expect(total(s, 'lth_payment_callbacks_total', { gateway: 'payment-platform', result: 'refused' })).toBe(1);
    expect(total(s, 'lth_audit_head_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(values(s, 'lth_audit_unsealed_rows')).toHaveLength(1);
    expect(total(s, 'lth_calendar_horizon_days')).toBeGreaterThan(-1000);
    expect(values(s, 'lth_calendar_warning')).toHaveLength(1);
    expect(total(s, 'lth_process_cpu_user_seconds_total')).toBeGreaterThan(0);

    // the worker process: its jobs, the audit chain it verifies, its own process
    await until(
      async () => total((await scrape(workerUrl)).samples, 'lth_audit_chain_ok') === 1,
      'the worker verified the audit chain',
    );
    const w = (await scrape(workerUrl)).samples;
    expect(
      total(w, 'lth_job_attempts_total', { job: 'portal.syncDossier', outcome: 'completed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(total(w, 'lth_job_attempts_total', { job: 'webhook.deliver', outcome: 'failed' })).toBe(1);
    expect(total(w, 'lth_job_duration_seconds_count', { job: 'portal.syncDossier' })).toBeGreaterThanOrEqual(1);
    expect(total(w, 'lth_audit_chain_verified_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 3600);
    expect(total(w, 'lth_process_resident_memory_bytes', { process: 'workers' })).toBeGreaterThan(0);
    const health = await fetch(`${workerUrl}/health/ready`);
    expect(health.status).toBe(200);
  });
});

describe('the scrape token', () => {
  it('is required by the API and the worker', async () => {
    for (const base of [hub.url, workerUrl])
      for (const auth of [null, 'Bearer wrong-token-0123456789abcdef', TOKEN]) {
        const r = await scrape(base, auth);
        expect(r.status, `${base} ${auth}`).toBe(401);
        expect(r.samples.size).toBe(0);
      }
  });

  it('without a token, metrics are off in production and open in development', async () => {
    const answer = async (metrics: Config['metrics']) => {
      let status = 200;
      const res = {
        status: (s: number) => ((status = s), res),
        json: () => undefined,
        setHeader: () => undefined,
        send: () => undefined,
      };
      await metricsRoute({ metrics } as Config, createMetrics('api'))({ headers: {} } as never, res as never, () => {});
      return status;
    };
    expect(await answer({ open: false, workerPort: 0 })).toBe(404);
    expect(await answer({ open: true, workerPort: 0 })).toBe(200);
  });
});
