/** The verdicts of verifyPackage for signatures the hub cannot or must not accept. */
import { SignedXml } from 'xml-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate } from '../../src/modules/edxml/edxml.keys.js';
import { signPackage, verifyPackage } from '../../src/modules/edxml/edxml.signature.js';

const XML =
  '<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLHeader><edXML:MessageHeader Id="h"><edXML:Subject>Thử</edXML:Subject></edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>';
let signer: { keyPem: string; certPem: string };

beforeAll(async () => {
  signer = await makeCertificate('CN=Unit test signer');
});

describe('verifyPackage', () => {
  it('is VALID for a package signed whole, and INVALID once a byte of it changes', () => {
    const signed = signPackage(XML, signer);
    expect(verifyPackage(signed, null)).toMatchObject({ verdict: 'VALID', trusted: null });
    expect(verifyPackage(signed.replace('Thử', 'Thu'), null).verdict).toBe('INVALID');
  });

  it('is UNSUPPORTED for a signature over part of the package only', () => {
    const sig = new SignedXml({
      privateKey: signer.keyPem,
      publicCert: signer.certPem,
      signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    });
    sig.addReference({
      xpath: "//*[local-name(.)='MessageHeader']",
      transforms: ['http://www.w3.org/2001/10/xml-exc-c14n#'],
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    });
    sig.computeSignature(XML, { location: { reference: "//*[local-name(.)='edXMLHeader']", action: 'append' } });
    expect(verifyPackage(sig.getSignedXml(), null)).toMatchObject({
      verdict: 'UNSUPPORTED',
      reason: expect.stringMatching(/whole package/),
    });
  });

  it('is UNSUPPORTED for an algorithm it does not check, and INVALID when a signature is added to a signed package', () => {
    const signed = signPackage(XML, signer);
    expect(verifyPackage(signed.replace('xmldsig-more#rsa-sha256', 'xmldsig-more#ecdsa-sha256'), null)).toMatchObject({
      verdict: 'UNSUPPORTED',
      reason: expect.stringMatching(/ecdsa-sha256/),
    });
    const sigXml = /<Signature[\s\S]*<\/Signature>/.exec(signed)![0];
    expect(verifyPackage(signed.replace(sigXml, sigXml + sigXml), null).verdict).toBe('INVALID');
  });

  it('is INVALID for an unreadable certificate, or one that has expired', async () => {
    const signed = signPackage(XML, signer);
    expect(
      verifyPackage(signed.replace(/<X509Certificate>[^<]+</, '<X509Certificate>MIIFqTCCBJG<'), null),
    ).toMatchObject({ verdict: 'INVALID', reason: expect.stringMatching(/not readable/) });
    const later = new Date(Date.now() + 20 * 365 * 86_400_000);
    expect(verifyPackage(signed, null, later)).toMatchObject({
      verdict: 'INVALID',
      reason: expect.stringMatching(/not valid now/),
    });
  });

  it('is ABSENT without a signature', () => {
    expect(verifyPackage(XML, null)).toEqual({ verdict: 'ABSENT', reason: null, signer: null, trusted: null });
  });
});

describe('trust', () => {
  const sign = (xml: string, signer: { keyPem: string; certPem: string }, chain: string[] = []) => {
    const signed = signPackage(xml, signer);
    // the intermediates travel in KeyInfo after the signer's certificate
    const extra = chain
      .map((pem) => `<X509Certificate>${pem.replace(/-----[^-]+-----|\s/g, '')}</X509Certificate>`)
      .join('');
    return signed.replace('</X509Certificate>', `</X509Certificate>${extra}`);
  };

  it('trusts a signer issued by an anchor, or through a CA the package carries', async () => {
    const root = await makeCertificate('CN=Root CA', { ca: true });
    const sub = await makeCertificate('CN=Sub CA', { ca: true, issuer: root });
    const leaf = await makeCertificate('CN=Signer', { issuer: sub });
    const anchors = [new (await import('node:crypto')).X509Certificate(root.certPem)];
    expect(verifyPackage(sign(XML, leaf, [sub.certPem]), anchors)).toMatchObject({ verdict: 'VALID', trusted: true });
    expect(verifyPackage(sign(XML, leaf), anchors)).toMatchObject({ verdict: 'INVALID', trusted: false });
  });

  it('does not trust a chain through a certificate that is not a CA, or a CA out of date', async () => {
    const { X509Certificate } = await import('node:crypto');
    const root = await makeCertificate('CN=Root CA', { ca: true });
    const anchors = [new X509Certificate(root.certPem)];
    const ordinary = await makeCertificate('CN=Ordinary holder', { issuer: root });
    const forged = await makeCertificate('CN=Van phong Chinh phu', { issuer: ordinary });
    expect(verifyPackage(sign(XML, forged, [ordinary.certPem]), anchors)).toMatchObject({
      verdict: 'INVALID',
      reason: expect.stringMatching(/trusted CA/),
    });
    const expired = await makeCertificate('CN=Expired CA', {
      ca: true,
      issuer: root,
      notBefore: new Date('2020-01-01'),
      notAfter: new Date('2021-01-01'),
    });
    const late = await makeCertificate('CN=Signer under an expired CA', { issuer: expired });
    expect(verifyPackage(sign(XML, late, [expired.certPem]), anchors)).toMatchObject({
      verdict: 'INVALID',
      reason: expect.stringMatching(/trusted CA/),
    });
  });

  it('answers a verdict, never an exception, for a certificate with impossible dates, and refuses to read many certificates', async () => {
    const odd = await makeCertificate('CN=Year one', {
      notBefore: new Date('0001-01-01T00:00:00Z'),
      notAfter: new Date('9999-12-31T00:00:00Z'),
    });
    // Node 24's OpenSSL will not even load it to sign with: the package then carries it in place of the signer's
    const base64 = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');
    let withOdd: string;
    try {
      withOdd = signPackage(XML, odd);
    } catch {
      withOdd = sign(XML, signer).replace(base64(signer.certPem), base64(odd.certPem));
    }
    expect(withOdd).toContain(base64(odd.certPem));
    expect(verifyPackage(withOdd, null).verdict).toBe('INVALID');
    const many = sign(
      XML,
      signer,
      Array.from({ length: 40 }, () => signer.certPem),
    );
    // the verdict comes before any certificate is parsed or tried
    expect(verifyPackage(many, null)).toMatchObject({
      verdict: 'INVALID',
      reason: expect.stringMatching(/41 certificates/),
    });
  });
});
