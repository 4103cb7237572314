/**
 * edXML as real agencies send it, through the real HTTP API: trace hops as given, contact fields,
 * Direction and the manifest's ContentType kept, the original bytes exported unchanged, SOAP
 * envelopes unwrapped; malformed or inconsistent packages refused with BAD_USER_INPUT storing
 * nothing; a DocumentId resent with other content a CONFLICT; and text found whatever its
 * Unicode form.
 */
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdxml } from '../../src/modules/edxml/edxml.parse.js';
import { CITY, COMMUNE, SEND, sendInput } from '../support/documents.js';
import { codeOf, ok, startTestHub, type TestHub } from '../support/hub.js';

const SAMPLE = await readFile(new URL('../fixtures/edxml/edoc_new.edxml', import.meta.url), 'utf8');
const STATUS = await readFile(new URL('../fixtures/edxml/status_acceptance_03.edxml', import.meta.url), 'utf8');
const IMPORT = `mutation($p: String!) { importEdxml(package: $p) { action document { id edxmlDocumentId subject signature { verdict reason } attachments { contentType } } } }`;
const EXPORT = `query($id: ID!, $original: Boolean!) { documentEdxml(id: $id, original: $original) }`;

let hub: TestHub;
let admin: string;
let n = 0;

/** The SDK's sample sent by VPCP to the city, under a DocumentId of its own. */
function pkg(change: (xml: string) => string = (x) => x): string {
  n += 1;
  const xml = SAMPLE.replace(
    '<edXML:OrganId>000.00.00.A80</edXML:OrganId>',
    '<edXML:OrganId>000.00.00.G22</edXML:OrganId>',
  )
    .replace('<edXML:OrganId>28.22.H17</edXML:OrganId>', `<edXML:OrganId>${CITY}</edXML:OrganId>`)
    .replace(
      '<edXML:DocumentId>000.00.00.G22,2015/09/30,7816/VPCP-TTĐT</edXML:DocumentId>',
      `<edXML:DocumentId>000.00.00.G22,2026/11/20,${n}/VPCP-TTĐT</edXML:DocumentId>`,
    );
  return change(xml);
}

const counts = async () => {
  const rows = (
    await hub.sql(
      `SELECT (SELECT count(*) FROM document)::int AS d, (SELECT count(*) FROM attachment)::int AS a, (SELECT count(*) FROM delivery)::int AS v`,
    )
  ).rows[0];
  const blobs = await readdir(hub.config.attachments.dir, { recursive: true }).catch(() => []);
  return { ...rows, blobs: blobs.length };
};

beforeAll(async () => {
  // the sample's attachment (270,823 bytes) fits; a second, larger one does not
  hub = await startTestHub({ ATTACHMENT_MAX_BYTES: '300000' });
  admin = await hub.token({ role: 'ADMIN', sub: 'truc-lien-thong' });
});
afterAll(() => hub?.close());

describe('kept as received', () => {
  it("stores trace hops as given, exports them with the hub's own appended, and keeps contacts, Direction and the manifest's ContentType", async () => {
    const xml = pkg((x) =>
      x
        .replace(/(<edXML:TraceHeader>\s*<edXML:OrganId>)000\.00\.00\.G22(<\/edXML:OrganId>)/, '$128.22.H17$2')
        .replace(
          '</edXML:TraceHeader>',
          '</edXML:TraceHeader>\n        <edXML:TraceHeader><edXML:OrganId>H17</edXML:OrganId><edXML:Timestamp>2018/09/28 08:00:00</edXML:Timestamp></edXML:TraceHeader>',
        )
        .replace(
          '<edXML:ContentType>application/zip</edXML:ContentType>',
          '<edXML:ContentType>application/vnd.ms-word</edXML:ContentType>',
        ),
    );
    const r = ok(await hub.gql(IMPORT, { p: xml }, admin)).importEdxml;
    expect(r.document.attachments).toEqual([{ contentType: 'application/vnd.ms-word' }]);
    const out = ok(await hub.gql(EXPORT, { id: r.document.id, original: false }, admin)).documentEdxml as string;
    const parsed = parseEdxml(out);
    if (parsed.kind !== 'document') throw new Error('not a document');
    expect(parsed.document.traces.map((t) => t.organId)).toEqual(['28.22.H17', 'H17', CITY]);
    expect(parsed.document.traces[0]!.timestamp).toBe('2018/09/28 00:00:00');
    expect(parsed.document.from).toMatchObject({
      organId: '000.00.00.G22',
      organAdd: 'Số 1 Hoàng Hoa Thám, Quận Ba Đình, Hà Nội',
      email: 'vpcp@gov.vn',
      telephone: '8043100',
      fax: '048989898789',
      website: 'vpcp.vn',
    });
    expect(parsed.document.to[0]).toMatchObject({
      organId: CITY,
      organAdd: 'số 62 - Võ Thị Sáu - Ngô Quyền - Hải Phòng',
      website: 'www.haiphong.gov.vn',
    });
    expect(parsed.document.otherInfo.direction).toBe('false');
    expect(parsed.document.attachments[0]).toMatchObject({ manifestContentType: 'application/vnd.ms-word' });
    // the package exactly as received
    expect(ok(await hub.gql(EXPORT, { id: r.document.id, original: true }, admin)).documentEdxml).toBe(xml);
  });

  it('keeps the original byte for byte, a byte-order mark and leading blank lines included', async () => {
    const xml = `\uFEFF\n\n${pkg()}`;
    const r = ok(await hub.gql(IMPORT, { p: xml }, admin)).importEdxml;
    expect(ok(await hub.gql(EXPORT, { id: r.document.id, original: true }, admin)).documentEdxml).toBe(xml);
  });

  it('has no original for a document sent through the API', async () => {
    const commune = await hub.token({ role: 'OFFICER', agency: COMMUNE });
    const d = ok(await hub.gql(SEND, { input: sendInput() }, commune)).sendDocument;
    expect(ok(await hub.gql(EXPORT, { id: d.id, original: true }, commune)).documentEdxml).toBeNull();
  });
});

