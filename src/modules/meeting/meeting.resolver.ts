/** Cuộc họp — the GraphQL side of meetings (e-Cabinet): convene, publish, answer, read. */
import { Arg, Ctx, FieldResolver, ID, Int, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import type { Parent } from '../../graphql/connection.js';
import { toAgencyType } from '../agency/agency.service.js';
import { AgencyType } from '../agency/agency.type.js';
import { toDocumentType } from '../document/document.resolver.js';
import { DocumentType } from '../document/document.type.js';
import { meetingService, visibleMeeting } from './meeting.service.js';
import { draftService } from './meeting.draft.js';
import {
  AgendaItemType,
  ConveneMeetingInput,
  InvitationAnswerInput,
  MeetingConnection,
  MeetingParticipantType,
  MeetingCommentType,
  MeetingType,
  OnlineRoomType,
} from './meeting.type.js';
import { MeetingDocumentInput } from './task.type.js';
import { roomFor } from './room.service.js';

@Resolver(() => MeetingType)
export class MeetingResolver {
  @HubQuery(() => MeetingType, {
    nullable: true,
    description:
      "Cuộc họp — a meeting your agency convenes or takes part in (ADMIN, LEADER: any); FORBIDDEN when it is another's, null when none has this id",
  })
  meeting(@Arg('id', () => ID, { description: 'Mã — the meeting' }) id: string, @Ctx() ctx: HubContext) {
    return visibleMeeting(ctx, id);
  }

  @HubQuery(() => MeetingConnection, {
    description: "Lịch họp — your agency's meetings, convened or taken part in, soonest first",
  })
  async meetings(
    @Arg('first', () => Int, { defaultValue: 20, description: 'Số mục — page size, 1 to MAX_PAGE_SIZE' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Sau con trỏ — the endCursor of the previous page' })
    after: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<MeetingConnection> {
    return (await meetingService.list(ctx, { first, after })) as unknown as MeetingConnection;
  }

  @HubMutation(() => MeetingType, {
    description:
      'Triệu tập cuộc họp — a meeting of your agency, its members, invited agencies and programme, as a draft only your agency sees',
  })
  conveneMeeting(
    @Arg('input', () => ConveneMeetingInput, { description: 'Cuộc họp — what, when, where, who, the programme' })
    input: ConveneMeetingInput,
    @Ctx() ctx: HubContext,
  ) {
    return draftService.convene(ctx, input);
  }

  @HubMutation(() => MeetingType, {
    description:
      'Sửa dự thảo cuộc họp — replace a draft’s composition and programme as a whole (the convening agency, until it is published)',
  })
  updateMeeting(
    @Arg('id', () => ID, { description: 'Mã — the meeting, a draft' }) id: string,
    @Arg('input', () => ConveneMeetingInput, { description: 'Cuộc họp — what, when, where, who, the programme' })
    input: ConveneMeetingInput,
    @Ctx() ctx: HubContext,
  ) {
    return draftService.update(ctx, id, input);
  }

  @HubMutation(() => MeetingType, {
    description: 'Phát hành giấy mời — send the invitations; the composition and programme are fixed from then on',
  })
  publishMeeting(
    @Arg('id', () => ID, { description: 'Mã — the meeting' }) id: string,
    @Arg('invitation', () => MeetingDocumentInput, {
      nullable: true,
      description:
        'Giấy mời — also send the invitation as a document to every participating agency (required when one is outside the city: it reaches them through the axis)',
    })
    invitation: MeetingDocumentInput | null,
    @Ctx() ctx: HubContext,
  ) {
    return meetingService.publish(ctx, id, invitation);
  }

  @HubMutation(() => MeetingType, {
    description: 'Hủy cuộc họp — cancel a draft or published meeting, with the reason; participants are told',
  })
  cancelMeeting(
    @Arg('id', () => ID, { description: 'Mã — the meeting' }) id: string,
    @Arg('reason', () => String, { description: 'Lý do — why' }) reason: string,
    @Ctx() ctx: HubContext,
  ) {
    return meetingService.cancel(ctx, id, reason);
  }

  @HubMutation(() => MeetingCommentType, {
    description:
      'Góp ý dự thảo — a comment on an item of a published meeting (and one of its documents), by a person taking part',
  })
  commentOnItem(
    @Arg('meetingId', () => ID, { description: 'Mã cuộc họp — the meeting' }) meetingId: string,
    @Arg('itemPosition', () => Int, { description: 'Nội dung số — the item, by position' }) itemPosition: number,
    @Arg('body', () => String, { description: 'Nội dung — the comment' }) body: string,
    @Arg('documentId', () => ID, { nullable: true, description: 'Tài liệu — one of the item’s documents' })
    documentId: string | null,
    @Ctx() ctx: HubContext,
  ) {
    return meetingService.comment(ctx, { meetingId, itemPosition, body, documentId });
  }

  @HubMutation(() => MeetingType, {
    description:
      'Chuyển nội dung — the programme item under discussion now (null: none), shown live to the participants',
  })
  setCurrentItem(
    @Arg('meetingId', () => ID, { description: 'Mã cuộc họp — the meeting' }) meetingId: string,
    @Arg('position', () => Int, { nullable: true, description: 'Thứ tự — the item, by its position' })
    position: number | null,
    @Ctx() ctx: HubContext,
  ) {
    return meetingService.setCurrentItem(ctx, meetingId, position);
  }

  @HubMutation(() => MeetingParticipantType, {
    description: "Trả lời giấy mời — your agency's answer: attend, absent with a reason, or a named delegate",
  })
  answerInvitation(
    @Arg('input', () => InvitationAnswerInput, { description: 'Trả lời — the invitation and its answer' })
    input: InvitationAnswerInput,
    @Ctx() ctx: HubContext,
  ) {
    return meetingService.answer(ctx, input);
  }

  @FieldResolver(() => AgencyType, { description: 'Cơ quan triệu tập — the convening agency' })
  async conveningAgency(@Root() m: Parent<MeetingType>, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(m.conveningAgencyId))!);
  }

  @FieldResolver(() => [MeetingParticipantType], {
    description: 'Thành phần dự họp — members and invited agencies with their answers (the roll)',
  })
  participants(@Root() m: Parent<MeetingType>, @Ctx() ctx: HubContext) {
    return ctx.loaders.participantsByMeetingId.load(m.id);
  }

  @FieldResolver(() => [AgendaItemType], { description: 'Chương trình — the programme, in order' })
  items(@Root() m: Parent<MeetingType>, @Ctx() ctx: HubContext) {
    return ctx.loaders.itemsByMeetingId.load(m.id);
  }

  @FieldResolver(() => OnlineRoomType, {
    nullable: true,
    description:
      'Phòng họp trực tuyến — your way into the video room of an online or hybrid meeting under way (only for those taking part)',
  })
  room(@Root() m: Parent<MeetingType>, @Ctx() ctx: HubContext) {
    return roomFor(ctx, m as never);
  }

  @FieldResolver(() => DocumentType, {
    nullable: true,
    description: 'Giấy mời — the invitation document, if one was sent',
  })
  async invitationDocument(@Root() m: Parent<MeetingType>, @Ctx() ctx: HubContext): Promise<DocumentType | null> {
    const d = m.invitationDocumentId ? await ctx.loaders.meetingDocumentById.load(m.invitationDocumentId) : null;
    return d ? toDocumentType(d) : null;
  }

  @FieldResolver(() => DocumentType, { nullable: true, description: 'Thông báo kết luận — the conclusion document' })
  async conclusionDocument(@Root() m: Parent<MeetingType>, @Ctx() ctx: HubContext): Promise<DocumentType | null> {
    const d = m.conclusionDocumentId ? await ctx.loaders.meetingDocumentById.load(m.conclusionDocumentId) : null;
    return d ? toDocumentType(d) : null;
  }
}

@Resolver(() => MeetingParticipantType)
export class MeetingParticipantResolver {
  @FieldResolver(() => AgencyType, { description: 'Cơ quan — the agency taking part' })
  async agency(@Root() p: Parent<MeetingParticipantType>, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(p.agencyId))!);
  }
}

