/** Phiếu lấy ý kiến — opinion forms as the schema shows them. */
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars.js';

const OpinionChoice = { AGREE: 'AGREE', DISAGREE: 'DISAGREE', OTHER: 'OTHER' } as const;
registerEnumType(OpinionChoice, {
  name: 'OpinionChoice',
  description: 'Ý kiến — an answer to one question of an opinion form',
  valuesConfig: {
    AGREE: { description: 'Đồng ý — agree' },
    DISAGREE: { description: 'Không đồng ý — disagree' },
    OTHER: { description: 'Ý kiến khác — another opinion, said in the comment' },
  },
});

@InputType('OpinionRecipientInput', { description: 'Người được lấy ý kiến — a person asked' })
export class OpinionRecipientInput {
  @Field(() => String, { description: 'Cơ quan — their agency code' }) agencyCode!: string;
  @Field(() => String, { description: 'Họ tên — their name' }) name!: string;
  @Field(() => String, { description: 'Định danh — their identity as their token names it (`sub`)' }) subject!: string;
}

@InputType('SendOpinionFormInput', {
  description: 'Gửi phiếu lấy ý kiến — questions on a draft, to named persons, with a deadline',
})
export class SendOpinionFormInput {
  @Field(() => String, { description: 'Tiêu đề — what the opinions are asked on' }) title!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'Dự thảo — the draft (a document your agency sent or received), readable by those asked',
  })
  documentId?: string | null;
  @Field(() => [String], { description: 'Câu hỏi — the questions, in order (1 to 50)' }) questions!: string[];
  @Field(() => DateTimeScalar, { description: 'Hạn trả lời — the deadline' }) deadline!: Date;
  @Field(() => [OpinionRecipientInput], { description: 'Người được lấy ý kiến — 1 to 200 persons' })
  recipients!: OpinionRecipientInput[];
}

@InputType('OpinionAnswerInput', { description: 'Ý kiến — your answer to one question' })
export class OpinionAnswerInput {
  @Field(() => OpinionChoice, { description: 'Ý kiến — agree, disagree or other' }) choice!: string;
  @Field(() => String, { nullable: true, description: 'Góp ý — comment (required for OTHER)' }) comment?: string | null;
}

@ObjectType('OpinionAnswer', { description: 'Ý kiến — the answer to one question' })
export class OpinionAnswerType {
  @Field(() => OpinionChoice, { description: 'Ý kiến — agree, disagree or other' }) choice!: string;
  @Field(() => String, { nullable: true, description: 'Góp ý — comment' }) comment!: string | null;
}

@ObjectType('OpinionRecipient', { description: 'Người được lấy ý kiến — a person asked, and their answer' })
export class OpinionRecipientType {
  @Field(() => ID, { description: 'Mã — this request' }) id!: string;
  @Field(() => String, { description: 'Họ tên — their name' }) name!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Trả lời lúc — when they answered (null: not yet)' })
  answeredAt!: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'Đúng hạn — answered by the deadline (null: not yet)' })
  onTime!: boolean | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Đã nhắc lúc — when the reminder went out' })
  remindedAt!: Date | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Cảnh báo quá hạn lúc — when the overdue warning went out',
  })
  warnedAt!: Date | null;
  @Field(() => String, {
    nullable: true,
    description: "Mã băm nội dung — SHA-256 of the answer's canonical content, sealed in the audit chain",
  })
  contentHash!: string | null;
  signature!: string | null;
  agencyId!: string;
  subject!: string;
  answers!: unknown;
  formId!: string;
  /** the asking agency: it reads the answers */
  formAgencyId!: string;
}

@ObjectType('OpinionForm', { description: 'Phiếu lấy ý kiến — questions on a draft, sent with a deadline' })
export class OpinionFormType {
  @Field(() => ID, { description: 'Mã — the form' }) id!: string;
  @Field(() => String, { description: 'Tiêu đề — title' }) title!: string;
  @Field(() => [String], { description: 'Câu hỏi — the questions, in order' }) questions!: string[];
  @Field(() => DateTimeScalar, { description: 'Hạn trả lời — the deadline' }) deadline!: Date;
  @Field(() => DateTimeScalar, { description: 'Nhắc lúc — when those who have not answered are reminded' })
  remindAt!: Date;
  @Field(() => DateTimeScalar, { description: 'Ngày gửi — when it was sent' }) createdAt!: Date;
  agencyId!: string;
  documentId!: string | null;
}