describe('idempotent, or a conflict', () => {
  it('takes the identical package again as the same document, and the same DocumentId with other content as a CONFLICT storing nothing', async () => {
    const xml = pkg();
    const first = ok(await hub.gql(IMPORT, { p: xml }, admin)).importEdxml;
    // an axis retry through another route: one more trace hop, same content
    const rerouted = xml.replace(
      '</edXML:TraceHeader>',
      '</edXML:TraceHeader><edXML:TraceHeader><edXML:OrganId>000.00.00.G01</edXML:OrganId><edXML:Timestamp>2026/11/20 10:00:00</edXML:Timestamp></edXML:TraceHeader>',
    );
    for (const again of [xml, rerouted])
      expect(ok(await hub.gql(IMPORT, { p: again }, admin)).importEdxml.document.id).toBe(first.document.id);
    const before = await counts();
    const changed = xml.replace(
      '<edXML:Subject>V/v kết nối, liên thông phần mềm quản lý văn bản</edXML:Subject>',
      '<edXML:Subject>V/v một nội dung khác</edXML:Subject>',
    );
    const r = await hub.gql(IMPORT, { p: changed }, admin);
    expect(codeOf(r)).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
  });
});

describe('refused, storing nothing', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    [
      'its edXML: prefix bound to another namespace',
      () => pkg((x) => x.replace('<edXML:Subject>', '<edXML:Subject xmlns:edXML="http://example.com/not-edxml">')),
      /edXML:Subject.*"http:\/\/example\.com\/not-edxml"/,
    ],
    [
      'an attachment the manifest does not list',
      () => pkg((x) => x.replace('<ContentId>cid:209</ContentId>', '<ContentId>cid:999</ContentId>')),
      /cid:999 is not in the manifest/,
    ],
    [
      'a manifest reference without its attachment',
      () =>
        pkg((x) =>
          x.replace(
            '</edXML:edXMLManifest>',
            '<edXML:Reference><edXML:ContentId>cid:210</edXML:ContentId><edXML:AttachmentName>phu-luc.pdf</edXML:AttachmentName></edXML:Reference></edXML:edXMLManifest>',
          ),
        ),
      /manifest names cid:210/,
    ],
    [
      'a DOCTYPE with entities',
      () =>
        pkg((x) =>
          x
            .replace('<edXML xmlns=', '<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<edXML xmlns=')
            .replace('<edXML:Content>', '<edXML:Content>&xxe;'),
        ),
      /DOCTYPE/,
    ],
    [
      'an entity it never declares',
      () => pkg((x) => x.replace('<edXML:Content>', '<edXML:Content>&lol;')),
      /line \d+, column \d+:.*entity/,
    ],
    [
      'a field in a namespace of its own',
      () =>
        pkg((x) =>
          x.replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, '<ev:Subject xmlns:ev="urn:evil">Giả mạo</ev:Subject>'),
        ),
      /<ev:Subject> is in the namespace "urn:evil"/,
    ],
    [
      'a field in another default namespace',
      () =>
        pkg((x) => x.replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, '<Subject xmlns="urn:evil">Giả mạo</Subject>')),
      /<Subject> is in the namespace "urn:evil"/,
    ],
    [
      'its root in another namespace behind a comment that looks right',
      () =>
        pkg((x) =>
          x
            .replace(
              '<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">',
              '<!-- <edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"> -->\n<edXML xmlns="urn:evil">',
            )
            .replaceAll('xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"', 'xmlns:edXML="urn:evil"'),
        ),
      /namespace "urn:evil" is not QCVN 102:2016/,
    ],
    [
      'a second AttachmentEncoded block',
      () =>
        pkg((x) =>
          x.replace(
            '</AttachmentEncoded>',
            '</AttachmentEncoded>\n<AttachmentEncoded><Attachment><ContentId>cid:999</ContentId><AttachmentName>an.exe</AttachmentName><ContentTransferEncoded>QUJD</ContentTransferEncoded></Attachment></AttachmentEncoded>',
          ),
        ),
      /second AttachmentEncoded/,
    ],
    [
      'the manifest naming one attachment twice',
      () => pkg((x) => x.replace(/(<edXML:Reference>[\s\S]*?<\/edXML:Reference>)/, '$1$1')),
      /same ContentId twice/,
    ],
    [
      'a number beyond 32 bits',
      () => pkg((x) => x.replace('<edXML:Priority>0</edXML:Priority>', '<edXML:Priority>99999999999</edXML:Priority>')),
      /Priority must be a whole number \(32 bits\)/,
    ],
    [
      'an unescaped ampersand (named where it is)',
      () => pkg((x) => x.replace('<edXML:Content>', '<edXML:Content>A & B')),
      /line \d+, column \d+:/,
    ],
    [
      'a second, oversized attachment',
      () =>
        pkg((x) =>
          x
            .replace(
              '</edXML:edXMLManifest>',
              '<edXML:Reference><edXML:ContentId>cid:210</edXML:ContentId><edXML:AttachmentName>lon.bin</edXML:AttachmentName></edXML:Reference></edXML:edXMLManifest>',
            )
            .replace(
              '</AttachmentEncoded>',
              `<Attachment><ContentId>cid:210</ContentId><AttachmentName>lon.bin</AttachmentName><ContentTransferEncoded>${Buffer.alloc(400_000, 7).toString('base64')}</ContentTransferEncoded></Attachment></AttachmentEncoded>`,
            ),
        ),
      /larger than 300000 bytes/,
    ],
  ];
  for (const [what, make, message] of cases) {
    it(`refuses a package with ${what}, with BAD_USER_INPUT`, async () => {
      const before = await counts();
      const r = await hub.gql(IMPORT, { p: make() }, admin);
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.message).toMatch(message);
      expect(await counts()).toEqual(before);
    });
  }

  it('names the line and the open element of a truncated package', async () => {
    const before = await counts();
    const xml = pkg();
    const cut = xml.slice(0, xml.indexOf('<edXML:Appendix>') + '<edXML:Appendix>Công văn'.length);
    const r = await hub.gql(IMPORT, { p: cut }, admin);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    const line = cut.split('\n').length;
    expect(r.errors![0]!.message).toMatch(
      new RegExp(
        `line ${line}: the package ends inside <edXML:Appendix> \\(open: <edXML> > <edXML:edXMLEnvelope> > .*<edXML:OtherInfo> > <edXML:Appendixes> > <edXML:Appendix>\\): it is truncated`,
      ),
    );
    expect(await counts()).toEqual(before);
  });
});

