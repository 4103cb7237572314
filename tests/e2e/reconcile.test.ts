/**
 * PostgreSQL is the truth, Redis only a transport — proven with real processes: the API and the
 * workers as production runs them (`start:api`, `start:workers`), PostgreSQL, Redis and the
 * national contract double. What must reach a national system is re-derived from the database
 * when Redis forgets it; payment starts whose answer is lost end paid; a job survives its worker
 * killed twice, and one that does fail for good is shown to admins with its dossier marked
 * FAILED; the breaker opens at a 50 % failure rate; no axis document is delivered twice.
 *
 * Every wait is on a state another process makes true (bounded re-checks), never a timing.
 */
import { readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { QueueName } from '../../src/jobs/job-catalog.js';
import { parseEdxml } from '../../src/modules/edxml/edxml.parse.js';
import {
  newSandboxStore,
  startSandbox,
  type RunningSandbox,
  type SandboxStore,
} from '../../src/sandbox/sandbox.server.js';
import { CITY, COMMUNE, MINISTRY, REPORT, SEND, sendInput } from '../support/documents.js';
import { MOVE, SUBMIT, applicant, createProcedure } from '../support/dossiers.js';
import { ok, startTestHub, type TestHub } from '../support/hub.js';
import { REDIS_URL } from '../support/infra.js';
import { syncedTo, until } from '../support/national.js';
import { FINE, PAYER, setCollectionAccounts } from '../support/payments.js';
import {
  kill,
  ownRedis,
  processEnv,
  startApiProcess,
  startWorkerProcess,
  type ApiProcess,
  type Cleanups,
} from '../support/processes.js';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const WARD = '000.00.51.H24';

/** Workers that retry fast, sweep the outbox often and hand again what is unacknowledged after 2 s. */
const FAST = {
  PORTAL_BACKOFF_MS: '20',
  PORTAL_ATTEMPTS: '40',
  PORTAL_RATE_PER_SECOND: '200',
  PORTAL_TIMEOUT_MS: '5000',
  WORKER_STALLED_INTERVAL_MS: '1000',
  OUTBOX_REDELIVER_MS: '2000',
  SCHEDULE_CHECK_MS: '1000',
  AXIS_POLL_MS: '1000',
  PORTAL_BACKOFF_MAX_MS: '1000',
  BREAKER_THRESHOLD: '1000',
};

/** How long a few hundred changes may take to converge on a loaded machine: it only bounds a hang. */
const CONVERGE_MS = 180_000;

interface Dossier {
  id: string;
  code: string;
  stepIds: string[];
}

interface Stack {
  hub: TestHub;
  api: ApiProcess;
  sandbox: RunningSandbox;
  store: SandboxStore;
  redisUrl: string;
  /** one more worker process */
  worker(extra?: Record<string, string>): ReturnType<typeof startWorkerProcess>;
  tokens: { ward: string; commune: string; admin: string };
  faults(body: unknown): Promise<void>;
  /** submit `count` dossiers and move each three times (four changes, three progress steps) */
  dossiers(count: number): Promise<Dossier[]>;
  /** documents from a commune to the city and a ministry: each travels on the axis */
  documents(count: number): Promise<Array<{ id: string; documentId: string }>>;
  /** fines to pay online on the national platform */
  payments(count: number): Promise<string[]>;
  /** until every dossier is on the portal at v4 with its steps, every document on the axis, every outbox row acknowledged */
  converged(dossiers: Dossier[], documents: Array<{ id: string }>): Promise<void>;
  /** the payer pays each payment at the URL the hub gives; until each is PAID */
  payAll(paymentIds: string[]): Promise<void>;
  /** what the double holds is each change once, and nothing it refused */
  expectDelivered(dossiers: Dossier[], documents: Array<{ id: string; documentId: string }>): Promise<void>;
  queue(name: QueueName): Queue;
}

async function stack(opts: { redisUrl?: string; workerEnv?: Record<string, string> } = {}): Promise<Stack> {
  const redisUrl = opts.redisUrl ?? REDIS_URL;
  const store = newSandboxStore();
  const sandbox = await startSandbox(0, { store });
  cleanups.push(() => sandbox.close());
  const hub = await startTestHub({ PORTAL_URL: sandbox.url }, { redisUrl });
  cleanups.push(() => hub.close());
  const env = processEnv(hub, redisUrl, { PORTAL_URL: sandbox.url });
  const api = await startApiProcess(env, cleanups);
  sandbox.setHubUrl(api.url); // the platform calls the API process back
  const admin = await hub.token({ role: 'ADMIN' });
  await createProcedure(hub, admin);
  await setCollectionAccounts(hub, [WARD]);
  const tokens = {
    ward: await hub.token({ role: 'OFFICER', agency: WARD }),
    commune: await hub.token({ role: 'OFFICER', agency: COMMUNE }),
    admin,
  };
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined); // Redis restarts in one scenario
  const queues: Queue[] = [];
  cleanups.push(async () => {
    for (const q of queues) await q.close().catch(() => undefined);
    connection.disconnect();
  });
  const faults = async (body: unknown) =>
    void (await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }));
  await faults({ DongBoHoSoMC: { latencyMs: 10 }, CapNhatTienDoHoSoMC: { latencyMs: 10 } });

  const oneDossier = async (): Promise<Dossier> => {
    const d = ok(
      await api.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'IN_PERSON' } }, tokens.ward),
    ).submitDossier;
    for (const [n, status] of ['IN_PROCESS', 'SUPPLEMENT_REQUESTED', 'IN_PROCESS'].entries())
      ok(await api.gql(MOVE, { code: d.code, input: { status, note: `bước ${n + 1}` } }, tokens.ward));
    const seen = ok(
      await api.gql(`query($c: String!) { dossier(code: $c) { id steps { id } } }`, { c: d.code }, tokens.ward),
    ).dossier;
    return { id: seen.id, code: d.code, stepIds: (seen.steps as Array<{ id: string }>).slice(1).map((x) => x.id) };
  };
  const inTens = async <T>(count: number, one: (i: number) => Promise<T>) => {
    const out: T[] = [];
    for (let i = 0; i < count; i += 10)
      out.push(...(await Promise.all(Array.from({ length: Math.min(10, count - i) }, (_, j) => one(i + j)))));
    return out;
  };
  let fineNumber = 0;

  return {
    hub,
    api,
    sandbox,
    store,
    redisUrl,
    tokens,
    faults,
    worker: (extra = {}) => startWorkerProcess({ ...env, ...FAST, ...opts.workerEnv, ...extra }, cleanups),
    dossiers: (count) => inTens(count, oneDossier),
    documents: (count) =>
      inTens(count, async () => {
        const d = ok(
          await api.gql(SEND, { input: sendInput({ recipientCodes: [CITY, MINISTRY] }) }, tokens.commune),
        ).sendDocument;
        return { id: d.id as string, documentId: d.edxmlDocumentId as string };
      }),
    payments: (count) =>
      inTens(count, async () => {
        fineNumber++;
        const input = {
          ...PAYER,
          ...FINE,
          kind: 'FINE',
          amount: 100_000 + fineNumber * 1000,
          payerName: 'Hoàng Văn Nộp',
          fineDecisionNumber: `${fineNumber}/QĐ-XPHC`,
          fineDecisionDate: '2026-11-25',
        };
        return ok(
          await api.gql(
            `mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { id } }`,
            { input },
            tokens.ward,
          ),
        ).requestPayment.id as string;
      }),
    async converged(dossiers, documents) {
      for (const d of dossiers) await syncedTo(hub, d.id, 4, CONVERGE_MS);
      const steps = dossiers.flatMap((d) => d.stepIds);
      await until(
        async () =>
          (
            await hub.sql(
              'SELECT count(*)::int AS n FROM dossier_event WHERE id = ANY($1::uuid[]) AND portal_sent_at IS NULL',
              [steps],
            )
          ).rows[0].n === 0,
        'every step on the portal',
        CONVERGE_MS,
      );
      await until(
        async () =>
          (
            await hub.sql(
              'SELECT count(*)::int AS n FROM document WHERE id = ANY($1::uuid[]) AND axis_sent_at IS NULL',
              [documents.map((d) => d.id)],
            )
          ).rows[0].n === 0,
        'every document on the axis',
        CONVERGE_MS,
      );
      await until(
        async () => (await hub.sql('SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL')).rows[0].n === 0,
        'every outbox row acknowledged',
        CONVERGE_MS,
      );
    },
    async payAll(ids) {
      const pending = async () =>
        (
          await hub.sql(
            `SELECT id, payment_url FROM payment WHERE id = ANY($1::uuid[]) AND status = 'PENDING' AND payment_url IS NOT NULL`,
            [ids],
          )
        ).rows;
      await until(async () => (await pending()).length === ids.length, 'every payment payable', CONVERGE_MS);
      for (const p of await pending()) {
        const reference = decodeURIComponent(new URL(p.payment_url).pathname.split('/').pop()!);
        const res = await fetch(`${sandbox.url}/__sandbox/payment/complete`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ reference }),
        });
        expect(res.status, await res.clone().text()).toBe(200);
      }
      await until(
        async () =>
          (
            await hub.sql(`SELECT count(*)::int AS n FROM payment WHERE id = ANY($1::uuid[]) AND status = 'PAID'`, [
              ids,
            ])
          ).rows[0].n === ids.length,
        'every payment PAID',
        CONVERGE_MS,
      );
    },
    async expectDelivered(dossiers, documents) {
      expect(store.violations).toEqual([]);
      // the last state (version 4): back in process, its supplement request answered
      for (const d of dossiers)
        expect(store.dossiers.get(d.code), d.code).toMatchObject({
          TrangThaiHoSo: '4',
          DanhSachHoSoBoSung: [expect.objectContaining({ TrangThaiBoSung: true })],
        });
      expect(store.steps.filter((s) => dossiers.some((d) => d.code === s['MaHoSo'])).length).toBe(dossiers.length * 3);
      // each document kept once by the receiver, whatever the hub sent again
      const kept = store.axis.sent
        .filter((s) => s.messagetype === 'edoc')
        .map((s) => parseEdxml(s.package))
        .flatMap((m) => (m.kind === 'document' ? [m.document.documentId] : []));
      for (const d of documents)
        expect(
          kept.filter((k) => k === d.documentId),
          d.documentId,
        ).toHaveLength(1);
      expect(new Set(store.axis.sent.map((s) => s.key)).size).toBe(store.axis.sent.length);
      expect(
        (
          await hub.sql(
            `SELECT count(*)::int AS n FROM portal_sync WHERE dossier_id = ANY($1::uuid[]) AND state <> 'SYNCED'`,
            [dossiers.map((d) => d.id)],
          )
        ).rows[0].n,
      ).toBe(0);
      expect((await hub.sql('SELECT count(*)::int AS n FROM outbox WHERE failed_at IS NOT NULL')).rows[0].n).toBe(0);
    },
    queue(name) {
      const q = new Queue(name, { connection, prefix: hub.redisPrefix });
      q.on('error', () => undefined); // Redis restarts in one scenario
      queues.push(q);
      return q;
    },
  };
}

