/**
 * edXML in and out. An imported document goes through the same rules as one sent through the API
 * (createDocument, deliveryService); a package's sender must be the caller's agency unless an
 * ADMIN imports on behalf of the national axis.
 */
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors.js';
import { parseAgencyCode } from '../../common/agency-code.js';
import { callerOf, type HubContext } from '../../graphql/context.js';
import type { AgencyRow } from '../agency/agency.repository.js';
import { deliveryService } from '../document/delivery.service.js';
import { documentRepository, type DeliveryEventRow, type DeliveryRow, type DocumentRow } from '../document/document.repository.js';
import { resolveRecipients } from '../document/document.rules.js';
import { createDocument, visibleDocument, type NewAttachment } from '../document/document.service.js';
import { buildDocumentPackage, buildStatusPacket } from './edxml.build.js';
import { parseEdxml } from './edxml.parse.js';
import type { EdxmlDocument, EdxmlStatus, Organ } from './edxml.types.js';

export interface ImportResult {
  kind: 'DOCUMENT' | 'STATUS';
  /** NEW, REVOKE, UPDATE, REPLACE, or STATUS */
  action: string;
  document: DocumentRow;
  delivery?: DeliveryRow;
  event?: DeliveryEventRow;
}

async function knownAgency(ctx: HubContext, organ: Organ, role: string): Promise<AgencyRow> {
  const agency = await ctx.loaders.agencyByCode.load(organ.organId);
  if (!agency) throw new BadUserInputError(`The ${role} ${organ.organId} of the package is not in the agencies directory`, { field: 'package', code: organ.organId });
  return agency;
}

function mayActFor(ctx: HubContext, agency: AgencyRow): void {
  const caller = callerOf(ctx);
  if (caller.role === 'LEADER') throw new ForbiddenError('A LEADER reads everything and writes nothing');
  if (caller.role !== 'ADMIN' && caller.agencyId !== agency.id) {
    throw new ForbiddenError(`The package comes from ${agency.code}: only that agency (or an ADMIN for the national axis) imports it`);
  }
}

async function importDocument(ctx: HubContext, d: EdxmlDocument): Promise<ImportResult> {
  const sender = await knownAgency(ctx, d.from, 'sender');
  mayActFor(ctx, sender);
  await documentRepository.lockKey(ctx.db, `edxml:${sender.id}:${d.documentId}`);
  const existing = await documentRepository.findByExternalId(ctx.db, sender.id, d.documentId);
  const docType = d.business.docType;

  if (docType === 1 || docType === 2) {
    if (!existing) throw new NotFoundError(`The package ${docType === 1 ? 'revokes' : 'updates'} ${d.documentId}, which ${sender.code} never sent through the hub`, { documentId: d.documentId });
    if (docType === 1) {
      const document = existing.revokedAt ? existing : await deliveryService.revoke(ctx, existing.id, d.business.reason);
      return { kind: 'DOCUMENT', action: 'REVOKE', document };
    }
    const receivers = d.business.receivers?.length ? (await ctx.loaders.agencyByCode.loadMany(d.business.receivers)).filter((a): a is AgencyRow => !!a && !(a instanceof Error)).map((a) => a.id) : undefined;
    const document = await deliveryService.update(
      ctx,
      existing.id,
      { subject: d.subject, content: d.content ?? null, dueDate: d.dueDate?.toISOString().slice(0, 10) ?? null, priority: d.otherInfo.priority ?? null, signerFullName: d.signer.fullName ?? null, signerPosition: d.signer.position ?? null },
      d.business.reason,
      receivers,
    );
    return { kind: 'DOCUMENT', action: 'UPDATE', document };
  }

  const action = docType === 3 ? 'REPLACE' : 'NEW';
  if (existing) {
    // the same package again (an axis retry): the first import's result
    if (existing.businessDocType === docType) return { kind: 'DOCUMENT', action, document: existing };
    throw new ConflictError(`${sender.code} already sent a document with DocumentId ${d.documentId}`, { documentId: d.documentId });
  }
  const recipients = await resolveRecipients(ctx, d.to.map((t) => t.organId), sender.id);
  const attachments: NewAttachment[] = [];
  for (const a of d.attachments) {
    if (a.bytes.length > ctx.config.attachments.maxBytes) {
      throw new BadUserInputError(`The attachment "${a.name}" is larger than ${ctx.config.attachments.maxBytes} bytes`, { field: 'package' });
    }
    const stored = await ctx.blobs.put(a.bytes);
    attachments.push({ contentId: a.contentId, name: a.name, description: a.description ?? null, contentType: a.contentType, sha256: stored.sha256, size: stored.size });
  }
  let replacesId: string | null = null;
  for (const r of d.business.replaces ?? []) {
    replacesId ??= (await documentRepository.findByExternalId(ctx.db, sender.id, r.documentId))?.id ?? null;
  }
  const responseFor = d.responseFor ? await documentRepository.findByExternalIdAnySender(ctx.db, d.responseFor.documentId) : [];
  const document = await createDocument(
    ctx,
    sender,
    {
      externalId: d.documentId,
      codeNumber: d.codeNumber,
      codeNotation: d.codeNotation,
      typeCode: d.typeCode,
      typeDetail: d.typeDetail ?? null,
      typeName: d.typeName,
      subject: d.subject,
      content: d.content ?? null,
      promulgationPlace: d.promulgationPlace ?? null,
      promulgationDate: d.promulgationDate,
      signerCompetence: d.signer.competence ?? null,
      signerPosition: d.signer.position ?? null,
      signerFullName: d.signer.fullName ?? null,
      dueDate: d.dueDate ?? null,
      priority: d.otherInfo.priority ?? 0,
      steeringType: d.steeringType ?? null,
      toPlaces: d.toPlaces,
      otherInfo: {
        sphereOfPromulgation: d.otherInfo.sphereOfPromulgation,
        typerNotation: d.otherInfo.typerNotation,
        promulgationAmount: d.otherInfo.promulgationAmount,
        pageAmount: d.otherInfo.pageAmount,
        appendixes: d.otherInfo.appendixes,
        businessReason: d.business.reason,
        staff: d.business.staff,
        replaces: d.business.replaces,
        traces: d.traces.map((t) => ({ organId: t.organId, timestamp: t.timestamp.toISOString() })),
      },
      responseForExternalId: d.responseFor?.documentId ?? null,
      responseForId: responseFor.length === 1 ? responseFor[0]!.id : null,
      businessDocType: docType,
      replacesId,
    },
    recipients,
    attachments,
    { source: 'EDXML', idempotencyKey: null },
  );
  return { kind: 'DOCUMENT', action, document };
}

