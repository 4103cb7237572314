/** A document's life after sending: status reports, take-back, update and revocation. */
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors.js';
import { callerOf, type HubContext } from '../../core/context.js';
import { webhookService } from '../webhook/webhook.service.js';
import { applyStatus } from './delivery-status.js';
import {
  documentRepository,
  type DeliveryEventRow,
  type DeliveryRow,
  type DocumentRow,
} from './document.repository.js';
import { checkText, checkInt, isExternal } from './document.rules.js';
import { outboxService } from '../outbox/outbox.service.js';
import { isUuid } from '../../common/text.js';
import { parseIsoDate } from '../../common/time.js';
import { actsFor, actsForEveryAgency, scopeOf } from '../../core/access.js';

export interface StatusReport {
  code: string;
  note?: string | null;
  staffName?: string | null;
  department?: string | null;
  /** when it happened (edXML Timestamp); now by default */
  at?: Date;
}

/** The caller's side of a delivery, or NOT_FOUND when it is not theirs to see. */
function sideOf(ctx: HubContext, doc: DocumentRow, delivery: DeliveryRow, code: string): 'sender' | 'recipient' {
  const caller = callerOf(ctx);
  if (actsForEveryAgency(caller)) return code === '13' ? 'sender' : 'recipient';
  if (caller.agencyId === delivery.recipientId) return 'recipient';
  if (caller.agencyId === doc.senderId) return 'sender';
  throw new NotFoundError(`No delivery ${delivery.id} that you can see`);
}

async function lockedDelivery(
  ctx: HubContext,
  deliveryId: string,
): Promise<{ delivery: DeliveryRow; doc: DocumentRow }> {
  const delivery = isUuid(deliveryId) ? await documentRepository.lockDelivery(ctx.db, deliveryId) : null;
  if (!delivery) throw new NotFoundError(`No delivery ${deliveryId} that you can see`);
  const doc = await documentRepository.findById(scopeOf(callerOf(ctx)), ctx.db, delivery.documentId);
  if (!doc) throw new NotFoundError(`No delivery ${deliveryId} that you can see`);
  return { delivery, doc };
}

async function ownDocument(ctx: HubContext, documentId: string): Promise<DocumentRow> {
  const doc = isUuid(documentId) ? await documentRepository.findById(scopeOf(callerOf(ctx)), ctx.db, documentId) : null;
  const caller = callerOf(ctx);
  if (!doc || !actsFor(caller, doc.senderId)) {
    // a recipient (or anyone else) cannot change a document, and learns nothing from trying
    throw new NotFoundError(`No document ${documentId} sent by your agency`);
  }
  return doc;
}

