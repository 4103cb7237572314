/**
 * The KPI report against a small fixture whose indicators are computed by hand below, including
 * supplements, a stop-like refusal, a withdrawal, dossiers still open at the period's end, and
 * fees paid online on either route or not at all.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paygovRequestCode } from '../../src/modules/payment/payment.rules.js';
import { applicant, createProcedure, STATUS_NAME } from '../support/dossiers.js';
import { codeOf, startTestHub, type TestHub, ok } from '../support/hub.js';
import { SEND, sendInput } from '../support/documents.js';
import {
  PAYER,
  paygovCallback,
  platformCallback,
  postPaygovCallback,
  postPlatformCallback,
  setCollectionAccounts,
} from '../support/payments.js';

let hub: TestHub;
const REPORT_STATUS = `mutation($input: DeliveryStatusInput!) { reportDeliveryStatus(input: $input) { delivery { id } } }`;
const SO_TC = '000.00.02.H24'; // Sở Tài chính: province level
const BTC = '000.00.00.G12'; // Bộ Tài chính: ministry level
const WARD = '000.00.51.H24'; // commune level
/** KenhThucHien 1, 2, 3 as the API names them. */
const CHANNEL: Record<number, string> = { 1: 'IN_PERSON', 2: 'ONLINE', 3: 'POSTAL' };
const vn = (s: string) => new Date(`2026-${s}+07:00`).toISOString();

async function dossier(
  who: string,
  procedureCode: string,
  channel: number,
  received: string,
  steps: Array<[number, string]>,
  result = false,
): Promise<string> {
  const d = ok(
    await hub.gql(
      `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }`,
      { input: { procedureCode, applicant, channel: CHANNEL[channel], receivedAt: vn(received) } },
      who,
    ),
  ).submitDossier;
  for (const [status, at] of steps)
    ok(
      await hub.gql(
        `mutation($code: String!, $input: DossierStepInput!) { moveDossier(code: $code, input: $input) { code } }`,
        { code: d.code, input: { status: STATUS_NAME[status], at: vn(at) } },
        who,
      ),
    );
  if (result) {
    const up = await fetch(`${hub.url}/attachments`, {
      method: 'POST',
      headers: { authorization: who },
      body: new Uint8Array(Buffer.from(`kết quả ${d.code}`)),
    });
    const { sha256 } = (await up.json()) as { sha256: string };
    ok(
      await hub.gql(
        `mutation($code: String!, $sha: String!) { attachDossierResult(code: $code, sha256: $sha, name: "giay-khai-sinh.pdf") { sha256 } }`,
        { code: d.code, sha: sha256 },
        who,
      ),
    );
  }
  return d.code;
}

/**
 * A payment of the dossier with one attempt on `route`, and the gateway's signed callback over
 * HTTP: success, or failure. (The attempt row and PENDING stand for the worker's start, tested in payment-flow.)
 */
async function pay(who: string, dossierCode: string, route: 'PLATFORM' | 'PAYGOV', success: boolean) {
  const p = ok(
    await hub.gql(
      `mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { id } }`,
      { input: { kind: 'CHARGE', amount: 8000, payerName: 'Người nộp', ...PAYER, dossierCode, route } },
      who,
    ),
  ).requestPayment;
  const reference = `KPI${p.id.replaceAll('-', '').slice(0, 17)}`.toUpperCase();
  const attemptId = (
    await hub.sql(
      `INSERT INTO payment_attempt (id, payment_id, number, reference, route) VALUES (gen_random_uuid(), $1, 1, $2, $3) RETURNING id`,
      [p.id, reference, route],
    )
  ).rows[0].id as string;
  await hub.sql(`UPDATE payment SET status = 'PENDING' WHERE id = $1`, [p.id]);
  const answer =
    route === 'PLATFORM'
      ? (
          await postPlatformCallback(
            hub,
            platformCallback(hub, { MaThamChieu: reference, SoTien: '8000', MaLoi: success ? '00' : '24' }),
          )
        ).MaLoi
      : (
          await postPaygovCallback(
            hub,
            paygovCallback(hub, {
              orderId: reference,
              requestCode: paygovRequestCode(attemptId),
              amount: '8000',
              errorCode: success ? '00' : '24',
            }),
          )
        ).errorCode;
  expect(answer).toBe('00');
}

