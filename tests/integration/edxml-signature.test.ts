/**
 * Chữ ký số on edXML packages, through the real API: the hub signs what it exports; another hub
 * trusting its certificate verifies it (VALID) and sees an altered copy as INVALID; a package
 * signed by an outside agency's key is VALID with its signer shown; configuration can refuse
 * INVALID packages (nothing stored); the SDK's samples, whose Signature is not XML-DSig, are
 * UNSUPPORTED and unsigned packages ABSENT.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SignedXml } from 'xml-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate } from '../../src/modules/edxml/edxml.keys.js';
import { verifyPackage } from '../../src/modules/edxml/edxml.signature.js';
import { CITY, COMMUNE, SEND, sendInput } from '../support/documents.js';
import { codeOf, ok, startTestHub, type TestHub } from '../support/hub.js';

const SAMPLE = await readFile(new URL('../fixtures/edxml/edoc_new.edxml', import.meta.url), 'utf8');
const IMPORT = `mutation($p: String!) { importEdxml(package: $p) { document { id signature { verdict reason trusted signer { subject serial issuer validFrom validTo } } } } }`;

let a: TestHub;
let b: TestHub;
let dir: string;
let ca: { keyPem: string; certPem: string };
let outsider: { keyPem: string; certPem: string };
let n = 0;

/** VPCP's package to the city (the SDK sample), its dummy signature removed. */
function unsigned(): string {
  n += 1;
  return SAMPLE.replace('<edXML:OrganId>000.00.00.A80</edXML:OrganId>', '<edXML:OrganId>000.00.00.G22</edXML:OrganId>')
    .replace('<edXML:OrganId>28.22.H17</edXML:OrganId>', `<edXML:OrganId>${CITY}</edXML:OrganId>`)
    .replace(
      /<edXML:DocumentId>000\.00\.00\.G22,2015\/09\/30,7816\/VPCP-TTĐT<\/edXML:DocumentId>/,
      `<edXML:DocumentId>000.00.00.G22,2026/11/21,${n}/VPCP</edXML:DocumentId>`,
    )
    .replace(/<Signature>[\s\S]*?<\/Signature>\s*/, '');
}

/** Signed as another agency's system would: xml-crypto, RSA-SHA1 as in the SDK's samples, the whole package. */
function signAsOutsider(xml: string, signer = outsider): string {
  const sig = new SignedXml({
    privateKey: signer.keyPem,
    publicCert: signer.certPem,
    signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
    canonicalizationAlgorithm: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  });
  sig.addReference({
    xpath: '/*',
    isEmptyUri: true,
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
    ],
    digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1',
  });
  sig.computeSignature(xml, { location: { reference: "//*[local-name(.)='edXMLHeader']", action: 'append' } });
  return sig.getSignedXml();
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lth-pki-'));
  ca = await makeCertificate('CN=Test National CA, O=Test, C=VN', { ca: true });
  outsider = await makeCertificate('CN=Van phong Chinh phu, O=VPCP, C=VN', { issuer: ca });
  a = await startTestHub();
  // hub A's own (development) certificate exists once it has signed something
  const commune = await a.token({ role: 'OFFICER', agency: COMMUNE });
  const d = ok(await a.gql(SEND, { input: sendInput() }, commune)).sendDocument;
  ok(await a.gql(`query($id: ID!) { documentEdxml(id: $id) }`, { id: d.id }, commune));
  const anchors = path.join(dir, 'anchors.pem');
  await writeFile(
    anchors,
    ca.certPem + (await readFile(path.join(a.config.dataDir, 'edxml-signing', 'cert.pem'), 'utf8')),
  );
  b = await startTestHub({ EDXML_TRUST_ANCHORS_FILE: anchors, EDXML_REFUSE_SIGNATURES: 'INVALID' });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

const documents = async (hub: TestHub) =>
  (await hub.sql('SELECT count(*)::int AS n FROM document')).rows[0].n as number;

