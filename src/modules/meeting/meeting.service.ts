/**
 * Cuộc họp — meetings convened by an agency: composition, programme, invitations and answers.
 *
 * Who sees what: the convening agency sees its meetings from the draft on; the agencies that take
 * part (members, invited) see a meeting once it is published; ADMIN and LEADER see every one. The
 * documents of the programme are read by whoever sees the meeting, though the document itself
 * was not delivered to them: that is what putting it before a meeting means. Another agency's
 * meeting, named, is FORBIDDEN; a meeting nobody has is null.
 */
import { checkPageSize, decodeTimeCursor, lazyCount, toPage, type Page } from '../../common/cursor.js';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors.js';
import { isUuid } from '../../common/text.js';
import { actsForEveryAgency, readsEverything } from '../../core/access.js';
import { callerOf, personOf, type HubContext } from '../../core/context.js';
import { checkText } from '../document/document.rules.js';
import { meetingRepository, type MeetingRow } from './meeting.repository.js';
import { announce } from '../../core/live.js';
import { webhookService } from '../webhook/webhook.service.js';
import type { InvitationAnswerInput } from './meeting.type.js';
import type { MeetingDocumentInput } from './task.type.js';
import { announceMeeting, convenersMeeting, sendMeetingDocument } from './meeting.common.js';
import { isExternal } from '../document/document.rules.js';
import { notify } from '../notification/notification.service.js';
import { vietnamTime } from '../notification/notification.templates.js';

/** The meeting as the caller may read it; FORBIDDEN when it is not theirs to see, null when none has this id. */
export async function visibleMeeting(ctx: HubContext, id: string): Promise<MeetingRow | null> {
  if (!isUuid(id)) return null;
  const m = await meetingRepository.findById(ctx.db, id);
  if (!m) return null;
  const caller = callerOf(ctx);
  if (readsEverything(caller) || m.conveningAgencyId === caller.agencyId) return m;
  // a meeting is its participants' once it was published (a draft cancelled never was)
  if (m.publishedAt && caller.agencyId && (await meetingRepository.takesPart(ctx.db, m.id, caller.agencyId))) return m;
  throw new ForbiddenError('Your agency neither convenes this meeting nor takes part in it');
}