const SCHEDULES = [
  'audit.checkpoint.every',
  'audit.verify.daily',
  'axis.poll.every-minute',
  'meeting.sweep.every-minute',
  'notification.relay.every-minute',
  'outbox.relay.every-5s',
  'payment.reconcile.daily',
  'portal.importCatalog.daily',
  'webhook.relay.every-minute',
];

/** Every job scheduler the workers keep, across the queues. */
async function schedulers(s: Stack): Promise<string[]> {
  const ids = await Promise.all(
    [QueueName.Maintenance, QueueName.Portal, QueueName.Webhooks].map(async (q) =>
      (await s.queue(q).getJobSchedulers()).map((j) => j.key),
    ),
  );
  return ids.flat().sort();
}

/** A package the Government Office sends the city through the axis (number `n`). */
const inboundPackage = (n: number) =>
  readFileSync(new URL('../fixtures/edxml/edoc_new.edxml', import.meta.url), 'utf8')
    .replace('<edXML:OrganId>000.00.00.A80</edXML:OrganId>', '<edXML:OrganId>000.00.00.G22</edXML:OrganId>')
    .replace('<edXML:OrganId>28.22.H17</edXML:OrganId>', `<edXML:OrganId>${CITY}</edXML:OrganId>`)
    .replace(
      /<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/,
      `<edXML:DocumentId>000.00.00.G22,2026/11/27,${n}/VPCP</edXML:DocumentId>`,
    );