beforeAll(async () => {
  hub = await startTestHub({ PAYGOV_URL: 'http://127.0.0.1:9' }); // PayGov on (no worker calls it here)
  const admin = await hub.token({ role: 'ADMIN' });
  await createProcedure(hub, admin, { code: '1.000001', agencyCodes: [SO_TC, BTC, WARD] });
  await createProcedure(hub, admin, { code: '1.000002', resultRequired: true, agencyCodes: [SO_TC], fees: [] }); // no fee in the catalog
  await setCollectionAccounts(hub, [SO_TC, BTC, WARD]);
  const so = await hub.token({ role: 'OFFICER', agency: SO_TC });
  const btc = await hub.token({ role: 'OFFICER', agency: BTC });
  const ward = await hub.token({ role: 'OFFICER', agency: WARD });
  // period: Monday 2026-11-02 to Friday 2026-11-06 (Vietnam days)
  const p1 = await dossier(so, '1.000001', 2, '11-02T09:00:00', [
    [2, '11-02T09:30:00'],
    [4, '11-02T10:00:00'],
    [9, '11-05T09:00:00'],
  ]); // p1 on time, 3 days
  const p2 = await dossier(so, '1.000001', 1, '11-02T10:00:00', [
    [4, '11-02T11:00:00'],
    [5, '11-03T10:00:00'],
    [4, '11-05T10:00:00'],
    [9, '11-06T10:00:00'],
  ]); // p2 on time, 4 - 2 days supplement
  const p3 = await dossier(so, '1.000001', 2, '11-03T08:00:00', [[3, '11-03T09:00:00']]); // p3 not accepted after 1 hour: finished, on time
  await dossier(so, '1.000001', 2, '11-04T08:00:00', [[7, '11-04T12:00:00']]); // p4 withdrawn: received online, not finished
  await dossier(so, '1.000001', 1, '10-20T08:00:00', [[4, '10-20T09:00:00']]); // p5 before the period, due 10-27, still open: overdue
  const p6 = await dossier(so, '1.000001', 2, '10-22T08:00:00', [
    [2, '10-22T09:00:00'],
    [4, '10-22T10:00:00'],
    [9, '11-03T08:00:00'],
  ]); // p6 due 10-29, finished late in the period, 12 days
  await dossier(so, '1.000001', 1, '11-04T08:00:00', [
    [4, '11-04T09:00:00'],
    [8, '11-04T17:00:00'],
  ]); // p9 stopped after 9 hours: finished, on time
  await dossier(so, '1.000002', 2, '11-05T08:00:00', []); // p7 online but no electronic result where one is required: not online
  const p8 = await dossier(so, '1.000002', 2, '11-05T09:00:00', [], true); // p8 online with its result
  // fees: p1 paid on the national platform, p2 and p8 (no catalog fee, but one was asked) through PayGov,
  // p3's payment failed; p6 was paid too but was received before the period
  await pay(so, p1, 'PLATFORM', true);
  await pay(so, p2, 'PAYGOV', true);
  await pay(so, p3, 'PLATFORM', false);
  await pay(so, p8, 'PAYGOV', true);
  await pay(so, p6, 'PLATFORM', true);
  await dossier(btc, '1.000001', 2, '11-02T09:00:00', []); // m1
  await dossier(btc, '1.000001', 1, '11-03T09:00:00', []); // m2
  await dossier(ward, '1.000001', 1, '11-06T16:00:00', []); // w1
});
afterAll(() => hub?.close());

const REPORT = `query($level: AgencyLevel, $agencyCode: String) { kpiReport(from: "2026-11-02", to: "2026-11-06", level: $level, agencyCode: $agencyCode) { rows {
  level received online onlineRate { value target met } finished onTime onTimeRate { value target met } overdue avgProcessingDays
  feeBearing paidOnline paidOnlineRate { value target met } portalSynced portalSyncedRate { value target met }
  procedures onlineProcedures onlineProcedureRate { value target met } portalIntegrated portalIntegratedRate { value target met }
  documentsSent documentsReceived } } }`;

