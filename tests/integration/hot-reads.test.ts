/**
 * The hot lists (dossiers, an inbox) read a page and the relations asked of it in one hand-written
 * statement. Their rows must be exactly the rows Prisma reads (same fields, same types, same
 * order), and a list with its usual relations must take one statement (and the token's agency)
 * whatever its page size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERY_AGENCY } from '../../src/core/access.js';
import { dossierRepository } from '../../src/modules/dossier/dossier.repository.js';
import { documentRepository } from '../../src/modules/document/document.repository.js';
import { COMMUNE, CITY, SEND, sendInput, upload } from '../support/documents.js';
import { SUBMIT, applicant, createProcedure } from '../support/dossiers.js';
import { ok, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let admin: string;
let ward: string;
let city: string;

beforeAll(async () => {
  hub = await startTestHub();
  admin = await hub.token({ role: 'ADMIN' });
  ward = await hub.token({ role: 'OFFICER', agency: COMMUNE });
  city = await hub.token({ role: 'OFFICER', agency: CITY });
  await createProcedure(hub, admin);
  for (let i = 0; i < 12; i++)
    ok(await hub.gql(SUBMIT, { input: { procedureCode: '1.001193', applicant, channel: 'ONLINE' } }, ward));
  const file = await upload(hub, ward, Buffer.from('%PDF-1.4 tờ trình\n'.repeat(20)));
  for (let i = 0; i < 12; i++)
    ok(
      await hub.gql(
        SEND,
        {
          input: sendInput({
            recipientCodes: [CITY],
            toPlaces: ['UBND thành phố'],
            attachments: [{ sha256: file.body.sha256, name: 'to-trinh.pdf', contentType: 'application/pdf' }],
          }),
        },
        ward,
      ),
    );
});
afterAll(() => hub?.close());

describe('rows read by hand-written statements', () => {
  it('are the rows Prisma reads: a dossier, its procedure, agencies and payments', async () => {
    // two payments on the newest dossier, none on the others
    const newest = (
      await hub.sql('SELECT id, handling_agency_id FROM dossier ORDER BY received_at DESC, id DESC LIMIT 1')
    ).rows[0];
    for (const amount of [25_000n, 8_000n])
      await hub.prisma.payment.create({
        data: {
          agencyId: newest.handling_agency_id,
          kind: 'CHARGE',
          amount,
          payerName: 'Nguyễn Văn A',
          dossierId: newest.id,
          createdBy: 'test',
        },
      });
    const [page] = await dossierRepository.list(
      EVERY_AGENCY,
      hub.prisma,
      { agencyId: null },
      { size: 3, take: 3, backward: false },
      {
        procedure: true,
        receivingAgency: true,
        handlingAgency: true,
        payments: true,
      },
    );
    expect(page.rows).toHaveLength(3);
    for (const row of page.rows)
      expect(page.payments!.get(row.id)).toStrictEqual(
        await hub.prisma.payment.findMany({ where: { dossierId: row.id }, orderBy: { createdAt: 'asc' } }),
      );
    expect(page.payments!.get(newest.id)!.map((p) => p.amount)).toEqual([25_000n, 8_000n]);
    for (const row of page.rows)
      expect(row).toStrictEqual(await hub.prisma.dossier.findUnique({ where: { id: row.id } }));
    expect(page.procedures.length).toBe(3);
    for (const p of page.procedures)
      expect(p).toStrictEqual(await hub.prisma.procedure.findUnique({ where: { id: p.id } }));
    expect(page.agencies.length).toBe(6);
    for (const a of page.agencies) expect(a).toStrictEqual(await hub.prisma.agency.findUnique({ where: { id: a.id } }));
  });

  it('are the rows Prisma reads: a delivery, its document and sender', async () => {
    const cityId = (await hub.sql('SELECT id FROM agency WHERE code = $1', [CITY])).rows[0].id as string;
    const [page] = await documentRepository.listInbox(
      EVERY_AGENCY,
      hub.prisma,
      { recipientId: cityId },
      { size: 3, take: 3, backward: false },
      {
        document: true,
        sender: true,
        attachments: true,
      },
    );
    expect(page.rows).toHaveLength(3);
    for (const row of page.rows)
      expect(page.attachments!.get(row.documentId)).toStrictEqual(
        await hub.prisma.attachment.findMany({ where: { documentId: row.documentId }, orderBy: { position: 'asc' } }),
      );
    for (const row of page.rows)
      expect(row).toStrictEqual(await hub.prisma.delivery.findUnique({ where: { id: row.id } }));
    for (const d of page.documents)
      expect(d).toStrictEqual(await hub.prisma.document.findUnique({ where: { id: d.id } }));
    expect(page.documents[0]!.toPlaces).toEqual(['UBND thành phố']);
    for (const a of page.senders) expect(a).toStrictEqual(await hub.prisma.agency.findUnique({ where: { id: a.id } }));
  });
});

describe('statements per list request', () => {
  const statements = async (query: string, variables: Record<string, unknown>, auth: string) => {
    await hub.resetStatements();
    const data = ok(await hub.gql(query, variables, auth));
    return { data, statements: [...hub.statements] };
  };

  it('a page of dossiers with procedure, agencies and payments: one statement, whatever the page size', async () => {
    const q = `query($first: Int!) { dossiers(first: $first) { edges { node { code status receivedAt
      procedure { code name } receivingAgency { code name } handlingAgency { code } payments { amount status } } } } }`;
    for (const [auth, first] of [
      [ward, 1],
      [ward, 12],
      [admin, 12],
    ] as const) {
      const r = await statements(q, { first }, auth);
      expect(r.data.dossiers.edges).toHaveLength(first);
      expect(r.data.dossiers.edges[0].node.procedure.code).toBe('1.001193');
      expect(r.data.dossiers.edges[0].node.receivingAgency.code).toBe(COMMUNE);
      // the token's agency (OFFICER, once a minute), then the page with its procedure, agencies and payments
      expect(r.statements.length, r.statements.join('\n')).toBeLessThanOrEqual(auth === admin ? 1 : 2);
    }
  });

  it('a page of an inbox with documents, senders and attachments: one statement, whatever the page size', async () => {
    const q = `query($first: Int!) { inbox(first: $first) { edges { node { status
      document { subject sender { code } attachments { name } } } } } }`;
    for (const first of [1, 12]) {
      const r = await statements(q, { first }, city);
      expect(r.data.inbox.edges).toHaveLength(first);
      expect(r.data.inbox.edges[0].node.document.sender.code).toBe(COMMUNE);
      expect(r.data.inbox.edges[0].node.document.attachments[0].name).toBe('to-trinh.pdf');
      // the token's agency (once a minute), then the page with its documents, senders and attachments
      expect(r.statements.length, r.statements.join('\n')).toBeLessThanOrEqual(2);
    }
  });

  it('joins only what is asked, and reads the same answer either way', async () => {
    const plain = await statements(`{ dossiers(first: 5) { edges { node { code } } } }`, {}, admin);
    expect(plain.statements.join('\n')).not.toMatch(/JOIN/);
    const viaFragment = await statements(
      `{ dossiers(first: 5) { edges { node { ...D } } } } fragment D on Dossier { code procedure { code } }`,
      {},
      admin,
    );
    expect(viaFragment.statements.length).toBe(1);
    expect(viaFragment.statements[0]).toMatch(/JOIN procedure/);
    expect(viaFragment.data.dossiers.edges.map((e: any) => e.node.code)).toEqual(
      plain.data.dossiers.edges.map((e: any) => e.node.code),
    );
  });
});
