/** Turns request headers into a Caller. Never throws: a failure is returned so it can be audited. */
import { AppError, UnauthenticatedError } from '../../common/errors.js';
import { parseAgencyCode } from '../../common/agency-code.js';
import type { Db } from '../../db/client.js';
import { agencyRepository } from '../agency/agency.repository.js';
import { apiKeyService } from './api-key.service.js';
import type { Caller } from './caller.js';
import type { JwtVerifier } from './jwt.js';

export type AuthResult = { caller: Caller; error: null } | { caller: null; error: AppError | null };

export async function authenticate(
  db: Db,
  jwt: JwtVerifier,
  headers: { authorization?: string; 'x-api-key'?: string | string[] },
): Promise<AuthResult> {
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
    return { caller: { kind: 'user', id: claims.sub, role: claims.role, agencyId, agencyCode }, error: null };
  } catch (e) {
    if (e instanceof AppError) return { caller: null, error: e };
    throw e;
  }
}