it('computes each indicator as defined, beside its target', async () => {
  const leader = await hub.token({ role: 'LEADER' });
  const rows = ok(await hub.gql(REPORT, {}, leader)).kpiReport.rows;
  const by = Object.fromEntries(rows.map((r: any) => [r.level ?? 'ALL', r]));
  // province: received p1 p2 p3 p4 p7 p8 p9 = 7; online p1 p3 p4 p8 = 4 (57.14% < 60%)
  // finished p1 p2 p3 p6 p9 = 5, on time p1 p2 p3 p9 = 4 (80%); overdue p6 (late) + p5 (open, past due) = 2
  // processing days (3 + 2 + 1/24 + 12 + 9/24) / 5 = 3.48
  // fee-bearing: p1 p2 p3 p4 p9 (catalog fee) and p8 (a payment asked) = 6, not p7; paid online p1 p2 p8 = 3 (50%)
  expect(by.PROVINCE).toEqual({
    level: 'PROVINCE',
    received: 7,
    online: 4,
    onlineRate: { value: 57.14, target: 60, met: false },
    finished: 5,
    onTime: 4,
    onTimeRate: { value: 80, target: null, met: null },
    overdue: 2,
    avgProcessingDays: 3.48,
    feeBearing: 6,
    paidOnline: 3,
    paidOnlineRate: { value: 50, target: null, met: null },
    // no worker here: nothing synced yet; both procedures are full-process, neither listed by the portal
    portalSynced: 0,
    portalSyncedRate: { value: 0, target: null, met: null },
    procedures: 2,
    onlineProcedures: 2,
    onlineProcedureRate: { value: 100, target: null, met: null },
    portalIntegrated: 0,
    portalIntegratedRate: { value: 0, target: 30, met: false },
    documentsSent: 0,
    documentsReceived: 0,
  });
  // ministry: received 2, online 1 (50% < 80%), nothing finished; both fee-bearing, neither paid online
  expect(by.MINISTRY).toMatchObject({
    received: 2,
    online: 1,
    onlineRate: { value: 50, target: 80, met: false },
    finished: 0,
    onTimeRate: { value: null },
    overdue: 0,
    avgProcessingDays: null,
    feeBearing: 2,
    paidOnline: 0,
    paidOnlineRate: { value: 0 },
  });
  // communes carry the district's 30% since the reform
  expect(by.COMMUNE).toMatchObject({
    received: 1,
    online: 0,
    onlineRate: { value: 0, target: 30, met: false },
    feeBearing: 1,
    paidOnline: 0,
  });
  expect(by.DISTRICT).toMatchObject({
    received: 0,
    onlineRate: { value: null, target: 30, met: null },
    feeBearing: 0,
    paidOnlineRate: { value: null },
  });
  // all levels: 3 paid of 9 fee-bearing = 33.33%
  expect(by.ALL).toMatchObject({
    level: null,
    received: 10,
    online: 5,
    onlineRate: { value: 50 },
    finished: 5,
    onTime: 4,
    overdue: 2,
    avgProcessingDays: 3.48,
    feeBearing: 9,
    paidOnline: 3,
    paidOnlineRate: { value: 33.33 },
  });
});

