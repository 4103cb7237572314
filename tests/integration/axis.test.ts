/** The national document axis: documents and status packets out, the poll-import-acknowledge loop in. */
import { readFileSync } from 'node:fs';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../../src/db/client.js';
import { QueueName } from '../../src/jobs/job-catalog.js';
import { Queues } from '../../src/jobs/queues.js';
import { makeCertificate } from '../../src/modules/edxml/edxml.keys.js';
import { parseEdxml } from '../../src/modules/edxml/edxml.parse.js';
import { signPackage } from '../../src/modules/edxml/edxml.signature.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox.server.js';
import { startWorkers, type RunningWorkers } from '../../workers/worker-pool.js';
import { CITY, COMMUNE, MINISTRY, REPORT, SEND, sendInput } from '../support/documents.js';
import { startTestHub, type TestHub, ok } from '../support/hub.js';
import { REDIS_URL } from '../support/infra.js';

let sandbox: RunningSandbox;
let hub: TestHub;
let prisma: PrismaClient;
let workers: RunningWorkers;
let events: QueueEvents;
let queues: Queues;
let connection: Redis;
const finished = new Map<string, { state: string; value?: unknown }>();
const waiters = new Map<string, () => void>();
const settled = (jobId: string) =>
  new Promise<void>((resolve) => (finished.has(jobId) ? resolve() : waiters.set(jobId, resolve)));
const axisState = async () =>
  (await (await fetch(`${sandbox.url}/__sandbox/axis`)).json()) as { sent: any[]; inbox: any[]; repeated: number };
const toInbox = async (xml: string) =>
  (
    (await (
      await fetch(`${sandbox.url}/__sandbox/axis/inbox`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml' },
        body: xml,
      })
    ).json()) as { id: string }
  ).id;
const poll = async () => {
  const id = (await queues.enqueue('axis.poll', { reason: 'manual' }))!;
  await settled(id);
  return finished.get(id)!;
};

beforeAll(async () => {
  sandbox = await startSandbox(0);
  // the tests poll the axis themselves: the scheduled poll (first run at start) waits a day
  hub = await startTestHub({ PORTAL_URL: sandbox.url, PORTAL_BACKOFF_MS: '10', AXIS_POLL_MS: '86400000' });
  prisma = createPrisma(hub.databaseUrl);
  workers = await startWorkers({ config: hub.config, prisma, log: pino({ level: 'silent' }) }, REDIS_URL);
  connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  await connection.ping();
  queues = new Queues(connection, hub.config);
  events = new QueueEvents(QueueName.Portal, {
    connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
    prefix: hub.redisPrefix,
  });
  await events.waitUntilReady();
  events.on('completed', ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => {
    finished.set(jobId, { state: 'completed', value: returnvalue });
    waiters.get(jobId)?.();
  });
  events.on('failed', ({ jobId }: { jobId: string }) => {
    finished.set(jobId, { state: 'failed' });
    waiters.get(jobId)?.();
  });
});
afterAll(async () => {
  await workers?.close();
  await events?.close();
  await queues?.close();
  connection?.disconnect();
  await prisma?.$disconnect();
  await hub?.close();
  await sandbox?.close();
});

describe('out through the axis', () => {
  it('sends a document to its recipients outside the city, and only to them', async () => {
    const commune = await hub.token({ role: 'OFFICER', agency: COMMUNE });
    const d = ok(
      await hub.gql(
        SEND,
        { input: sendInput({ recipientCodes: [CITY, MINISTRY], subject: 'Báo cáo gửi Bộ Tài chính' }) },
        commune,
      ),
    ).sendDocument;
    await settled(`axis-send-${d.id}`);
    const sent = (await axisState()).sent
      .filter((s) => s.messagetype === 'edoc')
      .map((s) => parseEdxml(s.package))
      .find((m) => m.kind === 'document' && m.document.documentId === d.edxmlDocumentId);
    expect(sent?.kind).toBe('document');
    if (sent?.kind !== 'document') return;
    expect(sent.document.from.organId).toBe(COMMUNE);
    expect(sent.document.to.map((t) => t.organId)).toEqual([MINISTRY]);
    expect(sent.document.subject).toBe('Báo cáo gửi Bộ Tài chính');
    // a document that stays in the city does not travel
    const local = ok(await hub.gql(SEND, { input: sendInput({ recipientCodes: [CITY] }) }, commune)).sendDocument;
    expect(
      (
        await hub.sql(
          `SELECT count(*)::int AS n FROM outbox WHERE job_name = 'axis.sendDocument' AND payload->>'documentId' = $1`,
          [local.id],
        )
      ).rows[0].n,
    ).toBe(0);
  });
});