describe('wrapped in a SOAP envelope', () => {
  it('unwraps a package sent inside a SOAP 1.1 Body, and one sent as text in a SOAP 1.2 Body', async () => {
    const inline = pkg();
    const soap11 = `<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ws="urn:vxp"><soapenv:Header/><soapenv:Body><ws:sendEdoc>${inline.replace(/^<\?xml[^>]*>\s*/, '')}</ws:sendEdoc></soapenv:Body></soapenv:Envelope>`;
    const a = ok(await hub.gql(IMPORT, { p: soap11 }, admin)).importEdxml;
    expect(a.action).toBe('NEW');
    // the kept original is the package itself, not the envelope
    expect(ok(await hub.gql(EXPORT, { id: a.document.id, original: true }, admin)).documentEdxml).toBe(
      inline.replace(/^<\?xml[^>]*>\s*/, '').trimEnd(),
    );
    const escaped = pkg()
      .replace(/^<\?xml[^>]*>\s*/, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;');
    const soap12 = `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><guiVanBan><goiTin>${escaped}</goiTin></guiVanBan></env:Body></env:Envelope>`;
    expect(ok(await hub.gql(IMPORT, { p: soap12 }, admin)).importEdxml.action).toBe('NEW');
  });

  it('carries over the namespace a package borrowed from its envelope, and refuses two packages in one Body', async () => {
    const inner = pkg()
      .replace(/^<\?xml[^>]*>\s*/, '')
      .replaceAll(' xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"', '');
    const soap = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><s:Body>${inner}</s:Body></s:Envelope>`;
    expect(ok(await hub.gql(IMPORT, { p: soap }, admin)).importEdxml.action).toBe('NEW');
    const two = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${pkg().replace(/^<\?xml[^>]*>\s*/, '')}${pkg().replace(/^<\?xml[^>]*>\s*/, '')}</s:Body></s:Envelope>`;
    const before = await counts();
    const r = await hub.gql(IMPORT, { p: two }, admin);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toMatch(/2 edXML packages/);
    expect(await counts()).toEqual(before);
  });

  it('unwraps a status packet too, and refuses an envelope without a package', async () => {
    const commune = await hub.token({ role: 'OFFICER', agency: COMMUNE });
    const d = ok(
      await hub.gql(SEND, { input: sendInput({ recipientCodes: ['000.00.00.H41'] }) }, commune),
    ).sendDocument;
    const status = STATUS.replace(
      /<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/,
      `<edXML:DocumentId>${d.edxmlDocumentId}</edXML:DocumentId>`,
    )
      .replace('<edXML:OrganId>000.00.00.G22</edXML:OrganId>', `<edXML:OrganId>${COMMUNE}</edXML:OrganId>`)
      .replace('<edXML:StatusCode>03</edXML:StatusCode>', '<edXML:StatusCode>01</edXML:StatusCode>')
      .replace(/^<\?xml[^>]*>\s*/, '');
    const soap = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${status}</soap:Body></soap:Envelope>`;
    const h41 = await hub.token({ role: 'OFFICER', agency: '000.00.00.H41' });
    const r = ok(
      await hub.gql(`mutation($p: String!) { importEdxml(package: $p) { kind event { code } } }`, { p: soap }, h41),
    ).importEdxml;
    expect(r).toEqual({ kind: 'STATUS', event: { code: '01' } });
    const empty = await hub.gql(
      IMPORT,
      {
        p: '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><x/></soap:Body></soap:Envelope>',
      },
      admin,
    );
    expect(codeOf(empty)).toBe('BAD_USER_INPUT');
    expect(empty.errors![0]!.message).toMatch(/SOAP envelope without an edXML package/);
  });
});

describe('one Vietnamese text, one byte string', () => {
  it('reads numeric character references as the characters they are', async () => {
    const xml = pkg((x) =>
      x.replace(
        '<edXML:Subject>V/v kết nối, liên thông phần mềm quản lý văn bản</edXML:Subject>',
        '<edXML:Subject>Quy&#7871;t &#x111;&#7883;nh v&#7873; li&#234;n th&#244;ng</edXML:Subject>',
      ),
    );
    const r = ok(await hub.gql(IMPORT, { p: xml }, admin)).importEdxml;
    expect(r.document.subject).toBe('Quyết định về liên thông');
    // the same package with its DocumentId written with a reference is the same document
    const again = xml.replace(
      /(<edXML:DocumentId>000\.00\.00\.G22,2026\/11\/20,)(\d)/,
      (_m, head: string, digit: string) => `${head}&#${digit.charCodeAt(0)};`,
    );
    expect(again).not.toBe(xml);
    expect(ok(await hub.gql(IMPORT, { p: again }, admin)).importEdxml.document.id).toBe(r.document.id);
  });

  it('stores NFD input as NFC, and finds it from an NFC or an NFD search', async () => {
    const subject = 'Báo cáo tình hình triển khai dịch vụ công trực tuyến';
    const nfd = subject.normalize('NFD');
    expect(nfd).not.toBe(subject);
    const commune = await hub.token({ role: 'OFFICER', agency: COMMUNE });
    const sent = ok(
      await hub.gql(
        SEND,
        { input: sendInput({ subject: nfd, signerFullName: 'Nguyễn Thị Ký'.normalize('NFD') }) },
        commune,
      ),
    ).sendDocument;
    expect(sent.subject).toBe(subject);
    const imported = ok(
      await hub.gql(
        IMPORT,
        {
          p: pkg((x) =>
            x.replace(
              '<edXML:Subject>V/v kết nối, liên thông phần mềm quản lý văn bản</edXML:Subject>',
              `<edXML:Subject>${nfd} (liên thông)</edXML:Subject>`,
            ),
          ),
        },
        admin,
      ),
    ).importEdxml;
    expect(imported.document.subject).toBe(`${subject} (liên thông)`);
    const stored = (
      await hub.sql(`SELECT count(*)::int AS n FROM document WHERE subject LIKE $1 AND subject IS NFC NORMALIZED`, [
        `${subject}%`,
      ])
    ).rows[0].n;
    expect(stored).toBe(2);
    for (const search of [subject, nfd, 'triển khai', 'triển khai'.normalize('NFD')]) {
      const found = ok(
        await hub.gql(`query($s: String!) { documents(first: 10, subject: $s) { totalCount } }`, { s: search }, admin),
      ).documents.totalCount;
      expect(found, search === subject ? 'NFC' : 'NFD').toBe(2);
    }
  });
});
