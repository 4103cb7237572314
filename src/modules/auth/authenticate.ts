/** Turns request headers into a Caller. Never throws: a failure is returned so it can be audited. */
import { AppError, UnauthenticatedError } from '../../common/errors.js';
import { parseAgencyCode } from '../../common/agency-code.js';
import type { Db } from '../../db/client.js';
import { agencyRepository } from '../agency/agency.repository.js';
import { apiKeyService } from './api-key.service.js';
import type { Caller } from './caller.js';
import type { JwtVerifier } from './jwt.js';

export type AuthResult = { caller: Caller; error: null } | { caller: null; error: AppError | null };

type Headers = { authorization?: string; 'x-api-key'?: string | string[] };

/**
 * Callers of bearer tokens this process verified in the last minute: a token is checked (and its
 * agency looked up) once a minute, not on every request. Only verified tokens are kept, never
 * past their expiry; API keys are not (a revoked key must stop at once).
 */
const REMEMBERED = new WeakMap<JwtVerifier, Map<string, { caller: Caller; until: number }>>();
const REMEMBER_MS = 60_000;
const REMEMBER_MAX = 10_000;

const bearerOf = (headers: Headers) =>
  headers['x-api-key'] === undefined ? /^\s*Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1] : undefined;

/** The caller of a bearer token verified less than a minute ago, if these headers carry one. */
export function rememberedCaller(jwt: JwtVerifier, headers: Headers): Caller | null {
  const token = bearerOf(headers);
  const seen = token === undefined ? undefined : REMEMBERED.get(jwt)?.get(token);
  if (!seen) return null;
  if (seen.until > Date.now()) return seen.caller;
  REMEMBERED.get(jwt)!.delete(token!);
  return null;
}

function remember(jwt: JwtVerifier, token: string, caller: Caller, exp: number): void {
  let seen = REMEMBERED.get(jwt);
  if (!seen) REMEMBERED.set(jwt, (seen = new Map()));
  // the oldest goes first when full (a Map iterates in insertion order)
  if (seen.size >= REMEMBER_MAX) seen.delete(seen.keys().next().value!);
  seen.set(token, { caller, until: Math.min(exp * 1000, Date.now() + REMEMBER_MS) });
}

export async function authenticate(db: Db, jwt: JwtVerifier, headers: Headers): Promise<AuthResult> {
  const remembered = rememberedCaller(jwt, headers);
  if (remembered) return { caller: remembered, error: null };
  try {
    const auth = headers.authorization?.trim();
    const headerKey = headers['x-api-key'];
    const apiKey =
      typeof headerKey === 'string'
        ? headerKey.trim()
        : /^ApiKey\s+/i.test(auth ?? '')
          ? auth!.replace(/^ApiKey\s+/i, '')
          : undefined;
    if (apiKey) return { caller: await apiKeyService.authenticate(db, apiKey), error: null };
    if (!auth) return { caller: null, error: null };
    const bearer = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!bearer) throw new UnauthenticatedError('Use "Authorization: Bearer <token>" or "Authorization: ApiKey <key>"');
    const claims = await jwt.verify(bearer[1]!);
    let agencyId: string | null = null;
    let agencyCode: string | null = null;
    if (claims.agency) {
      const code = parseAgencyCode(claims.agency);
      const agency = code ? await agencyRepository.findByCode(db, code) : null;
      if (!agency) throw new UnauthenticatedError(`The token's agency ${claims.agency} is not in the directory`);
      agencyId = agency.id;
      agencyCode = agency.code;
    } else if (claims.role === 'OFFICER') {
      throw new UnauthenticatedError('An OFFICER token must carry an "agency" claim');
    }
    const caller: Caller = { kind: 'user', id: claims.sub, role: claims.role, agencyId, agencyCode };
    remember(jwt, bearer[1]!, caller, claims.exp!);
    return { caller, error: null };
  } catch (e) {
    if (e instanceof AppError) return { caller: null, error: e };
    throw e;
  }
}
