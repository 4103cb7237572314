/** Sending and reading documents. Every write runs inside the mutation's transaction (ctx.db). */
import { BadUserInputError, ConflictError, ForbiddenError } from '../../common/errors.js';
import { parseIsoDate } from '../../common/time.js';
import { callerOf, type HubContext } from '../../core/context.js';
import type { AgencyRow } from '../agency/agency.repository.js';
import { blobAccess } from '../attachment/blob-access.js';
import { readsEverything } from '../../core/access.js';
import { webhookService } from '../webhook/webhook.service.js';
import { documentRepository, type DocumentRow } from './document.repository.js';
import {
  actingAgency,
  checkContentType,
  checkInt,
  checkText,
  documentIdOf,
  isExternal,
  resolveRecipients,
} from './document.rules.js';
import { outboxService } from '../outbox/outbox.service.js';
import { listDocuments, listInbox } from './document-list.js';
import { isUuid } from '../../common/text.js';

/** The content of a new document, however it arrives. */
export interface NewDocument {
  externalId?: string;
  codeNumber: string;
  codeNotation: string;
  typeCode: number;
  typeDetail: number | null;
  typeName: string;
  subject: string;
  content: string | null;
  promulgationPlace: string | null;
  promulgationDate: Date;
  signerCompetence: string | null;
  signerPosition: string | null;
  signerFullName: string | null;
  dueDate: Date | null;
  priority: number;
  steeringType: number | null;
  toPlaces: string[];
  otherInfo: Record<string, unknown>;
  responseForExternalId: string | null;
  responseForId: string | null;
  businessDocType: number;
  replacesId: string | null;
  /** received edXML: the package's bytes (blob), its content fingerprint, and its signature's verdict and details */
  packageSha256?: string | null;
  packageFingerprint?: string | null;
  signatureVerdict?: string | null;
  signature?: Record<string, unknown> | null;
}

export interface NewAttachment {
  contentId?: string;
  name: string;
  description: string | null;
  contentType: string;
  manifestContentType?: string | null;
  sha256: string;
  size: number;
}

/** Insert a document with its attachments and one delivery per recipient; tell recipients' webhooks. */
export async function createDocument(
  ctx: HubContext,
  sender: AgencyRow,
  doc: NewDocument,
  recipients: AgencyRow[],
  attachments: NewAttachment[],
  meta: { source: 'API' | 'EDXML'; idempotencyKey: string | null },
): Promise<DocumentRow> {
  const externalId =
    doc.externalId ?? documentIdOf(sender.code, doc.promulgationDate, doc.codeNumber, doc.codeNotation);
  if (await documentRepository.findByExternalId(ctx.db, sender.id, externalId)) {
    throw new ConflictError(`${sender.code} already sent a document with DocumentId ${externalId}`, {
      documentId: externalId,
    });
  }
  const caller = callerOf(ctx);
  const { externalId: _e, ...fields } = doc;
  const row = await documentRepository.create(ctx.db, {
    ...fields,
    otherInfo: fields.otherInfo as never,
    signature: (fields.signature ?? undefined) as never,
    externalId,
    senderId: sender.id,
    source: meta.source,
    idempotencyKey: meta.idempotencyKey,
    createdBy: `${caller.kind}:${caller.id}`,
  });
  await documentRepository.createAttachments(
    ctx.db,
    attachments.map((a, i) => ({
      documentId: row.id,
      position: i + 1,
      contentId: a.contentId ?? `cid:${i + 1}`,
      name: a.name,
      description: a.description,
      contentType: a.contentType,
      manifestContentType: a.manifestContentType ?? null,
      sha256: a.sha256,
      size: a.size,
    })),
  );
  const deliveries = await documentRepository.createDeliveries(
    ctx.db,
    row.id,
    recipients.map((r) => r.id),
  );
  await webhookService.notify(
    ctx,
    deliveries.map((d) => ({
      agencyId: d.recipientId,
      event: 'delivery.created',
      payload: { deliveryId: d.id, documentId: row.id, senderCode: sender.code },
    })),
  );
  // recipients outside the city receive it through the national axis (when the sender is ours)
  const home = ctx.config.portal.unitCode;
  if (!isExternal(sender.code, home) && recipients.some((r) => isExternal(r.code, home))) {
    await outboxService.add(ctx, 'axis.sendDocument', { documentId: row.id });
  }
  ctx.auditTargets.push(row.id);
  return row;
}

export interface SendDocumentInput {
  senderCode?: string | null;
  recipientCodes: string[];
  codeNumber: string;
  codeNotation?: string | null;
  typeCode: number;
  typeDetail?: number | null;
  typeName: string;
  subject: string;
  content?: string | null;
  promulgationPlace?: string | null;
  promulgationDate: string;
  signerCompetence?: string | null;
  signerPosition?: string | null;
  signerFullName?: string | null;
  dueDate?: string | null;
  priority?: number | null;
  steeringType?: number | null;
  toPlaces?: string[] | null;
  attachments?: Array<{
    sha256: string;
    name: string;
    contentType?: string | null;
    description?: string | null;
  }> | null;
  responseForDocumentId?: string | null;
  replacesDocumentId?: string | null;
  idempotencyKey: string;
}

