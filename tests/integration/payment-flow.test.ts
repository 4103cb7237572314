/**
 * A payment started on the platform (sandbox) by the worker, and the platform's signed callbacks:
 * applied once, and every forged or tampered callback refused with nothing changed.
 */
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../../src/db/client.js';
import { QueueName } from '../../src/jobs/job-catalog.js';
import { Queues } from '../../src/jobs/queues.js';
import { CircuitBreaker } from '../../src/jobs/circuit-breaker.js';
import type { PayGovKeys } from '../../src/integrations/payment/paygov.checksum.js';
import { paygovRequestCode } from '../../src/modules/payment/payment.rules.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox.server.js';
import { startWorkers, type RunningWorkers } from '../../workers/worker-pool.js';
import { catchUpReconciliation } from '../../src/modules/payment/payment-sweep.js';
import { MOVE, SUBMIT, applicant, createProcedure, STATUS_NAME } from '../support/dossiers.js';
import { codeOf, ok, startTestHub, type TestHub } from '../support/hub.js';
import { awayFromMidnight, syncedTo, until } from '../support/national.js';
import { REDIS_URL } from '../support/infra.js';
import {
  FINE,
  PAYER,
  paygovCallback,
  platformCallback,
  postPaygovCallback,
  postPlatformCallback,
  setCollectionAccounts,
} from '../support/payments.js';

/** What the platform's receipt needs: the payer's ID and address, and a fine's violation. */
const full = (input: Record<string, unknown>) => ({ ...PAYER, ...(input['kind'] === 'FINE' ? FINE : {}), ...input });

let sandbox: RunningSandbox;
let hub: TestHub;
let prisma: PrismaClient;
let workers: RunningWorkers;
let events: QueueEvents;
let maintenanceEvents: QueueEvents;
let queues: Queues;
let connection: Redis;
let ward: string;
const done = new Set<string>();
const waiters = new Map<string, () => void>();
const settled = (id: string) => new Promise<void>((r) => (done.has(id) ? r() : waiters.set(id, r)));

beforeAll(async () => {
  sandbox = await startSandbox(0);
  hub = await startTestHub({ PORTAL_URL: sandbox.url, PORTAL_BACKOFF_MS: '10' });
  sandbox.setHubUrl(hub.url);
  prisma = createPrisma(hub.databaseUrl);
  workers = await startWorkers({ config: hub.config, prisma, log: pino({ level: 'silent' }) }, REDIS_URL);
  events = new QueueEvents(QueueName.Portal, {
    connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
    prefix: hub.redisPrefix,
  });
  await events.waitUntilReady();
  for (const kind of ['completed', 'failed'] as const) {
    events.on(kind, ({ jobId }: { jobId: string }) => {
      done.add(jobId);
      waiters.get(jobId)?.();
    });
  }
  maintenanceEvents = new QueueEvents(QueueName.Maintenance, {
    connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
    prefix: hub.redisPrefix,
  });
  await maintenanceEvents.waitUntilReady();
  maintenanceEvents.on('completed', ({ jobId }: { jobId: string }) => {
    done.add(jobId);
    waiters.get(jobId)?.();
  });
  connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  await connection.ping();
  queues = new Queues(connection, hub.config);
  await createProcedure(hub, await hub.token({ role: 'ADMIN' }));
  await setCollectionAccounts(hub, ['000.00.51.H24']);
  ward = await hub.token({ role: 'OFFICER', agency: '000.00.51.H24' });
});
afterAll(async () => {
  await workers?.close();
  await events?.close();
  await maintenanceEvents?.close();
  await queues?.close();
  connection?.disconnect();
  await prisma?.$disconnect();
  await hub?.close();
  await sandbox?.close();
});

async function started(kindInput: Record<string, unknown>) {
  const p = ok(
    await hub.gql(
      `mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { id amount } }`,
      { input: full(kindInput) },
      ward,
    ),
  ).requestPayment;
  await settled(`payment-start-${p.id}-1`);
  const attempt = (await hub.sql('SELECT reference FROM payment_attempt WHERE payment_id = $1', [p.id])).rows[0];
  return { ...p, reference: attempt.reference as string };
}

const callback = (fields: Record<string, unknown>, key?: string) => platformCallback(hub, fields, key);
const post = (body: Record<string, unknown>) => postPlatformCallback(hub, body);
const paymentOf = async (id: string) =>
  ok(await hub.gql(`{ payments(first: 50) { edges { node { id status paidAt payUrl } } } }`, {}, ward))
    .payments.edges.map((e: any) => e.node)
    .find((n: any) => n.id === id);

