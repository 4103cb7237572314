import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, Resolver, Root } from 'type-graphql';
import { callerOf, type HubContext } from '../../core/context.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { AgencyLevel } from '../../generated/prisma/enums.js';
import { toAgencyType } from '../agency/agency.service.js';
import { AgencyType } from '../agency/agency.type.js';
import { readsEverything } from '../../core/access.js';
import { deliveryService } from './delivery.service.js';
import { STATUS_MEANING } from './delivery-status.js';
import { DeliveryEventCode, DeliveryStatus } from './document-codes.type.js';
import type { DeliveryEventRow, DocumentRow } from './document.repository.js';
import { documentService, lookUpDocument, visibleDocument } from './document.service.js';
import { DeliveryStatusInput, SendDocumentInput, UpdateDocumentInput } from './document.input.js';
import {
  AttachmentType,
  DeliveryConnection,
  DeliveryEventType,
  DeliveryStatusResult,
  DeliveryType,
  DocumentConnection,
  DocumentScope,
  DocumentSignatureType,
  DocumentType,
  SignatureVerdict,
} from './document.type.js';
import { BrowseArgs, nodeFields, type Parent } from '../../graphql/connection.js';
import { DateScalar } from '../../graphql/scalars.js';

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** A stored signature verdict and its details (document.signature, delivery_event.signature) as GraphQL shows them. */
function signatureType(verdict: string | null, details: unknown): DocumentSignatureType | null {
  if (!verdict) return null;
  const sig = details as {
    reason?: string | null;
    signer?: { subject: string; serial: string; issuer: string; validFrom: string; validTo: string } | null;
    trusted?: boolean | null;
  } | null;
  const date = (v: string) => (v ? new Date(v) : null);
  return {
    verdict: verdict as SignatureVerdict,
    reason: sig?.reason ?? null,
    trusted: sig?.trusted ?? null,
    signer: sig?.signer
      ? { ...sig.signer, validFrom: date(sig.signer.validFrom), validTo: date(sig.signer.validTo) }
      : null,
  };
}

export function toDocumentType(d: DocumentRow): DocumentType {
  return {
    ...d,
    documentId: d.externalId,
    promulgationDate: day(d.promulgationDate)!,
    dueDate: day(d.dueDate),
    responseForDocumentId: d.responseForExternalId,
    signature: signatureType(d.signatureVerdict, d.signature),
  };
}
export const toEventType = (e: DeliveryEventRow): DeliveryEventType => ({
  ...e,
  meaning: STATUS_MEANING[e.code] ?? e.code,
  signature: signatureType(e.signatureVerdict, e.signature),
});

@ArgsType()
class DocumentsArgs extends BrowseArgs {
  @Field(() => DocumentScope, { defaultValue: DocumentScope.ALL, description: 'Phạm vi — sent, received, or both' })
  scope!: DocumentScope;
  @Field(() => String, {
    nullable: true,
    description: 'Cơ quan — the agency (default: yours; another only for ADMIN and LEADER)',
  })
  agencyCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Trích yếu — text in the subject' }) subject?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Từ ngày — sent on or after this day (Vietnam time)' })
  from?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Đến ngày — sent on or before this day, inclusive' }) to?:
    string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Đã thu hồi — only revoked (true) or only not revoked (false) documents',
  })
  revoked?: boolean | null;
}

@ArgsType()
class InboxArgs extends BrowseArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Cơ quan nhận — the receiving agency (default: yours; another only for ADMIN and LEADER)',
  })
  agencyCode?: string | null;
  @Field(() => DeliveryStatus, { nullable: true, description: 'Trạng thái — only deliveries where they stand now' })
  status?: string | null;
  @Field(() => [String], { nullable: true, description: 'Nơi gửi — only from these senders (agency codes)' })
  senderCodes?: string[] | null;
  @Field(() => AgencyLevel, { nullable: true, description: 'Cấp nơi gửi — only from senders of this level' })
  senderLevel?: AgencyLevel | null;
  @Field(() => DateScalar, { nullable: true, description: 'Từ ngày — received on or after this day (Vietnam time)' })
  from?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Đến ngày — received on or before this day, inclusive' })
  to?: string | null;
  @Field(() => String, { nullable: true, description: 'Trích yếu — text in the subject' }) subject?: string | null;
}

