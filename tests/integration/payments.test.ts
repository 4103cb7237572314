/** Asking for payments and reading them: whole đồng only, a dossier or a fine decision, scoped to the agency. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBMIT, applicant, createProcedure } from '../support/dossiers.js';
import { codeOf, ok, startTestHub, type TestHub } from '../support/hub.js';
import { FINE, PAYER, setCollectionAccounts } from '../support/payments.js';

let hub: TestHub;
let ward: string;
let wardB: string;
let dossierCode: string;
const REQUEST = `mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { id kind amount payerName status fineDecisionNumber fineDecisionDate lines { kind amount description } agency { code } } }`;
const count = async () => (await hub.sql('SELECT count(*)::int AS n FROM payment')).rows[0].n as number;

beforeAll(async () => {
  hub = await startTestHub();
  await createProcedure(hub, await hub.token({ role: 'ADMIN' }));
  await setCollectionAccounts(hub, ['000.00.51.H24']);
  ward = await hub.token({ role: 'OFFICER', agency: '000.00.51.H24' });
  wardB = await hub.token({ role: 'OFFICER', agency: '000.00.52.H24' });
  dossierCode = ok(await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, ward))
    .submitDossier.code;
});
afterAll(() => hub?.close());

describe('asking for a payment', () => {
  it("records a dossier's fee with its lines, and a fine with its decision", async () => {
    const fee = ok(
      await hub.gql(
        REQUEST,
        {
          input: {
            kind: 'CHARGE',
            amount: 58000,
            payerName: 'Nguyễn Thị Dân',
            ...PAYER,
            dossierCode,
            lines: [
              { kind: 'CHARGE', amount: 8000, description: 'Lệ phí' },
              { kind: 'FEE', amount: 50000, description: 'Phí sao y' },
            ],
          },
        },
        ward,
      ),
    ).requestPayment;
    expect(fee).toMatchObject({
      kind: 'CHARGE',
      amount: 58000,
      status: 'REQUESTED',
      agency: { code: '000.00.51.H24' },
      lines: [
        { kind: 'CHARGE', amount: 8000 },
        { kind: 'FEE', amount: 50000 },
      ],
    });
    const fine = ok(
      await hub.gql(
        REQUEST,
        {
          input: {
            kind: 'FINE',
            amount: 1_500_000,
            payerName: 'Trần Văn Phạt',
            ...PAYER,
            ...FINE,
            fineDecisionNumber: '123/QĐ-XPHC',
            fineDecisionDate: '2026-11-20',
          },
        },
        ward,
      ),
    ).requestPayment;
    expect(fine).toMatchObject({
      kind: 'FINE',
      amount: 1_500_000,
      fineDecisionNumber: '123/QĐ-XPHC',
      fineDecisionDate: '2026-11-20',
    });
    const d = ok(
      await hub.gql(`query($c: String!) { dossier(code: $c) { payments { id amount } } }`, { c: dossierCode }, ward),
    ).dossier;
    expect(d.payments).toEqual([{ id: fee.id, amount: 58000 }]);
  });

  it.each([
    ['zero', { amount: 0 }],
    ['a negative amount', { amount: -5000 }],
    ['a fractional amount', { amount: 1000.5 }],
    ['an absurd amount', { amount: 2_100_000_000 }],
    ['an amount beyond 32 bits', { amount: 9_000_000_000 }],
    ['lines that do not add up', { amount: 10000, lines: [{ kind: 'FEE', amount: 9000, description: 'thiếu' }] }],
    ['a fee without its dossier', { dossierCode: null }],
    ['a fine without its decision', { kind: 'FINE', dossierCode: null, ...FINE }],
    [
      'a fine without the violation the receipt names',
      {
        kind: 'FINE',
        dossierCode: null,
        fineDecisionNumber: '1/QĐ',
        fineDecisionDate: '2026-11-01',
        ...FINE,
        violationPlace: null,
      },
    ],
    [
      'a fine without its treasury',
      {
        kind: 'FINE',
        dossierCode: null,
        fineDecisionNumber: '1/QĐ',
        fineDecisionDate: '2026-11-01',
        ...FINE,
        treasury: ' ',
      },
    ],
    ['a payer without an address', { payerAddress: ' ' }],
    ['a payer whose ID is not an ID', { payerIdNumber: '12 34' }],
    ['a fine on a dossier', { kind: 'FINE', fineDecisionNumber: '1/QĐ', fineDecisionDate: '2026-11-01', ...FINE }],
    ["another agency's dossier", { dossierCode: 'KHONG-CO-0001' }],
    ['PayGov on a hub where it is not enabled', { route: 'PAYGOV' }],
    ["a tax without its lines (phí or lệ phí, as the portal's fee list classifies them)", { kind: 'TAX' }],
  ])('refuses %s with BAD_USER_INPUT and stores nothing', async (_name, change) => {
    const before = await count();
    const r = await hub.gql(
      REQUEST,
      { input: { kind: 'CHARGE', amount: 8000, payerName: 'Người nộp', ...PAYER, dossierCode, ...change } },
      ward,
    );
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(await count()).toBe(before);
  });

  it('refuses a dossier fee while the agency has no collection account for the receipt', async () => {
    const d = ok(await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, wardB))
      .submitDossier.code;
    const before = await count();
    const r = await hub.gql(
      REQUEST,
      { input: { kind: 'CHARGE', amount: 8000, payerName: 'Người nộp', ...PAYER, dossierCode: d } },
      wardB,
    );
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/setCollectionAccount/);
    expect(await count()).toBe(before);
  });

  it("takes the payer's ID from the dossier's applicant when none is given", async () => {
    const r = ok(
      await hub.gql(
        REQUEST,
        {
          input: {
            kind: 'CHARGE',
            amount: 8000,
            payerName: 'Nguyễn Thị Dân',
            payerAddress: PAYER.payerAddress,
            dossierCode,
          },
        },
        ward,
      ),
    ).requestPayment;
    expect((await hub.sql('SELECT payer_id_number FROM payment WHERE id = $1', [r.id])).rows[0].payer_id_number).toBe(
      applicant.idNumber,
    );
  });
});

describe('reading payments', () => {
  it("lists and totals an agency's payments, and nothing of another agency's", async () => {
    const list = ok(
      await hub.gql(`{ payments(first: 10) { totalCount edges { node { kind amount } } } }`, {}, ward),
    ).payments;
    expect(list.totalCount).toBe(3);
    const fines = ok(await hub.gql(`{ payments(first: 10, kind: FINE) { totalCount } }`, {}, ward)).payments;
    expect(fines.totalCount).toBe(1);
    const totals = ok(await hub.gql(`{ paymentTotals { kind status count amount } }`, {}, ward)).paymentTotals;
    expect(totals).toEqual([
      { kind: 'CHARGE', status: 'REQUESTED', count: 2, amount: '66000' },
      { kind: 'FINE', status: 'REQUESTED', count: 1, amount: '1500000' },
    ]);
    // the filters apply to the totals; paging does not exist there (it is no page)
    expect(ok(await hub.gql(`{ paymentTotals(kind: FINE) { kind count } }`, {}, ward)).paymentTotals).toEqual([
      { kind: 'FINE', count: 1 },
    ]);
    expect(codeOf(await hub.gql(`{ paymentTotals(first: 1) { count } }`, {}, ward))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(ok(await hub.gql(`{ payments(first: 10) { totalCount } }`, {}, wardB)).payments.totalCount).toBe(0);
    expect(
      codeOf(await hub.gql(`{ payments(first: 10, agencyCode: "000.00.51.H24") { totalCount } }`, {}, wardB)),
    ).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(`{ paymentTotals(agencyCode: "000.00.51.H24") { count } }`, {}, wardB))).toBe(
      'FORBIDDEN',
    );
    expect(
      ok(await hub.gql(`{ payments(first: 10) { totalCount } }`, {}, await hub.token({ role: 'LEADER' }))).payments
        .totalCount,
    ).toBe(3);
  });
});

describe('a page of payments', () => {
  it('runs the same statements for 2, 6 or 12 payments, with their lines and agency', async () => {
    for (let i = 0; i < 12; i++) {
      ok(
        await hub.gql(
          REQUEST,
          {
            input: {
              kind: 'FINE',
              amount: 100_000 + i,
              payerName: 'Người nộp phạt',
              ...PAYER,
              ...FINE,
              fineDecisionNumber: `${i}/QĐ-XPHC`,
              fineDecisionDate: '2026-11-20',
              lines: [{ kind: 'FEE', amount: 100_000 + i, description: 'Tiền phạt' }],
            },
          },
          ward,
        ),
      );
    }
    const q = `query($first: Int!) { payments(first: $first, kind: FINE) { totalCount edges { node { amount lines { amount } agency { code } attempts { reference } } } pageInfo { hasNextPage endCursor } } }`;
    const counts: number[] = [];
    for (const first of [2, 6, 12]) {
      await hub.resetStatements();
      const page = ok(await hub.gql(q, { first }, ward)).payments;
      expect(page.edges).toHaveLength(first);
      expect(
        page.edges.every(
          (e: any) => e.node.lines[0].amount === e.node.amount && e.node.agency.code === '000.00.51.H24',
        ),
      ).toBe(true);
      counts.push(hub.statements.length);
    }
    // authentication, page, count, lines, agencies, attempts: whatever the page size
    expect(Math.max(...counts), counts.join(', ')).toBeLessThanOrEqual(6);
    // the next page continues where the first ended
    const first = ok(await hub.gql(q, { first: 5 }, ward)).payments;
    const next = ok(
      await hub.gql(
        `query($after: String) { payments(first: 100, kind: FINE, after: $after) { edges { node { amount } } } }`,
        { after: first.pageInfo.endCursor },
        ward,
      ),
    ).payments;
    expect(next.edges).toHaveLength(first.totalCount - 5);
  });
});