describe('a dossier fee paid online', () => {
  it('starts on the platform, applies the callback once, and takes the dossier out of status 6', async () => {
    const d = ok(
      await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, ward),
    ).submitDossier;
    for (const status of [2, 4, 6])
      ok(await hub.gql(MOVE, { code: d.code, input: { status: STATUS_NAME[status] } }, ward));
    const p = await started({ kind: 'CHARGE', amount: 8000, payerName: 'Nguyễn Thị Dân', dossierCode: d.code });
    expect(p.reference).toMatch(/^[A-Z0-9]{20}$/);
    const pending = await paymentOf(p.id);
    expect(pending).toMatchObject({ status: 'PENDING', payUrl: `${sandbox.url}/pay/${p.reference}` });

    const success = callback({ MaThamChieu: p.reference, SoTien: '8000' });
    const answers = [await post(success), await post(success), await post(success)];
    expect(answers.map((a) => a.MaLoi)).toEqual(['00', '00', '00']);
    const paid = await paymentOf(p.id);
    expect(paid.status).toBe('PAID');
    expect(
      (
        await hub.sql(
          `SELECT count(*)::int AS n FROM audit_log WHERE operation = 'paymentCallback' AND outcome = 'SUCCESS'`,
        )
      ).rows[0].n,
    ).toBe(3);
    // under the gateway's own identity, acting for the agency that asked the payment: never an ADMIN
    const actors = (
      await hub.sql(
        `SELECT DISTINCT actor_type, actor_id, role, agency_code FROM audit_log WHERE operation = 'paymentCallback'`,
      )
    ).rows;
    expect(actors).toEqual([
      { actor_type: 'SYSTEM', actor_id: 'payment-platform', role: 'OFFICER', agency_code: d.receivingAgency.code },
    ]);
    const dossier = ok(
      await hub.gql(`query($c: String!) { dossier(code: $c) { status steps { status note } } }`, { c: d.code }, ward),
    ).dossier;
    expect(dossier.status).toBe('IN_PROCESS');
    expect(dossier.steps.filter((s: any) => s.note === 'Đã thanh toán trực tuyến')).toHaveLength(1);
    // the portal hears that the dossier was paid online
    const { id, version } = ok(
      await hub.gql(`query($c: String!) { dossier(code: $c) { id version } }`, { c: d.code }, ward),
    ).dossier;
    await syncedTo(hub, id, version);
    const portal = (await (await fetch(`${sandbox.url}/__sandbox/dossiers`)).json()) as Record<string, any>;
    expect(portal[d.code]).toMatchObject({
      TrangThaiHoSo: '4',
      DuocThanhToanTrucTuyen: '1',
      DanhSachLePhi: [
        { TenPhiLePhi: 'Phí, lệ phí', MaPhiLePhi: '1', HinhThucThu: '1', Gia: '8000', LoaiPhiLePhi: '2' },
      ],
    });
    // the platform received the receipt every real client sends: dossier, agency, procedure, payer, account
    const init = ((await (await fetch(`${sandbox.url}/__sandbox/payments`)).json()) as Record<string, any>)[
      p.reference
    ];
    expect(init).toMatchObject({
      LoaiBanTin: 'INIT',
      PhienBan: '1.0.6',
      NgonNgu: 'vi-VN',
      MaNganHang: 'PAYMENT',
      ThongTinGiaoDich: `THANH TOAN HO SO ${d.code}`,
    });
    expect(init.Ip).not.toMatch(/^127\./);
    expect(init.ThongTinBienLai).toMatchObject({
      MaDichVu: '2',
      MaHoSo: d.code,
      MaTTHC: '1.001193',
      TenTTHC: 'Đăng ký khai sinh',
      MaDVC: '1.001193.01',
      MaDonVi: '000.00.51.H24',
      TenDonVi: 'Ủy ban nhân dân phường Hồng Bàng',
      TKThuHuong: '3511.0.100000',
      MaNHThuHuong: '01201001',
      HoTenNguoiNop: 'Nguyễn Thị Dân',
      SoCMNDNguoiNop: PAYER.payerIdNumber,
      DiaChiNguoiNop: PAYER.payerAddress,
      NoiDungThanhToan: `THANH TOAN HO SO ${d.code}`,
      DSKhoanNop: [{ NoiDung: `THANH TOAN HO SO ${d.code}`, SoTien: '8000' }],
    });
    // a failure arriving after the success is a replay: refused, nothing changes
    expect((await post(callback({ MaThamChieu: p.reference, SoTien: '8000', MaLoi: '24' }))).MaLoi).toBe('99');
    expect((await paymentOf(p.id)).status).toBe('PAID');
  });
});

describe("the payer's page on the gateway (sandbox)", () => {
  it('shows the amount, and paying there calls the hub back and books the transaction', async () => {
    const p = await started({
      kind: 'FINE',
      amount: 2_500_000,
      payerName: 'Đỗ Văn F',
      fineDecisionNumber: '51/QĐ-XPHC',
      fineDecisionDate: '2026-11-26',
    });
    const { payUrl } = await paymentOf(p.id);
    const pageHtml = await (await fetch(payUrl)).text();
    expect(pageHtml).toContain(p.reference);
    expect(pageHtml).toContain('2.500.000 đ');
    const result = await fetch(payUrl, { method: 'POST', body: new URLSearchParams({ outcome: 'success' }) });
    expect(result.status).toBe(200);
    expect((await paymentOf(p.id)).status).toBe('PAID');
    const ledger = (await (await fetch(`${sandbox.url}/__sandbox/payment/ledger`)).json()) as Array<{
      MaThamChieu: string;
      SoTien: string;
    }>;
    expect(ledger.filter((t) => t.MaThamChieu === p.reference)).toEqual([
      expect.objectContaining({ SoTien: '2500000' }),
    ]);
  });
});