@Resolver(() => DocumentType)
export class DocumentResolver {
  @HubQuery(() => DocumentType, {
    nullable: true,
    description: 'Văn bản — a document you sent or received (ADMIN, LEADER: any)',
  })
  async document(
    @Arg('id', () => ID, { description: "Văn bản — the document's id" }) id: string,
    @Ctx() ctx: HubContext,
  ): Promise<DocumentType | null> {
    const doc = await lookUpDocument(ctx, id);
    return doc && toDocumentType(doc);
  }

  @HubQuery(() => DocumentConnection, {
    description: 'Danh sách văn bản — documents your agency sent and/or received, newest first',
  })
  async documents(@Args(() => DocumentsArgs) args: DocumentsArgs, @Ctx() ctx: HubContext): Promise<DocumentConnection> {
    const page = await documentService.list(ctx, args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toDocumentType(e.node) })) };
  }

  @HubQuery(() => DeliveryConnection, { description: "Văn bản đến — your agency's inbox, newest first" })
  async inbox(
    @Args(() => InboxArgs) args: InboxArgs,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DeliveryConnection> {
    const joins = {
      document: nodeFields(info).has('document'),
      sender: nodeFields(info, ['document']).has('sender'),
      attachments: nodeFields(info, ['document']).has('attachments'),
    };
    return (await documentService.inbox(ctx, args, joins)) as DeliveryConnection;
  }

  @HubMutation(() => DocumentType, {
    description: 'Gửi văn bản — send a document to one or many recipients (idempotent on idempotencyKey)',
  })
  async sendDocument(
    @Arg('input', () => SendDocumentInput, { description: 'Văn bản — the document, its recipients and attachments' })
    input: SendDocumentInput,
    @Ctx() ctx: HubContext,
  ): Promise<DocumentType> {
    return toDocumentType(await documentService.send(ctx, input));
  }

  @HubMutation(() => DeliveryStatusResult, {
    description: 'Cập nhật trạng thái — report a status on a delivery (recipient 01-06, 15, 16; sender 13)',
  })
  async reportDeliveryStatus(
    @Arg('input', () => DeliveryStatusInput, { description: 'Trạng thái — the delivery and its new status' })
    input: DeliveryStatusInput,
    @Ctx() ctx: HubContext,
  ): Promise<DeliveryStatusResult> {
    const { delivery, event } = await deliveryService.report(ctx, input.deliveryId, { ...input, code: input.status });
    return { delivery, event: toEventType(event) };
  }

  @HubMutation(() => DocumentType, {
    description: 'Thu hồi văn bản — revoke a document you sent (BussinessDocType 1); it stays readable, marked revoked',
  })
  async revokeDocument(
    @Arg('id', () => ID, { description: "Văn bản — the document's id" }) id: string,
    @Arg('reason', () => String, {
      nullable: true,
      description: 'Lý do thu hồi — why (edXML Bussiness/BussinessDocReason)',
    })
    reason: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<DocumentType> {
    return toDocumentType(await deliveryService.revoke(ctx, id, reason));
  }

  @HubMutation(() => DocumentType, {
    description:
      'Cập nhật văn bản — new content for a document you sent (BussinessDocType 2); recipients answer 15 or 16',
  })
  async updateDocument(
    @Arg('id', () => ID, { description: "Văn bản — the document's id" }) id: string,
    @Arg('input', () => UpdateDocumentInput, { description: 'Nội dung mới — the fields that change' })
    input: UpdateDocumentInput,
    @Arg('reason', () => String, {
      nullable: true,
      description: 'Lý do cập nhật — why (edXML Bussiness/BussinessDocReason)',
    })
    reason: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<DocumentType> {
    return toDocumentType(await deliveryService.update(ctx, id, input, reason));
  }

  @FieldResolver(() => AgencyType, { description: 'Nơi gửi — sender' })
  async sender(@Root() d: Parent<DocumentType>, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(d.senderId))!);
  }

  @FieldResolver(() => [DeliveryType], { description: 'Lượt gửi — one per recipient; a recipient sees only its own' })
  async deliveries(@Root() d: Parent<DocumentType>, @Ctx() ctx: HubContext): Promise<DeliveryType[]> {
    const all = await ctx.loaders.deliveriesByDocumentId.load(d.id);
    const caller = callerOf(ctx);
    return readsEverything(caller) || caller.agencyId === d.senderId
      ? all
      : all.filter((x) => x.recipientId === caller.agencyId);
  }

  @FieldResolver(() => [AttachmentType], { description: 'Tệp đính kèm — attachments' })
  async attachments(@Root() d: Parent<DocumentType>, @Ctx() ctx: HubContext): Promise<AttachmentType[]> {
    return (await ctx.loaders.attachmentsByDocumentId.load(d.id)).map((a) => ({
      ...a,
      downloadPath: `/attachments/${a.sha256}`,
    }));
  }

  @FieldResolver(() => DocumentType, {
    nullable: true,
    description: 'Văn bản được trả lời — the document this one answers, when you can see it',
  })
  async responseFor(@Root() d: Parent<DocumentType>, @Ctx() ctx: HubContext): Promise<DocumentType | null> {
    const doc = d.responseForId ? await visibleDocument(ctx, d.responseForId) : null;
    return doc && toDocumentType(doc);
  }

  @FieldResolver(() => DocumentType, {
    nullable: true,
    description: 'Văn bản bị thay thế — the document this one replaces',
  })
  async replaces(@Root() d: Parent<DocumentType>, @Ctx() ctx: HubContext): Promise<DocumentType | null> {
    const doc = d.replacesId ? await visibleDocument(ctx, d.replacesId) : null;
    return doc && toDocumentType(doc);
  }
}

