/**
 * API keys of agency systems: `lth_<prefix>_<secret>`. The prefix identifies the key; only the
 * SHA-256 of the secret is stored (the secret is 256 random bits, so a slow hash adds nothing).
 * The whole key is shown once, when issued.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { normaliseAgencyCode } from '../../common/agency-code.js';
import { checkPageSize, decodeTimeCursor, timeCursorKey, toPage, type Page } from '../../common/cursor.js';
import { BadUserInputError, ConflictError, NotFoundError, UnauthenticatedError } from '../../common/errors.js';
import type { Db } from '../../db/client.js';
import type { Role } from '../../generated/prisma/enums.js';
import { agencyRepository } from '../agency/agency.repository.js';
import { apiKeyRepository, type ApiKeyRow } from './api-key.repository.js';
import type { Caller } from './caller.js';

const KEY_FORMAT = /^lth_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface IssuedApiKey {
  apiKey: ApiKeyRow;
  /** the whole key, shown once */
  secret: string;
}

export const apiKeyService = {
  /** Issue a key bound to one agency. `createdBy` names the actor (admin id or `cli`). */
  async issue(
    db: Db,
    input: { agencyCode: string; role: Role; name: string },
    createdBy: string,
  ): Promise<IssuedApiKey> {
    const name = input.name.trim();
    if (name.length < 3 || name.length > 100) {
      throw new BadUserInputError('"name" must be 3 to 100 characters', { field: 'name' });
    }
    const code = normaliseAgencyCode(input.agencyCode);
    const agency = await agencyRepository.findByCode(db, code);
    if (!agency) throw new NotFoundError(`No agency has the code ${code}`, { field: 'agencyCode' });
    if (agency.validTo && agency.validTo <= new Date()) {
      const successor = agency.successorId ? (await agencyRepository.findByIds(db, [agency.successorId]))[0] : null;
      throw new BadUserInputError(
        `${code} was dissolved on ${agency.validTo.toISOString().slice(0, 10)}` +
          (successor ? `: issue the key to its successor ${successor.code} (${successor.name})` : ''),
        { field: 'agencyCode', successorCode: successor?.code ?? null },
      );
    }
    const prefix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
    const secretPart = randomBytes(32).toString('base64url');
    const apiKey = await apiKeyRepository.create(db, {
      name,
      agencyId: agency.id,
      role: input.role,
      prefix,
      secretHash: sha256(secretPart),
      createdBy,
    });
    return { apiKey, secret: `lth_${prefix}_${secretPart}` };
  },

  async revoke(db: Db, id: string, now = new Date()): Promise<ApiKeyRow> {
    if (!UUID.test(id)) throw new BadUserInputError(`"${id}" is not an API key id`, { field: 'id' });
    const key = await apiKeyRepository.findById(db, id);
    if (!key) throw new NotFoundError(`No API key has the id ${id}`);
    if (key.revokedAt) throw new ConflictError(`The API key ${key.prefix} was already revoked`);
    return apiKeyRepository.revoke(db, id, now);
  },

  async list(
    db: Db,
    args: { agencyCode?: string | null; includeRevoked: boolean; first: number; after?: string | null },
    maxPage: number,
  ): Promise<Page<ApiKeyRow>> {
    checkPageSize(args.first, maxPage);
    let agencyId: string | undefined;
    if (args.agencyCode) {
      const agency = await agencyRepository.findByCode(db, normaliseAgencyCode(args.agencyCode));
      if (!agency) return toPage([], args.first, 0, () => []);
      agencyId = agency.id;
    }
    const [rows, total] = await apiKeyRepository.list(
      db,
      { agencyId, includeRevoked: args.includeRevoked },
      args.first + 1,
      decodeTimeCursor(args.after),
    );
    return toPage(rows, args.first, total, timeCursorKey);
  },

  /** The caller behind a presented key, or UNAUTHENTICATED. */
  async authenticate(db: Db, presented: string): Promise<Caller> {
    const m = KEY_FORMAT.exec(presented);
    if (!m) throw new UnauthenticatedError('The API key is malformed');
    const key = await apiKeyRepository.findByPrefix(db, m[1]!);
    const given = Buffer.from(sha256(m[2]!), 'hex');
    if (!key || !timingSafeEqual(given, Buffer.from(key.secretHash, 'hex'))) {
      throw new UnauthenticatedError('The API key is not valid');
    }
    if (key.revokedAt) throw new UnauthenticatedError('The API key has been revoked');
    return { kind: 'apiKey', id: key.id, role: key.role, agencyId: key.agencyId, agencyCode: key.agency.code };
  },
};
