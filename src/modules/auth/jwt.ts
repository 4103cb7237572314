/** People authenticate with signed JWTs: issuer, audience, expiry and signature are all checked. */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Config } from '../../config/config.js';
import { UnauthenticatedError } from '../../common/errors.js';
import { Role } from '../../generated/prisma/enums.js';

export interface HubClaims {
  sub: string;
  role: Role;
  /** agency code the person works for (required for OFFICER) */
  agency?: string;
  /** expiry, seconds since the epoch (set on verified claims) */
  exp?: number;
}

export class JwtVerifier {
  private readonly secret?: Uint8Array;
  private readonly publicKey?: KeyObject;

  constructor(private readonly cfg: Config['jwt']) {
    if (cfg.secret) this.secret = new TextEncoder().encode(cfg.secret);
    if (cfg.publicKey) this.publicKey = createPublicKey(cfg.publicKey);
  }

  async verify(token: string): Promise<HubClaims> {
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          if (header.alg === 'HS256' && this.secret) return this.secret;
          if (header.alg !== 'HS256' && this.publicKey) return this.publicKey;
          throw new UnauthenticatedError(`Tokens signed with ${header.alg} are not accepted`);
        },
        {
          issuer: this.cfg.issuer,
          audience: this.cfg.audience,
          algorithms: ['HS256', 'RS256', 'ES256', 'EdDSA'],
          requiredClaims: ['sub', 'exp'],
        },
      );
      // a token valid for years is a password that cannot be changed: lifetimes are bounded
      const now = Math.floor(Date.now() / 1000);
      const max = this.cfg.maxLifetimeS;
      if (payload.exp! - now > max || (typeof payload.iat === 'number' && payload.exp! - payload.iat > max)) {
        throw new UnauthenticatedError(
          `The token lives longer than the ${max} seconds this hub accepts (JWT_MAX_LIFETIME_S)`,
        );
      }
      const role = payload['role'];
      if (typeof role !== 'string' || !Object.hasOwn(Role, role)) {
        throw new UnauthenticatedError('The token has no valid "role" claim (ADMIN, LEADER or OFFICER)');
      }
      const agency = payload['agency'];
      if (agency !== undefined && typeof agency !== 'string') {
        throw new UnauthenticatedError('The token\'s "agency" claim must be an agency code');
      }
      return { sub: payload.sub!, role: role as Role, agency, exp: payload.exp! };
    } catch (e) {
      if (e instanceof UnauthenticatedError) throw e;
      if (e instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('The token has expired');
      if (e instanceof joseErrors.JWTClaimValidationFailed) {
        throw new UnauthenticatedError(`The token's "${e.claim}" claim is not accepted`);
      }
      throw new UnauthenticatedError('The token is not valid');
    }
  }
}

/** Sign an HS256 token (the development admin credential, the `token` CLI, tests). */
export async function signToken(cfg: Config['jwt'], claims: HubClaims, expiresIn = '12h'): Promise<string> {
  if (!cfg.secret) throw new Error('JWT_SECRET is not set: cannot sign tokens');
  const jwt = new SignJWT({ role: claims.role, ...(claims.agency ? { agency: claims.agency } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(cfg.issuer)
    .setAudience(cfg.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  return jwt.sign(new TextEncoder().encode(cfg.secret));
}
