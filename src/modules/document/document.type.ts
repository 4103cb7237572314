import { Node } from '../../graphql/node.js';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';
import { DateScalar } from '../../graphql/scalars.js';
import {
  BusinessDocType,
  DocumentSource,
  EdxmlImportAction,
  EdxmlPackageKind,
  PendingChange,
} from './document-codes.type.js';

export enum DocumentScope {
  SENT = 'SENT',
  RECEIVED = 'RECEIVED',
  ALL = 'ALL',
}
registerEnumType(DocumentScope, {
  name: 'DocumentScope',
  description: 'Phạm vi — which documents: sent, received, or both (ADMIN and LEADER without an agency: all)',
  valuesConfig: {
    SENT: { description: 'Văn bản đi — documents the agency sent' },
    RECEIVED: { description: 'Văn bản đến — documents the agency received' },
    ALL: { description: 'Tất cả — both' },
  },
});

@ObjectType('Attachment', { description: 'Tệp đính kèm — attachment, stored by its SHA-256' })
export class AttachmentType {
  @Field(() => ID, { description: "Mã tệp — the attachment's id" }) id!: string;
  @Field(() => String, { description: 'Tên tệp — file name' }) name!: string;
  @Field(() => String, { nullable: true, description: 'Mô tả — description' }) description!: string | null;
  @Field(() => String, { description: 'Kiểu nội dung — MIME type' }) contentType!: string;
  @Field(() => String, { description: 'Mã băm — SHA-256 of the bytes (hex)' }) sha256!: string;
  @Field(() => Int, { description: 'Dung lượng — size in bytes' }) size!: number;
  @Field(() => String, { description: 'Đường dẫn tải — GET it with your credentials to download the exact bytes' })
  downloadPath!: string;
}

export enum SignatureVerdict {
  VALID = 'VALID',
  INVALID = 'INVALID',
  ABSENT = 'ABSENT',
  UNSUPPORTED = 'UNSUPPORTED',
}
registerEnumType(SignatureVerdict, {
  name: 'SignatureVerdict',
  description: "Kết quả kiểm tra chữ ký số — the verdict on a received package's XML signature",
  valuesConfig: {
    VALID: {
      description:
        'Hợp lệ — it verifies over the whole package (and chains to a trusted CA when trust anchors are configured)',
    },
    INVALID: {
      description: 'Không hợp lệ — altered after signing, another key, an unreadable, expired or untrusted certificate',
    },
    ABSENT: { description: 'Không có chữ ký — the package is not signed' },
    UNSUPPORTED: {
      description:
        'Không kiểm tra được — a signature the hub cannot check (another namespace or algorithm, part of the package only)',
    },
  },
});

@ObjectType('SignerCertificate', { description: "Chứng thư số của người ký — the signer's X.509 certificate" })
export class SignerCertificateType {
  @Field(() => String, { description: 'Chủ thể — subject' }) subject!: string;
  @Field(() => String, { description: 'Số hiệu — serial number (hex)' }) serial!: string;
  @Field(() => String, { description: 'Tổ chức cấp — issuer' }) issuer!: string;
  @Field(() => Date, { nullable: true, description: 'Hiệu lực từ — not before (null: not a readable date)' })
  validFrom!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Hiệu lực đến — not after (null: not a readable date)' })
  validTo!: Date | null;
}

@ObjectType('DocumentSignature', { description: 'Chữ ký số — the XML signature of the package a document arrived in' })
export class DocumentSignatureType {
  @Field(() => SignatureVerdict, { description: 'Kết quả kiểm tra — the verdict' }) verdict!: SignatureVerdict;
  @Field(() => String, { nullable: true, description: 'Lý do — why it is not VALID' }) reason!: string | null;
  @Field(() => SignerCertificateType, {
    nullable: true,
    description: 'Chứng thư số — the certificate the signature was checked with',
  })
  signer!: SignerCertificateType | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Tin cậy — chained to a configured national CA (null: no trust anchors configured)',
  })
  trusted!: boolean | null;
}

