/**
 * The keys of edXML signatures: the hub's signing pair (EDXML_SIGNING_KEY_FILE and
 * EDXML_SIGNING_CERT_FILE; outside production a self-signed development pair is generated once
 * under DATA_DIR/edxml-signing) and the trust anchors (EDXML_TRUST_ANCHORS_FILE, a PEM bundle of
 * the national CAs). Read once per process.
 */
import 'reflect-metadata'; // @peculiar/x509 uses tsyringe, which needs it
import { X509Certificate, webcrypto } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import type { Config } from '../../config/config.js';
import type { Signer } from './edxml.signature.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;

const pemOf = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${(
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? []
  ).join('\n')}\n-----END ${label}-----\n`;

/** A key pair and a certificate: self-signed, or issued by `issuer` (tests build a CA with it). */
export async function makeCertificate(
  subject: string,
  opts: {
    issuer?: { certPem: string; keyPem: string };
    ca?: boolean;
    days?: number;
    notBefore?: Date;
    notAfter?: Date;
  } = {},
): Promise<Signer> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = opts.notBefore ?? new Date(Date.now() - 3600_000);
  const notAfter = opts.notAfter ?? new Date(Date.now() + (opts.days ?? 3650) * 86_400_000);
  const extensions = opts.ca
    ? [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature, true),
      ]
    : [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)];
  const serialNumber = Buffer.from(webcrypto.getRandomValues(new Uint8Array(8)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');
  let cert: x509.X509Certificate;
  if (opts.issuer) {
    const issuer = new x509.X509Certificate(opts.issuer.certPem);
    const signingKey = await webcrypto.subtle.importKey(
      'pkcs8',
      Buffer.from(opts.issuer.keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64'),
      RSA,
      false,
      ['sign'],
    );
    cert = await x509.X509CertificateGenerator.create({
      serialNumber,
      subject,
      issuer: issuer.subject,
      notBefore,
      notAfter,
      signingAlgorithm: RSA,
      publicKey: keys.publicKey,
      signingKey,
      extensions,
    });
  } else {
    cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber,
      name: subject,
      notBefore,
      notAfter,
      signingAlgorithm: RSA,
      keys,
      extensions,
    });
  }
  return {
    keyPem: pemOf('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)),
    certPem: cert.toString('pem'),
  };
}

const signers = new Map<string, Promise<Signer>>();
const anchorSets = new Map<string, Promise<X509Certificate[] | null>>();

async function devSigner(dataDir: string): Promise<Signer> {
  const dir = path.join(dataDir, 'edxml-signing');
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  try {
    return { keyPem: await readFile(keyFile, 'utf8'), certPem: await readFile(certFile, 'utf8') };
  } catch {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const made = await makeCertificate('CN=Lien Thong Hub development signing, O=Development only, C=VN', {
      days: 3650,
    });
    // another process may be doing the same: each writes aside and the first rename wins per file
    const tmp = `.${process.pid}-${Date.now()}`;
    await writeFile(certFile + tmp, made.certPem, { mode: 0o600 });
    await writeFile(keyFile + tmp, made.keyPem, { mode: 0o600 });
    await rename(certFile + tmp, certFile);
    await rename(keyFile + tmp, keyFile);
    return { keyPem: await readFile(keyFile, 'utf8'), certPem: await readFile(certFile, 'utf8') };
  }
}

/** The pair that signs the hub's packages. */
export function hubSigner(config: Config): Promise<Signer> {
  const { signingKeyFile, signingCertFile } = config.edxml;
  const key = `${signingKeyFile}|${signingCertFile}|${config.env}|${config.dataDir}`;
  const cached = signers.get(key);
  if (cached) return cached;
  const signer = (
    signingKeyFile && signingCertFile
      ? Promise.all([readFile(signingKeyFile, 'utf8'), readFile(signingCertFile, 'utf8')]).then(
          ([keyPem, certPem]) => ({ keyPem, certPem }),
        )
      : config.env === 'production'
        ? Promise.reject(new Error('EDXML_SIGNING_KEY_FILE and EDXML_SIGNING_CERT_FILE are required in production'))
        : devSigner(config.dataDir)
  ).catch((err) => {
    signers.delete(key);
    throw err;
  });
  signers.set(key, signer);
  return signer;
}

/** The national CAs a signer must chain to, or null when none are configured. */
export function trustAnchors(config: Config): Promise<X509Certificate[] | null> {
  const file = config.edxml.trustAnchorsFile;
  if (!file) return Promise.resolve(null);
  let set = anchorSets.get(file);
  if (!set) {
    set = readFile(file, 'utf8').then((text) =>
      (text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(
        (p) => new X509Certificate(p),
      ),
    );
    anchorSets.set(file, set);
  }
  return set;
}
