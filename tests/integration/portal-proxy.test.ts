/**
 * The other deployment shape of the contracts document: the portal and the payment platform
 * behind a provincial proxy (LGSP). The hub, configured for it, speaks bare arrays on one URL per
 * operation with the proxy's bearer token, reads plain-text and message-wrapped answers, and
 * decides isUpdating as TD does (insert; "đã tồn tại": update).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOVE, SUBMIT, applicant, createProcedure, STATUS_NAME } from '../support/dossiers.js';
import { ok } from '../support/hub.js';
import { startNationalRun, type NationalRun } from '../support/national.js';
import { PAYER, setCollectionAccounts } from '../support/payments.js';

let run: NationalRun;
let ward: string;
const UNIT = '000.00.00.H24';

beforeAll(async () => {
  run = await startNationalRun({
    sandbox: {
      portal: { proxyToken: 'lgsp-portal-token', dstcode: UNIT },
      payment: { proxyToken: 'lgsp-payment-token' },
    },
    env: {
      PORTAL_SHAPE: 'proxy',
      PORTAL_BEARER_TOKEN: 'lgsp-portal-token',
      PORTAL_DSTCODE: UNIT,
      PAYMENT_SHAPE: 'proxy',
      PAYMENT_BEARER_TOKEN: 'lgsp-payment-token',
    },
  });
  await createProcedure(run.hub, await run.hub.token({ role: 'ADMIN' }));
  await setCollectionAccounts(run.hub, ['000.00.51.H24']);
  ward = await run.hub.token({ role: 'OFFICER', agency: '000.00.51.H24' });
});
afterAll(() => run?.close());

const dossierOf = async (code: string) =>
  ok(await run.hub.gql(`query($c: String!) { dossier(code: $c) { id version steps { id } } }`, { c: code }, ward))
    .dossier;

describe('behind a provincial proxy', () => {
  it('syncs a dossier (insert, then update) and its steps, each accepted by the proxy', async () => {
    const d = ok(
      await run.hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, ward),
    ).submitDossier;
    for (const status of [2, 4])
      ok(
        await run.hub.gql(
          MOVE,
          { code: d.code, input: { status: STATUS_NAME[status], officerName: 'Trần Thị Bình' } },
          ward,
        ),
      );
    const { id, version, steps } = await dossierOf(d.code);
    await run.syncedTo(id, version);
    for (const s of steps.slice(1)) await run.settled(`portal-step-${s.id}`);
    expect((await run.sandboxGet('/__sandbox/dossiers'))[d.code]).toMatchObject({
      TrangThaiHoSo: '4',
      KenhThucHien: '2',
    });
    const calls = (await run.sandboxGet('/__sandbox/received')).filter((r: any) => r.shape === 'proxy');
    expect(calls.some((c: any) => c.service === 'DongBoHoSoMC' && Array.isArray(c.body))).toBe(true);
    expect(
      (await run.sandboxGet('/__sandbox/steps')).filter((s: any) => s.MaHoSo === d.code).map((s: any) => s.NguoiXuLy),
    ).toEqual(['Trần Thị Bình', 'Trần Thị Bình']);
  });

  it('resends on the update URL when the proxy answers "đã tồn tại" to an insert', async () => {
    const d = ok(
      await run.hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'IN_PERSON' } }, ward),
    ).submitDossier;
    const { id } = await dossierOf(d.code);
    await run.syncedTo(id, 1);
    // the portal holds it, but the hub's record of that is lost (a restored backup, say)
    await run.hub.sql(`UPDATE portal_sync SET synced_version = 0, state = 'PENDING' WHERE dossier_id = $1`, [id]);
    ok(await run.hub.gql(MOVE, { code: d.code, input: { status: 'IN_PROCESS' } }, ward));
    await run.syncedTo(id, 2);
    const paths = (await run.sandboxGet('/__sandbox/received'))
      .filter((r: any) => r.service === 'DongBoHoSoMC' && r.body[0]?.MaHoSo === d.code)
      .map((r: any) => r.path.split('/').pop());
    expect(paths).toEqual(['Insert', 'Insert', 'Update']);
    expect((await run.sandboxGet('/__sandbox/dossiers'))[d.code]).toMatchObject({ TrangThaiHoSo: '4' });
  });

  it('imports the catalog from answers wrapped as a JSON string in message', async () => {
    const admin = await run.hub.token({ role: 'ADMIN' });
    const jobId = ok(await run.hub.gql('mutation { importProcedureCatalog }', {}, admin)).importProcedureCatalog;
    await run.settled(jobId);
    expect(run.finished.get(jobId)).toBe('completed');
    expect(
      ok(await run.hub.gql('{ procedure(code: "1.001193") { fieldCode fees { amount } } }', {}, admin)).procedure,
    ).toEqual({ fieldCode: 'G09-TP05', fees: [{ amount: 8000 }] });
  });

  it('starts a payment through the proxy and keeps the URL from the wrapped answer', async () => {
    const d = ok(
      await run.hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, ward),
    ).submitDossier;
    const p = ok(
      await run.hub.gql(
        `mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { id } }`,
        { input: { kind: 'CHARGE', amount: 8000, payerName: applicant.name, ...PAYER, dossierCode: d.code } },
        ward,
      ),
    ).requestPayment;
    await run.settled(`payment-start-${p.id}-1`);
    const url = (await run.hub.sql('SELECT payment_url FROM payment WHERE id = $1', [p.id])).rows[0].payment_url;
    expect(url).toMatch(new RegExp(`^${run.sandbox.url}/pay/`));
  });

  it("made every call in the contract's shape", () => {
    expect(run.sandbox.store.violations).toEqual([]);
  });
});