@Resolver(() => AgendaItemType)
export class AgendaItemResolver {
  @FieldResolver(() => AgencyType, { nullable: true, description: 'Cơ quan trình bày — the presenting agency' })
  async presentingAgency(@Root() i: Parent<AgendaItemType>, @Ctx() ctx: HubContext): Promise<AgencyType | null> {
    const a = i.presentingAgencyId ? await ctx.loaders.agencyById.load(i.presentingAgencyId) : null;
    return a ? toAgencyType(a) : null;
  }

  @FieldResolver(() => [DocumentType], {
    description:
      "Tài liệu họp — the item's documents, readable by whoever sees the meeting (its participants), delivered to them or not",
  })
  async documents(@Root() i: Parent<AgendaItemType>, @Ctx() ctx: HubContext): Promise<DocumentType[]> {
    // the meeting was read in the caller's scope: its documents are the participants' to read
    const docs = await ctx.loaders.meetingDocumentById.loadMany(i.documentIds);
    return docs.flatMap((d) => (d && !(d instanceof Error) ? [toDocumentType(d)] : []));
  }

  @FieldResolver(() => [MeetingCommentType], {
    description: 'Ý kiến thảo luận — the comments on the item, oldest first',
  })
  async comments(@Root() i: Parent<AgendaItemType>, @Ctx() ctx: HubContext) {
    return (await ctx.loaders.commentsByMeetingId.load(i.meetingId)).filter((c) => c.itemPosition === i.position);
  }
}
