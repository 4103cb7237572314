/**
 * edXML in (and out, through edxml.export.ts). An imported document goes through the same rules
 * as one sent through the API (createDocument, deliveryService); a package's sender must be the
 * caller's agency unless an ADMIN imports on behalf of the national axis. Its signature is
 * verified and the verdict kept (configuration may refuse some verdicts); its original bytes are
 * kept; the same DocumentId again from the same sender must be the same content.
 */
import { createHash } from 'node:crypto';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors.js';
import { callerOf, type HubContext } from '../../core/context.js';
import type { AgencyRow } from '../agency/agency.repository.js';
import { deliveryService } from '../document/delivery.service.js';
import {
  documentRepository,
  type DeliveryEventRow,
  type DeliveryRow,
  type DocumentRow,
} from '../document/document.repository.js';
import { resolveRecipients } from '../document/document.rules.js';
import { createDocument, type NewAttachment } from '../document/document.service.js';
import { edxmlExport, type ExportOptions } from './edxml.export.js';
import { trustAnchors } from './edxml.keys.js';
import { parseEdxml } from './edxml.parse.js';
import { verifyPackage, type SignatureReport } from './edxml.signature.js';
import type { EdxmlDocument, EdxmlStatus, Organ } from './edxml.types.js';
import { actsFor } from '../../core/access.js';

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** What an import knows of the package besides its content. */
interface Received {
  xml: string;
  signature: SignatureReport;
}

/** The content of a document package, its trace hops and signature aside: the same DocumentId must always carry the same. */
function fingerprintOf(d: EdxmlDocument): string {
  const { traces: _t, attachments, ...rest } = d;
  const content = JSON.stringify(
    { ...rest, attachments: attachments.map((a) => ({ ...a, bytes: sha256Of(a.bytes) })) },
    (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
        : v,
  );
  return createHash('sha256').update(content).digest('hex');
}

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
  if (!agency)
    throw new BadUserInputError(`The ${role} ${organ.organId} of the package is not in the agencies directory`, {
      field: 'package',
      code: organ.organId,
    });
  return agency;
}

function mayActFor(ctx: HubContext, agency: AgencyRow): void {
  const caller = callerOf(ctx);
  if (!actsFor(caller, agency.id)) {
    throw new ForbiddenError(
      `The package comes from ${agency.code}: only that agency (or an ADMIN for the national axis) imports it`,
    );
  }
}

/** A document the hub holds without a package fingerprint (sent through the API, or imported earlier): the same number, subject, type, date and files. */
async function sameEssentials(ctx: HubContext, existing: DocumentRow, d: EdxmlDocument): Promise<boolean> {
  const files = (await ctx.loaders.attachmentsByDocumentId.load(existing.id)).map((a) => a.sha256).sort();
  const sent = d.attachments.map((a) => sha256Of(a.bytes)).sort();
  return (
    existing.businessDocType === d.business.docType &&
    existing.codeNumber === d.codeNumber &&
    existing.codeNotation === d.codeNotation &&
    existing.subject === d.subject &&
    existing.typeCode === d.typeCode &&
    existing.promulgationDate.getTime() === d.promulgationDate.getTime() &&
    JSON.stringify(files) === JSON.stringify(sent)
  );
}

const signatureOf = (r: SignatureReport) => ({ reason: r.reason, signer: r.signer, trusted: r.trusted });

/**
 * A package that changed a document (an update, a revocation): the document now shows that
 * package's bytes and signature verdict, so an unsigned update never hides behind the signed original.
 */
async function keepPackage(ctx: HubContext, documentId: string, received: Received): Promise<DocumentRow> {
  const bytes = Buffer.from(received.xml, 'utf8');
  const row = await documentRepository.recordPackage(ctx.db, documentId, {
    packageSha256: sha256Of(bytes),
    signatureVerdict: received.signature.verdict,
    signature: signatureOf(received.signature),
  });
  await ctx.blobs.put(bytes);
  return row;
}