describe("the hub's own signature", () => {
  it('signs every package it exports; a hub that trusts it verifies it, and refuses a copy altered after signing', async () => {
    const commune = await a.token({ role: 'OFFICER', agency: COMMUNE });
    const d = ok(await a.gql(SEND, { input: sendInput({ recipientCodes: [CITY] }) }, commune)).sendDocument;
    const signed = ok(await a.gql(`query($id: ID!) { documentEdxml(id: $id) }`, { id: d.id }, commune))
      .documentEdxml as string;
    expect(signed).toMatch(/<Signature xmlns="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#">/);
    expect(verifyPackage(signed, null)).toMatchObject({
      verdict: 'VALID',
      signer: { subject: expect.stringContaining('Lien Thong Hub development signing') },
    });

    // the same package received by hub B (the commune's code is in B's directory too)
    const bAdmin = await b.token({ role: 'ADMIN' });
    const got = ok(await b.gql(IMPORT, { p: signed }, bAdmin)).importEdxml.document.signature;
    expect(got).toMatchObject({ verdict: 'VALID', trusted: true, reason: null });

    const before = await documents(b);
    const altered = signed
      .replace(d.subject, `${d.subject} (đã sửa)`)
      .replace(/<edXML:DocumentId>[^<]*</, `<edXML:DocumentId>${COMMUNE},2026/11/20,9999/SUA<`);
    expect(verifyPackage(altered, null).verdict).toBe('INVALID');
    const r = await b.gql(IMPORT, { p: altered }, bAdmin);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toMatch(/signature is INVALID: the signature does not match the package/);
    expect(await documents(b)).toBe(before);
  });

  it('signs status packets too', async () => {
    const commune = await a.token({ role: 'OFFICER', agency: COMMUNE });
    const city = await a.token({ role: 'OFFICER', agency: CITY });
    const d = ok(await a.gql(SEND, { input: sendInput({ recipientCodes: [CITY] }) }, commune)).sendDocument;
    const ev = ok(
      await a.gql(
        `mutation($input: DeliveryStatusInput!) { reportDeliveryStatus(input: $input) { event { id } } }`,
        { input: { deliveryId: d.deliveries[0].id, status: 'ARRIVED' } },
        city,
      ),
    ).reportDeliveryStatus.event;
    const packet = ok(
      await a.gql(`query($id: ID!) { deliveryEventEdxml(id: $id) }`, { id: ev.id }, city),
    ).deliveryEventEdxml;
    expect(verifyPackage(packet, null).verdict).toBe('VALID');
  });
});

