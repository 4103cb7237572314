/**
 * Links between rows of different agencies that a caller's scope must not cut: a payment asked for
 * an agency that neither receives nor handles its dossier still moves the dossier once paid (the
 * link was authorised when the payment was asked; the gateway reads nothing of its own), and a
 * recipient's edXML export still names the document its document replaces (its national id only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOVE, SUBMIT, applicant, createProcedure, STATUS_NAME } from '../support/dossiers.js';
import { COMMUNE, COMMUNE_B, CITY, SEND, sendInput } from '../support/documents.js';
import { ok, startTestHub, type TestHub } from '../support/hub.js';
import { PAYER, platformCallback, postPlatformCallback, setCollectionAccounts } from '../support/payments.js';

let hub: TestHub;
let admin: string;
let ward: string;

beforeAll(async () => {
  hub = await startTestHub();
  admin = await hub.token({ role: 'ADMIN' });
  await createProcedure(hub, admin);
  await setCollectionAccounts(hub, ['000.00.51.H24', '000.00.52.H24']);
  ward = await hub.token({ role: 'OFFICER', agency: '000.00.51.H24' });
});
afterAll(() => hub?.close());

/** A dossier of one ward, paid through a payment an ADMIN asked for the other ward. */
async function paidByOtherAgency(finalStatus: number) {
  const d = ok(
    await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, ward),
  ).submitDossier;
  for (const status of [2, 4, finalStatus].filter((s, i, a) => a.indexOf(s) === i))
    ok(await hub.gql(MOVE, { code: d.code, input: { status: STATUS_NAME[status] } }, ward));
  const p = ok(
    await hub.gql(
      `mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { id } }`,
      {
        input: {
          ...PAYER,
          kind: 'CHARGE',
          amount: 8000,
          payerName: 'Nguyễn Thị Dân',
          dossierCode: d.code,
          agencyCode: '000.00.52.H24',
        },
      },
      admin,
    ),
  ).requestPayment;
  const reference = `LTREVIEW${String(finalStatus).padStart(12, '0')}`;
  await hub.sql(
    `INSERT INTO payment_attempt (id, payment_id, number, reference, route, status) VALUES (gen_random_uuid(), $1, 1, $2, 'PLATFORM', 'STARTED')`,
    [p.id, reference],
  );
  await hub.sql(`UPDATE payment SET status = 'PENDING' WHERE id = $1`, [p.id]);
  const before = (await hub.sql('SELECT version FROM dossier WHERE code = $1', [d.code])).rows[0].version;
  const answer = await postPlatformCallback(hub, platformCallback(hub, { MaThamChieu: reference, SoTien: '8000' }));
  const after = (await hub.sql('SELECT status, version FROM dossier WHERE code = $1', [d.code])).rows[0];
  const payment = (await hub.sql('SELECT status FROM payment WHERE id = $1', [p.id])).rows[0];
  return { answer, before, after, payment };
}

describe("a payment asked by an ADMIN for another agency than its dossier's", () => {
  it('takes a dossier waiting on payment (status 6) out of it once paid', async () => {
    const r = await paidByOtherAgency(6);
    expect(r.answer.MaLoi).toBe('00');
    expect(r.payment.status).toBe('PAID');
    expect(r.after.status).toBe(4);
  });

  it('tells the portal (a new version) when a dossier not waiting is paid', async () => {
    const r = await paidByOtherAgency(4);
    expect(r.answer.MaLoi).toBe('00');
    expect(r.payment.status).toBe('PAID');
    expect(r.after.version).toBeGreaterThan(r.before);
  });
});

describe("a recipient's edXML export", () => {
  it('names the document replaced (ReplacementInfo) although the recipient never received that one', async () => {
    const a = await hub.token({ role: 'OFFICER', agency: COMMUNE });
    const b = await hub.token({ role: 'OFFICER', agency: COMMUNE_B });
    const d0 = ok(await hub.gql(SEND, { input: sendInput({ recipientCodes: [CITY] }) }, a)).sendDocument;
    const d = ok(
      await hub.gql(SEND, { input: sendInput({ recipientCodes: [COMMUNE_B], replacesDocumentId: d0.id }) }, a),
    ).sendDocument;
    const byA = ok(await hub.gql(`query($id: ID!) { documentEdxml(id: $id) }`, { id: d.id }, a)).documentEdxml;
    const byB = ok(await hub.gql(`query($id: ID!) { documentEdxml(id: $id) }`, { id: d.id }, b)).documentEdxml;
    expect(byA).toContain(d0.edxmlDocumentId);
    expect(byB).toContain(d0.edxmlDocumentId);
  });
});
