/** Biểu quyết — votes and ballots as the schema shows them. */
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

const BallotChoice = { APPROVE: 'APPROVE', REJECT: 'REJECT', OTHER: 'OTHER' } as const;
registerEnumType(BallotChoice, {
  name: 'BallotChoice',
  description: 'Lựa chọn biểu quyết — a ballot’s choice',
  valuesConfig: {
    APPROVE: { description: 'Tán thành — approve' },
    REJECT: { description: 'Không tán thành — reject' },
    OTHER: { description: 'Ý kiến khác — another opinion, said in words' },
  },
});

const VoteStatus = { OPEN: 'OPEN', CLOSED: 'CLOSED' } as const;
registerEnumType(VoteStatus, {
  name: 'VoteStatus',
  description: 'Trạng thái biểu quyết — open for ballots, or closed with its result',
  valuesConfig: {
    OPEN: { description: 'Đang biểu quyết — members cast their ballots' },
    CLOSED: { description: 'Đã kết thúc — tallied; the result never changes' },
  },
});

@ObjectType('Ballot', { description: 'Phiếu biểu quyết — one member’s ballot (open votes only show them)' })
export class BallotType {
  @Field(() => ID, { description: 'Mã — the ballot' }) id!: string;
  @Field(() => BallotChoice, { description: 'Lựa chọn — approve, reject or other' }) choice!: string;
  @Field(() => String, { nullable: true, description: 'Ý kiến — the other opinion, in words' }) opinion!: string | null;
  @Field(() => String, {
    description: 'Mã băm nội dung — SHA-256 of the ballot’s canonical content, sealed in the audit chain',
  })
  contentHash!: string;
  @Field(() => Date, { description: 'Thời điểm bỏ phiếu — when it was cast' }) castAt!: Date;
  @Field(() => String, {
    nullable: true,
    description: "Chữ ký — the member's JWS over the ballot's content, when they have a signing key",
  })
  signature!: string | null;
  participantId!: string;
}

@ObjectType('Vote', { description: 'Biểu quyết — a vote of a meeting, and its result once closed' })
export class VoteType {
  @Field(() => ID, { description: 'Mã — the vote' }) id!: string;
  @Field(() => Int, { nullable: true, description: 'Nội dung số — the programme item it is about, by position' })
  itemPosition!: number | null;
  @Field(() => String, { description: 'Vấn đề biểu quyết — the question' }) question!: string;
  @Field(() => Boolean, { description: 'Bỏ phiếu kín — secret: who chose what is never shown' }) secret!: boolean;
  @Field(() => VoteStatus, { description: 'Trạng thái — open or closed' }) status!: string;
  @Field(() => Int, { description: 'Số thành viên — members who may vote' }) members!: number;
  @Field(() => Date, { description: 'Mở lúc — when it opened' }) openedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Đóng lúc — when it closed' }) closedAt!: Date | null;
  @Field(() => Int, { nullable: true, description: 'Tán thành — ballots approving (once closed)' }) approve!:
    number | null;
  @Field(() => Int, { nullable: true, description: 'Không tán thành — ballots rejecting (once closed)' })
  reject!: number | null;
  @Field(() => Int, { nullable: true, description: 'Ý kiến khác — ballots with another opinion (once closed)' })
  other!: number | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Đủ túc số — more than half of the members voted (once closed)',
  })
  quorumReached!: boolean | null;
  meetingId!: string;
}

@InputType('OpenVoteInput', { description: 'Mở biểu quyết — a question put to the members' })
export class OpenVoteInput {
  @Field(() => ID, { description: 'Mã cuộc họp — the meeting' }) meetingId!: string;
  @Field(() => Int, { nullable: true, description: 'Nội dung số — the programme item, by position' })
  itemPosition?: number | null;
  @Field(() => String, { description: 'Vấn đề biểu quyết — the question' }) question!: string;
  @Field(() => Boolean, { defaultValue: false, description: 'Bỏ phiếu kín — secret ballot' }) secret!: boolean;
}

@InputType('BallotInput', { description: 'Phiếu biểu quyết — your ballot' })
export class BallotInput {
  @Field(() => ID, { description: 'Mã biểu quyết — the vote' }) voteId!: string;
  @Field(() => BallotChoice, { description: 'Lựa chọn — approve, reject or other' }) choice!: string;
  @Field(() => String, { nullable: true, description: 'Ý kiến — required for another opinion' })
  opinion?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Chữ ký — required once you registered a signing key: a compact JWS (ES256 or EdDSA) whose payload is exactly the JSON array [voteId, choice, opinion or ""]',
  })
  signature?: string | null;
}