it('counts what the portal knows, the procedures offered online and integrated, and documents that arrived, within the scope asked', async () => {
  const leader = await hub.token({ role: 'LEADER' });
  const admin = await hub.token({ role: 'ADMIN' });
  // two of the department's dossiers reached the portal; the portal's catalog lists 1.000001
  await hub.sql(
    `UPDATE portal_sync SET synced_version = 1, state = 'SYNCED' WHERE dossier_id IN (SELECT id FROM dossier WHERE received_at >= '2026-11-02' ORDER BY received_at LIMIT 2)`,
  );
  await hub.sql(`UPDATE procedure SET portal_id = 'P-1' WHERE code = '1.000001'`);
  // a procedure at level 2 only (not online), handled by the department
  await createProcedure(hub, admin, { code: '1.000003', onlineLevel: 2, onlineType: 'NONE', agencyCodes: [SO_TC] });
  const rows = ok(await hub.gql(REPORT, {}, leader)).kpiReport.rows;
  const by = Object.fromEntries(rows.map((r: any) => [r.level ?? 'ALL', r]));
  const synced = (
    await hub.sql(
      `SELECT a.level::text AS level, count(*)::int AS n FROM portal_sync ps JOIN dossier d ON d.id = ps.dossier_id JOIN agency a ON a.id = d.receiving_agency_id WHERE ps.synced_version > 0 AND d.received_at >= '2026-11-01T17:00:00Z' GROUP BY a.level`,
    )
  ).rows;
  const province = synced.find((r) => r.level === 'PROVINCE')?.n ?? 0;
  expect(by.PROVINCE).toMatchObject({
    portalSynced: province,
    portalSyncedRate: { value: Math.round((province / 7) * 10_000) / 100 },
    // 1.000001 and 1.000002 online, 1.000003 not: 2 of 3; of the 2 online, 1.000001 listed by the portal
    procedures: 3,
    onlineProcedures: 2,
    onlineProcedureRate: { value: 66.67 },
    portalIntegrated: 1,
    portalIntegratedRate: { value: 50, target: 30, met: true },
  });
  expect(by.MINISTRY).toMatchObject({
    procedures: 1,
    onlineProcedures: 1,
    portalIntegrated: 1,
    portalIntegratedRate: { value: 100, met: true },
  });
  // the total counts each procedure once, whatever the levels that handle it
  expect(by.ALL).toMatchObject({ procedures: 3, onlineProcedures: 2, portalIntegrated: 1 });

  // documents today: the department sends to the ward and the ministry; the ward reports one
  // arrived (01), the other delivery to the ward never arrives, the ministry's document is revoked
  const so = await hub.token({ role: 'OFFICER', agency: SO_TC });
  const ward = await hub.token({ role: 'OFFICER', agency: WARD });
  const btc = await hub.token({ role: 'OFFICER', agency: BTC });
  const send = async (to: string[]) =>
    ok(await hub.gql(SEND, { input: sendInput({ recipientCodes: to }) }, so)).sendDocument;
  const arrived = await send([WARD]);
  await send([WARD]);
  const revoked = await send([BTC]);
  ok(await hub.gql(REPORT_STATUS, { input: { deliveryId: arrived.deliveries[0].id, status: 'ARRIVED' } }, ward));
  ok(await hub.gql(REPORT_STATUS, { input: { deliveryId: revoked.deliveries[0].id, status: 'ARRIVED' } }, btc));
  ok(
    await hub.gql('mutation($id: ID!) { revokeDocument(id: $id, reason: "gửi nhầm") { id } }', { id: revoked.id }, so),
  );
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const docs = `query($a: String) { kpiReport(from: "${today}", to: "${today}", agencyCode: $a) { rows { level documentsSent documentsReceived } } }`;
  const all = Object.fromEntries(
    ok(await hub.gql(docs, {}, leader)).kpiReport.rows.map((r: any) => [r.level ?? 'ALL', r]),
  );
  expect(all.PROVINCE).toMatchObject({ documentsSent: 3, documentsReceived: 0 });
  expect(all.COMMUNE).toMatchObject({ documentsReceived: 1 }); // one arrived, one never did
  expect(all.MINISTRY).toMatchObject({ documentsReceived: 0 }); // arrived, then revoked
  // the city's scope: its department and its ward, not the ministry
  const city = Object.fromEntries(
    ok(await hub.gql(docs, { a: '000.00.00.H24' }, leader)).kpiReport.rows.map((r: any) => [r.level ?? 'ALL', r]),
  );
  expect(city.ALL).toMatchObject({ documentsSent: 3, documentsReceived: 1 });
  const wardOnly = Object.fromEntries(
    ok(await hub.gql(docs, { a: WARD }, leader)).kpiReport.rows.map((r: any) => [r.level ?? 'ALL', r]),
  );
  expect(wardOnly.ALL).toMatchObject({ documentsSent: 0, documentsReceived: 1 });
});