async function importStatus(ctx: HubContext, s: EdxmlStatus): Promise<ImportResult> {
  const from = await knownAgency(ctx, s.from, 'reporting agency');
  mayActFor(ctx, from);
  const candidates = await documentRepository.findByExternalIdAnySender(ctx.db, s.responseFor.documentId);
  // From the sender (13): ResponseFor names the recipient. From a recipient: ResponseFor names the sender.
  const own = candidates.find((c) => c.senderId === from.id);
  const other = await ctx.loaders.agencyByCode.load(s.responseFor.organId);
  const document = own ?? (other ? candidates.find((c) => c.senderId === other.id) : undefined);
  if (!document) throw new NotFoundError(`The status packet answers ${s.responseFor.documentId}, which the hub does not hold`, { documentId: s.responseFor.documentId });
  const recipientId = own ? other?.id : from.id;
  const delivery = recipientId ? await documentRepository.findDelivery(ctx.db, document.id, recipientId) : null;
  if (!delivery) throw new NotFoundError(`${s.responseFor.documentId} was not delivered to ${own ? s.responseFor.organId : from.code}`);
  const out = await deliveryService.report(ctx, delivery.id, {
    code: s.statusCode,
    note: s.description,
    staffName: s.staff?.staff,
    department: s.staff?.department,
    at: s.timestamp,
  });
  return { kind: 'STATUS', action: 'STATUS', document, delivery: out.delivery, event: out.event };
}

const organOf = (a: AgencyRow): Organ => ({ organId: a.code, organName: a.name });

/** ResponseFor of an export: the answered document's sender when the hub holds it, else the DocumentId's own OrganId. */
async function responseForRef(ctx: HubContext, doc: DocumentRow) {
  if (!doc.responseForExternalId) return undefined;
  const answered = doc.responseForId ? await ctx.loaders.documentById.load(doc.responseForId) : null;
  const sender = answered ? await ctx.loaders.agencyById.load(answered.senderId) : null;
  const organId = sender?.code ?? parseAgencyCode(doc.responseForExternalId.split(',')[0] ?? '');
  return organId ? { organId, documentId: doc.responseForExternalId } : undefined;
}