export const deliveryService = {
  /** Record one status report on a delivery (the recipient's 01-06, 15, 16; the sender's 13). */
  async report(
    ctx: HubContext,
    deliveryId: string,
    report: StatusReport,
  ): Promise<{ delivery: DeliveryRow; event: DeliveryEventRow }> {
    const { delivery, doc } = await lockedDelivery(ctx, deliveryId);
    const side = sideOf(ctx, doc, delivery, report.code);
    if (doc.revokedAt && report.code !== '15' && report.code !== '16') {
      throw new BadUserInputError('The document was revoked by its sender: its deliveries no longer move', {
        field: 'code',
      });
    }
    // A national-axis packet delivered twice is recorded once.
    if (report.at) {
      const same = (await documentRepository.eventsOf(ctx.db, [delivery.id])).find(
        (e) => e.code === report.code && e.at.getTime() === report.at!.getTime(),
      );
      if (same) return { delivery, event: same };
    }
    const change = applyStatus(delivery, report.code, side);
    const caller = callerOf(ctx);
    const now = new Date();
    const updated = await documentRepository.updateDelivery(ctx.db, delivery.id, {
      ...change,
      ...(change.status ? { statusAt: report.at ?? now } : {}),
    });
    const event = await documentRepository.createEvent(ctx.db, {
      deliveryId: delivery.id,
      code: report.code,
      agencyId: side === 'sender' ? doc.senderId : delivery.recipientId,
      actorId: `${caller.kind}:${caller.id}`,
      staffName: checkText(report.staffName, 'staffName', 200),
      department: checkText(report.department, 'department', 200),
      note: checkText(report.note, 'note', 2000),
      at: report.at ?? now,
    });
    await webhookService.notify(ctx, [
      {
        agencyId: side === 'sender' ? delivery.recipientId : doc.senderId,
        event: 'delivery.status',
        payload: { deliveryId: delivery.id, documentId: doc.id, code: report.code, eventId: event.id },
      },
    ]);
    // a sender outside the city hears about its delivery through the national axis
    if (side === 'recipient') {
      const sender = await ctx.loaders.agencyById.load(doc.senderId);
      if (sender && isExternal(sender.code, ctx.config.portal.unitCode))
        await outboxService.add(ctx, 'axis.sendStatus', { eventId: event.id });
    }
    ctx.auditTargets.push(delivery.id, doc.id);
    return { delivery: updated, event };
  },

  /** Revoke (BussinessDocType 1): the document stays readable, marked revoked on every delivery. */
  async revoke(ctx: HubContext, documentId: string, reason: string | null | undefined): Promise<DocumentRow> {
    const doc = await ownDocument(ctx, documentId);
    if (doc.revokedAt) throw new ConflictError(`The document ${doc.externalId} was already revoked`);
    const updated = await documentRepository.update(ctx.db, doc.id, {
      revokedAt: new Date(),
      revokeReason: checkText(reason, 'reason', 1000),
    });
    const deliveries = await documentRepository.deliveriesOf(ctx.db, [doc.id]);
    await webhookService.notify(
      ctx,
      deliveries.map((d) => ({
        agencyId: d.recipientId,
        event: 'document.revoked',
        payload: { documentId: doc.id, deliveryId: d.id },
      })),
    );
    ctx.auditTargets.push(doc.id);
    return updated;
  },

  /**
   * Update (BussinessDocType 2): new content for the same document; each concerned recipient
   * (all, or `receiverIds`) must answer 15 or 16.
   */
  async update(
    ctx: HubContext,
    documentId: string,
    changes: {
      subject?: string | null;
      content?: string | null;
      dueDate?: string | null;
      priority?: number | null;
      signerFullName?: string | null;
      signerPosition?: string | null;
    },
    reason: string | null | undefined,
    receiverIds?: string[],
  ): Promise<DocumentRow> {
    const doc = await ownDocument(ctx, documentId);
    if (doc.revokedAt) throw new BadUserInputError('A revoked document cannot be updated');
    const data = {
      ...(changes.subject != null ? { subject: checkText(changes.subject, 'subject', 500, true)! } : {}),
      ...(changes.content != null ? { content: checkText(changes.content, 'content', 20_000) } : {}),
      ...(changes.dueDate != null ? { dueDate: parseIsoDate(changes.dueDate) } : {}),
      ...(changes.priority != null ? { priority: checkInt(changes.priority, 'priority', 0, 9)! } : {}),
      ...(changes.signerFullName != null
        ? { signerFullName: checkText(changes.signerFullName, 'signerFullName', 200) }
        : {}),
      ...(changes.signerPosition != null
        ? { signerPosition: checkText(changes.signerPosition, 'signerPosition', 200) }
        : {}),
    };
    const updated = await documentRepository.update(ctx.db, doc.id, {
      ...data,
      version: { increment: 1 },
      updatedReason: checkText(reason, 'reason', 1000),
    });
    const concerned = await documentRepository.updateDeliveriesOf(
      ctx.db,
      doc.id,
      {
        takenBackAt: null,
        OR: [{ status: null }, { status: { not: '02' } }],
        ...(receiverIds?.length ? { recipientId: { in: receiverIds } } : {}),
      },
      { pendingChange: 'UPDATE' },
    );
    await webhookService.notify(
      ctx,
      concerned.map((d) => ({
        agencyId: d.recipientId,
        event: 'document.updated',
        payload: { documentId: doc.id, deliveryId: d.id, version: updated.version },
      })),
    );
    ctx.auditTargets.push(doc.id);
    return updated;
  },
};