describe('a fine, and forged or tampered callbacks', () => {
  it('refuses a bad checksum, another key, a changed amount, another partner and an unknown reference, changing nothing', async () => {
    const p = await started({
      kind: 'FINE',
      amount: 1_500_000,
      payerName: 'Trần Văn Phạt',
      fineDecisionNumber: '12/QĐ-XPHC',
      fineDecisionDate: '2026-11-20',
    });
    const good = callback({ MaThamChieu: p.reference, SoTien: '1500000' });
    const forged = [
      { ...good, MaXacThuc: 'f'.repeat(64) },
      callback({ MaThamChieu: p.reference, SoTien: '1500000' }, 'a-key-someone-guessed'),
      { ...good, SoTien: '15000' }, // tampered after signing
      callback({ MaThamChieu: p.reference, SoTien: '15000' }), // signed, but not the amount asked
      callback({ MaThamChieu: p.reference, SoTien: '1500000', MaDoiTac: 'OTHER' }),
      callback({ MaThamChieu: 'LTNOSUCHREFERENCE000', SoTien: '1500000' }),
    ];
    for (const body of forged) expect((await post(body)).MaLoi).toBe('99');
    expect((await paymentOf(p.id)).status).toBe('PENDING');
    expect(JSON.stringify(hub.logs.filter((l) => l.msg === 'payment callback refused'))).not.toContain('Trần Văn Phạt');
    // the real one is applied
    expect((await post(good)).MaLoi).toBe('00');
    expect((await paymentOf(p.id)).status).toBe('PAID');
  });

  it('records a failed payment reported by the platform', async () => {
    const p = await started({
      kind: 'FINE',
      amount: 200_000,
      payerName: 'Lê Thị C',
      fineDecisionNumber: '13/QĐ-XPHC',
      fineDecisionDate: '2026-11-21',
    });
    expect((await post(callback({ MaThamChieu: p.reference, SoTien: '200000', MaLoi: '24' }))).MaLoi).toBe('00');
    expect((await paymentOf(p.id)).status).toBe('FAILED');
  });
});

/** The attempt's expiry, now instead of after PAYMENT_ATTEMPT_TTL_MS: its delayed job is promoted. */
async function expireNow(paymentId: string) {
  const jobId = `payment-expire-${paymentId}-1`;
  await (await queues.get(QueueName.Maintenance).getJob(jobId))!.promote();
  await settled(jobId);
}

describe('expiry and new attempts', () => {
  const fine = (n: number) => ({
    kind: 'FINE',
    amount: 300_000,
    payerName: 'Phạm Văn D',
    fineDecisionNumber: `${n}/QĐ-XPHC`,
    fineDecisionDate: '2026-11-22',
  });

  it('lets a success that arrives after the expiry win, and an expiry after a success change nothing', async () => {
    const late = await started(fine(21));
    await expireNow(late.id);
    expect((await paymentOf(late.id)).status).toBe('EXPIRED');
    expect((await post(callback({ MaThamChieu: late.reference, SoTien: '300000' }))).MaLoi).toBe('00');
    expect((await paymentOf(late.id)).status).toBe('PAID');

    const early = await started(fine(22));
    expect((await post(callback({ MaThamChieu: early.reference, SoTien: '300000' }))).MaLoi).toBe('00');
    await expireNow(early.id);
    expect((await paymentOf(early.id)).status).toBe('PAID');
  });

  it('starts a new attempt with a new reference after an expiry, and only then', async () => {
    const p = await started(fine(23));
    const RETRY = `mutation($id: ID!) { retryPayment(id: $id) { status } }`;
    expect(codeOf(await hub.gql(RETRY, { id: p.id }, ward))).toBe('CONFLICT'); // still payable
    await expireNow(p.id);
    expect(ok(await hub.gql(RETRY, { id: p.id }, ward)).retryPayment.status).toBe('REQUESTED');
    await settled(`payment-start-${p.id}-2`);
    const attempts = (
      await hub.sql('SELECT number, reference, status FROM payment_attempt WHERE payment_id = $1 ORDER BY number', [
        p.id,
      ])
    ).rows;
    expect(attempts.map((a) => [a.number, a.status])).toEqual([
      [1, 'EXPIRED'],
      [2, 'STARTED'],
    ]);
    expect(attempts[1].reference).not.toBe(attempts[0].reference);
    expect((await paymentOf(p.id)).status).toBe('PENDING');
    // another agency cannot start it again
    expect(
      codeOf(await hub.gql(RETRY, { id: p.id }, await hub.token({ role: 'OFFICER', agency: '000.00.52.H24' }))),
    ).toBe('NOT_FOUND');
  });

  it("refuses a replay of an old attempt's failure: the new attempt stays payable", async () => {
    const p = await started(fine(24));
    const failure = callback({ MaThamChieu: p.reference, SoTien: '300000', MaLoi: '24' });
    expect((await post(failure)).MaLoi).toBe('00');
    expect((await post(failure)).MaLoi).toBe('00'); // the same failure again: nothing new
    ok(await hub.gql(`mutation($id: ID!) { retryPayment(id: $id) { status } }`, { id: p.id }, ward));
    await settled(`payment-start-${p.id}-2`);
    expect((await paymentOf(p.id)).status).toBe('PENDING');
    const refused = hub.logs.length;
    expect((await post(failure)).MaLoi).toBe('99');
    expect(hub.logs.slice(refused).find((l) => l.msg === 'payment callback refused')).toMatchObject({
      problem: 'a failure of an attempt that is over (replay)',
    });
    expect((await paymentOf(p.id)).status).toBe('PENDING');
    const attempts = (await hub.sql('SELECT status FROM payment_attempt WHERE payment_id = $1 ORDER BY number', [p.id]))
      .rows;
    expect(attempts.map((a) => a.status)).toEqual(['FAILED', 'STARTED']);
  });
});

