/** Webhooks through the real API, the real worker and a local receiver. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../../src/db/client.js';
import { QueueName } from '../../src/jobs/job-catalog.js';
import { Queues } from '../../src/jobs/queues.js';
import { verifyWebhook } from '../../src/modules/webhook/webhook.signing.js';
import { startWorkers, type RunningWorkers } from '../../workers/worker-pool.js';
import { CITY, COMMUNE, MINISTRY, REPORT, SEND, sendInput } from '../support/documents.js';
import { codeOf, startTestHub, type TestHub, ok } from '../support/hub.js';
import { NO_REDIS, REDIS_URL } from '../support/infra.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver that answers `status` and hands each request to whoever waits for it. */
function receiver(status: number) {
  const got: Received[] = [];
  const waiters: Array<(r: Received) => void> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const r = { headers: req.headers, body };
      got.push(r);
      res.statusCode = status;
      res.end();
      waiters.shift()?.(r);
    });
  });
  return {
    got,
    next: () => new Promise<Received>((resolve) => waiters.push(resolve)),
    async listen() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let hub: TestHub;
let prisma: PrismaClient;
let workers: RunningWorkers;
let events: QueueEvents;
const auth: Record<'commune' | 'city' | 'ministry' | 'admin', string> = {} as never;
const good = receiver(204);
const broken = receiver(500);
const urls: Record<string, string> = {};

beforeAll(async () => {
  // the receivers listen on loopback, which an operator must allow (OUTBOUND_ALLOW)
  hub = await startTestHub({ WEBHOOK_ATTEMPTS: '3', WEBHOOK_BACKOFF_MS: '10', OUTBOUND_ALLOW: '127.0.0.1' });
  prisma = createPrisma(hub.databaseUrl);
  workers = await startWorkers({ config: hub.config, prisma, log: pino({ level: 'silent' }) }, REDIS_URL);
  events = new QueueEvents(QueueName.Webhooks, {
    connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
    prefix: hub.redisPrefix,
  });
  await events.waitUntilReady();
  events.on('failed', ({ jobId }) => {
    failedJobs.add(jobId);
    failureWaiters.get(jobId)?.();
  });
  auth.commune = await hub.token({ role: 'OFFICER', agency: COMMUNE });
  auth.city = await hub.token({ role: 'OFFICER', agency: CITY });
  auth.ministry = await hub.token({ role: 'OFFICER', agency: MINISTRY });
  auth.admin = await hub.token({ role: 'ADMIN' });
  urls.good = await good.listen();
  urls.broken = await broken.listen();
});
afterAll(async () => {
  await workers?.close();
  await events?.close();
  await prisma?.$disconnect();
  await good.close();
  await broken.close();
  await hub?.close();
});

const failedJobs = new Set<string>();
const failureWaiters = new Map<string, () => void>();
/** Resolves once the job has failed for good (whether before or after this call). */
const finalFailure = (jobId: string) =>
  new Promise<void>((resolve) => (failedJobs.has(jobId) ? resolve() : failureWaiters.set(jobId, resolve)));

const SET = `mutation($url: String!, $agencyCode: String) { setWebhook(url: $url, agencyCode: $agencyCode) { url secret } }`;

describe('webhooks', () => {
  it('POSTs each new delivery and each status change, signed so that a tampered request is detected', async () => {
    const citySecret = ok(await hub.gql(SET, { url: urls.good }, auth.city)).setWebhook.secret as string;
    const communeSecret = ok(await hub.gql(SET, { url: urls.good }, auth.commune)).setWebhook.secret as string;
    expect(citySecret).not.toBe(communeSecret);

    const arrival = good.next();
    const doc = ok(await hub.gql(SEND, { input: sendInput() }, auth.commune)).sendDocument;
    const created = await arrival;
    const body = JSON.parse(created.body);
    expect(body).toMatchObject({
      event: 'delivery.created',
      agencyCode: CITY,
      data: { deliveryId: doc.deliveries[0].id, documentId: doc.id, senderCode: COMMUNE },
    });
    expect(created.headers['x-lth-event']).toBe('delivery.created');
    const signature = created.headers['x-lth-signature'] as string;
    expect(verifyWebhook(citySecret, signature, created.body)).toBe(true);
    // what a receiver must refuse: changed body, another agency's secret, a forged or stale signature
    expect(verifyWebhook(citySecret, signature, created.body.replace(CITY, MINISTRY))).toBe(false);
    expect(verifyWebhook(communeSecret, signature, created.body)).toBe(false);
    // one hex digit changed, whatever it was (replacing it with a fixed digit changes nothing one run in sixteen)
    expect(
      verifyWebhook(
        citySecret,
        signature.replace(/v1=(.)/, (_m, c: string) => `v1=${c === '0' ? '1' : '0'}`),
        created.body,
      ),
    ).toBe(false);
    expect(verifyWebhook(citySecret, signature, created.body, Math.floor(Date.now() / 1000) + 3600)).toBe(false);

    const statusChange = good.next();
    ok(await hub.gql(REPORT, { input: { deliveryId: doc.deliveries[0].id, status: 'ARRIVED' } }, auth.city));
    const status = await statusChange;
    expect(JSON.parse(status.body)).toMatchObject({
      event: 'delivery.status',
      agencyCode: COMMUNE,
      data: { code: '01', deliveryId: doc.deliveries[0].id },
    });
    expect(verifyWebhook(communeSecret, status.headers['x-lth-signature'] as string, status.body)).toBe(true);

    // registering again rotates the secret
    const rotated = ok(await hub.gql(SET, { url: urls.good }, auth.city)).setWebhook.secret;
    expect(rotated).not.toBe(citySecret);
  });

  it('retries with backoff, then marks the call failed where admins see it', async () => {
    ok(await hub.gql(SET, { url: urls.broken }, auth.ministry));
    const doc = ok(
      await hub.gql(SEND, { input: sendInput({ recipientCodes: [MINISTRY] }) }, auth.commune),
    ).sendDocument;
    const call = (await hub.sql(`SELECT id FROM webhook_call WHERE payload->>'documentId' = $1`, [doc.id])).rows[0];
    const jobId = `webhook-call-${call.id}`;
    await finalFailure(jobId);
    expect(broken.got.filter((r) => JSON.parse(r.body).id === call.id)).toHaveLength(3);

    const q = `{ webhookCalls(first: 10, status: FAILED) { totalCount edges { node { id event status attempts lastError agency { code } } } } }`;
    const seen = ok(await hub.gql(q, {}, auth.admin)).webhookCalls;
    expect(seen.edges.map((e: any) => e.node)).toContainEqual({
      id: call.id,
      event: 'delivery.created',
      status: 'FAILED',
      attempts: 3,
      lastError: 'HTTP 500',
      agency: { code: MINISTRY },
    });
    expect(ok(await hub.gql(q, {}, auth.ministry)).webhookCalls.totalCount).toBe(1);
    expect(ok(await hub.gql(q, {}, auth.commune)).webhookCalls.totalCount).toBe(0);
  });

  it('keeps a call made while Redis is away, and the relay delivers it later', async () => {
    // a second API on the same database whose Redis does not answer
    const away = await startTestHub(
      { OUTBOUND_ALLOW: '127.0.0.1' },
      { redisUrl: NO_REDIS, databaseUrl: hub.databaseUrl },
    );
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    await connection.ping(); // connected: enqueueing refuses a connection that is not ready
    const queues = new Queues(connection, hub.config);
    try {
      ok(await hub.gql(SET, { url: urls.good }, auth.city));
      const commune = await away.token({ role: 'OFFICER', agency: COMMUNE });
      const doc = ok(await away.gql(SEND, { input: sendInput() }, commune)).sendDocument; // works without Redis
      const call = (await hub.sql(`SELECT id, status FROM webhook_call WHERE payload->>'documentId' = $1`, [doc.id]))
        .rows[0];
      expect(call.status).toBe('PENDING');
      const arrival = good.next();
      await queues.enqueue('webhook.relay', { olderThanMs: 0 });
      expect(JSON.parse((await arrival).body).data.documentId).toBe(doc.id);
    } finally {
      await queues.close();
      connection.disconnect();
      await away.close();
    }
  });

  it("refuses bad URLs and another agency's webhook", async () => {
    expect(codeOf(await hub.gql(SET, { url: 'ftp://example/hook' }, auth.city))).toBe('BAD_USER_INPUT');
    expect(codeOf(await hub.gql(SET, { url: 'http://user:pw@127.0.0.1/hook' }, auth.city))).toBe('BAD_USER_INPUT');
    expect(codeOf(await hub.gql(SET, { url: urls.good, agencyCode: MINISTRY }, auth.city))).toBe('FORBIDDEN');
    expect(ok(await hub.gql(SET, { url: urls.good, agencyCode: MINISTRY }, auth.admin)).setWebhook.url).toBe(urls.good);
  });
});
