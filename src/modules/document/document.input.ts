import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars.js';
import { DeliveryEventCode } from './document-codes.type.js';

@InputType('AttachmentInput', { description: 'Tệp đính kèm — a file uploaded to POST /attachments, by its SHA-256' })
export class AttachmentInput {
  @Field(() => String, { description: 'Mã băm — the SHA-256 (hex) that POST /attachments answered' }) sha256!: string;
  @Field(() => String, { description: 'Tên tệp — file name' }) name!: string;
  @Field(() => String, { nullable: true, description: 'Kiểu nội dung — MIME type (default application/octet-stream)' })
  contentType?: string | null;
  @Field(() => String, { nullable: true, description: 'Mô tả — description' }) description?: string | null;
}

@InputType('SendDocumentInput', { description: 'Gửi văn bản — a document from your agency to one or many recipients' })
export class SendDocumentInput {
  @Field(() => String, { description: 'Khóa chống trùng — a retried call with the same key returns the first result' })
  idempotencyKey!: string;
  @Field(() => String, { nullable: true, description: 'Cơ quan gửi — ADMIN only: the agency that sends' }) senderCode?:
    string | null;
  @Field(() => [String], { description: "Nơi nhận — recipients' agency codes" }) recipientCodes!: string[];
  @Field(() => String, { description: 'Số (CodeNumber) — number' }) codeNumber!: string;
  @Field(() => String, { nullable: true, description: 'Ký hiệu (CodeNotation) — notation, e.g. UBND-VP' })
  codeNotation?: string | null;
  @Field(() => Int, { description: 'Loại văn bản (DocumentType/Type) — the national document type code' })
  typeCode!: number;
  @Field(() => Int, { nullable: true, description: 'Loại chi tiết — edXML DocumentType/TypeDetail' }) typeDetail?:
    number | null;
  @Field(() => String, { description: 'Tên loại (TypeName) — type name, e.g. Công văn' }) typeName!: string;
  @Field(() => String, { description: 'Trích yếu (Subject) — subject, at most 500 characters' }) subject!: string;
  @Field(() => String, { nullable: true, description: 'Nội dung — content' }) content?: string | null;
  @Field(() => String, { nullable: true, description: 'Nơi ban hành — place of promulgation' }) promulgationPlace?:
    string | null;
  @Field(() => DateScalar, { description: 'Ngày ban hành (PromulgationDate) — date of promulgation' })
  promulgationDate!: string;
  @Field(() => String, { nullable: true, description: 'Thẩm quyền ký — signing competence (SignerInfo/Competence)' })
  signerCompetence?: string | null;
  @Field(() => String, { nullable: true, description: "Chức vụ người ký — signer's position (SignerInfo/Position)" })
  signerPosition?: string | null;
  @Field(() => String, { nullable: true, description: "Người ký — signer's full name (SignerInfo/FullName)" })
  signerFullName?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Hạn xử lý (DueDate) — due date' }) dueDate?: string | null;
  @Field(() => Int, { nullable: true, description: 'Độ khẩn (Priority) — priority 0-9' }) priority?: number | null;
  @Field(() => Int, { nullable: true, description: 'Chỉ đạo điều hành — edXML SteeringType' }) steeringType?:
    number | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Nơi nhận (ghi trên văn bản) — ToPlaces, as printed on the document',
  })
  toPlaces?: string[] | null;
  @Field(() => [AttachmentInput], {
    nullable: true,
    description: 'Tệp đính kèm — attachments, uploaded to POST /attachments first',
  })
  attachments?: AttachmentInput[] | null;
  @Field(() => String, {
    nullable: true,
    description: 'Văn bản được trả lời (ResponseFor) — the document this one answers: its hub id or edXML DocumentId',
  })
  responseForDocumentId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Văn bản thay thế: the id of your earlier document this one replaces',
  })
  replacesDocumentId?: string | null;
}

@InputType('DeliveryStatusInput', { description: 'Cập nhật trạng thái — report a status on a delivery' })
export class DeliveryStatusInput {
  @Field(() => ID, { description: "Lượt gửi — the delivery's id" }) deliveryId!: string;
  /** The official code ('01'): the enum's values are the codes. */
  @Field(() => DeliveryEventCode, {
    description:
      'Trạng thái — the recipient reports ARRIVED to COMPLETED (01-06), CHANGE_AGREED (15) or CHANGE_REFUSED (16); the sender TAKE_BACK_REQUESTED (13)',
  })
  status!: string;
  @Field(() => String, { nullable: true, description: 'Ghi chú — note (edXML Description)' }) note?: string | null;
  @Field(() => String, { nullable: true, description: 'Cán bộ xử lý — the officer (edXML StaffInfo)' }) staffName?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Phòng ban — department' }) department?: string | null;
}

@InputType('UpdateDocumentInput', {
  description: 'Cập nhật văn bản — new content for a sent document (BussinessDocType 2)',
})
export class UpdateDocumentInput {
  @Field(() => String, { nullable: true, description: 'Trích yếu — new subject, ≤ 500 characters (null: unchanged)' })
  subject?: string | null;
  @Field(() => String, { nullable: true, description: 'Nội dung — new content (null: unchanged)' }) content?:
    string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Hạn xử lý — new due date (null: unchanged)' }) dueDate?:
    string | null;
  @Field(() => Int, { nullable: true, description: 'Độ khẩn — new priority 0-9 (null: unchanged)' }) priority?:
    number | null;
  @Field(() => String, { nullable: true, description: 'Người ký — new signer (null: unchanged)' }) signerFullName?:
    string | null;
  @Field(() => String, { nullable: true, description: "Chức vụ người ký — new signer's position (null: unchanged)" })
  signerPosition?: string | null;
}