@ObjectType('DeliveryEvent', {
  description: 'Trạng thái văn bản — one status change of a delivery (edXML status packet)',
})
export class DeliveryEventType {
  @Field(() => ID, { description: "Mã sự kiện — the status change's id (deliveryEventEdxml takes it)" }) id!: string;
  @Field(() => String, {
    description:
      'Mã trạng thái (StatusCode) — the official edXML code as sent: 01 arrived (đã đến), 02 refused (từ chối tiếp nhận), 03 accepted (đã tiếp nhận), 04 assigned (phân công), 05 in process (đang xử lý), 06 completed (hoàn thành), 13 the sender asks to take it back (lấy lại), 15 the recipient agrees to the update or take-back (đồng ý), 16 the recipient refuses it (từ chối)',
  })
  code!: string;
  @Field(() => String, { description: 'Ý nghĩa — what the code means' }) meaning!: string;
  @Field(() => Date, { description: 'Thời điểm — when it happened, as reported' }) at!: Date;
  @Field(() => Date, { description: 'Thời điểm ghi nhận — when the hub recorded it' }) recordedAt!: Date;
  @Field(() => String, { nullable: true, description: 'Cán bộ — officer' }) staffName!: string | null;
  @Field(() => String, { nullable: true, description: 'Phòng ban — department' }) department!: string | null;
  @Field(() => String, { nullable: true, description: 'Ghi chú — note' }) note!: string | null;
  @Field(() => DocumentSignatureType, {
    nullable: true,
    description: 'Chữ ký số — the signature of the status packet it came in (null: not received as edXML)',
  })
  signature!: DocumentSignatureType | null;
  agencyId!: string;
}

@ObjectType('Delivery', {
  implements: Node,
  description: 'Lượt gửi — a document delivered to one recipient, with its own status',
})
export class DeliveryType {
  @Field(() => ID, { description: 'Mã — unique across the hub (a UUID); node(id:) reads it again' }) id!: string;
  /** The latest of 01-06, null until one arrives: GraphQL shows it as `status` and `statusCode`. */
  status!: string | null;
  @Field(() => Date, { nullable: true, description: 'Thời điểm trạng thái — when the latest status was reported' })
  statusAt!: Date | null;
  @Field(() => PendingChange, {
    nullable: true,
    description: "Yêu cầu chờ trả lời — a take-back (13) or an update, waiting for the recipient's 15 or 16",
  })
  pendingChange!: string | null;
  @Field(() => Date, { nullable: true, description: 'Đã lấy lại — when the recipient agreed to give it back' })
  takenBackAt!: Date | null;
  @Field(() => Date, { description: 'Ngày gửi — when it was sent' }) createdAt!: Date;
  documentId!: string;
  recipientId!: string;
}

