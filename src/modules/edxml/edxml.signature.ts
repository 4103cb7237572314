/**
 * Chữ ký số of edXML packages: XML-DSig, verified and made with xml-crypto. A received package's
 * verdict is VALID (the signature verifies over the whole package and, when trust anchors are
 * configured, the signer's certificate chains to one of them), INVALID (it does not verify, the
 * certificate is unreadable, out of its validity or not from a trusted CA), ABSENT (no signature)
 * or UNSUPPORTED (a signature the hub cannot check: another namespace, algorithm, or a part of the
 * package only). The hub signs what it sends (enveloped, RSA-SHA256, whole package).
 */
import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

type SignatureVerdict = 'VALID' | 'INVALID' | 'ABSENT' | 'UNSUPPORTED';

interface SignerInfo {
  subject: string;
  serial: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

export interface SignatureReport {
  verdict: SignatureVerdict;
  /** why it is not VALID, in a sentence */
  reason: string | null;
  signer: SignerInfo | null;
  /** chained to a configured trust anchor; null when none are configured */
  trusted: boolean | null;
}

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const SIGNATURE_METHODS = new Set([
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
]);

const pem = (base64: string) =>
  `-----BEGIN CERTIFICATE-----\n${(base64.replace(/\s+/g, '').match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
const report = (
  verdict: SignatureVerdict,
  reason: string | null,
  signer: SignerInfo | null = null,
  trusted: boolean | null = null,
): SignatureReport => ({ verdict, reason, signer, trusted });

/** A certificate's dates, or null when they are not real dates (a forged year 0001, say). */
function validity(c: X509Certificate): { from: Date; to: Date } | null {
  const from = new Date(c.validFrom);
  const to = new Date(c.validTo);
  return Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) ? null : { from, to };
}
const inForce = (c: X509Certificate, now: Date) => {
  const v = validity(c);
  return !!v && v.from <= now && now <= v.to;
};
const info = (c: X509Certificate): SignerInfo => {
  const v = validity(c);
  return {
    subject: c.subject.replace(/\n/g, ', '),
    serial: c.serialNumber,
    issuer: c.issuer.replace(/\n/g, ', '),
    validFrom: v?.from.toISOString() ?? '',
    validTo: v?.to.toISOString() ?? '',
  };
};

/** `issuer` is a CA (basicConstraints) whose name and key usage let it issue `cert` (OpenSSL's check), and its key signed it. */
const issued = (cert: X509Certificate, issuer: X509Certificate): boolean =>
  issuer.ca && cert.checkIssued(issuer) && cert.verify(issuer.publicKey);

/**
 * The signer is an anchor itself (a pinned certificate) or chains to one through CA
 * certificates the package carries, each in force now (at most 5 links).
 */
function chains(cert: X509Certificate, carried: X509Certificate[], anchors: X509Certificate[], now: Date): boolean {
  let current = cert;
  for (let depth = 0; depth < 5; depth++) {
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256)) return true;
    if (anchors.some((a) => inForce(a, now) && issued(current, a))) return true;
    const next = carried.find((c) => c !== current && inForce(c, now) && issued(current, c));
    if (!next) return false;
    current = next;
  }
  return false;
}

/** At most this many certificates in a signature's KeyInfo (the signer and its intermediates). */
const MAX_CERTIFICATES = 5;
/** At most this many signatures are checked in one package. */
const MAX_SIGNATURES = 3;

/** One XML-DSig signature: its verdict over the whole package. */
function checkOne(xml: string, signature: Element, anchors: X509Certificate[] | null, now: Date): SignatureReport {
  const method = signature.getElementsByTagNameNS(DSIG, 'SignatureMethod')[0]?.getAttribute('Algorithm') ?? '';
  if (!SIGNATURE_METHODS.has(method))
    return report('UNSUPPORTED', `the signature algorithm ${method || '(none)'} is not supported`);
  const references = Array.from(signature.getElementsByTagNameNS(DSIG, 'Reference'));
  if (references.length !== 1 || references[0]!.getAttribute('URI') !== '')
    return report('UNSUPPORTED', 'the signature does not cover the whole package (one Reference with URI="")');
  const nodes = Array.from(signature.getElementsByTagNameNS(DSIG, 'X509Certificate'));
  if (nodes.length > MAX_CERTIFICATES)
    return report(
      'INVALID',
      `the signature carries ${nodes.length} certificates (at most ${MAX_CERTIFICATES} are read)`,
    );
  const carried: X509Certificate[] = [];
  for (const node of nodes) {
    try {
      carried.push(new X509Certificate(pem(node.textContent ?? '')));
    } catch {
      return report('INVALID', "the signer's certificate (KeyInfo/X509Certificate) is not readable");
    }
  }
  if (!carried.length) return report('INVALID', 'the signature carries no X.509 certificate to check it with');
  // the signer is the certificate whose key verifies the signature: the first that does
  const signed = carried.find((cert) => {
    try {
      const check = new SignedXml({ publicCert: cert.toString(), getCertFromKeyInfo: () => null });
      check.loadSignature(signature as never);
      return check.checkSignature(xml);
    } catch {
      return false;
    }
  });
  if (!signed)
    return report(
      'INVALID',
      'the signature does not match the package: it was altered after signing, or signed with another key',
      info(carried[0]!),
    );
  const signer = info(signed);
  if (!inForce(signed, now))
    return report(
      'INVALID',
      `the signer's certificate is not valid now (${signer.validFrom || '?'} to ${signer.validTo || '?'})`,
      signer,
    );
  if (!anchors) return report('VALID', null, signer, null);
  if (!chains(signed, carried, anchors, now))
    return report(
      'INVALID',
      "the signer's certificate is not issued by a trusted CA (EDXML_TRUST_ANCHORS_FILE)",
      signer,
      false,
    );
  return report('VALID', null, signer, true);
}

