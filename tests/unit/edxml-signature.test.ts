/** The verdicts of verifyPackage for signatures the hub cannot or must not accept. */
import { SignedXml } from 'xml-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate } from '../../src/modules/edxml/edxml.keys.js';
import { signPackage, verifyPackage } from '../../src/modules/edxml/edxml.signature.js';

const XML = '<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLHeader><edXML:MessageHeader Id="h"><edXML:Subject>Thử</edXML:Subject></edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>';
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
    const sig = new SignedXml({ privateKey: signer.keyPem, publicCert: signer.certPem, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
    sig.addReference({ xpath: "//*[local-name(.)='MessageHeader']", transforms: ['http://www.w3.org/2001/10/xml-exc-c14n#'], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
    sig.computeSignature(XML, { location: { reference: "//*[local-name(.)='edXMLHeader']", action: 'append' } });
    expect(verifyPackage(sig.getSignedXml(), null)).toMatchObject({ verdict: 'UNSUPPORTED', reason: expect.stringMatching(/whole package/) });
  });

  it('is UNSUPPORTED for an algorithm it does not check, and for two signatures', () => {
    const signed = signPackage(XML, signer);
    expect(verifyPackage(signed.replace('xmldsig-more#rsa-sha256', 'xmldsig-more#ecdsa-sha256'), null)).toMatchObject({ verdict: 'UNSUPPORTED', reason: expect.stringMatching(/ecdsa-sha256/) });
    const sigXml = /<Signature[\s\S]*<\/Signature>/.exec(signed)![0];
    expect(verifyPackage(signed.replace(sigXml, sigXml + sigXml), null).verdict).toBe('UNSUPPORTED');
  });

  it('is INVALID for an unreadable certificate, or one that has expired', async () => {
    const signed = signPackage(XML, signer);
    expect(verifyPackage(signed.replace(/<X509Certificate>[^<]+</, '<X509Certificate>MIIFqTCCBJG<'), null)).toMatchObject({ verdict: 'INVALID', reason: expect.stringMatching(/not readable/) });
    const later = new Date(Date.now() + 20 * 365 * 86_400_000);
    expect(verifyPackage(signed, null, later)).toMatchObject({ verdict: 'INVALID', reason: expect.stringMatching(/not valid now/) });
  });

  it('is ABSENT without a signature', () => {
    expect(verifyPackage(XML, null)).toEqual({ verdict: 'ABSENT', reason: null, signer: null, trusted: null });
  });
});