/** Put a package in the city's inbox on the axis; until the workers imported it. */
async function arrives(s: Stack, n: number): Promise<void> {
  const { id } = (await (
    await fetch(`${s.sandbox.url}/__sandbox/axis/inbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: inboundPackage(n),
    })
  ).json()) as { id: string };
  await until(
    async () =>
      (
        (await (await fetch(`${s.sandbox.url}/__sandbox/axis`)).json()) as {
          inbox: Array<{ id: string; status: string }>;
        }
      ).inbox.find((i) => i.id === id)?.status === 'done',
    `package ${n} imported`,
    CONVERGE_MS,
  );
}

/** The city reports that it received package `n`: a status packet for the Government Office, returns the event's id. */
async function received(s: Stack, n: number): Promise<string> {
  const city = await s.hub.token({ role: 'OFFICER', agency: CITY });
  const edges = ok(
    await s.api.gql(
      `{ inbox(first: 10, senderCodes: ["000.00.00.G22"]) { edges { node { id document { edxmlDocumentId } } } } }`,
      {},
      city,
    ),
  ).inbox.edges as Array<{ node: { id: string; document: { edxmlDocumentId: string } } }>;
  const delivery = edges.find((e) => e.node.document.edxmlDocumentId === `000.00.00.G22,2026/11/27,${n}/VPCP`)!.node.id;
  return ok(await s.api.gql(REPORT, { input: { deliveryId: delivery, status: 'ARRIVED' } }, city)).reportDeliveryStatus
    .event.id;
}

it('converges when Redis is killed mid-load and comes back empty: no restart, no admin', async () => {
  const redis = await ownRedis(cleanups);
  // the daily jobs too: every schedule must come back
  const s = await stack({ redisUrl: redis.url, workerEnv: { DAILY_JOBS: 'true' } });
  await s.worker();
  await s.worker();
  expect(await schedulers(s)).toEqual(SCHEDULES);
  await arrives(s, 1);

  // load: dossiers (each four changes and three steps), documents for the axis, payments
  const load = Promise.all([s.dossiers(40), s.documents(10), s.payments(10)]);
  await until(async () => s.store.received.length >= 60, 'the portal busy');
  // Redis dies mid-load, and comes back with nothing: no queue, no job, no schedule
  const marker = new Redis(redis.url);
  await marker.set(`${s.hub.redisPrefix}:marker`, 'kept only if Redis keeps its data');
  marker.disconnect();
  await redis.stop();
  const [early, earlyDocs, earlyPayments] = await load;
  // the API keeps accepting changes while Redis is away (they wait in PostgreSQL)
  const [during, duringDocs, duringPayments] = await Promise.all([s.dossiers(15), s.documents(5), s.payments(5)]);
  const statusDuring = await received(s, 1);
  const inbound = (await (
    await fetch(`${s.sandbox.url}/__sandbox/axis/inbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: inboundPackage(2),
    })
  ).json()) as { id: string };
  await redis.start({ empty: true });
  const probe = new Redis(redis.url);
  expect(await probe.get(`${s.hub.redisPrefix}:marker`)).toBeNull(); // empty indeed
  probe.disconnect();
  const [after, afterDocs, afterPayments] = await Promise.all([s.dossiers(10), s.documents(5), s.payments(5)]);

  // the schedules are back without a restart: the axis is polled again
  await until(async () => (await schedulers(s)).length === SCHEDULES.length, 'the schedules recreated');
  expect(await schedulers(s)).toEqual(SCHEDULES);
  await until(
    async () =>
      (
        (await (await fetch(`${s.sandbox.url}/__sandbox/axis`)).json()) as {
          inbox: Array<{ id: string; status: string }>;
        }
      ).inbox.find((i) => i.id === inbound.id)?.status === 'done',
    'the inbound package imported',
    CONVERGE_MS,
  );
  const statusAfter = await received(s, 2);

  const dossiers = [...early, ...during, ...after];
  const documents = [...earlyDocs, ...duringDocs, ...afterDocs];
  expect(dossiers.length * 4 + documents.length + 20 + 2).toBeGreaterThanOrEqual(280);
  await s.converged(dossiers, documents);
  await until(
    async () =>
      (
        await s.hub.sql(
          'SELECT count(*)::int AS n FROM delivery_event WHERE id = ANY($1::uuid[]) AND axis_sent_at IS NOT NULL',
          [[statusDuring, statusAfter]],
        )
      ).rows[0].n === 2,
    'both status packets on the axis',
    CONVERGE_MS,
  );
  await s.payAll([...earlyPayments, ...duringPayments, ...afterPayments]);
  await s.expectDelivered(dossiers, documents);
  // each status packet kept once by the Government Office
  const packets = s.store.axis.sent.filter((p) => p.messagetype === 'status').map((p) => parseEdxml(p.package));
  expect(packets.map((p) => (p.kind === 'status' ? p.status.responseFor.documentId : null)).sort()).toEqual([
    '000.00.00.G22,2026/11/27,1/VPCP',
    '000.00.00.G22,2026/11/27,2/VPCP',
  ]);
  expect(ok(await s.api.gql('{ outboxBacklog failedOutbox { id } }', {}, s.tokens.admin))).toEqual({
    outboxBacklog: 0,
    failedOutbox: [],
  });
}, 400_000);