export function verifyPackage(xml: string, anchors: X509Certificate[] | null, now = new Date()): SignatureReport {
  try {
    const errors: string[] = [];
    const doc = new DOMParser({
      errorHandler: { error: (m: string) => errors.push(m), fatalError: (m: string) => errors.push(m) },
    }).parseFromString(xml, 'text/xml');
    const signatures = Array.from(doc.getElementsByTagNameNS(DSIG, 'Signature'));
    if (signatures.length === 0) {
      const other = Array.from(doc.getElementsByTagName('*')).find((e) => e.localName === 'Signature');
      return other
        ? report(
            'UNSUPPORTED',
            `a Signature element outside the XML-DSig namespace (${other.namespaceURI ?? 'none'}): not an XML signature`,
          )
        : report('ABSENT', null);
    }
    if (signatures.length > MAX_SIGNATURES)
      return report('INVALID', `${signatures.length} signatures (at most ${MAX_SIGNATURES} are checked)`);
    // one signature that holds is enough; one that fails makes the package INVALID rather than unchecked
    const reports = signatures.map((sig) => checkOne(xml, sig as unknown as Element, anchors, now));
    return reports.find((r) => r.verdict === 'VALID') ?? reports.find((r) => r.verdict === 'INVALID') ?? reports[0]!;
  } catch (err) {
    return report('INVALID', `the signature could not be checked (${(err as Error).message.slice(0, 200)})`);
  }
}

export interface Signer {
  keyPem: string;
  certPem: string;
}

/** The package signed (enveloped, whole document, RSA-SHA256), the signature in edXMLHeader as real packages carry it. */
export function signPackage(xml: string, signer: Signer): string {
  const sig = new SignedXml({
    privateKey: signer.keyPem,
    publicCert: signer.certPem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: '/*',
    isEmptyUri: true,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, { location: { reference: "//*[local-name(.)='edXMLHeader']", action: 'append' } });
  const signed = sig.getSignedXml();
  return signed.startsWith('<?xml') ? signed : `<?xml version="1.0" encoding="UTF-8"?>\n${signed}`;
}
