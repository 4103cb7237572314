/** Cuộc họp — the e-Cabinet's meetings as the schema shows them. */
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { Connection } from '../../graphql/connection.js';
import { DateTimeScalar } from '../../graphql/scalars.js';

const MeetingKind = { REGULAR: 'REGULAR', THEMATIC: 'THEMATIC', ONLINE: 'ONLINE', HYBRID: 'HYBRID' } as const;
registerEnumType(MeetingKind, {
  name: 'MeetingKind',
  description: 'Loại cuộc họp — the kind of meeting',
  valuesConfig: {
    REGULAR: { description: 'Họp thường kỳ — a regular meeting' },
    THEMATIC: { description: 'Họp chuyên đề — a thematic meeting' },
    ONLINE: { description: 'Họp trực tuyến — online only' },
    HYBRID: { description: 'Họp trực tiếp kết hợp trực tuyến — in a room and online' },
  },
});

const MeetingStatus = {
  DRAFT: 'DRAFT',
  PUBLISHED: 'PUBLISHED',
  CONCLUDED: 'CONCLUDED',
  CANCELLED: 'CANCELLED',
} as const;
registerEnumType(MeetingStatus, {
  name: 'MeetingStatus',
  description: 'Trạng thái cuộc họp — where a meeting stands',
  valuesConfig: {
    DRAFT: { description: 'Dự thảo — the convening agency prepares it; nobody else sees it' },
    PUBLISHED: { description: 'Đã phát hành — invitations sent; composition and programme fixed' },
    CONCLUDED: { description: 'Đã kết luận — its conclusion issued; its tasks are followed' },
    CANCELLED: { description: 'Đã hủy — cancelled' },
  },
});

const ParticipantRole = { CHAIR: 'CHAIR', MEMBER: 'MEMBER', INVITED: 'INVITED' } as const;
registerEnumType(ParticipantRole, {
  name: 'ParticipantRole',
  description: 'Vai trò dự họp — how one takes part',
  valuesConfig: {
    CHAIR: { description: 'Chủ trì — chairs the meeting' },
    MEMBER: { description: 'Thành viên — a member, who votes' },
    INVITED: { description: 'Khách mời — an invited agency, which sends whom it chooses' },
  },
});

const AttendanceAnswer = {
  PENDING: 'PENDING',
  ATTEND: 'ATTEND',
  ABSENT: 'ABSENT',
  DELEGATE: 'DELEGATE',
} as const;
registerEnumType(AttendanceAnswer, {
  name: 'AttendanceAnswer',
  description: 'Trả lời giấy mời — the answer to an invitation',
  valuesConfig: {
    PENDING: { description: 'Chưa trả lời — not answered yet' },
    ATTEND: { description: 'Tham dự — will attend' },
    ABSENT: { description: 'Vắng mặt — will be absent (with a reason)' },
    DELEGATE: { description: 'Cử người dự thay — sends a named delegate' },
  },
});

@ObjectType('MeetingParticipant', { description: 'Thành phần dự họp — a member or an invited agency, with its answer' })
export class MeetingParticipantType {
  @Field(() => ID, { description: 'Mã — this participation' }) id!: string;
  @Field(() => String, { nullable: true, description: 'Họ tên — the member (null: the agency is invited)' })
  name!: string | null;
  @Field(() => ParticipantRole, { description: 'Vai trò — chair, member or invited' }) role!: string;
  @Field(() => AttendanceAnswer, { description: 'Trả lời — attend, absent, delegate, or pending' }) answer!: string;
  @Field(() => String, { nullable: true, description: 'Lý do vắng — why absent' }) absenceReason!: string | null;
  @Field(() => String, { nullable: true, description: 'Người dự thay — the delegate' }) delegateName!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Thời điểm trả lời — when it answered' })
  answeredAt!: Date | null;
  agencyId!: string;
}

@ObjectType('AgendaItem', { description: 'Nội dung chương trình — one item of the programme' })
export class AgendaItemType {
  @Field(() => ID, { description: 'Mã — the item' }) id!: string;
  @Field(() => Int, { description: 'Thứ tự — its place in the programme, from 1' }) position!: number;
  @Field(() => String, { description: 'Nội dung — what it is about' }) title!: string;
  @Field(() => Boolean, {
    description: 'Có tài liệu giấy — some of its documents are handed out on paper (the meeting is not paperless)',
  })
  paperDocuments!: boolean;
  meetingId!: string;
  presentingAgencyId!: string | null;
  documentIds!: string[];
}

@ObjectType('Meeting', { implements: Node, description: 'Cuộc họp — a meeting an agency convenes (e-Cabinet)' })
export class MeetingType {
  @Field(() => ID, { description: 'Mã — unique across the hub (a UUID)' }) id!: string;
  @Field(() => String, { description: 'Tên cuộc họp — the title' }) title!: string;
  @Field(() => MeetingKind, { description: 'Loại — regular, thematic, online or hybrid' }) kind!: string;
  @Field(() => MeetingStatus, { description: 'Trạng thái — draft, published, concluded or cancelled' }) status!: string;
  @Field(() => DateTimeScalar, { description: 'Bắt đầu — when it starts' }) startsAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Kết thúc — when it is to end' }) endsAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Địa điểm — the room, if any' }) place!: string | null;
  @Field(() => String, { description: 'Chủ trì — who chairs it' }) chairName!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Phát hành lúc — when invitations went out' })
  publishedAt!: Date | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Nội dung đang thảo luận — the programme item under discussion now (its position)',
  })
  currentItem!: number | null;
  @Field(() => String, { nullable: true, description: 'Lý do hủy — why it was cancelled' }) cancelReason!:
    string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Kết luận lúc — when its conclusion was issued' })
  concludedAt!: Date | null;
  conveningAgencyId!: string;
  invitationDocumentId!: string | null;
  conclusionDocumentId!: string | null;
}

