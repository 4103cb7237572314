/**
 * Khóa ký của thành viên — a member's own signature on their ballots and opinion answers. A person
 * registers a public key (a JWK: EC P-256 for ES256, or Ed25519 for EdDSA; never a private part);
 * from then on each ballot or answer they give carries a compact JWS over its content — exactly
 * the JSON array `signedContent` makes — verified against that key, stored with it and sealed in
 * the audit chain by its hash. A person without a key votes bound to their authenticated session
 * alone (what the issue accepts at least). The content names the vote or form, so a signature
 * cannot be replayed elsewhere; one ballot per member keeps it from being replayed in the same one.
 */
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, compactVerify, importJWK, type JWK } from 'jose';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors.js';
import { personOf, type HubContext } from '../../core/context.js';

const ALGORITHMS: Record<string, string> = { 'EC:P-256': 'ES256', 'OKP:Ed25519': 'EdDSA' };
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

const algorithmOf = (jwk: Record<string, unknown>) => ALGORITHMS[`${String(jwk['kty'])}:${String(jwk['crv'])}`];

/** The content a person signs: these fields, in this order, as one JSON array. */
export const signedContent = (parts: unknown[]) => JSON.stringify(parts);

export async function registerSigningKey(ctx: HubContext, jwk: Record<string, unknown>) {
  const caller = personOf(ctx, 'A signing key is a person’s');
  if (PRIVATE_MEMBERS.some((m) => m in jwk))
    throw new BadUserInputError('That is a private key: register the public part only', { field: 'publicKeyJwk' });
  const alg = algorithmOf(jwk);
  if (!alg)
    throw new BadUserInputError('A signing key is an EC P-256 or an Ed25519 public key (JWK)', {
      field: 'publicKeyJwk',
    });
  const publicJwk: JWK = {
    kty: String(jwk['kty']),
    crv: String(jwk['crv']),
    x: String(jwk['x'] ?? ''),
    ...(jwk['kty'] === 'EC' ? { y: String(jwk['y'] ?? '') } : {}),
  };
  try {
    await importJWK(publicJwk, alg);
  } catch {
    throw new BadUserInputError('The key is not a valid public key', { field: 'publicKeyJwk' });
  }
  const thumbprint = await calculateJwkThumbprint(publicJwk);
  // a session alone never replaces a key: a stolen one could then sign for the member
  await ctx.db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`person-key:${caller.id}`}, 0))`;
  if (await ctx.db.personKey.findUnique({ where: { subject: caller.id } }))
    throw new ConflictError('You have a signing key already: an administrator revokes it first (revokeSigningKey)');
  ctx.auditTargets.push(`person:${caller.id}`, `jwk:${thumbprint}`);
  return ctx.db.personKey.create({
    data: { subject: caller.id, agencyId: caller.agencyId, publicJwk: publicJwk as object, thumbprint },
  });
}

/** An administrator revokes a person's key (lost, or compromised); its thumbprint stays in the audit chain. */
export async function revokeSigningKey(ctx: HubContext, subject: string) {
  const key = await ctx.db.personKey.findUnique({ where: { subject } });
  if (!key) throw new NotFoundError('This person has no signing key');
  ctx.auditTargets.push(`person:${subject}`, `jwk:${key.thumbprint}`);
  await ctx.db.personKey.delete({ where: { subject } });
  return key;
}

/**
 * The person's signature over `content`, checked against their key: null when they have none (and
 * gave none). A missing signature of a person with a key is BAD_USER_INPUT; one that does not
 * verify, or covers other content, is FORBIDDEN (a forgery, or a signature meant for something else).
 */
export async function checkSignature(
  ctx: HubContext,
  subject: string,
  content: string,
  signature: string | null | undefined,
): Promise<{ signature: string; hash: string } | null> {
  const key = await ctx.db.personKey.findUnique({ where: { subject } });
  if (!key) {
    if (signature)
      throw new BadUserInputError('You have no signing key: register one first (registerSigningKey)', {
        field: 'signature',
      });
    return null;
  }
  if (!signature)
    throw new BadUserInputError('You have a signing key: sign this with it (signature, a compact JWS)', {
      field: 'signature',
    });
  if (signature.length > 4096) throw new BadUserInputError('"signature" is too long', { field: 'signature' });
  const jwk = key.publicJwk as Record<string, unknown>;
  const alg = algorithmOf(jwk)!;
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(signature, await importJWK(jwk as JWK, alg), { algorithms: [alg] }));
  } catch {
    throw new ForbiddenError('The signature does not verify with your signing key');
  }
  if (new TextDecoder().decode(payload) !== content)
    throw new ForbiddenError('The signature is over other content: it does not sign this');
  return { signature, hash: createHash('sha256').update(signature).digest('hex') };
}