describe('packages signed elsewhere', () => {
  it('shows a package signed by an outside agency as VALID, with its signer', async () => {
    const admin = await a.token({ role: 'ADMIN' });
    const sig = ok(await a.gql(IMPORT, { p: signAsOutsider(unsigned()) }, admin)).importEdxml.document.signature;
    expect(sig).toMatchObject({
      verdict: 'VALID',
      trusted: null,
      reason: null,
      signer: {
        subject: expect.stringContaining('CN=Van phong Chinh phu'),
        issuer: expect.stringContaining('CN=Test National CA'),
        serial: expect.stringMatching(/^[0-9A-F]+$/i),
      },
    });
    expect(new Date(sig.signer.validTo).getTime()).toBeGreaterThan(Date.now());
    // a hub with the national CAs configured: trusted
    const bAdmin = await b.token({ role: 'ADMIN' });
    expect(
      ok(await b.gql(IMPORT, { p: signAsOutsider(unsigned()) }, bAdmin)).importEdxml.document.signature,
    ).toMatchObject({ verdict: 'VALID', trusted: true });
  });

  it('records a signature that does not verify as INVALID (and a hub configured to refuse it stores nothing)', async () => {
    const admin = await a.token({ role: 'ADMIN' });
    const signed = signAsOutsider(unsigned());
    const altered = signed.replace('<edXML:Priority>0</edXML:Priority>', '<edXML:Priority>1</edXML:Priority>');
    expect(ok(await a.gql(IMPORT, { p: altered }, admin)).importEdxml.document.signature).toMatchObject({
      verdict: 'INVALID',
      reason: expect.stringMatching(/altered after signing/),
    });
  });

  it('refuses, where trust anchors are configured, a key no national CA issued', async () => {
    const selfMade = await makeCertificate('CN=Tu cap, O=Khong ro, C=VN');
    const bAdmin = await b.token({ role: 'ADMIN' });
    const before = await documents(b);
    const r = await b.gql(IMPORT, { p: signAsOutsider(unsigned(), selfMade) }, bAdmin);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toMatch(/not issued by a trusted CA/);
    expect(await documents(b)).toBe(before);
  });

  it('shows the verdict of the package that last changed a document: an unsigned update of a signed document is ABSENT', async () => {
    const admin = await a.token({ role: 'ADMIN' });
    const original = unsigned();
    const signed = ok(await a.gql(IMPORT, { p: signAsOutsider(original) }, admin)).importEdxml.document;
    expect(signed.signature.verdict).toBe('VALID');
    const update = original
      .replace(
        '<edXML:BussinessDocType>0</edXML:BussinessDocType>',
        '<edXML:BussinessDocType>2</edXML:BussinessDocType>',
      )
      .replace(
        '<edXML:Subject>V/v kết nối, liên thông phần mềm quản lý văn bản</edXML:Subject>',
        '<edXML:Subject>Nội dung đã sửa (không ký)</edXML:Subject>',
      );
    const r = ok(
      await a.gql(
        `mutation($p: String!) { importEdxml(package: $p) { action document { id subject signature { verdict } } } }`,
        { p: update },
        admin,
      ),
    ).importEdxml;
    expect(r).toMatchObject({
      action: 'UPDATE',
      document: { id: signed.id, subject: 'Nội dung đã sửa (không ký)', signature: { verdict: 'ABSENT' } },
    });
    // and the original export is now the update's package
    expect(
      ok(await a.gql(`query($id: ID!) { documentEdxml(id: $id, original: true) }`, { id: signed.id }, admin))
        .documentEdxml,
    ).toBe(update);
  });

  it("keeps a status packet's verdict on the status change it made", async () => {
    const commune = await a.token({ role: 'OFFICER', agency: COMMUNE });
    const d = ok(await a.gql(SEND, { input: sendInput({ recipientCodes: ['000.00.00.H41'] }) }, commune)).sendDocument;
    const status = (await readFile(new URL('../fixtures/edxml/status_inbox_01.edxml', import.meta.url), 'utf8'))
      .replace(
        /<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/,
        `<edXML:DocumentId>${d.edxmlDocumentId}</edXML:DocumentId>`,
      )
      .replace(/(<edXML:ResponseFor>\s*<edXML:OrganId>)[^<]*/, `$1${COMMUNE}`);
    const h41 = await a.token({ role: 'OFFICER', agency: '000.00.00.H41' });
    const got = await a.gql(
      `mutation($p: String!) { importEdxml(package: $p) { event { code signature { verdict signer { subject } } } } }`,
      { p: signAsOutsider(status) },
      h41,
    );
    expect(ok(got).importEdxml.event).toMatchObject({
      code: '01',
      signature: { verdict: 'VALID', signer: { subject: expect.stringContaining('Van phong Chinh phu') } },
    });
  });

  it("calls the SDK sample's dummy signature UNSUPPORTED, and an unsigned package ABSENT", async () => {
    const admin = await a.token({ role: 'ADMIN' });
    const sample = SAMPLE.replace(
      '<edXML:OrganId>000.00.00.A80</edXML:OrganId>',
      '<edXML:OrganId>000.00.00.G22</edXML:OrganId>',
    ).replace('<edXML:OrganId>28.22.H17</edXML:OrganId>', `<edXML:OrganId>${CITY}</edXML:OrganId>`);
    expect(ok(await a.gql(IMPORT, { p: sample }, admin)).importEdxml.document.signature).toMatchObject({
      verdict: 'UNSUPPORTED',
      reason: expect.stringMatching(/outside the XML-DSig namespace/),
    });
    expect(ok(await a.gql(IMPORT, { p: unsigned() }, admin)).importEdxml.document.signature).toMatchObject({
      verdict: 'ABSENT',
      signer: null,
    });
  });
});