@Resolver(() => DeliveryType)
export class DeliveryResolver {
  @FieldResolver(() => DocumentType, { description: 'Văn bản — the document delivered' })
  async document(@Root() d: Parent<DeliveryType>, @Ctx() ctx: HubContext): Promise<DocumentType> {
    return toDocumentType((await ctx.loaders.documentById.load(d.documentId))!);
  }

  @FieldResolver(() => AgencyType, { description: 'Nơi nhận — recipient' })
  async recipient(@Root() d: Parent<DeliveryType>, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(d.recipientId))!);
  }

  @FieldResolver(() => [DeliveryEventType], { description: 'Lịch sử trạng thái — every status change, oldest first' })
  async history(@Root() d: Parent<DeliveryType>, @Ctx() ctx: HubContext): Promise<DeliveryEventType[]> {
    return (await ctx.loaders.eventsByDeliveryId.load(d.id)).map(toEventType);
  }

  @FieldResolver(() => DeliveryStatus, { description: 'Trạng thái — where the delivery stands: SENT, then 01-06' })
  status(@Root() d: Parent<DeliveryType>): string {
    return d.status ?? DeliveryStatus.SENT;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Mã trạng thái (StatusCode) — the official edXML code, as agency systems exchange it: 01 arrived (đã đến), 02 refused (từ chối tiếp nhận), 03 accepted (đã tiếp nhận), 04 assigned (phân công), 05 in process (đang xử lý), 06 completed (hoàn thành); null while SENT',
  })
  statusCode(@Root() d: Parent<DeliveryType>): string | null {
    return d.status;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Ý nghĩa trạng thái — what the status means' })
  statusMeaning(@Root() d: Parent<DeliveryType>): string | null {
    return d.status ? (STATUS_MEANING[d.status] ?? null) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Đã thu hồi — the sender revoked the document' })
  async revoked(@Root() d: Parent<DeliveryType>, @Ctx() ctx: HubContext): Promise<boolean> {
    return !!(await ctx.loaders.documentById.load(d.documentId))?.revokedAt;
  }
}

@Resolver(() => DeliveryEventType)
export class DeliveryEventResolver {
  @FieldResolver(() => DeliveryEventCode, {
    description: 'Trạng thái — what the status packet reported (code: its code)',
  })
  status(@Root() e: Parent<DeliveryEventType>): string {
    return e.code;
  }

  @FieldResolver(() => AgencyType, { description: 'Cơ quan báo trạng thái — the agency that reported it' })
  async agency(@Root() e: Parent<DeliveryEventType>, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(e.agencyId))!);
  }
}
