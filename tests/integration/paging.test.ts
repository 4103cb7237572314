/**
 * Lists people browse page forward (first, after) and backward (last, before), as Relay's
 * connections define it: walking either way visits every item once, in the list's order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITY, COMMUNE, SEND, sendInput } from '../support/documents.js';
import { SUBMIT, applicant, createProcedure } from '../support/dossiers.js';
import { codeOf, ok, startTestHub, type TestHub } from '../support/hub.js';
import { PAYER, setCollectionAccounts } from '../support/payments.js';

let hub: TestHub;
let ward: string;
let city: string;
const N = 7;

beforeAll(async () => {
  hub = await startTestHub();
  await createProcedure(hub, await hub.token({ role: 'ADMIN' }));
  await setCollectionAccounts(hub, [COMMUNE]);
  ward = await hub.token({ role: 'OFFICER', agency: COMMUNE });
  city = await hub.token({ role: 'OFFICER', agency: CITY });
  for (let i = 0; i < N; i++) {
    const d = ok(await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, ward));
    ok(
      await hub.gql(
        `mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { id } }`,
        {
          input: {
            kind: 'CHARGE',
            amount: 8000,
            payerName: 'Nguyễn Thị Dân',
            ...PAYER,
            dossierCode: d.submitDossier.code,
          },
        },
        ward,
      ),
    );
    ok(await hub.gql(SEND, { input: sendInput({ recipientCodes: [CITY] }) }, ward));
  }
});
afterAll(() => hub?.close());

const forged = (...key: string[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** The lists, each read as its browser reads it (the city reads its inbox; the ward the rest). */
const LISTS = {
  dossiers: { auth: () => ward, field: 'dossiers', args: '' },
  documents: { auth: () => ward, field: 'documents', args: 'scope: SENT' },
  inbox: { auth: () => city, field: 'inbox', args: '' },
  payments: { auth: () => ward, field: 'payments', args: '' },
} as const;

type Page = {
  ids: string[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
};

async function read(list: keyof typeof LISTS, paging: string): Promise<Page> {
  const l = LISTS[list];
  const args = [l.args, paging].filter(Boolean).join(', ');
  const r = ok(
    await hub.gql(
      `{ ${l.field}(${args}) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id } } } }`,
      {},
      l.auth(),
    ),
  )[l.field];
  return { ids: r.edges.map((e: any) => e.node.id), pageInfo: r.pageInfo };
}

describe.each(Object.keys(LISTS) as Array<keyof typeof LISTS>)('%s', (list) => {
  it('walks forward and backward over the same items, in the same order', async () => {
    const all = (await read(list, `first: 100`)).ids;
    expect(all).toHaveLength(N);
    const forward: string[] = [];
    for (let p = await read(list, 'first: 3'); ; p = await read(list, `first: 3, after: "${p.pageInfo.endCursor}"`)) {
      forward.push(...p.ids);
      if (!p.pageInfo.hasNextPage) break;
    }
    const backward: string[] = [];
    for (let p = await read(list, 'last: 3'); ; p = await read(list, `last: 3, before: "${p.pageInfo.startCursor}"`)) {
      backward.unshift(...p.ids);
      if (!p.pageInfo.hasPreviousPage) break;
    }
    expect(forward).toEqual(all);
    expect(backward).toEqual(all);
  });

  it('answers the page just before a cursor, and says what lies around it', async () => {
    const first = await read(list, 'first: 5');
    const before = await read(list, `last: 2, before: "${first.pageInfo.endCursor}"`);
    expect(before.ids).toEqual(first.ids.slice(2, 4));
    expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const oldest = await read(list, 'last: 2');
    expect(oldest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const after = await read(list, `first: 2, after: "${first.pageInfo.startCursor}"`);
    expect(after.pageInfo.hasPreviousPage).toBe(true);
  });

  it('refuses mixed directions, a bad size and a cursor not its own, naming the argument', async () => {
    const l = LISTS[list];
    const ask = (paging: string) =>
      hub.gql(`{ ${l.field}(${[l.args, paging].filter(Boolean).join(', ')}) { totalCount } }`, {}, l.auth());
    for (const [paging, field] of [
      ['first: 2, last: 2', 'first'],
      ['after: "x", before: "y"', 'after'],
      ['last: 0', 'last'],
      ['last: 1000', 'last'],
      ['last: 2, before: "bm90IGEgY3Vyc29y"', 'before'],
      // forged cursors of the right shape: an id that is no UUID, a year no database holds
      [`first: 2, after: "${forged('2026-01-01T00:00:00.000Z', 'x')}"`, 'after'],
      [`last: 2, before: "${forged('-271821-04-20T00:00:00.000Z', '00000000-0000-4000-8000-000000000000')}"`, 'before'],
    ] as const) {
      const r = await ask(paging);
      expect(codeOf(r), paging).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions?.field, paging).toBe(field);
    }
  });
});