describe('a start whose answer is lost', () => {
  it('is never FAILED: the platform holds it, a new attempt gives the payer a URL, and paying either counts', async () => {
    const faults = (body: unknown) =>
      fetch(`${sandbox.url}/__sandbox/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await faults({ 'payment.init': { loseAnswer: true } });
    let p: { id: string };
    try {
      p = ok(
        await hub.gql(
          `mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { id } }`,
          {
            input: full({
              kind: 'FINE',
              amount: 450_000,
              payerName: 'Vũ Văn G',
              fineDecisionNumber: '61/QĐ-XPHC',
              fineDecisionDate: '2026-11-27',
            }),
          },
          ward,
        ),
      ).requestPayment;
      // the platform applied the first INIT; the hub never heard its answer
      await until(
        async () =>
          (await hub.sql('SELECT count(*)::int AS n FROM payment_attempt WHERE payment_id = $1', [p.id])).rows[0].n > 0,
      );
      const first = (
        await hub.sql('SELECT reference FROM payment_attempt WHERE payment_id = $1 AND number = 1', [p.id])
      ).rows[0].reference as string;
      await until(
        async () =>
          first in ((await (await fetch(`${sandbox.url}/__sandbox/payments`)).json()) as Record<string, unknown>),
      );
    } finally {
      await faults({});
    }
    await until(async () => (await paymentOf(p.id)).status === 'PENDING', 'the payment pending again');
    const attempts = (
      await hub.sql(
        'SELECT number, reference, status, failure FROM payment_attempt WHERE payment_id = $1 ORDER BY number',
        [p.id],
      )
    ).rows;
    expect(attempts.map((a) => [a.number, a.status])).toEqual([
      [1, 'SUPERSEDED'],
      [2, 'STARTED'],
    ]);
    expect(attempts[0].failure).toMatch(/answer \(the payment URL\) was lost/);
    const { payUrl } = await paymentOf(p.id);
    expect(payUrl).toBe(`${sandbox.url}/pay/${attempts[1].reference}`);
    // a failure reported for the replaced attempt is acknowledged and changes nothing
    expect((await post(callback({ MaThamChieu: attempts[0].reference, SoTien: '450000', MaLoi: '24' }))).MaLoi).toBe(
      '00',
    );
    expect((await paymentOf(p.id)).status).toBe('PENDING');
    // the payer pays where the hub sends them
    const paid = (await (
      await fetch(`${sandbox.url}/__sandbox/payment/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reference: attempts[1].reference }),
      })
    ).json()) as { answers: unknown[] };
    expect(paid.answers.length).toBeGreaterThan(0);
    expect((await paymentOf(p.id)).status).toBe('PAID');
  });
});