@ObjectType('Document', {
  implements: Node,
  description: 'Văn bản điện tử — electronic document',
})
export class DocumentType {
  @Field(() => ID, { description: 'Mã — unique across the hub (a UUID); node(id:) reads it again' }) id!: string;
  // GraphQL name without the type's prefix (no-typename-prefix); the row keeps its column name.
  @Field(() => String, {
    name: 'edxmlDocumentId',
    description:
      'Mã văn bản (DocumentId) — the edXML document identifier, e.g. 000.00.00.G22,2014/01/30,7806/VPCP-TTĐT',
  })
  documentId!: string;
  @Field(() => String, { description: 'Số — number' }) codeNumber!: string;
  @Field(() => String, { description: 'Ký hiệu — notation' }) codeNotation!: string;
  @Field(() => Int, { description: 'Loại văn bản — DocumentType/Type' }) typeCode!: number;
  @Field(() => Int, { nullable: true, description: 'Loại chi tiết — edXML DocumentType/TypeDetail, as sent' })
  typeDetail!: number | null;
  @Field(() => String, { description: 'Tên loại — type name, e.g. Công văn' }) typeName!: string;
  @Field(() => String, { description: 'Trích yếu — subject' }) subject!: string;
  @Field(() => String, { nullable: true, description: 'Nội dung — content' }) content!: string | null;
  @Field(() => String, { nullable: true, description: 'Nơi ban hành — place of promulgation' }) promulgationPlace!:
    string | null;
  @Field(() => DateScalar, { description: 'Ngày ban hành (PromulgationDate) — date of promulgation' })
  promulgationDate!: string;
  @Field(() => String, { nullable: true, description: 'Thẩm quyền ký — signing competence (SignerInfo/Competence)' })
  signerCompetence!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "Chức vụ người ký — the signer's position (SignerInfo/Position)",
  })
  signerPosition!: string | null;
  @Field(() => String, { nullable: true, description: 'Người ký — signer' }) signerFullName!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Hạn xử lý (DueDate) — due date' }) dueDate!: string | null;
  @Field(() => Int, { description: 'Độ khẩn — priority' }) priority!: number;
  @Field(() => Int, { nullable: true, description: 'Chỉ đạo điều hành — edXML SteeringType, as sent' }) steeringType!:
    number | null;
  @Field(() => [String], { description: 'Nơi nhận (ghi trên văn bản) — ToPlaces' }) toPlaces!: string[];
  @Field(() => String, {
    nullable: true,
    description: 'Văn bản được trả lời (ResponseFor) — the DocumentId of the document this one answers',
  })
  responseForDocumentId!: string | null;
  @Field(() => BusinessDocType, {
    description: 'Loại nghiệp vụ (BussinessDocType) it arrived as: NEW (0) or REPLACE (3)',
  })
  businessDocType!: number;
  @Field(() => Date, { nullable: true, description: 'Thu hồi lúc — when the sender revoked it' })
  revokedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Lý do thu hồi — why the sender revoked it' }) revokeReason!:
    string | null;
  @Field(() => Int, { description: 'Phiên bản — 1, then +1 per update' }) version!: number;
  @Field(() => DocumentSource, { description: 'Nguồn — how the document reached the hub' }) source!: string;
  @Field(() => DocumentSignatureType, {
    nullable: true,
    description: "Chữ ký số — the received package's signature verdict and signer (null: not received as edXML)",
  })
  signature!: DocumentSignatureType | null;
  @Field(() => Date, { description: 'Ngày tạo — when the hub recorded it' }) createdAt!: Date;
  senderId!: string;
  responseForId!: string | null;
  replacesId!: string | null;
}

@ObjectType('DocumentConnection', { description: 'Danh sách văn bản — a page of documents, newest first' })
export class DocumentConnection extends Connection(DocumentType, 'Document') {}

@ObjectType('DeliveryConnection', { description: 'Văn bản đến — a page of deliveries, newest first' })
export class DeliveryConnection extends Connection(DeliveryType, 'Delivery') {}

@ObjectType('DeliveryStatusResult', {
  description: 'Kết quả cập nhật trạng thái — the delivery and the change recorded',
})
export class DeliveryStatusResult {
  @Field(() => DeliveryType, { description: 'Lượt gửi — the delivery, with its new status' }) delivery!: DeliveryType;
  @Field(() => DeliveryEventType, { description: 'Sự kiện — the status change recorded' }) event!: DeliveryEventType;
}

@ObjectType('EdxmlImportResult', { description: 'Kết quả nhập edXML — what an imported package did' })
export class EdxmlImportResult {
  @Field(() => EdxmlPackageKind, { description: 'Loại gói — a document package or a status packet' }) kind!: string;
  @Field(() => EdxmlImportAction, { description: 'Tác động — what the package did' }) action!: string;
  @Field(() => DocumentType, { description: 'Văn bản — the document created or changed' }) document!: DocumentType;
  @Field(() => DeliveryType, {
    nullable: true,
    description: 'Lượt gửi — the delivery it created or changed (status packets and new documents)',
  })
  delivery!: DeliveryType | null;
  @Field(() => DeliveryEventType, {
    nullable: true,
    description: 'Sự kiện — the status change recorded (status packets)',
  })
  event!: DeliveryEventType | null;
}
