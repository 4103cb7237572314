/** edXML packages through the real HTTP API: every shared sample, malformed input, export and round trip. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdxml } from '../../src/modules/edxml/edxml.parse.js';
import { codeOf, startTestHub, type TestHub, ok } from '../support/hub.js';
import { CITY, COMMUNE, MINISTRY, SEND, sendInput, upload } from '../support/documents.js';

const SAMPLES = new URL('../fixtures/edxml/', import.meta.url);
const sample = (name: string) => readFileSync(new URL(name, SAMPLES), 'utf8');
const IMPORT = `mutation($p: String!) { importEdxml(package: $p) { kind action document { id edxmlDocumentId subject version revokedAt businessDocType sender { code }
  attachments { name sha256 size } deliveries { id status pendingChange recipient { code } } replaces { edxmlDocumentId } } delivery { id status pendingChange takenBackAt } event { code } } }`;

let hub: TestHub;
let admin: string;
let g22: string;
let h41: string;

/** The samples' agencies outside the demo directory (the national directory import comes later). */
async function registerExternalAgencies(h: TestHub) {
  for (const [code, name, level] of [
    ['000.00.00.A80', 'UBND xã Hòa Tiến (mẫu SDK)', 'COMMUNE'],
    ['000.28.22.H17', 'UBND xã Hòa Sơn (mẫu SDK)', 'COMMUNE'],
    ['000.00.00.H14', 'UBND tỉnh (mẫu SDK H14)', 'PROVINCE'],
    ['000.00.00.G17', 'Bộ (mẫu SDK G17)', 'MINISTRY'],
  ]) {
    await h.sql(
      `INSERT INTO agency (id, code, name, search_name, level, valid_from, updated_at) VALUES (gen_random_uuid(), $1, $2, lower($2), $3::"AgencyLevel", '2015-01-01', now())`,
      [code, name, level],
    );
  }
}

beforeAll(async () => {
  hub = await startTestHub();
  await registerExternalAgencies(hub);
  admin = await hub.token({ role: 'ADMIN', sub: 'truc-lien-thong' });
  g22 = await hub.token({ role: 'OFFICER', agency: '000.00.00.G22', sub: 'vanthu-vpcp' });
  h41 = await hub.token({ role: 'OFFICER', agency: '000.00.00.H41', sub: 'vanthu-nghean' });
});
afterAll(() => hub?.close());