export const edxmlService = {
  async import(ctx: HubContext, xml: string): Promise<ImportResult> {
    if (!xml?.trim()) throw new BadUserInputError('The edXML package is empty', { field: 'package' });
    const message = parseEdxml(xml);
    return message.kind === 'document' ? importDocument(ctx, message.document) : importStatus(ctx, message.status);
  },

  /** The document as an edXML package with its attachments; null when the caller may not see it. */
  async exportDocument(ctx: HubContext, id: string, onlyRecipients?: (a: AgencyRow) => boolean): Promise<string | null> {
    const doc = await visibleDocument(ctx, id);
    if (!doc) return null;
    const [sender, deliveries, attachments] = await Promise.all([
      ctx.loaders.agencyById.load(doc.senderId),
      ctx.loaders.deliveriesByDocumentId.load(doc.id),
      ctx.loaders.attachmentsByDocumentId.load(doc.id),
    ]);
    const recipients = (await ctx.loaders.agencyById.loadMany(deliveries.map((d) => d.recipientId))).filter((r) => !onlyRecipients || onlyRecipients(r as AgencyRow));
    const info = doc.otherInfo as Record<string, any>;
    const replaced = doc.replacesId ? await ctx.loaders.documentById.load(doc.replacesId) : null;
    const files = await Promise.all(
      attachments.map(async (a) => {
        const chunks: Buffer[] = [];
        for await (const c of ctx.blobs.read(a.sha256)) chunks.push(c as Buffer);
        return { contentId: a.contentId, name: a.name, description: a.description ?? undefined, contentType: a.contentType, bytes: Buffer.concat(chunks) };
      }),
    );
    return buildDocumentPackage({
      from: organOf(sender!),
      to: recipients.map((r) => organOf(r as AgencyRow)),
      documentId: doc.externalId,
      codeNumber: doc.codeNumber,
      codeNotation: doc.codeNotation,
      promulgationPlace: doc.promulgationPlace ?? undefined,
      promulgationDate: doc.promulgationDate,
      typeCode: doc.typeCode,
      typeDetail: doc.typeDetail ?? undefined,
      typeName: doc.typeName,
      subject: doc.subject,
      content: doc.content ?? undefined,
      signer: { competence: doc.signerCompetence ?? undefined, position: doc.signerPosition ?? undefined, fullName: doc.signerFullName ?? undefined },
      dueDate: doc.dueDate ?? undefined,
      toPlaces: doc.toPlaces,
      otherInfo: {
        priority: doc.priority,
        sphereOfPromulgation: info['sphereOfPromulgation'],
        typerNotation: info['typerNotation'],
        promulgationAmount: info['promulgationAmount'],
        pageAmount: info['pageAmount'],
        appendixes: info['appendixes'],
      },
      steeringType: doc.steeringType ?? undefined,
      responseFor: await responseForRef(ctx, doc),
      traces: [{ organId: sender!.code, timestamp: doc.createdAt }],
      business: {
        docType: (doc.businessDocType === 3 ? 3 : 0) as 0 | 3,
        reason: info['businessReason'],
        replaces: replaced ? [{ documentId: replaced.externalId, organIds: recipients.map((r) => (r as AgencyRow).code) }] : undefined,
      },
      attachments: files,
    });
  },

  /** One status change of a delivery as an edXML status packet; null when not visible. */
  async exportStatus(ctx: HubContext, eventId: string): Promise<string | null> {
    const found = /^[0-9a-f-]{36}$/i.test(eventId) ? await documentRepository.findEvent(ctx.db, eventId) : null;
    if (!found) return null;
    const doc = await visibleDocument(ctx, found.delivery.documentId);
    if (!doc) return null;
    const [reporter, sender, recipient] = await Promise.all([
      ctx.loaders.agencyById.load(found.agencyId),
      ctx.loaders.agencyById.load(doc.senderId),
      ctx.loaders.agencyById.load(found.delivery.recipientId),
    ]);
    const addressee = found.agencyId === doc.senderId ? recipient! : sender!;
    return buildStatusPacket({
      from: organOf(reporter!),
      responseFor: { organId: addressee.code, code: `${doc.codeNumber}${doc.codeNotation ? `/${doc.codeNotation}` : ''}`, promulgationDate: doc.promulgationDate, documentId: doc.externalId },
      staff: found.staffName || found.department ? { staff: found.staffName ?? undefined, department: found.department ?? undefined } : undefined,
      statusCode: found.code,
      description: found.note ?? undefined,
      timestamp: found.at,
    });
  },
};
