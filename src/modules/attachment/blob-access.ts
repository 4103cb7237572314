/**
 * Stored bytes have owners. Bytes are content-addressed, so knowing a file's SHA-256 must not be
 * enough to use it: a document or a dossier result may name only bytes its agency uploaded
 * (`blob_grant`, written by POST /attachments) or can already read (an attachment of a document it
 * sent or received, a result of a dossier it receives or handles). Bytes that are not stored and
 * bytes that are not yours get the same answer.
 */
import { BadUserInputError } from '../../common/errors.js';
import type { Db } from '../../db/client.js';
import { callerOf, type HubContext } from '../../core/context.js';
import { scopeOf, type Scope } from '../../core/access.js';
import { documentRepository } from '../document/document.repository.js';
import { SHA256_HEX, type StoredBlob } from './blob-store.js';

export const blobAccess = {
  /** The agency uploaded these bytes (idempotent). */
  async grant(db: Db, sha256: string, agencyId: string): Promise<void> {
    await db.blobGrant.upsert({
      where: { sha256_agencyId: { sha256, agencyId } },
      create: { sha256, agencyId },
      update: {},
    });
  },

  /** The scope's agency uploaded these bytes, or reads a document or a dossier result holding them. */
  async mayUse(scope: Scope, db: Db, sha256: string): Promise<boolean> {
    if (scope.all) return true;
    const agencyId = scope.agencyId;
    const [grant, attachment, result] = await Promise.all([
      db.blobGrant.findUnique({ where: { sha256_agencyId: { sha256, agencyId } }, select: { sha256: true } }),
      documentRepository.readableAttachment(scope, db, sha256),
      db.dossierResult.findFirst({
        where: { sha256, dossier: { OR: [{ receivingAgencyId: agencyId }, { handlingAgencyId: agencyId }] } },
        select: { id: true },
      }),
    ]);
    return Boolean(grant || attachment || result);
  },

  /**
   * The stored bytes `sha256` names, if the caller may reference them; otherwise one refusal for
   * "not uploaded" and "not yours" alike.
   */
  async usable(ctx: HubContext, sha256: string, field: string): Promise<StoredBlob> {
    const refuse = () =>
      new BadUserInputError(
        `No uploaded file ${sha256} that your agency may use: POST its bytes to /attachments first`,
        { field },
      );
    if (!SHA256_HEX.test(sha256))
      throw new BadUserInputError(`"${field}" is not a SHA-256 (64 lowercase hex digits)`, { field });
    const allowed = await this.mayUse(scopeOf(callerOf(ctx)), ctx.db, sha256);
    const stored = allowed ? await ctx.blobs.stat(sha256) : null;
    if (!stored) throw refuse();
    return stored;
  },
};