describe('a document sent again', () => {
  it('is kept once by the receiver: the answer to the first send was lost, the retry carries the same message id', async () => {
    const setFaults = (body: unknown) =>
      fetch(`${sandbox.url}/__sandbox/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const commune = await hub.token({ role: 'OFFICER', agency: COMMUNE });
    const before = await axisState();
    await setFaults({ 'axis.sendEdoc': { loseAnswer: true } });
    let d: { id: string; edxmlDocumentId: string };
    const kept = async () =>
      (await axisState()).sent
        .filter((x) => x.messagetype === 'edoc')
        .map((x) => parseEdxml(x.package))
        .filter((m) => m.kind === 'document' && m.document.documentId === d.edxmlDocumentId);
    try {
      d = ok(
        await hub.gql(
          SEND,
          { input: sendInput({ recipientCodes: [MINISTRY], subject: 'Gửi lại khi mất trả lời' }) },
          commune,
        ),
      ).sendDocument;
      for (let i = 0; i < 2400 && (await kept()).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    } finally {
      await setFaults({});
    }
    await settled(`axis-send-${d.id}`);
    expect(
      (await hub.sql('SELECT axis_sent_at FROM document WHERE id = $1', [d.id])).rows[0].axis_sent_at,
    ).not.toBeNull();
    expect(await kept()).toHaveLength(1);
    expect((await axisState()).repeated).toBeGreaterThan(before.repeated);
  });
});

describe('in from the axis', () => {
  it('polls, imports each package as the national axis, acknowledges it, and answers with status packets', async () => {
    const xml = readFileSync(new URL('../fixtures/edxml/edoc_new.edxml', import.meta.url), 'utf8')
      .replace('<edXML:OrganId>000.00.00.A80</edXML:OrganId>', '<edXML:OrganId>000.00.00.G22</edXML:OrganId>')
      .replace('<edXML:OrganId>28.22.H17</edXML:OrganId>', `<edXML:OrganId>${CITY}</edXML:OrganId>`);
    const axisId = await toInbox(xml);
    const bad = await toInbox('<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><broken>');
    const result = await poll();
    expect(result).toEqual({ state: 'completed', value: { imported: 1, refused: 1 } });
    const inbox = (await axisState()).inbox;
    expect(inbox.find((i) => i.id === axisId)).toMatchObject({ status: 'done' });
    // (the SDK's updateStatus carries no reason: the worker logs it)
    expect(inbox.find((i) => i.id === bad)).toMatchObject({ status: 'fail' });

    const city = await hub.token({ role: 'OFFICER', agency: CITY });
    const received = ok(
      await hub.gql(
        `{ inbox(first: 5, senderCodes: ["000.00.00.G22"]) { edges { node { id document { edxmlDocumentId sender { code } attachments { size } } } } } }`,
        {},
        city,
      ),
    ).inbox.edges;
    expect(received).toHaveLength(1);
    expect(received[0].node.document).toMatchObject({
      edxmlDocumentId: '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT',
      sender: { code: '000.00.00.G22' },
      attachments: [{ size: 270823 }],
    });
    const audit = (
      await hub.sql(
        `SELECT actor_type, actor_id, outcome FROM audit_log WHERE operation = 'importEdxml(axis)' ORDER BY seq`,
      )
    ).rows;
    expect(audit).toEqual([
      { actor_type: 'SYSTEM', actor_id: 'national-axis', outcome: 'SUCCESS' },
      { actor_type: 'SYSTEM', actor_id: 'national-axis', outcome: 'REFUSED' },
    ]);

    // the city's progress goes back to VPCP as an edXML status packet
    const ev = ok(await hub.gql(REPORT, { input: { deliveryId: received[0].node.id, status: 'ARRIVED' } }, city))
      .reportDeliveryStatus.event;
    await settled(`axis-status-${ev.id}`);
    const packets = (await axisState()).sent
      .filter((s) => s.messagetype === 'status')
      .map((s) => parseEdxml(s.package));
    expect(packets).toContainEqual(
      expect.objectContaining({
        kind: 'status',
        status: expect.objectContaining({
          statusCode: '01',
          from: expect.objectContaining({ organId: CITY }),
          responseFor: expect.objectContaining({ organId: '000.00.00.G22' }),
        }),
      }),
    );

    // polling again imports nothing twice
    expect(await poll()).toEqual({ state: 'completed', value: { imported: 0, refused: 0 } });
  });
});

describe('byte for byte', () => {
  it('keeps a package from the axis exactly as sent, so its signature still holds (decomposed Vietnamese included)', async () => {
    const signer = await makeCertificate('CN=Van phong Chinh phu, O=VPCP, C=VN');
    const xml = signPackage(
      readFileSync(new URL('../fixtures/edxml/edoc_new.edxml', import.meta.url), 'utf8')
        .replace('<edXML:OrganId>000.00.00.A80</edXML:OrganId>', '<edXML:OrganId>000.00.00.G22</edXML:OrganId>')
        .replace('<edXML:OrganId>28.22.H17</edXML:OrganId>', `<edXML:OrganId>${CITY}</edXML:OrganId>`)
        .replace(
          /<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/,
          '<edXML:DocumentId>000.00.00.G22,2026/11/27,88/VPCP</edXML:DocumentId>',
        )
        .replace(
          '<edXML:Subject>V/v kết nối, liên thông phần mềm quản lý văn bản</edXML:Subject>',
          `<edXML:Subject>${'Về việc liên thông văn bản'.normalize('NFD')}</edXML:Subject>`,
        )
        .replace(/<Signature>[\s\S]*?<\/Signature>\s*/, ''),
      signer,
    );
    await toInbox(xml);
    expect(await poll()).toEqual({ state: 'completed', value: { imported: 1, refused: 0 } });
    const admin = await hub.token({ role: 'ADMIN' });
    const [doc] = ok(
      await hub.gql(
        `{ documents(first: 1, subject: "Về việc liên thông") { edges { node { id subject signature { verdict } } } } }`,
        {},
        admin,
      ),
    ).documents.edges.map((e: any) => e.node);
    expect(doc).toMatchObject({ subject: 'Về việc liên thông văn bản', signature: { verdict: 'VALID' } });
    expect(
      ok(await hub.gql(`query($id: ID!) { documentEdxml(id: $id, original: true) }`, { id: doc.id }, admin))
        .documentEdxml,
    ).toBe(xml);
  });
});

describe('the contract double', () => {
  it('accepted every call the hub made to the axis', () => {
    expect(sandbox.store.violations).toEqual([]);
  });
});
