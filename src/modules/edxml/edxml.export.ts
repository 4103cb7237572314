/**
 * edXML out: a document as a package (its received trace hops kept and the hub's appended, the
 * contact fields, Direction and manifest ContentType as received), a status change as a status
 * packet, both signed with the hub's key; or a received package's original bytes, unchanged.
 */
import { parseAgencyCode } from '../../common/agency-code.js';
import { toEdxmlTimestamp } from '../../common/time.js';
import type { HubContext } from '../../core/context.js';
import type { AgencyRow } from '../agency/agency.repository.js';
import { documentRepository, type DocumentRow } from '../document/document.repository.js';
import { lookUpDocument } from '../document/document.service.js';
import { buildDocumentPackage, buildStatusPacket } from './edxml.build.js';
import { hubSigner } from './edxml.keys.js';
import { signPackage } from './edxml.signature.js';
import type { Organ } from './edxml.types.js';

const organOf = (a: AgencyRow): Organ => ({ organId: a.code, organName: a.name });

/** The contacts received for this agency in the package (From or To), else the directory's name. */
function contactOf(a: AgencyRow, received: Organ[]): Organ {
  return received.find((o) => o.organId === a.code) ?? organOf(a);
}

/** ResponseFor of an export: the answered document's sender when the hub holds it, else the DocumentId's own OrganId. */
async function responseForRef(ctx: HubContext, doc: DocumentRow) {
  if (!doc.responseForExternalId) return undefined;
  // (the answered document's id and sender only: the answer's reader may not read the document itself)
  const answered = doc.responseForId ? await ctx.loaders.documentReferenceById.load(doc.responseForId) : null;
  const sender = answered ? await ctx.loaders.agencyById.load(answered.senderId) : null;
  const organId = sender?.code ?? parseAgencyCode(doc.responseForExternalId.split(',')[0] ?? '');
  return organId ? { organId, documentId: doc.responseForExternalId } : undefined;
}

async function bytesOf(ctx: HubContext, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of ctx.blobs.read(sha256)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface ExportOptions {
  /** only these recipients (the axis sends to those outside the city) */
  onlyRecipients?: (a: AgencyRow) => boolean;
  /** the package exactly as received (null for a document that did not come as edXML) */
  original?: boolean;
}

export const edxmlExport = {
  /** The document as a signed edXML package with its attachments; null when the caller may not see it. */
  async document(ctx: HubContext, id: string, opts: ExportOptions = {}): Promise<string | null> {
    const doc = await lookUpDocument(ctx, id);
    if (!doc) return null;
    if (opts.original) return doc.packageSha256 ? (await bytesOf(ctx, doc.packageSha256)).toString('utf8') : null;
    const [sender, deliveries, attachments] = await Promise.all([
      ctx.loaders.agencyById.load(doc.senderId),
      ctx.loaders.deliveriesByDocumentId.load(doc.id),
      ctx.loaders.attachmentsByDocumentId.load(doc.id),
    ]);
    const recipients = (await ctx.loaders.agencyById.loadMany(deliveries.map((d) => d.recipientId))).filter(
      (r): r is AgencyRow => !!r && !(r instanceof Error) && (!opts.onlyRecipients || opts.onlyRecipients(r)),
    );
    /** what the import kept of the package's own fields (edxml.service.ts) */
    const info = doc.otherInfo as {
      to?: Organ[];
      from?: Organ;
      traces?: Array<{ organId: string; timestamp: string }>;
      sphereOfPromulgation?: string;
      typerNotation?: string;
      promulgationAmount?: number;
      pageAmount?: number;
      appendixes?: string[];
      direction?: string;
      businessReason?: string;
    };
    const receivedTo: Organ[] = Array.isArray(info['to']) ? info['to'] : [];
    const replaced = doc.replacesId ? await ctx.loaders.documentReferenceById.load(doc.replacesId) : null;
    const files = await Promise.all(
      attachments.map(async (a) => ({
        contentId: a.contentId,
        name: a.name,
        description: a.description ?? undefined,
        contentType: a.contentType,
        manifestContentType: a.manifestContentType ?? undefined,
        bytes: await bytesOf(ctx, a.sha256),
      })),
    );
    // the route so far (as received, or the sender's own hop), then the hub's
    const hops: Array<{ organId: string; timestamp: string }> =
      Array.isArray(info['traces']) && info['traces'].length
        ? info['traces']
        : [{ organId: sender!.code, timestamp: toEdxmlTimestamp(doc.createdAt) }];
    const xml = buildDocumentPackage({
      from: info['from']?.organId === sender!.code ? info['from'] : organOf(sender!),
      to: recipients.map((r) => contactOf(r, receivedTo)),
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
      signer: {
        competence: doc.signerCompetence ?? undefined,
        position: doc.signerPosition ?? undefined,
        fullName: doc.signerFullName ?? undefined,
      },
      dueDate: doc.dueDate ?? undefined,
      toPlaces: doc.toPlaces,
      otherInfo: {
        priority: doc.priority,
        sphereOfPromulgation: info['sphereOfPromulgation'],
        typerNotation: info['typerNotation'],
        promulgationAmount: info['promulgationAmount'],
        pageAmount: info['pageAmount'],
        appendixes: info['appendixes'],
        direction: info['direction'],
      },
      steeringType: doc.steeringType ?? undefined,
      responseFor: await responseForRef(ctx, doc),
      traces: [...hops, { organId: ctx.config.portal.unitCode, timestamp: toEdxmlTimestamp(new Date()) }],
      business: {
        docType: (doc.businessDocType === 3 ? 3 : 0) as 0 | 3,
        reason: info['businessReason'],
        replaces: replaced ? [{ documentId: replaced.externalId, organIds: recipients.map((r) => r.code) }] : undefined,
      },
      attachments: files,
    });
    return signPackage(xml, await hubSigner(ctx.config));
  },

  /** One status change of a delivery as a signed edXML status packet; null when not visible. */
  async status(ctx: HubContext, eventId: string): Promise<string | null> {
    const found = /^[0-9a-f-]{36}$/i.test(eventId) ? await documentRepository.findEvent(ctx.db, eventId) : null;
    if (!found) return null;
    const doc = await lookUpDocument(ctx, found.delivery.documentId);
    if (!doc) return null;
    const [reporter, sender, recipient] = await Promise.all([
      ctx.loaders.agencyById.load(found.agencyId),
      ctx.loaders.agencyById.load(doc.senderId),
      ctx.loaders.agencyById.load(found.delivery.recipientId),
    ]);
    const addressee = found.agencyId === doc.senderId ? recipient! : sender!;
    const xml = buildStatusPacket({
      from: organOf(reporter!),
      responseFor: {
        organId: addressee.code,
        code: `${doc.codeNumber}${doc.codeNotation ? `/${doc.codeNotation}` : ''}`,
        promulgationDate: doc.promulgationDate,
        documentId: doc.externalId,
      },
      staff:
        found.staffName || found.department
          ? { staff: found.staffName ?? undefined, department: found.department ?? undefined }
          : undefined,
      statusCode: found.code,
      description: found.note ?? undefined,
      timestamp: found.at,
    });
    return signPackage(xml, await hubSigner(ctx.config));
  },
};