@ObjectType('MeetingComment', { description: 'Ý kiến thảo luận — a comment on an item (and one of its documents)' })
export class MeetingCommentType {
  @Field(() => ID, { description: 'Mã — the comment' }) id!: string;
  @Field(() => Int, { description: 'Nội dung số — the item, by position' }) itemPosition!: number;
  @Field(() => ID, { nullable: true, description: 'Tài liệu — the document commented on, if one' }) documentId!:
    string | null;
  @Field(() => String, { description: 'Người góp ý — who wrote it' }) authorName!: string;
  @Field(() => String, { description: 'Nội dung — the comment' }) body!: string;
  @Field(() => DateTimeScalar, { description: 'Lúc — when' }) createdAt!: Date;
  agencyId!: string;
}

@ObjectType('OnlineRoom', {
  description: 'Phòng họp trực tuyến — your way into the meeting’s video room (Jitsi Meet), for you alone',
})
export class OnlineRoomType {
  @Field(() => String, { description: 'Địa chỉ phòng — the room’s URL (no token in it)' }) url!: string;
  @Field(() => String, { description: 'Tên phòng — the room name (Jitsi roomName)' }) room!: string;
  @Field(() => String, {
    description: 'Mã truy cập — your JWT for the room (give it to the Jitsi client as `jwt`; never put it in a URL)',
  })
  token!: string;
  @Field(() => DateTimeScalar, { description: 'Hết hạn — when the token expires' }) expiresAt!: Date;
}

@ObjectType('MeetingConnection', { description: 'Danh sách cuộc họp — a page of meetings, soonest first' })
export class MeetingConnection extends Connection(MeetingType, 'Meeting') {}

@InputType('MeetingParticipantInput', { description: 'Thành phần dự họp — who is asked to take part' })
export class MeetingParticipantInput {
  @Field(() => String, { description: 'Mã định danh — the agency' }) agencyCode!: string;
  @Field(() => String, { nullable: true, description: 'Họ tên — a named member (omit: the agency is invited)' })
  name?: string | null;
  @Field(() => ParticipantRole, { description: 'Vai trò — chair, member or invited' }) role!: string;
  @Field(() => String, {
    nullable: true,
    description:
      "Định danh người dự — a chair's or member's identity as their token names it (`sub`): only they cast their ballots",
  })
  subject?: string | null;
}

@InputType('AgendaItemInput', { description: 'Nội dung chương trình — one item of the programme' })
export class AgendaItemInput {
  @Field(() => String, { description: 'Nội dung — what it is about' }) title!: string;
  @Field(() => String, { nullable: true, description: 'Cơ quan trình bày — the presenting agency' })
  presentingAgencyCode?: string | null;
  @Field(() => [ID], {
    nullable: true,
    description: 'Tài liệu — documents of your agency the item puts before the participants',
  })
  documentIds?: string[] | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Có tài liệu giấy — some documents are handed out on paper (default no)',
  })
  paperDocuments?: boolean | null;
}

@InputType('ConveneMeetingInput', { description: 'Triệu tập cuộc họp — a meeting, its composition and programme' })
export class ConveneMeetingInput {
  @Field(() => String, { description: 'Tên cuộc họp — the title' }) title!: string;
  @Field(() => MeetingKind, { description: 'Loại — regular, thematic, online or hybrid' }) kind!: string;
  @Field(() => DateTimeScalar, { description: 'Bắt đầu — when it starts' }) startsAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Kết thúc — when it is to end' }) endsAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'Địa điểm — the room (required unless online)' })
  place?: string | null;
  @Field(() => String, { description: 'Chủ trì — who chairs it' }) chairName!: string;
  @Field(() => [MeetingParticipantInput], { description: 'Thành phần — members and invited agencies' })
  participants!: MeetingParticipantInput[];
  @Field(() => [AgendaItemInput], { description: 'Chương trình — the programme, in order' })
  items!: AgendaItemInput[];
}

@InputType('InvitationAnswerInput', { description: 'Trả lời giấy mời — a participant answers its invitation' })
export class InvitationAnswerInput {
  @Field(() => ID, { description: 'Mã thành phần — the participation answered (MeetingParticipant.id)' })
  participantId!: string;
  @Field(() => AttendanceAnswer, { description: 'Trả lời — attend, absent or delegate' }) answer!: string;
  @Field(() => String, { nullable: true, description: 'Lý do vắng — required when absent' })
  absenceReason?: string | null;
  @Field(() => String, { nullable: true, description: 'Người dự thay — required when delegating' })
  delegateName?: string | null;
}