it('ends PAID when the platform answers the payment start after the hub gave up waiting', async () => {
  const s = await stack({ workerEnv: { PORTAL_TIMEOUT_MS: '1000' } });
  await s.worker();
  await s.worker();
  // the platform applies each INIT after 1.5 s: the hub has timed out by then and retries
  await s.faults({ 'payment.init': { latencyMs: 1500 } });
  const ids = await s.payments(30);
  const references = async () =>
    (
      await s.hub.sql('SELECT reference FROM payment_attempt WHERE payment_id = ANY($1::uuid[]) AND number = 1', [ids])
    ).rows.map((r) => r.reference as string);
  await until(async () => (await references()).length === ids.length, 'every first attempt written');
  await until(
    async () => (await references()).every((r) => s.store.payments.has(r)),
    'every first INIT applied by the platform',
  );
  await s.faults({});
  await s.payAll(ids);
  const attempts = (
    await s.hub.sql(
      'SELECT status, count(*)::int AS n FROM payment_attempt WHERE payment_id = ANY($1::uuid[]) GROUP BY status ORDER BY status',
      [ids],
    )
  ).rows;
  // none FAILED: each start the platform held but whose answer was lost was replaced by one the payer could reach
  expect(attempts.find((a) => a.status === 'FAILED')).toBeUndefined();
  expect(attempts.find((a) => a.status === 'SUCCEEDED')?.n).toBe(ids.length);
  expect(s.store.violations).toEqual([]);
  await until(
    async () => (await s.hub.sql('SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL')).rows[0].n === 0,
    'every start acknowledged',
  );
}, 400_000);