it('counts an open dossier overdue only once its due time has passed, in the period and by now', async () => {
  const leader = await hub.token({ role: 'LEADER' });
  // a period ending next year: the ward's dossier of 6/11 (due 9/11) is overdue; one received now, not due yet, is not
  const ward = await hub.token({ role: 'OFFICER', agency: WARD });
  const fresh = ok(
    await hub.gql(
      `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code dueAt } }`,
      { input: { procedureCode: '1.000001', applicant, channel: 'IN_PERSON' } },
      ward,
    ),
  ).submitDossier;
  expect(new Date(fresh.dueAt).getTime()).toBeGreaterThan(Date.now());
  const q = `{ kpiReport(from: "2026-11-01", to: "2031-10-31", agencyCode: "${WARD}") { rows { level received overdue } } }`;
  const rows = ok(await hub.gql(q, {}, leader)).kpiReport.rows;
  expect(rows.find((r: any) => r.level === null)).toEqual({ level: null, received: 2, overdue: 1 });
  // a supplement asked today of the late dossier does not hide it: supplement time runs to now, not to the period's end
  const late = (
    await hub.sql(
      `SELECT d.code FROM dossier d JOIN agency a ON a.id = d.receiving_agency_id WHERE a.code = $1 AND d.received_at < '2026-11-07' LIMIT 1`,
      [WARD],
    )
  ).rows[0].code;
  ok(
    await hub.gql(
      `mutation($c: String!) { a: moveDossier(code: $c, input: { status: IN_PROCESS }) { code } }`,
      { c: late },
      ward,
    ),
  );
  ok(
    await hub.gql(
      `mutation($c: String!) { moveDossier(code: $c, input: { status: SUPPLEMENT_REQUESTED }) { code } }`,
      { c: late },
      ward,
    ),
  );
  const after = ok(await hub.gql(q, {}, leader)).kpiReport.rows;
  expect(after.find((r: any) => r.level === null)).toEqual({ level: null, received: 2, overdue: 1 });
});

it('narrows to a level or to an agency and those below it', async () => {
  const leader = await hub.token({ role: 'LEADER' });
  const province = ok(await hub.gql(REPORT, { level: 'PROVINCE' }, leader)).kpiReport.rows;
  expect(province.map((r: any) => r.level)).toEqual(['PROVINCE', null]);
  expect(province[1].received).toBe(7);
  const city = ok(await hub.gql(REPORT, { agencyCode: '000.00.00.H24' }, leader)).kpiReport.rows;
  const total = city.find((r: any) => r.level === null);
  expect(total.received).toBe(8); // the department's 7 and the ward's 1, not the ministry's
});

it('is for ADMIN and LEADER only', async () => {
  expect(codeOf(await hub.gql(REPORT, {}, await hub.token({ role: 'OFFICER', agency: SO_TC })))).toBe('FORBIDDEN');
});

it('takes new targets as data, from the date they start', async () => {
  const admin = await hub.token({ role: 'ADMIN' });
  ok(
    await hub.gql(
      'mutation { setKpiTarget(indicator: ONLINE_RATE, level: PROVINCE, periodStart: "2026-11-01", value: 50, source: "Kế hoạch 2026 (thử)") { value } }',
      {},
      admin,
    ),
  );
  ok(
    await hub.gql(
      'mutation { setKpiTarget(indicator: ON_TIME_RATE, level: PROVINCE, periodStart: "2026-01-01", value: 95) { value } }',
      {},
      admin,
    ),
  );
  ok(
    await hub.gql(
      'mutation { setKpiTarget(indicator: PAID_ONLINE_RATE, level: PROVINCE, periodStart: "2026-01-01", value: 40) { value } }',
      {},
      admin,
    ),
  );
  const rows = ok(await hub.gql(REPORT, { level: 'PROVINCE' }, admin)).kpiReport.rows;
  expect(rows[0].onlineRate).toEqual({ value: 57.14, target: 50, met: true });
  expect(rows[0].onTimeRate).toEqual({ value: 80, target: 95, met: false });
  expect(rows[0].paidOnlineRate).toEqual({ value: 50, target: 40, met: true });
  const before = ok(await hub.gql('{ kpiTargets(on: "2026-10-31") { indicator level value } }', {}, admin)).kpiTargets;
  expect(before).toContainEqual({ indicator: 'ONLINE_RATE', level: 'PROVINCE', value: 60 });
  expect(
    codeOf(
      await hub.gql(
        'mutation { setKpiTarget(indicator: ONLINE_RATE, level: PROVINCE, periodStart: "2026-11-01", value: 120) { value } }',
        {},
        admin,
      ),
    ),
  ).toBe('BAD_USER_INPUT');
});