/** A document the agency may see: it sent it or received it (ADMIN and LEADER see all). */
/** A document looked up by id: FORBIDDEN when it exists outside the caller's scope, null when it does not. */
export async function lookUpDocument(ctx: HubContext, id: string): Promise<DocumentRow | null> {
  const doc = await visibleDocument(ctx, id);
  if (!doc && isUuid(id) && (await documentRepository.exists(ctx.db, id)))
    throw new ForbiddenError('Your agency neither sent nor receives this document');
  return doc;
}

export async function visibleDocument(ctx: HubContext, id: string): Promise<DocumentRow | null> {
  if (!isUuid(id)) return null;
  const doc = await ctx.loaders.documentById.load(id);
  if (!doc) return null;
  const caller = callerOf(ctx);
  if (readsEverything(caller) || doc.senderId === caller.agencyId) return doc;
  const deliveries = await ctx.loaders.deliveriesByDocumentId.load(doc.id);
  return deliveries.some((d) => d.recipientId === caller.agencyId) ? doc : null;
}

async function referencedDocument(
  ctx: HubContext,
  ref: string | null | undefined,
  field: string,
): Promise<{ id: string | null; externalId: string | null }> {
  const v = ref?.trim();
  if (!v) return { id: null, externalId: null };
  if (isUuid(v)) {
    const doc = await visibleDocument(ctx, v);
    if (!doc) throw new BadUserInputError(`No document ${v} that you can see`, { field });
    return { id: doc.id, externalId: doc.externalId };
  }
  // an edXML DocumentId: link it when the hub holds exactly that document
  const found = await documentRepository.findByExternalIdAnySender(ctx.db, v);
  return { id: found.length === 1 ? found[0]!.id : null, externalId: v };
}

/** A document names at most this many places it goes to (edXML's ToPlaces). */
const MAX_TO_PLACES = 100;

function checkList<T>(list: T[] | null | undefined, field: string, max: number): T[] {
  if ((list?.length ?? 0) > max) throw new BadUserInputError(`"${field}" has more than ${max} entries`, { field });
  return list ?? [];
}

export const documentService = {
  async send(ctx: HubContext, input: SendDocumentInput): Promise<DocumentRow> {
    const key = checkText(input.idempotencyKey, 'idempotencyKey', 200, true)!;
    const sender = await actingAgency(ctx, input.senderCode);
    await documentRepository.lockKey(ctx.db, `send:${sender.id}:${key}`);
    const earlier = await documentRepository.findByIdempotencyKey(ctx.db, sender.id, key);
    if (earlier) return earlier; // a retry: the first result, nothing created twice

    const recipients = await resolveRecipients(ctx, input.recipientCodes, sender.id);
    const attachments: NewAttachment[] = [];
    for (const [i, a] of (input.attachments ?? []).entries()) {
      const stored = await blobAccess.usable(ctx, a.sha256, `attachments[${i}].sha256`);
      attachments.push({
        name: checkText(a.name, `attachments[${i}].name`, 255, true)!,
        description: checkText(a.description, `attachments[${i}].description`, 500),
        contentType: checkContentType(a.contentType, `attachments[${i}].contentType`),
        sha256: a.sha256,
        size: stored.size,
      });
    }
    const responseFor = await referencedDocument(ctx, input.responseForDocumentId, 'responseForDocumentId');
    const replaces = await referencedDocument(ctx, input.replacesDocumentId, 'replacesDocumentId');
    if (input.replacesDocumentId) {
      const old = replaces.id ? await ctx.loaders.documentById.load(replaces.id) : null;
      if (!old || old.senderId !== sender.id)
        throw new BadUserInputError('A document replaces only an earlier document of the same sender', {
          field: 'replacesDocumentId',
        });
    }
    const promulgationDate = parseIsoDate(input.promulgationDate);
    return createDocument(
      ctx,
      sender,
      {
        codeNumber: checkText(input.codeNumber, 'codeNumber', 50, true)!,
        codeNotation: checkText(input.codeNotation, 'codeNotation', 100) ?? '',
        typeCode: checkInt(input.typeCode, 'typeCode', 0, 999)!,
        typeDetail: checkInt(input.typeDetail, 'typeDetail', 0, 999),
        typeName: checkText(input.typeName, 'typeName', 200, true)!,
        subject: checkText(input.subject, 'subject', 500, true)!,
        content: checkText(input.content, 'content', 20_000),
        promulgationPlace: checkText(input.promulgationPlace, 'promulgationPlace', 200),
        promulgationDate,
        signerCompetence: checkText(input.signerCompetence, 'signerCompetence', 200),
        signerPosition: checkText(input.signerPosition, 'signerPosition', 200),
        signerFullName: checkText(input.signerFullName, 'signerFullName', 200),
        dueDate: input.dueDate ? parseIsoDate(input.dueDate) : null,
        priority: checkInt(input.priority, 'priority', 0, 9) ?? 0,
        steeringType: checkInt(input.steeringType, 'steeringType', 0, 9),
        toPlaces: checkList(input.toPlaces, 'toPlaces', MAX_TO_PLACES).map((p, i) =>
          checkText(p, `toPlaces[${i}]`, 200, true)!,
        ),
        otherInfo: {},
        responseForExternalId: responseFor.externalId,
        responseForId: responseFor.id,
        businessDocType: input.replacesDocumentId ? 3 : 0,
        replacesId: replaces.id,
      },
      recipients,
      attachments,
      { source: 'API', idempotencyKey: key },
    );
  },

  /** A page of the documents an agency sent or received, newest first (document-list.ts). */
  list: listDocuments,
  /** A page of an agency's inbox, newest first (document-list.ts). */
  inbox: listInbox,
};