/** Until the job has been taken by a worker `times` times after stalls (its stalled counter), and is active again. */
async function retaken(q: Queue, jobId: string, stalls: number): Promise<void> {
  await until(async () => {
    const job = await q.getJob(jobId);
    return !!job && job.stalledCounter >= stalls && (await job.getState()) === 'active';
  }, `${jobId} taken again after ${stalls} stalls`);
}

/** Kill the worker holding the job, then the one that took it over: two crashes while holding it. */
/** The outbox rows (`where`) and where their jobs are: what a failure message needs to say which path lost one. */
async function state(s: Stack, q: Queue, where = ''): Promise<string> {
  const rows = (
    await s.hub.sql(
      `SELECT id, job_key, created_at, enqueued_at, done_at, failed_at, last_error FROM outbox ${where} ORDER BY id`,
    )
  ).rows as Array<{ job_key: string }>;
  const jobs = await Promise.all(rows.map(async (r) => [r.job_key, await q.getJobState(r.job_key)]));
  return JSON.stringify({ rows, jobs });
}

async function killTwiceWhileHolding(s: Stack, q: Queue, jobId: string): Promise<void> {
  const first = await s.worker();
  await until(async () => (await q.getJob(jobId).then((j) => j?.getState())) === 'active', `${jobId} active`);
  await kill(first);
  const second = await s.worker();
  await retaken(q, jobId, 1);
  await kill(second);
}

it('completes a job whose worker is killed twice while holding it, and everything in flight with it', async () => {
  const s = await stack();
  const portal = s.queue(QueueName.Portal);
  // slow portal: the workers are killed while they hold their jobs
  await s.faults({ DongBoHoSoMC: { latencyMs: 60_000 }, CapNhatTienDoHoSoMC: { latencyMs: 10 } });
  const [dossiers, documents] = await Promise.all([s.dossiers(50), s.documents(10)]);
  const target = `portal-sync-${dossiers[0]!.id}`;
  await killTwiceWhileHolding(s, portal, target);
  await s.worker();
  await retaken(portal, target, 2);
  await s.faults({ DongBoHoSoMC: { latencyMs: 10 }, CapNhatTienDoHoSoMC: { latencyMs: 10 } });
  await s.converged(dossiers, documents);
  await s.expectDelivered(dossiers, documents);
  expect(await portal.getFailedCount()).toBe(0);
}, 400_000);