describe('a gateway that loses answers or stays away', () => {
  const faults = (body: unknown) =>
    fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const complete = (reference: string) =>
    fetch(`${sandbox.url}/__sandbox/payment/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference }),
    });

  it('on PayGov too: its "orderId đã tồn tại" for our own order means already started, never FAILED', async () => {
    await faults({ 'paygov.init': { loseAnswer: true } });
    let id: string;
    try {
      id = ok(
        await hub.gql(
          `mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { id } }`,
          {
            input: full({
              kind: 'FINE',
              amount: 460_000,
              payerName: 'Vũ Văn H',
              fineDecisionNumber: '62/QĐ-XPHC',
              fineDecisionDate: '2026-11-27',
              route: 'PAYGOV',
            }),
          },
          ward,
        ),
      ).requestPayment.id;
      await until(
        async () =>
          (await hub.sql('SELECT count(*)::int AS n FROM payment_attempt WHERE payment_id = $1', [id])).rows[0].n > 0,
      );
      const first = (await hub.sql('SELECT reference FROM payment_attempt WHERE payment_id = $1 AND number = 1', [id]))
        .rows[0].reference as string;
      await until(
        async () =>
          first in ((await (await fetch(`${sandbox.url}/__sandbox/paygov`)).json()) as Record<string, unknown>),
      );
    } finally {
      await faults({});
    }
    await until(async () => (await paymentOf(id)).status === 'PENDING', 'the payment pending again');
    const attempts = (
      await hub.sql(
        'SELECT number, reference, status, route FROM payment_attempt WHERE payment_id = $1 ORDER BY number',
        [id],
      )
    ).rows;
    expect(attempts.map((a) => [a.number, a.status, a.route])).toEqual([
      [1, 'SUPERSEDED', 'PAYGOV'],
      [2, 'STARTED', 'PAYGOV'],
    ]);
    expect((await complete(attempts[1].reference)).status).toBe(200);
    expect((await paymentOf(id)).status).toBe('PAID');
  });

  it('a platform away for every attempt: the start FAILED with the reason, and retryPayment starts it again', async () => {
    await faults({ 'payment.init': { failRate: 1 } });
    let id: string;
    try {
      id = ok(
        await hub.gql(
          `mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { id } }`,
          {
            input: full({
              kind: 'FINE',
              amount: 470_000,
              payerName: 'Vũ Văn I',
              fineDecisionNumber: '63/QĐ-XPHC',
              fineDecisionDate: '2026-11-27',
            }),
          },
          ward,
        ),
      ).requestPayment.id;
      await until(async () => (await paymentOf(id)).status === 'FAILED', 'the payment FAILED');
    } finally {
      await faults({});
    }
    const [attempt] = (await hub.sql('SELECT status, failure FROM payment_attempt WHERE payment_id = $1', [id])).rows;
    expect(attempt).toMatchObject({ status: 'FAILED', failure: expect.stringContaining('503') });
    expect(
      ok(await hub.gql(`mutation($id: ID!) { retryPayment(id: $id) { status } }`, { id }, ward)).retryPayment.status,
    ).toBe('REQUESTED');
    await until(async () => (await paymentOf(id)).status === 'PENDING', 'the new attempt payable');
  }, 60_000);

  it("waits behind the payment platform's own breaker without spending an attempt; PayGov's and the portal's stay closed", async () => {
    const breaker = new CircuitBreaker(connection, hub.redisPrefix, hub.config.breaker);
    for (let i = 0; i < hub.config.breaker.threshold; i++) await breaker.failure('payment-platform');
    const pid = ok(
      await hub.gql(
        `mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { id } }`,
        {
          input: full({
            kind: 'FINE',
            amount: 90_000,
            payerName: 'Lê Thị K',
            fineDecisionNumber: '64/QĐ-XPHC',
            fineDecisionDate: '2026-11-27',
          }),
        },
        ward,
      ),
    ).requestPayment.id;
    const jobId = `payment-start-${pid}-1`;
    const portal = queues.get(QueueName.Portal);
    await until(async () => (await portal.getJobState(jobId)) === 'delayed', 'the start waiting for the breaker');
    const job = await portal.getJob(jobId);
    expect(job?.attemptsMade).toBe(0);
    expect((await paymentOf(pid)).status).toBe('REQUESTED');
    const admin = await hub.token({ role: 'ADMIN' });
    const states = Object.fromEntries(
      ok(await hub.gql('{ breakers { upstream state } }', {}, admin)).breakers.map((b: any) => [b.upstream, b.state]),
    );
    expect(states).toEqual({ portal: 'CLOSED', axis: 'CLOSED', 'payment-platform': 'OPEN', paygov: 'CLOSED' });
    // closed again (as a successful probe would): the start goes ahead and the payment is payable
    await connection.del(...(await connection.keys(`${hub.redisPrefix}:breaker:payment-platform:*`)));
    await job!.promote().catch(() => undefined);
    await until(async () => (await paymentOf(pid)).status === 'PENDING', 'the payment payable once the breaker closed');
  }, 60_000);
});

describe('PayGov through the provincial gateway', () => {
  const REQUEST = `mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { id route } }`;
  /** A PayGov callback for an attempt, signed with the hub's PayGov keys unless told otherwise. */
  async function callbackOf(paymentId: string, fields: Record<string, unknown> = {}, keys?: PayGovKeys) {
    const a = (
      await hub.sql(
        'SELECT a.id, a.reference, p.amount FROM payment_attempt a JOIN payment p ON p.id = a.payment_id WHERE a.payment_id = $1 ORDER BY a.number DESC LIMIT 1',
        [paymentId],
      )
    ).rows[0];
    return paygovCallback(
      hub,
      { orderId: a.reference, requestCode: paygovRequestCode(a.id), amount: String(a.amount), ...fields },
      keys,
    );
  }
  const postPaygov = (body: Record<string, unknown>) => postPaygovCallback(hub, body);
  const state = async (paymentId: string) =>
    (
      await hub.sql(
        `SELECT p.status, a.status AS attempt, a.transaction_id FROM payment p JOIN payment_attempt a ON a.payment_id = p.id WHERE p.id = $1 ORDER BY a.number DESC LIMIT 1`,
        [paymentId],
      )
    ).rows[0];

  it('starts a dossier fee on PayGov, applies the callback once, and tells the portal it was paid through a provincial gateway', async () => {
    const d = ok(
      await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, ward),
    ).submitDossier;
    for (const status of [2, 4, 6])
      ok(await hub.gql(MOVE, { code: d.code, input: { status: STATUS_NAME[status] } }, ward));
    const lines = [
      { kind: 'CHARGE', amount: 8000, description: 'Lệ phí đăng ký' },
      { kind: 'FEE', amount: 12000, description: 'Phí cấp bản sao' },
    ];
    const p = ok(
      await hub.gql(
        REQUEST,
        {
          input: full({
            kind: 'CHARGE',
            amount: 20000,
            payerName: 'Nguyễn Thị Dân',
            dossierCode: d.code,
            lines,
            route: 'PAYGOV',
          }),
        },
        ward,
      ),
    ).requestPayment;
    expect(p.route).toBe('PAYGOV');
    await settled(`payment-start-${p.id}-1`);
    const attempt = (await hub.sql('SELECT id, reference, route FROM payment_attempt WHERE payment_id = $1', [p.id]))
      .rows[0];
    expect(attempt.route).toBe('PAYGOV');
    // the gateway received a signed order (it checks the checksum) carrying ids and amounts, not the payer
    const orders = (await (await fetch(`${sandbox.url}/__sandbox/paygov`)).json()) as Record<
      string,
      Record<string, unknown>
    >;
    expect(orders[attempt.reference]).toMatchObject({
      partnerCode: hub.config.paygov.partnerCode,
      orderId: attempt.reference,
      amount: '20000',
      requestCode: paygovRequestCode(attempt.id),
    });
    expect(JSON.stringify(orders[attempt.reference])).not.toContain('Nguyễn');
    expect(await paymentOf(p.id)).toMatchObject({
      status: 'PENDING',
      payUrl: `${sandbox.url}/paygov/pay/${attempt.reference}`,
    });

    // the payer pays; the gateway (sandbox) calls the hub back three times with the same signed callback
    const sandboxCall = (path: string, body: unknown, method = 'POST') =>
      fetch(`${sandbox.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await sandboxCall('/__sandbox/faults', { 'payment.callback': { repeat: 3 } }, 'PUT');
    const { answers } = (await (
      await sandboxCall('/__sandbox/payment/complete', { reference: attempt.reference, success: true })
    ).json()) as { answers: Array<{ errorCode: string }> };
    await sandboxCall('/__sandbox/faults', {}, 'PUT');
    expect(answers.map((a) => a.errorCode)).toEqual(['00', '00', '00']);
    expect(await state(p.id)).toMatchObject({ status: 'PAID', attempt: 'SUCCEEDED' });
    expect(
      (
        await hub.sql(
          `SELECT count(*)::int AS n FROM audit_log WHERE operation = 'paygovCallback' AND outcome = 'SUCCESS' AND $1 = ANY(target_ids)`,
          [attempt.reference],
        )
      ).rows[0].n,
    ).toBe(3);
    const dossier = ok(
      await hub.gql(
        `query($c: String!) { dossier(code: $c) { id status version steps { note } } }`,
        { c: d.code },
        ward,
      ),
    ).dossier;
    expect(dossier.status).toBe('IN_PROCESS');
    expect(dossier.steps.filter((s: any) => s.note === 'Đã thanh toán trực tuyến')).toHaveLength(1);
    await syncedTo(hub, dossier.id, dossier.version);
    const portal = (await (await fetch(`${sandbox.url}/__sandbox/dossiers`)).json()) as Record<string, any>;
    expect(portal[d.code]).toMatchObject({
      TrangThaiHoSo: '4',
      DuocThanhToanTrucTuyen: '2',
      DanhSachLePhi: [
        { TenPhiLePhi: 'Lệ phí đăng ký', Gia: '8000', LoaiPhiLePhi: '2', MaPhiLePhi: '1', HinhThucThu: '1' },
        { TenPhiLePhi: 'Phí cấp bản sao', Gia: '12000', LoaiPhiLePhi: '1', MaPhiLePhi: '1', HinhThucThu: '1' },
      ],
    });
    // a failure arriving after the success is a replay
    expect((await postPaygov(await callbackOf(p.id, { errorCode: '24' }))).errorCode).toBe('99');
    expect((await state(p.id)).status).toBe('PAID');
  });

  it('refuses forged and tampered callbacks in its own format, changing nothing', async () => {
    const p = ok(
      await hub.gql(
        REQUEST,
        {
          input: full({
            kind: 'FINE',
            amount: 750_000,
            payerName: 'Trần Văn Phạt',
            fineDecisionNumber: '41/QĐ-XPHC',
            fineDecisionDate: '2026-11-24',
            route: 'PAYGOV',
          }),
        },
        ward,
      ),
    ).requestPayment;
    await settled(`payment-start-${p.id}-1`);
    const good = await callbackOf(p.id);
    const platformPayment = await started({
      kind: 'FINE',
      amount: 750_000,
      payerName: 'Trần Văn Phạt',
      fineDecisionNumber: '42/QĐ-XPHC',
      fineDecisionDate: '2026-11-24',
    });
    const before = (
      await hub.sql(
        `SELECT count(*)::int AS n FROM audit_log WHERE operation = 'paygovCallback' AND outcome = 'SUCCESS'`,
      )
    ).rows[0].n;
    const forged = [
      { ...good, checksum: '0'.repeat(64) },
      await callbackOf(p.id, {}, { ...hub.config.paygov, secretKey: 'a-secret-someone-guessed' }),
      { ...good, amount: '75000' }, // tampered after signing
      await callbackOf(p.id, { amount: '75000' }), // signed, but not the amount asked
      { ...(await callbackOf(p.id, { errorCode: '24' })), errorCode: '00' }, // a failure turned into a success
      await callbackOf(p.id, { partnerCode: 'OTHER' }),
      await callbackOf(p.id, { requestCode: 'RQ-NOT-THE-ATTEMPTS' }),
      await callbackOf(p.id, { orderId: 'LTNOSUCHORDER0000000' }),
      await callbackOf(platformPayment.id), // a reference started on the national platform
    ];
    for (const body of forged) expect((await postPaygov(body)).errorCode).toBe('99');
    expect((await state(p.id)).status).toBe('PENDING');
    expect((await state(platformPayment.id)).status).toBe('PENDING');
    expect(
      (
        await hub.sql(
          `SELECT count(*)::int AS n FROM audit_log WHERE operation = 'paygovCallback' AND outcome = 'SUCCESS'`,
        )
      ).rows[0].n,
    ).toBe(before);
    expect(JSON.stringify(hub.logs.filter((l) => l.msg === 'payment callback refused'))).not.toContain('Trần Văn Phạt');
    // a PayGov order cannot be settled through the national platform's endpoint either
    expect((await post(callback({ MaThamChieu: good.orderId, SoTien: '750000' }))).MaLoi).toBe('99');
    expect((await postPaygov(good)).errorCode).toBe('00');
    expect((await state(p.id)).status).toBe('PAID');
  });

  it('records a failure, and starts the next attempt on another route when asked', async () => {
    const p = ok(
      await hub.gql(
        REQUEST,
        {
          input: full({
            kind: 'FINE',
            amount: 90_000,
            payerName: 'Lê Văn E',
            fineDecisionNumber: '43/QĐ-XPHC',
            fineDecisionDate: '2026-11-24',
            route: 'PAYGOV',
          }),
        },
        ward,
      ),
    ).requestPayment;
    await settled(`payment-start-${p.id}-1`);
    expect((await postPaygov(await callbackOf(p.id, { errorCode: '51' }))).errorCode).toBe('00');
    expect(await state(p.id)).toMatchObject({ status: 'FAILED', attempt: 'FAILED' });
    const retried = ok(
      await hub.gql(
        `mutation($id: ID!) { retryPayment(id: $id, route: PLATFORM) { status route } }`,
        { id: p.id },
        ward,
      ),
    ).retryPayment;
    expect(retried).toEqual({ status: 'REQUESTED', route: 'PLATFORM' });
    await settled(`payment-start-${p.id}-2`);
    const attempts = (
      await hub.sql('SELECT route, status FROM payment_attempt WHERE payment_id = $1 ORDER BY number', [p.id])
    ).rows;
    expect(attempts).toEqual([
      { route: 'PAYGOV', status: 'FAILED' },
      { route: 'PLATFORM', status: 'STARTED' },
    ]);
    expect((await paymentOf(p.id)).payUrl).toMatch(`${sandbox.url}/pay/`);
  });
});