export const meetingService = {
  /**
   * Invitations out: the composition and programme are fixed from here on. With `invitation`, the
   * giấy mời also goes as a document to every participating agency (edXML through the axis to those
   * outside the city); an agency outside the city is invited only that way, so it is then required.
   */
  async publish(ctx: HubContext, id: string, invitation?: MeetingDocumentInput | null): Promise<MeetingRow> {
    const m = await convenersMeeting(ctx, id, 'publishes its meeting');
    if (m.status !== 'DRAFT') throw new ConflictError(`The meeting is ${m.status.toLowerCase()} already`);
    ctx.auditTargets.push(m.id);
    const agencyRows = await ctx.loaders.agencyById.loadMany(await meetingRepository.agenciesOf(ctx.db, m.id));
    const outside = agencyRows.some(
      (a) => a && !(a instanceof Error) && isExternal(a.code, ctx.config.portal.unitCode),
    );
    if (outside && !invitation)
      throw new BadUserInputError(
        'An agency outside the city takes part: send the invitation as a document (invitation), it reaches them through the axis',
        { field: 'invitation' },
      );
    const invitationDoc = invitation ? await sendMeetingDocument(ctx, m.id, 'invitation', invitation) : null;
    const published = await meetingRepository.publish(ctx.db, m.id, invitationDoc?.id ?? null);
    const convener = await ctx.loaders.agencyById.load(m.conveningAgencyId);
    const members = (await ctx.loaders.participantsByMeetingId.load(m.id)).filter((p) => p.subject);
    await notify(
      ctx,
      members.map((p) => ({
        subject: p.subject!,
        agencyId: p.agencyId,
        template: 'MEETING_INVITED',
        params: {
          agency: convener?.name ?? '',
          name: p.name ?? '',
          title: m.title,
          startsAt: vietnamTime(m.startsAt),
          place: m.place ?? 'trực tuyến',
        },
        key: `meeting:${m.id}:${p.id}:invited`,
      })),
    );
    // the invitations reach the participants' systems: their webhooks, and their live subscriptions
    const agencies = await meetingRepository.agenciesOf(ctx.db, m.id);
    await webhookService.notify(
      ctx,
      agencies
        .filter((a) => a !== m.conveningAgencyId)
        .map((agencyId) => ({
          agencyId,
          event: 'meeting.invited' as const,
          payload: { meetingId: m.id, conveningAgencyCode: convener?.code ?? null, startsAt: m.startsAt.toISOString() },
        })),
    );
    announce(ctx, { kind: 'meeting', meetingId: m.id }, agencies);
    return published;
  },

  /** Cancelled, with its reason: the participants' systems and members are told; nothing is held any more. */
  async cancel(ctx: HubContext, id: string, reason: string): Promise<MeetingRow> {
    const m = await convenersMeeting(ctx, id, 'cancels its meeting');
    if (m.status !== 'DRAFT' && m.status !== 'PUBLISHED')
      throw new ConflictError(`A ${m.status.toLowerCase()} meeting is not cancelled`);
    const why = checkText(reason, 'reason', 1000);
    if (!why) throw new BadUserInputError('A cancellation gives its reason', { field: 'reason' });
    ctx.auditTargets.push(m.id);
    if (m.status === 'PUBLISHED') {
      const agencies = await meetingRepository.agenciesOf(ctx.db, m.id);
      await webhookService.notify(
        ctx,
        agencies
          .filter((a) => a !== m.conveningAgencyId)
          .map((agencyId) => ({ agencyId, event: 'meeting.cancelled' as const, payload: { meetingId: m.id } })),
      );
      const members = (await ctx.loaders.participantsByMeetingId.load(m.id)).filter((p) => p.subject);
      await notify(
        ctx,
        members.map((p) => ({
          subject: p.subject!,
          agencyId: p.agencyId,
          template: 'MEETING_CANCELLED',
          params: { title: m.title, startsAt: vietnamTime(m.startsAt), reason: why },
          key: `meeting:${m.id}:${p.id}:cancelled`,
        })),
      );
      await announceMeeting(ctx, m.id);
    }
    // votes still open close without a result
    await ctx.db.vote.updateMany({
      where: { meetingId: m.id, status: 'OPEN' },
      data: { status: 'CLOSED', closedAt: new Date() },
    });
    return ctx.db.meeting.update({ where: { id: m.id }, data: { status: 'CANCELLED', cancelReason: why } });
  },

  /** A comment on a published meeting's item (and one of its documents), by a person taking part. */
  async comment(
    ctx: HubContext,
    input: { meetingId: string; itemPosition: number; documentId?: string | null; body: string },
  ) {
    const caller = personOf(ctx, 'A comment is written by a person');
    const m = await visibleMeeting(ctx, input.meetingId);
    if (!m) throw new NotFoundError('No meeting has this id');
    if (m.conveningAgencyId !== caller.agencyId && !(await meetingRepository.takesPart(ctx.db, m.id, caller.agencyId)))
      throw new ForbiddenError('Only those taking part comment');
    if (m.status !== 'PUBLISHED') throw new ConflictError('Comments are taken while the meeting is published');
    const item = await ctx.db.agendaItem.findFirst({ where: { meetingId: m.id, position: input.itemPosition } });
    if (!item) throw new BadUserInputError('No item of the programme has this position', { field: 'itemPosition' });
    if (input.documentId && !item.documentIds.includes(input.documentId))
      throw new BadUserInputError('The document is not one of the item’s', { field: 'documentId' });
    const body = checkText(input.body, 'body', 5000);
    if (!body) throw new BadUserInputError('"body" is required', { field: 'body' });
    const member = await ctx.db.meetingParticipant.findFirst({ where: { meetingId: m.id, subject: caller.id } });
    const row = await ctx.db.meetingComment.create({
      data: {
        meetingId: m.id,
        itemPosition: item.position,
        documentId: input.documentId ?? null,
        agencyId: caller.agencyId,
        authorName: member?.name ?? caller.id,
        createdBy: `${caller.kind}:${caller.id}`,
        body,
      },
    });
    ctx.auditTargets.push(m.id, row.id);
    await announceMeeting(ctx, m.id);
    return row;
  },

  /** The item under discussion now (null: none), set by the convening agency while the meeting runs. */
  async setCurrentItem(ctx: HubContext, id: string, position: number | null): Promise<MeetingRow> {
    const m = await convenersMeeting(ctx, id, 'leads its meeting');
    if (m.status !== 'PUBLISHED') throw new ConflictError('Only a published meeting is under way');
    if (position !== null && !(await ctx.db.agendaItem.count({ where: { meetingId: m.id, position } })))
      throw new BadUserInputError('No item of the programme has this position', { field: 'position' });
    ctx.auditTargets.push(m.id);
    await announceMeeting(ctx, m.id);
    return ctx.db.meeting.update({ where: { id: m.id }, data: { currentItem: position } });
  },

  /** A participant's agency answers its invitation: attend, absent (why), or a named delegate. */
  async answer(ctx: HubContext, input: InvitationAnswerInput) {
    const p = isUuid(input.participantId) ? await meetingRepository.participant(ctx.db, input.participantId) : null;
    if (!p) throw new NotFoundError('No invitation has this id');
    const caller = callerOf(ctx);
    if (!actsForEveryAgency(caller) && p.agencyId !== caller.agencyId)
      throw new ForbiddenError("You answer only your own agency's invitations");
    // a named member answers for themselves (or their agency's system, for them); an invited agency's anyone
    if (p.subject && caller.kind === 'user' && caller.id !== p.subject && !actsForEveryAgency(caller))
      throw new ForbiddenError('This invitation names a member: only they answer it');
    const m = await meetingRepository.lock(ctx.db, p.meetingId);
    if (m?.status !== 'PUBLISHED') throw new ConflictError('Only a published meeting is answered');
    if (input.answer === 'PENDING')
      throw new BadUserInputError('Answer ATTEND, ABSENT or DELEGATE', { field: 'answer' });
    const absenceReason = checkText(input.absenceReason, 'absenceReason', 1000) ?? null;
    const delegateName = checkText(input.delegateName, 'delegateName', 200) ?? null;
    if (input.answer === 'ABSENT' && !absenceReason)
      throw new BadUserInputError('An absence gives its reason', { field: 'absenceReason' });
    if (input.answer === 'DELEGATE' && !delegateName)
      throw new BadUserInputError('A delegation names the delegate', { field: 'delegateName' });
    ctx.auditTargets.push(m.id, p.id);
    await announceMeeting(ctx, m.id);
    return meetingRepository.answer(ctx.db, p.id, {
      answer: input.answer,
      absenceReason: input.answer === 'ABSENT' ? absenceReason : null,
      delegateName: input.answer === 'DELEGATE' ? delegateName : null,
      answeredBy: `${caller.kind}:${caller.id}`,
    });
  },

  /** The caller's agency's meetings (convened, or taken part in once published), soonest first. */
  async list(ctx: HubContext, args: { first: number; after?: string | null }): Promise<Page<MeetingRow>> {
    checkPageSize(args.first, ctx.config.graphql.maxPageSize);
    const caller = callerOf(ctx);
    const agencyId = readsEverything(caller) ? null : caller.agencyId;
    if (!agencyId && !readsEverything(caller)) return toPage([], args.first, 0, () => []);
    const cursor = decodeTimeCursor(args.after);
    const rows = await meetingRepository.list(
      ctx.db,
      agencyId,
      args.first + 1,
      cursor && { startsAt: cursor.createdAt, id: cursor.id },
    );
    return toPage(
      rows,
      args.first,
      lazyCount(() => meetingRepository.count(ctx.db, agencyId)),
      (r) => [r.startsAt.toISOString(), r.id],
    );
  },
};
