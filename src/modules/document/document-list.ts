/** Danh sách văn bản — the documents an agency sent or received, and its inbox, filtered and paged. */
import { askedAgency } from '../agency/agency.service.js';
import { normaliseAgencyCode } from '../../common/agency-code.js';
import { pageOf, timeCursorKey, timeWindow, type Page, type PageArgs } from '../../common/cursor.js';
import { BadUserInputError } from '../../common/errors.js';
import { vietnamDays } from '../../common/time.js';
import { readsEverything, scopeOf } from '../../core/access.js';
import { callerOf, type HubContext } from '../../core/context.js';
import type { AgencyRow } from '../agency/agency.repository.js';
import { checkText } from './document.rules.js';
import { documentRepository, type DeliveryRow, type DocumentRow, type InboxJoins } from './document.repository.js';

export async function listDocuments(
  ctx: HubContext,
  args: {
    scope: 'SENT' | 'RECEIVED' | 'ALL';
    agencyCode?: string | null;
    subject?: string | null;
    from?: string | null;
    to?: string | null;
    revoked?: boolean | null;
  } & PageArgs,
): Promise<Page<DocumentRow>> {
  const w = timeWindow(args, ctx.config.graphql.maxPageSize);
  const caller = callerOf(ctx);
  let agencyId: string | null = caller.agencyId;
  if (args.agencyCode) {
    const agency = await askedAgency(ctx, args.agencyCode);
    if (!agency) return pageOf([], w, 0, () => []);
    agencyId = agency;
  }
  if (!agencyId && !(readsEverything(caller) && args.scope === 'ALL')) {
    throw new BadUserInputError('Name the agency (agencyCode) whose sent or received documents you want', {
      field: 'agencyCode',
    });
  }
  const sentDays = vietnamDays(args.from, args.to);
  const filter = {
    ...(agencyId && args.scope !== 'RECEIVED' ? { senderId: agencyId } : {}),
    ...(agencyId && args.scope !== 'SENT' ? { recipientId: agencyId } : {}),
    subject: checkText(args.subject, 'subject', 200) ?? undefined,
    from: sentDays.start,
    to: sentDays.end,
    revoked: args.revoked ?? undefined,
  };
  const [rows, total] = await documentRepository.listDocuments(scopeOf(caller), ctx.db, filter, w);
  return pageOf(rows, w, total, timeCursorKey);
}

export async function listInbox(
  ctx: HubContext,
  args: {
    agencyCode?: string | null;
    status?: string | null;
    senderCodes?: string[] | null;
    senderLevel?: string | null;
    from?: string | null;
    to?: string | null;
    subject?: string | null;
  } & PageArgs,
  /** relations the caller will read of every delivery: read in the page's own statement */
  joins: InboxJoins = {},
): Promise<Page<DeliveryRow>> {
  const w = timeWindow(args, ctx.config.graphql.maxPageSize);
  const caller = callerOf(ctx);
  let recipientId = caller.agencyId;
  if (args.agencyCode) {
    const agency = await askedAgency(ctx, args.agencyCode);
    if (!agency) return pageOf([], w, 0, () => []);
    recipientId = agency;
  }
  if (!recipientId)
    throw new BadUserInputError('Name the agency (agencyCode) whose inbox you want', { field: 'agencyCode' });
  let status: string | null | undefined;
  if (args.status === 'SENT') status = null;
  else if (args.status) {
    if (!/^0[1-6]$/.test(args.status))
      throw new BadUserInputError('"status" is SENT (not yet arrived) or 01 to 06', { field: 'status' });
    status = args.status;
  }
  let senderIds: string[] | undefined;
  if (args.senderCodes?.length) {
    const senders = await ctx.loaders.agencyByCode.loadMany(args.senderCodes.map(normaliseAgencyCode));
    senderIds = senders.filter((s): s is AgencyRow => !!s && !(s instanceof Error)).map((s) => s.id);
  }
  const receivedDays = vietnamDays(args.from, args.to);
  const [page, total] = await documentRepository.listInbox(
    scopeOf(caller),
    ctx.db,
    {
      recipientId,
      status,
      senderIds,
      senderLevel: args.senderLevel ?? undefined,
      subject: checkText(args.subject, 'subject', 200) ?? undefined,
      from: receivedDays.start,
      to: receivedDays.end,
    },
    w,
    joins,
  );
  for (const d of page.documents) ctx.loaders.documentById.prime(d.id, d);
  for (const a of page.senders) ctx.loaders.agencyById.prime(a.id, a);
  for (const [id, attachments] of page.attachments ?? []) ctx.loaders.attachmentsByDocumentId.prime(id, attachments);
  return pageOf(page.rows, w, total, timeCursorKey);
}