it('marks a job that fails for good on its dossier, shows it to admins, and an admin sends it again', async () => {
  // a worker allowed a single stall: the second crash fails the job
  const s = await stack({ workerEnv: { WORKER_MAX_STALLED: '1' } });
  const portal = s.queue(QueueName.Portal);
  await s.faults({ DongBoHoSoMC: { latencyMs: 60_000 } });
  const [d] = await s.dossiers(1);
  const target = `portal-sync-${d!.id}`;
  await killTwiceWhileHolding(s, portal, target);
  await s.faults({});
  await s.worker();
  await until(
    async () =>
      (await s.hub.sql('SELECT state FROM portal_sync WHERE dossier_id = $1', [d!.id])).rows[0].state === 'FAILED',
    'the sync FAILED',
  );
  const sync = ok(
    await s.api.gql(
      `query($c: String!) { dossier(code: $c) { portalSync { state lastError } } }`,
      { c: d!.code },
      s.tokens.ward,
    ),
  ).dossier.portalSync;
  expect(sync).toEqual({ state: 'FAILED', lastError: 'job stalled more than allowable limit' });
  // every change of the dossier (4) and its steps (3) end failed: all shown
  await until(
    async () => (await s.hub.sql('SELECT count(*)::int AS n FROM outbox WHERE failed_at IS NOT NULL')).rows[0].n === 7,
    'the changes and steps failed',
    CONVERGE_MS,
  );
  const failed = ok(await s.api.gql('{ failedOutbox(first: 50) { id jobName jobKey lastError } }', {}, s.tokens.admin))
    .failedOutbox as Array<{ id: string; jobName: string; jobKey: string; lastError: string }>;
  expect(
    failed.filter((f) => f.jobKey === target).length,
    JSON.stringify({
      failed,
      rows: (await s.hub.sql('SELECT id, job_key, enqueued_at, done_at, failed_at, last_error FROM outbox ORDER BY id'))
        .rows,
    }),
  ).toBe(4);
  // (a step says its dossier's sync failed, with the reason)
  for (const f of failed)
    expect(f).toMatchObject({
      jobName: expect.stringMatching(/^portal\.(syncDossier|progressStep)$/),
      lastError: expect.stringContaining('job stalled more than allowable limit'),
    });
  // nothing sends them by itself any more; an admin does
  const retried = ok(await s.api.gql('mutation { retryOutbox }', {}, s.tokens.admin)).retryOutbox;
  expect(retried, await state(s, portal)).toBe(failed.length);
  await syncedTo(s.hub, d!.id, 4);
  // (a step released by the sync may be waiting out its backoff, up to a minute)
  await until(
    async () => (await s.hub.sql('SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL')).rows[0].n === 0,
    'the rows acknowledged',
    CONVERGE_MS,
  ).catch(async (e: Error) => {
    throw new Error(`${e.message}: ${await state(s, portal, 'WHERE done_at IS NULL')}`);
  });
  expect(ok(await s.api.gql('{ failedOutbox { id } }', {}, s.tokens.admin)).failedOutbox).toEqual([]);
  expect(s.store.dossiers.get(d!.code)).toMatchObject({ TrangThaiHoSo: '4' });
}, 400_000);

it('opens the breaker when half the portal calls fail, and still delivers everything', async () => {
  const s = await stack({
    workerEnv: { BREAKER_THRESHOLD: '5', BREAKER_FAILURE_RATE: '0.5', BREAKER_COOLDOWN_MS: '300' },
  });
  // every second call fails: never two in a row per service, so counting consecutive failures
  // would hardly ever open it; a 50 % rate over the window does
  await s.faults({
    DongBoHoSoMC: { failEvery: 2, latencyMs: 10 },
    CapNhatTienDoHoSoMC: { failEvery: 2, latencyMs: 10 },
    'axis.sendEdoc': { failEvery: 2 },
  });
  await s.worker();
  await s.worker();
  const [dossiers, documents] = await Promise.all([s.dossiers(50), s.documents(10)]);
  await until(async () => {
    const breakers = ok(await s.api.gql('{ breakers { upstream opened } }', {}, s.tokens.admin)).breakers as Array<{
      upstream: string;
      opened: number;
    }>;
    return breakers.find((b) => b.upstream === 'portal')!.opened > 0;
  }, 'the portal breaker opened');
  await s.converged(dossiers, documents);
  await s.expectDelivered(dossiers, documents);
}, 400_000);