describe('reconciliation', () => {
  it('finds the planted mismatches, and nothing else', async () => {
    await awayFromMidnight(); // the day planted is the day of the payments
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const Ngay = today.replaceAll('-', '');
    const settle = (body: Record<string, string>) =>
      fetch(`${sandbox.url}/__sandbox/payment/settle`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ Ngay, MaGiaoDich: 'GD', ...body }),
      });
    const fineN = (n: number, amount: number) => ({
      kind: 'FINE',
      amount,
      payerName: 'Đối Soát',
      fineDecisionNumber: `${n}/QĐ`,
      fineDecisionDate: '2026-11-25',
    });
    // the platform settles every success the hub applied before this test (they match)
    // (PayGov's successes are not the platform's: they must not show up as missing on it)
    const booked = new Set(
      ((await (await fetch(`${sandbox.url}/__sandbox/payment/ledger`)).json()) as Array<{ MaThamChieu: string }>).map(
        (t) => t.MaThamChieu,
      ),
    );
    for (const r of (
      await hub.sql(
        `SELECT a.reference, p.amount FROM payment_attempt a JOIN payment p ON p.id = a.payment_id WHERE a.status = 'SUCCEEDED' AND a.route = 'PLATFORM'`,
      )
    ).rows) {
      if (!booked.has(r.reference)) await settle({ MaThamChieu: r.reference, SoTien: String(r.amount) });
    }
    const matched = await started(fineN(31, 100_000));
    await post(callback({ MaThamChieu: matched.reference, SoTien: '100000' }));
    await settle({ MaThamChieu: matched.reference, SoTien: '100000' });
    const noCallback = await started(fineN(32, 110_000)); // paid on the platform, the callback never came
    await settle({ MaThamChieu: noCallback.reference, SoTien: '110000' });
    const notOnPlatform = await started(fineN(33, 120_000));
    await post(callback({ MaThamChieu: notOnPlatform.reference, SoTien: '120000' }));
    const otherAmount = await started(fineN(34, 130_000));
    await post(callback({ MaThamChieu: otherAmount.reference, SoTien: '130000' }));
    await settle({ MaThamChieu: otherAmount.reference, SoTien: '131000' });
    await settle({ MaThamChieu: 'LTUNKNOWNREFERENCE01', SoTien: '5000' });
    // an expired attempt paid late, after the payer had paid the new attempt too
    const twice = await started(fineN(35, 140_000));
    await (await queues.get(QueueName.Maintenance).getJob(`payment-expire-${twice.id}-1`))!.promote();
    await settled(`payment-expire-${twice.id}-1`);
    ok(await hub.gql(`mutation($id: ID!) { retryPayment(id: $id) { status } }`, { id: twice.id }, ward));
    await settled(`payment-start-${twice.id}-2`);
    const second = (
      await hub.sql('SELECT reference FROM payment_attempt WHERE payment_id = $1 AND number = 2', [twice.id])
    ).rows[0].reference as string;
    for (const ref of [second, twice.reference]) {
      expect((await post(callback({ MaThamChieu: ref, SoTien: '140000' }))).MaLoi).toBe('00'); // the money was taken: acknowledged
      await settle({ MaThamChieu: ref, SoTien: '140000' });
    }
    expect(hub.logs.some((l) => l.msg === 'payment paid twice: a refund is needed')).toBe(true);

    const admin = await hub.token({ role: 'ADMIN' });
    const jobId = ok(
      await hub.gql(`mutation($d: Date!) { reconcilePayments(day: $d) }`, { d: today }, admin),
    ).reconcilePayments;
    await settled(jobId);
    const report = ok(
      await hub.gql(
        `query($d: Date!) { reconciliation(day: $d) { mismatches { kind reference platformAmount hubAmount platformStatus hubStatus resolution } } }`,
        { d: today },
        admin,
      ),
    ).reconciliation;
    expect(report.mismatches.map(({ resolution, ...m }: any) => m)).toEqual([
      {
        kind: 'AMOUNT_DIFFERS',
        reference: otherAmount.reference,
        platformAmount: '131000',
        hubAmount: '130000',
        platformStatus: 'SUCCEEDED',
        hubStatus: 'SUCCEEDED',
      },
      {
        kind: 'MISSING_IN_HUB',
        reference: 'LTUNKNOWNREFERENCE01',
        platformAmount: '5000',
        hubAmount: null,
        platformStatus: 'SUCCEEDED',
        hubStatus: null,
      },
      {
        kind: 'MISSING_ON_PLATFORM',
        reference: notOnPlatform.reference,
        platformAmount: null,
        hubAmount: '120000',
        platformStatus: null,
        hubStatus: 'SUCCEEDED',
      },
      ...[twice.reference, second].sort().map((reference) => ({
        kind: 'PAID_TWICE',
        reference,
        platformAmount: '140000',
        hubAmount: '140000',
        platformStatus: 'SUCCEEDED',
        hubStatus: 'SUCCEEDED',
      })),
      {
        kind: 'STATUS_DIFFERS',
        reference: noCallback.reference,
        platformAmount: '110000',
        hubAmount: '110000',
        platformStatus: 'SUCCEEDED',
        hubStatus: 'STARTED',
      },
    ]);
    // the success whose callback never came is applied from the platform's list; nothing else is touched
    expect(report.mismatches.filter((m: any) => m.resolution).map((m: any) => [m.reference, m.resolution])).toEqual([
      [noCallback.reference, 'APPLIED'],
    ]);
    expect((await paymentOf(noCallback.id)).status).toBe('PAID');
    expect((await paymentOf(notOnPlatform.id)).status).toBe('PAID');
    expect(
      (
        await hub.sql(
          `SELECT count(*)::int AS n FROM audit_log WHERE operation = 'paymentReconciled' AND outcome = 'SUCCESS' AND actor_id = 'payment-reconciliation'`,
        )
      ).rows[0].n,
    ).toBe(1);
    expect(codeOf(await hub.gql(`query($d: Date!) { reconciliation(day: $d) { day } }`, { d: today }, ward))).toBe(
      'FORBIDDEN',
    );
    // a finance officer finds the payment behind a reference, with its attempts
    const found = ok(
      await hub.gql(
        `query($r: String!) { payments(first: 5, reference: $r) { edges { node { id attempts { number reference route status } } } } }`,
        { r: second },
        ward,
      ),
    ).payments.edges;
    expect(found.map((e: any) => e.node)).toEqual([
      {
        id: twice.id,
        attempts: [
          { number: 1, reference: twice.reference, route: 'PLATFORM', status: 'SUCCEEDED' },
          { number: 2, reference: second, route: 'PLATFORM', status: 'SUCCEEDED' },
        ],
      },
    ]);
    expect(
      ok(
        await hub.gql(
          `query($r: String!) { payments(first: 5, reference: $r) { totalCount } }`,
          { r: second },
          await hub.token({ role: 'OFFICER', agency: '000.00.52.H24' }),
        ),
      ).payments.totalCount,
    ).toBe(0);
  }, 180_000);
});

