/** Electronic documents through the real HTTP API: send, receive, statuses, take-back, update, revoke. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestHub, type TestHub, ok } from '../support/hub.js';
import {
  CITY,
  COMMUNE,
  COMMUNE_B,
  DOC_FIELDS,
  MINISTRY,
  EVENT,
  REPORT,
  SEND,
  download,
  sendInput,
  upload,
} from '../support/documents.js';

let hub: TestHub;
const auth: Record<'commune' | 'communeB' | 'city' | 'ministry' | 'leader' | 'admin', string> = {} as never;

beforeAll(async () => {
  hub = await startTestHub();
  auth.commune = await hub.token({ role: 'OFFICER', agency: COMMUNE, sub: 'vanthu-hongbang' });
  auth.communeB = await hub.token({ role: 'OFFICER', agency: COMMUNE_B, sub: 'vanthu-ngoquyen' });
  auth.city = await hub.token({ role: 'OFFICER', agency: CITY, sub: 'vanthu-thanhpho' });
  auth.ministry = await hub.token({ role: 'OFFICER', agency: MINISTRY, sub: 'vanthu-btc' });
  auth.leader = await hub.token({ role: 'LEADER', sub: 'lanhdao' });
  auth.admin = await hub.token({ role: 'ADMIN', sub: 'quantri' });
});
afterAll(() => hub?.close());

const count = async (table: string) => (await hub.sql(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
const report = (who: string, deliveryId: string, code: string, extra: Record<string, unknown> = {}) =>
  hub.gql(REPORT, { input: { deliveryId, status: EVENT[code] ?? code, ...extra } }, who);

describe('a commune -> city -> ministry exchange', () => {
  const file = Buffer.from('%PDF-1.4 báo cáo quý IV — nội dung thử nghiệm\n'.repeat(50));
  let doc: any;

  it('sends one document to the city and the ministry with an attachment, idempotently', async () => {
    const up = await upload(hub, auth.commune, file);
    expect(up.status).toBe(201);
    expect(up.body).toEqual({ sha256: createHash('sha256').update(file).digest('hex'), size: file.length });
    const again = await upload(hub, auth.commune, file);
    expect(again.body.sha256).toBe(up.body.sha256); // stored once, same address

    const input = sendInput({
      recipientCodes: [CITY, MINISTRY, '00.00.H24'],
      attachments: [{ sha256: up.body.sha256, name: 'bao-cao.pdf', contentType: 'application/pdf' }],
    });
    doc = ok(await hub.gql(SEND, { input }, auth.commune)).sendDocument;
    expect(doc.sender.code).toBe(COMMUNE);
    expect(doc.edxmlDocumentId).toBe(`${COMMUNE},2026/11/20,${input.codeNumber}/UBND-VP`);
    expect(doc.deliveries.map((d: any) => d.recipient.code).sort()).toEqual([MINISTRY, CITY].sort());
    expect(
      doc.deliveries.every((d: any) => d.status === 'SENT' && d.statusCode === null && d.history.length === 0),
    ).toBe(true);
    expect(doc.attachments).toEqual([
      {
        name: 'bao-cao.pdf',
        sha256: up.body.sha256,
        size: file.length,
        contentType: 'application/pdf',
        downloadPath: `/attachments/${up.body.sha256}`,
      },
    ]);

    const before = [await count('document'), await count('delivery'), await count('attachment')];
    const retry = ok(await hub.gql(SEND, { input }, auth.commune)).sendDocument;
    expect(retry.id).toBe(doc.id);
    expect([await count('document'), await count('delivery'), await count('attachment')]).toEqual(before);
  });

  it("arrives in each recipient's inbox, and the recipients download the exact bytes", async () => {
    const q = `query($status: DeliveryStatus, $level: AgencyLevel) { inbox(first: 10, status: $status, senderLevel: $level) { totalCount edges { node { id status document { id subject sender { code } } } } } }`;
    for (const who of [auth.city, auth.ministry]) {
      const inbox = ok(await hub.gql(q, {}, who)).inbox;
      expect(inbox.edges.map((e: any) => e.node.document.id)).toContain(doc.id);
      const dl = await download(hub, who, doc.attachments[0].sha256);
      expect(dl.status).toBe(200);
      expect(dl.bytes.equals(file)).toBe(true);
      expect(dl.headers.get('content-type')).toBe('application/pdf');
    }
    expect(ok(await hub.gql(q, { status: 'SENT', level: 'COMMUNE' }, auth.city)).inbox.totalCount).toBe(1);
    expect(ok(await hub.gql(q, { status: 'COMPLETED' }, auth.city)).inbox.totalCount).toBe(0);
    expect(ok(await hub.gql(q, { level: 'MINISTRY' }, auth.city)).inbox.totalCount).toBe(0);
  });

  it('moves forward as each recipient reports, and the sender sees every history', async () => {
    const city = doc.deliveries.find((d: any) => d.recipient.code === CITY).id;
    const ministry = doc.deliveries.find((d: any) => d.recipient.code === MINISTRY).id;
    for (const code of ['01', '03', '04', '05', '06']) {
      const r = ok(
        await report(auth.city, city, code, {
          staffName: 'Nguyễn Văn Xử',
          department: 'Văn phòng',
          note: `bước ${code}`,
        }),
      ).reportDeliveryStatus;
      expect(r.delivery.statusCode).toBe(code);
    }
    ok(await report(auth.ministry, ministry, '01'));
    ok(await report(auth.ministry, ministry, '02', { note: 'không thuộc thẩm quyền' }));

    const seen = ok(
      await hub.gql(`query($id: ID!) { document(id: $id) { ${DOC_FIELDS} } }`, { id: doc.id }, auth.commune),
    ).document;
    const byCode = Object.fromEntries(seen.deliveries.map((d: any) => [d.recipient.code, d]));
    expect(byCode[CITY]).toMatchObject({ status: 'COMPLETED', statusCode: '06' });
    expect(byCode[CITY].history.map((h: any) => h.code)).toEqual(['01', '03', '04', '05', '06']);
    expect(byCode[CITY].history[4]).toMatchObject({
      note: 'bước 06',
      staffName: 'Nguyễn Văn Xử',
      agency: { code: CITY },
    });
    expect(byCode[MINISTRY].status).toBe('REFUSED');
    // a recipient sees only its own delivery
    const asCity = ok(
      await hub.gql(
        `query($id: ID!) { document(id: $id) { deliveries { recipient { code } } } }`,
        { id: doc.id },
        auth.city,
      ),
    ).document;
    expect(asCity.deliveries).toEqual([{ recipient: { code: CITY } }]);
  });

  it('refuses impossible transitions with BAD_USER_INPUT and changes nothing', async () => {
    const city = doc.deliveries.find((d: any) => d.recipient.code === CITY).id;
    const ministry = doc.deliveries.find((d: any) => d.recipient.code === MINISTRY).id;
    const events = await count('delivery_event');
    for (const [who, id, code] of [
      [auth.city, city, '03'], // backwards from 06
      [auth.city, city, '06'], // again
      [auth.ministry, ministry, '03'], // after a refusal
      [auth.city, city, '15'], // nothing to answer
      [auth.city, city, '13'], // only the sender asks to take back
      [auth.commune, city, '04'], // the sender does not report progress
      [auth.city, city, '07'], // not a code
    ] as const) {
      const r = await report(who, id, code);
      expect(codeOf(r), `${code}`).toBe('BAD_USER_INPUT');
    }
    expect(await count('delivery_event')).toBe(events);
    const fresh = ok(await hub.gql(SEND, { input: sendInput() }, auth.commune)).sendDocument;
    const skip = await report(auth.city, fresh.deliveries[0].id, '04');
    expect(codeOf(skip)).toBe('BAD_USER_INPUT');
    expect(skip.errors![0]!.message).toMatch(/next can be 01/);
  });

  it('links a reply to the document it answers (ResponseFor)', async () => {
    const reply = ok(
      await hub.gql(
        SEND,
        { input: sendInput({ recipientCodes: [COMMUNE], responseForDocumentId: doc.id, subject: 'Trả lời báo cáo' }) },
        auth.city,
      ),
    ).sendDocument;
    const q = `query($id: ID!) { document(id: $id) { responseForDocumentId responseFor { id subject } } }`;
    const seen = ok(await hub.gql(q, { id: reply.id }, auth.commune)).document;
    expect(seen).toEqual({
      responseForDocumentId: doc.edxmlDocumentId,
      responseFor: { id: doc.id, subject: doc.subject },
    });
  });
});

describe('take-back, update and revocation', () => {
  it('asks to take back (13); the recipient refuses (16), then agrees to a second request (15)', async () => {
    const d = ok(await hub.gql(SEND, { input: sendInput() }, auth.commune)).sendDocument;
    const delivery = d.deliveries[0].id;
    ok(await report(auth.city, delivery, '01'));
    expect(ok(await report(auth.commune, delivery, '13')).reportDeliveryStatus.delivery.pendingChange).toBe(
      'TAKE_BACK',
    );
    expect(codeOf(await report(auth.commune, delivery, '13'))).toBe('BAD_USER_INPUT'); // already asked
    const refused = ok(await report(auth.city, delivery, '16')).reportDeliveryStatus.delivery;
    expect(refused).toMatchObject({ pendingChange: null, takenBackAt: null, status: 'ARRIVED' });
    ok(await report(auth.commune, delivery, '13'));
    const agreed = ok(await report(auth.city, delivery, '15')).reportDeliveryStatus.delivery;
    expect(agreed.takenBackAt).toBeTruthy();
    expect(codeOf(await report(auth.city, delivery, '03'))).toBe('BAD_USER_INPUT');
  });

  it('updates a document (BussinessDocType 2): new version, recipients asked to answer', async () => {
    const d = ok(
      await hub.gql(SEND, { input: sendInput({ recipientCodes: [CITY, MINISTRY] }) }, auth.commune),
    ).sendDocument;
    const u = ok(
      await hub.gql(
        `mutation($id: ID!) { updateDocument(id: $id, input: { subject: "Báo cáo (sửa đổi)" }, reason: "sai số liệu") { version subject deliveries { id pendingChange recipient { code } } } }`,
        { id: d.id },
        auth.commune,
      ),
    ).updateDocument;
    expect(u).toMatchObject({ version: 2, subject: 'Báo cáo (sửa đổi)' });
    expect(u.deliveries.every((x: any) => x.pendingChange === 'UPDATE')).toBe(true);
    const r = ok(
      await report(auth.city, u.deliveries.find((x: any) => x.recipient.code === CITY).id, '15'),
    ).reportDeliveryStatus;
    expect(r.delivery.pendingChange).toBeNull();
    // a recipient cannot update the sender's document, and learns nothing from trying
    expect(
      codeOf(
        await hub.gql(
          `mutation($id: ID!) { updateDocument(id: $id, input: { subject: "x y z" }) { id } }`,
          { id: d.id },
          auth.city,
        ),
      ),
    ).toBe('NOT_FOUND');
  });

  it('revokes a document (BussinessDocType 1): still readable, revoked on every delivery', async () => {
    const d = ok(
      await hub.gql(SEND, { input: sendInput({ recipientCodes: [CITY, MINISTRY] }) }, auth.commune),
    ).sendDocument;
    ok(
      await hub.gql(
        `mutation($id: ID!) { revokeDocument(id: $id, reason: "ban hành nhầm") { revokedAt } }`,
        { id: d.id },
        auth.commune,
      ),
    );
    const seen = ok(
      await hub.gql(
        `query($id: ID!) { document(id: $id) { subject revokedAt revokeReason deliveries { id revoked } } }`,
        { id: d.id },
        auth.city,
      ),
    ).document;
    expect(seen.revokedAt).toBeTruthy();
    expect(seen.revokeReason).toBe('ban hành nhầm');
    expect(seen.deliveries).toEqual([{ id: expect.any(String), revoked: true }]);
    expect(codeOf(await report(auth.city, seen.deliveries[0].id, '01'))).toBe('BAD_USER_INPUT');
    expect(
      codeOf(await hub.gql(`mutation($id: ID!) { revokeDocument(id: $id) { id } }`, { id: d.id }, auth.commune)),
    ).toBe('CONFLICT');
  });
});

describe('recipients and input', () => {
  it('refuses a dissolved recipient naming its successor, and an unknown one naming the code, storing nothing', async () => {
    const before = await count('document');
    const dissolved = await hub.gql(
      SEND,
      { input: sendInput({ recipientCodes: [CITY, '000.00.33.H24'] }) },
      auth.commune,
    );
    expect(codeOf(dissolved)).toBe('BAD_USER_INPUT');
    expect(dissolved.errors![0]!.message).toContain('000.00.53.H24');
    expect(dissolved.errors![0]!.extensions!['successorCode']).toBe('000.00.53.H24');
    const unknown = await hub.gql(SEND, { input: sendInput({ recipientCodes: ['000.00.98.H24'] }) }, auth.commune);
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.errors![0]!.message).toContain('000.00.98.H24');
    for (const bad of [
      { subject: 'x'.repeat(501) },
      { promulgationDate: '2026-02-30' },
      { recipientCodes: [] },
      { attachments: [{ sha256: 'f'.repeat(64), name: 'missing.pdf' }] },
      { priority: 12 },
    ]) {
      expect(
        codeOf(await hub.gql(SEND, { input: sendInput(bad) }, auth.commune)),
        JSON.stringify(bad).slice(0, 60),
      ).toBe('BAD_USER_INPUT');
    }
    expect(await count('document')).toBe(before);
  });

  it('lets a LEADER read but not send', async () => {
    expect(codeOf(await hub.gql(SEND, { input: sendInput({ senderCode: COMMUNE }) }, auth.leader))).toBe('FORBIDDEN');
    const all = ok(await hub.gql('{ documents(first: 5) { totalCount } }', {}, auth.leader)).documents;
    expect(all.totalCount).toBeGreaterThan(0);
  });
});

describe('other agencies', () => {
  it("cannot read, list, download, report on or answer another agency's documents", async () => {
    const up = await upload(hub, auth.commune, Buffer.from('bí mật của phường Hồng Bàng'));
    const d = ok(
      await hub.gql(
        SEND,
        { input: sendInput({ attachments: [{ sha256: up.body.sha256, name: 'mat.txt' }] }) },
        auth.commune,
      ),
    ).sendDocument;
    const outsider = auth.communeB;
    // named (by id or agency): refused; lists: scoped to the caller's own agency
    expect(codeOf(await hub.gql(`query($id: ID!) { document(id: $id) { id } }`, { id: d.id }, outsider))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await hub.gql(`query($id: ID!) { documentEdxml(id: $id) }`, { id: d.id }, outsider))).toBe(
      'FORBIDDEN',
    );
    expect(ok(await hub.gql('{ documents(first: 50) { totalCount } }', {}, outsider)).documents.totalCount).toBe(0);
    expect(
      codeOf(await hub.gql(`{ documents(first: 50, agencyCode: "${COMMUNE}") { totalCount } }`, {}, outsider)),
    ).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(`{ inbox(first: 50, agencyCode: "${CITY}") { totalCount } }`, {}, outsider))).toBe(
      'FORBIDDEN',
    );
    expect((await download(hub, outsider, up.body.sha256)).status).toBe(404);
    expect(codeOf(await report(outsider, d.deliveries[0].id, '01'))).toBe('NOT_FOUND');
    expect(codeOf(await hub.gql(`mutation($id: ID!) { revokeDocument(id: $id) { id } }`, { id: d.id }, outsider))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await hub.gql(SEND, { input: sendInput({ senderCode: COMMUNE }) }, outsider))).toBe('FORBIDDEN');
    expect((await fetch(`${hub.url}/attachments/${up.body.sha256}`)).status).toBe(401);
  });
});

describe('reading many documents', () => {
  it("runs a number of SQL statements bounded by the query's shape, not its page size", async () => {
    for (let i = 0; i < 10; i++)
      ok(await hub.gql(SEND, { input: sendInput({ recipientCodes: [CITY, MINISTRY] }) }, auth.commune));
    const q = `query($first: Int!) { documents(first: $first, scope: SENT) { totalCount edges { node { id subject sender { code parent { code } }
      attachments { sha256 } responseFor { id } deliveries { status revoked recipient { code } history { code agency { code } } document { id } } } } } }`;
    // authentication, the page and its count, then at most one statement per relation field:
    // sender, parent, attachments, responseFor, deliveries, revoked/document, recipient, history, agency
    const bound = 3 + 9;
    const counts: number[] = [];
    for (const first of [2, 5, 10]) {
      await hub.resetStatements();
      const r = ok(await hub.gql(q, { first }, auth.commune)) as any;
      expect(r.documents.edges).toHaveLength(first);
      counts.push(hub.statements.length);
    }
    // A relation resolved per row would need at least one statement per document (10 at the last page).
    expect(Math.max(...counts), `statements per page size 2, 5, 10: ${counts.join(', ')}`).toBeLessThanOrEqual(bound);
  });
});

describe('attachment size limit', () => {
  it('refuses a file over ATTACHMENT_MAX_BYTES, by upload and inside an edXML package, storing nothing', async () => {
    const small = await startTestHub({ ATTACHMENT_MAX_BYTES: '1000' });
    try {
      const commune = await small.token({ role: 'OFFICER', agency: COMMUNE });
      expect((await upload(small, commune, Buffer.alloc(1000, 1))).status).toBe(201);
      const tooBig = await upload(small, commune, Buffer.alloc(1001, 1));
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
      // a package carrying a large file, exported from the main hub
      const big = await upload(hub, auth.commune, Buffer.alloc(5000, 2));
      const d = ok(
        await hub.gql(
          SEND,
          { input: sendInput({ attachments: [{ sha256: big.body.sha256, name: 'lon.bin' }] }) },
          auth.commune,
        ),
      ).sendDocument;
      const xml = ok(
        await hub.gql(`query($id: ID!) { documentEdxml(id: $id) }`, { id: d.id }, auth.commune),
      ).documentEdxml;
      const r = await small.gql(
        `mutation($p: String!) { importEdxml(package: $p) { document { id } } }`,
        { p: xml },
        commune,
      );
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.message).toMatch(/larger than 1000 bytes/);
      expect((await small.sql('SELECT count(*)::int AS n FROM document')).rows[0].n).toBe(0);
    } finally {
      await small.close();
    }
  });
});