async function importDocument(ctx: HubContext, d: EdxmlDocument, received: Received): Promise<ImportResult> {
  const sender = await knownAgency(ctx, d.from, 'sender');
  mayActFor(ctx, sender);
  await documentRepository.lockKey(ctx.db, `edxml:${sender.id}:${d.documentId}`);
  const existing = await documentRepository.findByExternalId(ctx.db, sender.id, d.documentId);
  const docType = d.business.docType;

  if (docType === 1 || docType === 2) {
    if (!existing)
      throw new NotFoundError(
        `The package ${docType === 1 ? 'revokes' : 'updates'} ${d.documentId}, which ${sender.code} never sent through the hub`,
        { documentId: d.documentId },
      );
    if (docType === 1) {
      if (existing.revokedAt) return { kind: 'DOCUMENT', action: 'REVOKE', document: existing };
      await deliveryService.revoke(ctx, existing.id, d.business.reason);
      return { kind: 'DOCUMENT', action: 'REVOKE', document: await keepPackage(ctx, existing.id, received) };
    }
    const receivers = d.business.receivers?.length
      ? (await ctx.loaders.agencyByCode.loadMany(d.business.receivers))
          .filter((a): a is AgencyRow => !!a && !(a instanceof Error))
          .map((a) => a.id)
      : undefined;
    const document = await deliveryService.update(
      ctx,
      existing.id,
      {
        subject: d.subject,
        content: d.content ?? null,
        dueDate: d.dueDate?.toISOString().slice(0, 10) ?? null,
        priority: d.otherInfo.priority ?? null,
        signerFullName: d.signer.fullName ?? null,
        signerPosition: d.signer.position ?? null,
      },
      d.business.reason,
      receivers,
    );
    return {
      kind: 'DOCUMENT',
      action: 'UPDATE',
      document: document.version === existing.version ? document : await keepPackage(ctx, existing.id, received),
    };
  }

  const action = docType === 3 ? 'REPLACE' : 'NEW';
  const fingerprint = fingerprintOf(d);
  if (existing) {
    // the same package again (an axis retry): the first import's result
    if (
      existing.packageFingerprint ? existing.packageFingerprint === fingerprint : await sameEssentials(ctx, existing, d)
    )
      return { kind: 'DOCUMENT', action, document: existing };
    throw new ConflictError(
      `${sender.code} already sent a document with DocumentId ${d.documentId}, with other content`,
      { documentId: d.documentId },
    );
  }
  const recipients = await resolveRecipients(
    ctx,
    d.to.map((t) => t.organId),
    sender.id,
  );
  // every check before anything is written: the files are stored last, inside the transaction
  const too = d.attachments.find((a) => a.bytes.length > ctx.config.attachments.maxBytes);
  if (too)
    throw new BadUserInputError(
      `The attachment "${too.name}" is larger than ${ctx.config.attachments.maxBytes} bytes`,
      { field: 'package' },
    );
  const attachments: NewAttachment[] = d.attachments.map((a) => ({
    contentId: a.contentId,
    name: a.name,
    description: a.description ?? null,
    contentType: a.contentType,
    manifestContentType: a.manifestContentType ?? null,
    sha256: sha256Of(a.bytes),
    size: a.bytes.length,
  }));
  // the package as received, to export it unchanged
  const originalBytes = Buffer.from(received.xml, 'utf8');
  let replacesId: string | null = null;
  for (const r of d.business.replaces ?? []) {
    replacesId ??= (await documentRepository.findByExternalId(ctx.db, sender.id, r.documentId))?.id ?? null;
  }
  const responseFor = d.responseFor
    ? await documentRepository.findByExternalIdAnySender(ctx.db, d.responseFor.documentId)
    : [];
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
        direction: d.otherInfo.direction,
        // the contact fields as sent, and the route's hops as given
        from: d.from,
        to: d.to,
        traces: d.traces,
      },
      responseForExternalId: d.responseFor?.documentId ?? null,
      responseForId: responseFor.length === 1 ? responseFor[0]!.id : null,
      businessDocType: docType,
      replacesId,
      packageSha256: sha256Of(originalBytes),
      packageFingerprint: fingerprint,
      signatureVerdict: received.signature.verdict,
      signature: signatureOf(received.signature),
    },
    recipients,
    attachments,
    { source: 'EDXML', idempotencyKey: null },
  );
  for (const bytes of [...d.attachments.map((a) => a.bytes), originalBytes]) await ctx.blobs.put(bytes);
  return { kind: 'DOCUMENT', action, document };
}

async function importStatus(ctx: HubContext, s: EdxmlStatus, signature: SignatureReport): Promise<ImportResult> {
  const from = await knownAgency(ctx, s.from, 'reporting agency');
  mayActFor(ctx, from);
  const candidates = await documentRepository.findByExternalIdAnySender(ctx.db, s.responseFor.documentId);
  // From the sender (13): ResponseFor names the recipient. From a recipient: ResponseFor names the sender.
  const own = candidates.find((c) => c.senderId === from.id);
  const other = await ctx.loaders.agencyByCode.load(s.responseFor.organId);
  const document = own ?? (other ? candidates.find((c) => c.senderId === other.id) : undefined);
  if (!document)
    throw new NotFoundError(`The status packet answers ${s.responseFor.documentId}, which the hub does not hold`, {
      documentId: s.responseFor.documentId,
    });
  const recipientId = own ? other?.id : from.id;
  const delivery = recipientId ? await documentRepository.findDelivery(ctx.db, document.id, recipientId) : null;
  if (!delivery)
    throw new NotFoundError(
      `${s.responseFor.documentId} was not delivered to ${own ? s.responseFor.organId : from.code}`,
    );
  const out = await deliveryService.report(ctx, delivery.id, {
    code: s.statusCode,
    note: s.description,
    staffName: s.staff?.staff,
    department: s.staff?.department,
    at: s.timestamp,
  });
  const event = await documentRepository.recordEventSignature(
    ctx.db,
    out.event.id,
    signature.verdict,
    signatureOf(signature),
  );
  return { kind: 'STATUS', action: 'STATUS', document, delivery: out.delivery, event };
}

export const edxmlService = {
  async import(ctx: HubContext, xml: string): Promise<ImportResult> {
    if (!xml?.trim()) throw new BadUserInputError('The edXML package is empty', { field: 'package' });
    const message = parseEdxml(xml);
    // who may send it is checked before the signature is (verifying costs CPU)
    const from = await knownAgency(
      ctx,
      message.kind === 'document' ? message.document.from : message.status.from,
      message.kind === 'document' ? 'sender' : 'reporting agency',
    );
    mayActFor(ctx, from);
    const signature = verifyPackage(message.xml.replace(/^\uFEFF/, '').trimStart(), await trustAnchors(ctx.config));
    if (ctx.config.edxml.refuse.includes(signature.verdict)) {
      throw new BadUserInputError(
        `The package's signature is ${signature.verdict}${signature.reason ? `: ${signature.reason}` : ''}; this hub refuses such packages`,
        { field: 'package', signature: signature.verdict },
      );
    }
    return message.kind === 'document'
      ? importDocument(ctx, message.document, { xml: message.xml, signature })
      : importStatus(ctx, message.status, signature);
  },

  exportDocument: (ctx: HubContext, id: string, opts?: ExportOptions) => edxmlExport.document(ctx, id, opts),
  exportStatus: (ctx: HubContext, eventId: string) => edxmlExport.status(ctx, eventId),
};