describe('a reconciliation the schedule missed', () => {
  it('is caught up for the last two days without a run, and only for them', async () => {
    const now = new Date('2026-11-20T03:00:00Z'); // 10:00 in Vietnam
    expect(await catchUpReconciliation(prisma, queues, new Date('2026-11-20T19:00:00Z'))).toEqual([]); // 02:00: the 01:00 run may still be going
    const days = await catchUpReconciliation(prisma, queues, now);
    expect(days).toEqual(['2026-11-19', '2026-11-18']);
    await until(
      async () =>
        (await hub.sql(`SELECT count(*)::int AS n FROM reconciliation_run WHERE day IN ('2026-11-19', '2026-11-18')`))
          .rows[0].n === 2,
      'both days reconciled',
    );
    expect(await catchUpReconciliation(prisma, queues, now)).toEqual([]);
  });
});

describe('the contract double', () => {
  it('accepted every call the hub made to the payment platform and the portal', async () => {
    expect(sandbox.store.violations).toEqual([]);
    // a fine's receipt names its decision and violation
    const fines = Object.values(
      (await (await fetch(`${sandbox.url}/__sandbox/payments`)).json()) as Record<string, any>,
    ).filter((m) => m.ThongTinBienLai.MaDichVu === '1');
    expect(fines.length).toBeGreaterThan(0);
    expect(fines[0].ThongTinBienLai).toMatchObject({
      KhoBac: FINE.treasury,
      TenNguoiViPham: FINE.violatorName,
      ThoiGianViPham: '20261120093000',
      MaHoSo: '',
    });
  });
});
