/**
 * Relay's global object identification: `node(id:)` reads every type that implements `Node` by the
 * id the API showed, in the caller's scope: another agency's object is FORBIDDEN (and nothing of
 * it is shown), an id no object has is null.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicant, createProcedure } from '../support/dossiers.js';
import { COMMUNE, COMMUNE_B, CITY, SEND, sendInput } from '../support/documents.js';
import { codeOf, ok, startTestHub, type TestHub } from '../support/hub.js';
import { PAYER, setCollectionAccounts } from '../support/payments.js';

let hub: TestHub;
let ward: string;
let wardB: string;
let leader: string;
/** one object of each Node type, created by agency COMMUNE (the directory and catalog are everyone's) */
const ids = {} as Record<'Agency' | 'Procedure' | 'Document' | 'Delivery' | 'Dossier' | 'Payment', string>;
/** the objects that belong to COMMUNE's agency: another agency may not read them */
const OWNED = ['Document', 'Delivery', 'Dossier', 'Payment'] as const;

const NODE = `query($id: ID!) { node(id: $id) {
  __typename id
  ... on Agency { code }
  ... on Procedure { code }
  ... on Document { subject }
  ... on Delivery { status recipient { code } }
  ... on Dossier { code }
  ... on Payment { amount }
} }`;

beforeAll(async () => {
  hub = await startTestHub();
  const admin = await hub.token({ role: 'ADMIN' });
  leader = await hub.token({ role: 'LEADER' });
  ward = await hub.token({ role: 'OFFICER', agency: COMMUNE });
  wardB = await hub.token({ role: 'OFFICER', agency: COMMUNE_B });
  ids.Procedure = (await createProcedure(hub, admin)).id;
  await setCollectionAccounts(hub, [COMMUNE]);
  ids.Agency = ok(await hub.gql(`{ agency(code: "${CITY}") { id } }`, {}, ward)).agency.id;
  const doc = ok(await hub.gql(SEND, { input: sendInput({ recipientCodes: [CITY] }) }, ward)).sendDocument;
  ids.Document = doc.id;
  ids.Delivery = doc.deliveries[0].id;
  const dossier = ok(
    await hub.gql(
      `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { id code } }`,
      { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } },
      ward,
    ),
  );
  ids.Dossier = dossier.submitDossier.id;
  ids.Payment = ok(
    await hub.gql(
      `mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { id } }`,
      {
        input: {
          kind: 'FEE',
          amount: 50000,
          payerName: 'Nguyễn Thị Dân',
          ...PAYER,
          dossierCode: dossier.submitDossier.code,
        },
      },
      ward,
    ),
  ).requestPayment.id;
});
afterAll(() => hub?.close());

describe('node(id:)', () => {
  it('reads every Node type by its id, for its agency and for a LEADER', async () => {
    for (const [type, id] of Object.entries(ids)) {
      for (const auth of [ward, leader]) {
        const node = ok(await hub.gql(NODE, { id }, auth)).node;
        expect(node, type).toMatchObject({ __typename: type, id });
      }
    }
  });

  it('shows the same object the list showed', async () => {
    const d = ok(await hub.gql(NODE, { id: ids.Delivery }, ward)).node;
    expect(d).toEqual({ __typename: 'Delivery', id: ids.Delivery, status: 'SENT', recipient: { code: CITY } });
    const p = ok(await hub.gql(NODE, { id: ids.Payment }, ward)).node;
    expect(p.amount).toBe(50000);
  });

  it("refuses another agency's object with FORBIDDEN and shows nothing of it", async () => {
    for (const type of OWNED) {
      const r = await hub.gql(NODE, { id: ids[type] }, wardB);
      expect(codeOf(r), type).toBe('FORBIDDEN');
      expect(r.data?.node ?? null, type).toBeNull();
    }
  });

  it("lets the recipient read a delivery and the document, but not the sender's other objects", async () => {
    const city = await hub.token({ role: 'OFFICER', agency: CITY });
    expect(ok(await hub.gql(NODE, { id: ids.Delivery }, city)).node.__typename).toBe('Delivery');
    expect(ok(await hub.gql(NODE, { id: ids.Document }, city)).node.__typename).toBe('Document');
    expect(codeOf(await hub.gql(NODE, { id: ids.Dossier }, city))).toBe('FORBIDDEN');
  });

  it('the directory and the catalog are everyone’s', async () => {
    expect(ok(await hub.gql(NODE, { id: ids.Agency }, wardB)).node.code).toBe(CITY);
    expect(ok(await hub.gql(NODE, { id: ids.Procedure }, wardB)).node.code).toBe('1.001193');
  });

  it('answers null for an id no object has, whatever its form', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id', '']) {
      const r = await hub.gql(NODE, { id }, ward);
      expect(r.errors, id).toBeUndefined();
      expect(r.data.node, id).toBeNull();
    }
  });

  it('refuses a caller without credentials', async () => {
    expect(codeOf(await hub.gql(NODE, { id: ids.Agency }, null))).toBe('UNAUTHENTICATED');
  });
});
