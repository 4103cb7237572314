import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('AttachmentInput', { description: 'Tệp đính kèm — a file uploaded to POST /attachments, by its SHA-256' })
export class AttachmentInput {
  @Field(() => String) sha256!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) contentType?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType('SendDocumentInput', { description: 'Gửi văn bản — a document from your agency to one or many recipients' })
export class SendDocumentInput {
  @Field(() => String, { description: 'Khóa chống trùng — a retried call with the same key returns the first result' })
  idempotencyKey!: string;
  @Field(() => String, { nullable: true, description: 'ADMIN only: the agency that sends' }) senderCode?: string | null;
  @Field(() => [String], { description: "Nơi nhận — recipients' agency codes" }) recipientCodes!: string[];
  @Field(() => String, { description: 'Số' }) codeNumber!: string;
  @Field(() => String, { nullable: true, description: 'Ký hiệu' }) codeNotation?: string | null;
  @Field(() => Int, { description: 'Loại văn bản (DocumentType/Type)' }) typeCode!: number;
  @Field(() => Int, { nullable: true }) typeDetail?: number | null;
  @Field(() => String, { description: 'Tên loại, e.g. Công văn' }) typeName!: string;
  @Field(() => String, { description: 'Trích yếu (≤ 500 characters)' }) subject!: string;
  @Field(() => String, { nullable: true }) content?: string | null;
  @Field(() => String, { nullable: true }) promulgationPlace?: string | null;
  @Field(() => String, { description: 'Ngày ban hành, yyyy-MM-dd' }) promulgationDate!: string;
  @Field(() => String, { nullable: true }) signerCompetence?: string | null;
  @Field(() => String, { nullable: true }) signerPosition?: string | null;
  @Field(() => String, { nullable: true }) signerFullName?: string | null;
  @Field(() => String, { nullable: true, description: 'Hạn xử lý, yyyy-MM-dd' }) dueDate?: string | null;
  @Field(() => Int, { nullable: true, description: 'Độ khẩn 0-9' }) priority?: number | null;
  @Field(() => Int, { nullable: true }) steeringType?: number | null;
  @Field(() => [String], { nullable: true }) toPlaces?: string[] | null;
  @Field(() => [AttachmentInput], { nullable: true }) attachments?: AttachmentInput[] | null;
  @Field(() => String, { nullable: true, description: 'The document this one answers: its hub id or edXML DocumentId' })
  responseForDocumentId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Văn bản thay thế: the id of your earlier document this one replaces',
  })
  replacesDocumentId?: string | null;
}

@InputType('DeliveryStatusInput', { description: 'Cập nhật trạng thái — report a status on a delivery' })
export class DeliveryStatusInput {
  @Field(() => ID) deliveryId!: string;
  @Field(() => String, { description: 'Recipient: 01-06, 15, 16. Sender: 13 (take back)' }) code!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => String, { nullable: true, description: 'Cán bộ xử lý' }) staffName?: string | null;
  @Field(() => String, { nullable: true }) department?: string | null;
}

@InputType('UpdateDocumentInput', {
  description: 'Cập nhật văn bản — new content for a sent document (BussinessDocType 2)',
})
export class UpdateDocumentInput {
  @Field(() => String, { nullable: true }) subject?: string | null;
  @Field(() => String, { nullable: true }) content?: string | null;
  @Field(() => String, { nullable: true }) dueDate?: string | null;
  @Field(() => Int, { nullable: true }) priority?: number | null;
  @Field(() => String, { nullable: true }) signerFullName?: string | null;
  @Field(() => String, { nullable: true }) signerPosition?: string | null;
}