const count = async (table: string) => (await hub.sql(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;

describe('the shared edXML samples', () => {
  it('imports edoc_new for the national axis, with its attachment, once', async () => {
    const r = ok(await hub.gql(IMPORT, { p: sample('edoc_new.edxml') }, admin)).importEdxml;
    expect(r).toMatchObject({
      kind: 'DOCUMENT',
      action: 'NEW',
      document: {
        edxmlDocumentId: '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT',
        sender: { code: '000.00.00.A80' },
        subject: 'V/v kết nối, liên thông phần mềm quản lý văn bản',
      },
    });
    expect(r.document.deliveries.map((d: any) => d.recipient.code)).toEqual(['000.28.22.H17']);
    expect(r.document.attachments).toEqual([
      { name: '1896_QD-TTg_m_294779.doc', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: 270823 },
    ]);
    const again = ok(await hub.gql(IMPORT, { p: sample('edoc_new.edxml') }, admin)).importEdxml;
    expect(again.document.id).toBe(r.document.id);
    expect(await count('document')).toBe(1);
  });

  it("refuses a package from another agency than the caller's", async () => {
    expect(codeOf(await hub.gql(IMPORT, { p: sample('edoc_new.edxml') }, g22))).toBe('FORBIDDEN');
  });

  it('imports a replacement, an update and a revocation of documents the sender sent through the hub', async () => {
    // VPCP's earlier document 7806 (2014/01/30) that the replacement names
    const old = ok(
      await hub.gql(
        SEND,
        {
          input: sendInput({
            codeNumber: '7806',
            codeNotation: 'VPCP-TTĐT',
            promulgationDate: '2014-01-30',
            recipientCodes: ['000.00.00.H41', '000.00.00.H14'],
          }),
        },
        g22,
      ),
    ).sendDocument;
    expect(old.edxmlDocumentId).toBe('000.00.00.G22,2014/01/30,7806/VPCP-TTĐT');

    const replaced = ok(await hub.gql(IMPORT, { p: sample('edoc_replacement.edxml') }, g22)).importEdxml;
    expect(replaced).toMatchObject({
      action: 'REPLACE',
      document: {
        businessDocType: 'REPLACE',
        edxmlDocumentId: '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT',
        replaces: { edxmlDocumentId: old.edxmlDocumentId },
      },
    });
    expect(replaced.document.deliveries.map((d: any) => d.recipient.code).sort()).toEqual([
      '000.00.00.G17',
      '000.00.00.H14',
      '000.00.00.H41',
    ]);

    const updated = ok(await hub.gql(IMPORT, { p: sample('edoc_update.edxml') }, g22)).importEdxml;
    expect(updated).toMatchObject({ action: 'UPDATE', document: { id: replaced.document.id, version: 2 } });
    const pending = Object.fromEntries(
      updated.document.deliveries.map((d: any) => [d.recipient.code, d.pendingChange]),
    );
    expect(pending).toEqual({ '000.00.00.H41': 'UPDATE', '000.00.00.H14': 'UPDATE', '000.00.00.G17': null }); // ReceiverList names two

    const revoked = ok(await hub.gql(IMPORT, { p: sample('edoc_revocation.edxml') }, g22)).importEdxml;
    expect(revoked).toMatchObject({ action: 'REVOKE', document: { id: replaced.document.id } });
    expect(revoked.document.revokedAt).toBeTruthy();
  });

  it('applies status packets in order, refusing the ones that cannot follow', async () => {
    // report on 7816 as delivered: undo the revocation and the pending update of the test above
    const doc = (
      await hub.sql(
        `SELECT id FROM document WHERE external_id = '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT' AND sender_id = (SELECT id FROM agency WHERE code = '000.00.00.G22')`,
      )
    ).rows[0];
    await hub.sql('UPDATE document SET revoked_at = NULL WHERE id = $1', [doc.id]);
    await hub.sql(`UPDATE delivery SET pending_change = NULL WHERE document_id = $1`, [doc.id]);

    const apply = (name: string, who = h41) => hub.gql(IMPORT, { p: sample(name) }, who);
    for (const name of [
      'status_inbox_01.edxml',
      'status_acceptance_03.edxml',
      'status_assignment_04.edxml',
      'status_processing_05.edxml',
    ]) {
      const r = ok(await apply(name)).importEdxml;
      expect(r.kind).toBe('STATUS');
    }
    expect(ok(await apply('status_cancellation_13.edxml', g22)).importEdxml.delivery.pendingChange).toBe('TAKE_BACK');
    expect(ok(await apply('status_change-rejection_16.edxml')).importEdxml.delivery).toMatchObject({
      pendingChange: null,
      takenBackAt: null,
    });
    expect(ok(await apply('status_finish_06.edxml')).importEdxml.delivery.status).toBe('COMPLETED');
    // what cannot follow is refused with the reason, and changes nothing
    const events = await count('delivery_event');
    const refusal = await apply('status_rejection_02.edxml');
    expect(codeOf(refusal)).toBe('BAD_USER_INPUT');
    expect(refusal.errors![0]!.message).toMatch(/cannot move to 02/);
    expect(codeOf(await apply('status_change-acceptance_15.edxml'))).toBe('BAD_USER_INPUT');
    expect(await count('delivery_event')).toBe(events);
    // the same packet again is recorded once
    ok(await apply('status_finish_06.edxml'));
    expect(await count('delivery_event')).toBe(events);
    // only the reporting agency imports its packet
    expect(codeOf(await apply('status_inbox_01.edxml', g22))).toBe('FORBIDDEN');
  });

  it('refuses the malformed sample with an error naming the problem, storing nothing', async () => {
    const before = [await count('document'), await count('attachment'), await count('delivery')];
    const r = await hub.gql(IMPORT, { p: sample('malformed_edoc.edxml') }, admin);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toMatch(/malformed: line 116, column 39: unbound namespace prefix: "xlink"/);
    expect([await count('document'), await count('attachment'), await count('delivery')]).toEqual(before);
  });

  it.each([
    ['not XML', 'hello', /does not start with/],
    ['truncated', sample('status_inbox_01.edxml').slice(0, 400), /malformed: line/],
    [
      'another namespace',
      sample('status_inbox_01.edxml').replace('http://www.mic.gov.vn/TBT/QCVN_102_2016"', 'urn:other"'),
      /namespace "urn:other"/,
    ],
    [
      'a bad status code',
      sample('status_inbox_01.edxml').replace('<edXML:StatusCode>01<', '<edXML:StatusCode>1x<'),
      /StatusCode "1x"/,
    ],
    [
      'a bad date',
      sample('status_inbox_01.edxml').replace('2015/09/20 11:08:36', '20/09/2015'),
      /Timestamp "20\/09\/2015"/,
    ],
    [
      'a bad sender code',
      sample('edoc_new.edxml').replace('<edXML:OrganId>000.00.00.A80<', '<edXML:OrganId>A80<'),
      /From\/OrganId "A80"/,
    ],
    ['no subject', sample('edoc_new.edxml').replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, ''), /Subject is missing/],
    ['bad base64', sample('edoc_new.edxml').replace('UEsDBBQACAgIAEuSPE0', 'UEsD%%%%'), /not base64/],
  ])('refuses a package with %s', async (_name, xml, message) => {
    const r = await hub.gql(IMPORT, { p: xml }, admin);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toMatch(message);
  });
});

describe('export and round trip', () => {
  it('exports documents as edXML that imports into another hub as the same document', async () => {
    const other = await startTestHub();
    try {
      const commune = await hub.token({ role: 'OFFICER', agency: COMMUNE });
      const files = [Buffer.from('tệp một'), Buffer.alloc(70_000, 7)];
      const shas = [];
      for (const f of files) shas.push((await upload(hub, commune, f)).body.sha256);
      const variants = [
        sendInput({
          subject: 'Ký tự đặc biệt: <thẻ> & "ngoặc" \'đơn\'',
          content: 'Dòng 1\nDòng 2',
          recipientCodes: [CITY, MINISTRY],
          dueDate: '2026-12-31',
          priority: 2,
          toPlaces: ['Như trên', 'Lưu VT'],
        }),
        sendInput({
          codeNotation: '',
          typeCode: 7,
          typeName: 'Quyết định',
          attachments: shas.map((sha256, i) => ({
            sha256,
            name: `tep-${i}.bin`,
            contentType: 'application/octet-stream',
            description: `tệp ${i}`,
          })),
        }),
        sendInput({ signerFullName: null, signerPosition: null, content: null, promulgationPlace: null }),
        // a reply: ResponseFor travels with the package
        sendInput({
          responseForDocumentId: '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT',
          subject: 'Trả lời công văn 7816',
        }),
      ];
      const otherAdmin = await other.token({ role: 'ADMIN' });
      const FIELDS =
        'edxmlDocumentId responseForDocumentId codeNumber codeNotation typeCode typeName subject content promulgationPlace promulgationDate signerFullName signerPosition dueDate priority toPlaces sender { code } deliveries { recipient { code } } attachments { name sha256 size contentType description }';
      for (const input of variants) {
        const sent = ok(
          await hub.gql(
            `mutation($input: SendDocumentInput!) { sendDocument(input: $input) { id ${FIELDS} } }`,
            { input },
            commune,
          ),
        ).sendDocument;
        const xml = ok(await hub.gql(`query($id: ID!) { documentEdxml(id: $id) }`, { id: sent.id }, commune))
          .documentEdxml as string;
        expect(parseEdxml(xml).kind).toBe('document');
        const imported = ok(
          await other.gql(
            `mutation($p: String!) { importEdxml(package: $p) { document { ${FIELDS} } } }`,
            { p: xml },
            otherAdmin,
          ),
        ).importEdxml.document;
        const { id: _id, ...original } = sent;
        expect(imported).toEqual(original);
      }
    } finally {
      await other.close();
    }
  });

  it('exports a status change as an edXML status packet', async () => {
    const commune = await hub.token({ role: 'OFFICER', agency: COMMUNE });
    const city = await hub.token({ role: 'OFFICER', agency: CITY });
    const d = ok(await hub.gql(SEND, { input: sendInput() }, commune)).sendDocument;
    const ev = ok(
      await hub.gql(
        `mutation($input: DeliveryStatusInput!) { reportDeliveryStatus(input: $input) { event { id } } }`,
        { input: { deliveryId: d.deliveries[0].id, status: 'ARRIVED', staffName: 'Lê Thị Văn Thư', note: 'Đã nhận' } },
        city,
      ),
    ).reportDeliveryStatus.event;
    const xml = ok(await hub.gql(`query($id: ID!) { deliveryEventEdxml(id: $id) }`, { id: ev.id }, commune))
      .deliveryEventEdxml as string;
    const packet = parseEdxml(xml);
    expect(packet.kind).toBe('status');
    if (packet.kind !== 'status') return;
    expect(packet.status).toMatchObject({
      from: { organId: CITY },
      statusCode: '01',
      description: 'Đã nhận',
      staff: { staff: 'Lê Thị Văn Thư' },
      responseFor: { organId: COMMUNE, documentId: d.edxmlDocumentId },
    });
  });
});
