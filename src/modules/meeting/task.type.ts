/** Kết luận và nhiệm vụ — a meeting's conclusion and the tasks it assigns, as the schema shows them. */
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars.js';
import { AttachmentInput } from '../document/document.input.js';

@InputType('MeetingDocumentInput', {
  description:
    'Văn bản của cuộc họp — a document the convening agency issues to every participating agency (giấy mời, thông báo kết luận)',
})
export class MeetingDocumentInput {
  @Field(() => String, { description: 'Khóa chống trùng — a retried call with the same key returns the first result' })
  idempotencyKey!: string;
  @Field(() => String, { description: 'Số (CodeNumber) — number' }) codeNumber!: string;
  @Field(() => String, { nullable: true, description: 'Ký hiệu (CodeNotation) — notation, e.g. TB-UBND' })
  codeNotation?: string | null;
  @Field(() => Int, { description: 'Loại văn bản (DocumentType/Type) — the national document type code' })
  typeCode!: number;
  @Field(() => String, { description: 'Tên loại (TypeName) — type name, e.g. Thông báo, Giấy mời' }) typeName!: string;
  @Field(() => String, { description: 'Trích yếu (Subject) — subject, at most 500 characters' }) subject!: string;
  @Field(() => String, { nullable: true, description: 'Nội dung — content' }) content?: string | null;
  @Field(() => String, { nullable: true, description: 'Nơi ban hành — place of promulgation' }) promulgationPlace?:
    string | null;
  @Field(() => DateScalar, { description: 'Ngày ban hành (PromulgationDate) — date of promulgation' })
  promulgationDate!: string;
  @Field(() => String, { nullable: true, description: "Chức vụ người ký — signer's position" }) signerPosition?:
    string | null;
  @Field(() => String, { nullable: true, description: "Người ký — signer's full name" }) signerFullName?: string | null;
  @Field(() => [AttachmentInput], { nullable: true, description: 'Tệp đính kèm — attachments, uploaded first' })
  attachments?: AttachmentInput[] | null;
}

@InputType('MeetingTaskInput', { description: 'Nhiệm vụ — a task the conclusion assigns' })
export class MeetingTaskInput {
  @Field(() => String, { description: 'Nội dung nhiệm vụ — what is to be done' }) title!: string;
  @Field(() => String, { description: 'Cơ quan chủ trì — the owner agency code' }) ownerAgencyCode!: string;
  @Field(() => DateScalar, { description: 'Hạn hoàn thành — the last day (Vietnam time)' }) dueDate!: string;
}

@InputType('IssueConclusionInput', {
  description: 'Ban hành thông báo kết luận — the conclusion as a document to every participating agency, with tasks',
})
export class IssueConclusionInput {
  @Field(() => ID, { description: 'Mã cuộc họp — the meeting' }) meetingId!: string;
  @Field(() => MeetingDocumentInput, { description: 'Thông báo kết luận — the conclusion document' })
  document!: MeetingDocumentInput;
  @Field(() => [MeetingTaskInput], { description: 'Nhiệm vụ — the tasks it assigns (0 to 100)' })
  tasks!: MeetingTaskInput[];
}

@InputType('TaskProgressInput', { description: 'Báo cáo tiến độ — the owner agency reports a task’s progress' })
export class TaskProgressInput {
  @Field(() => ID, { description: 'Mã nhiệm vụ — the task' }) taskId!: string;
  @Field(() => Int, { description: 'Tiến độ — percent done, 0 to 100 (100: finished), never less than before' })
  progress!: number;
  @Field(() => String, { nullable: true, description: 'Ghi chú — what was done' }) note?: string | null;
}

@ObjectType('MeetingTask', { description: 'Nhiệm vụ — a task a meeting’s conclusion assigns, and its progress' })
export class MeetingTaskType {
  @Field(() => ID, { description: 'Mã — the task' }) id!: string;
  @Field(() => Int, { description: 'Thứ tự — its position in the conclusion' }) position!: number;
  @Field(() => String, { description: 'Nội dung — what is to be done' }) title!: string;
  @Field(() => DateScalar, { description: 'Hạn hoàn thành — the last day' }) dueDate!: string;
  @Field(() => Int, { description: 'Tiến độ — percent done' }) progress!: number;
  @Field(() => String, { description: 'Trạng thái — OPEN or DONE' }) status!: string;
  @Field(() => String, { nullable: true, description: 'Ghi chú — the last progress note' }) lastNote!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Hoàn thành lúc — when it was finished' })
  doneAt!: Date | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Đúng hạn — finished by its due date (null: not finished)',
  })
  onTime!: boolean | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Cảnh báo quá hạn lúc — when its overdue warning went out',
  })
  warnedAt!: Date | null;
  @Field(() => ID, { description: 'Mã cuộc họp — the meeting that assigned it' }) meetingId!: string;
  ownerAgencyId!: string;
}
