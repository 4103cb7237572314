/**
 * The edXML code sets (QCVN 102:2016) of documents and deliveries as GraphQL enums. GraphQL names
 * cannot start with a digit, so each value has an English name and carries the official code as its
 * internal value: rows, the services and edXML keep the codes (01-06, 13, 15, 16; BussinessDocType
 * 0-3), and only the GraphQL edge shows the names.
 */
import { registerEnumType } from 'type-graphql';

/** Where a delivery stands: sent, then the latest of the recipient's statuses 01-06. */
export const DeliveryStatus = {
  SENT: 'SENT',
  ARRIVED: '01',
  REFUSED: '02',
  ACCEPTED: '03',
  ASSIGNED: '04',
  IN_PROCESS: '05',
  COMPLETED: '06',
} as const;
registerEnumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  description:
    'Trạng thái lượt gửi — where a delivery stands: sent, then the latest edXML status (StatusCode 01-06) the recipient reported',
  valuesConfig: {
    SENT: { description: 'Đã gửi — sent, not yet arrived (no status reported; no official code)' },
    ARRIVED: { description: "01 — Đã đến — arrived in the recipient's system" },
    REFUSED: { description: '02 — Từ chối tiếp nhận — refused' },
    ACCEPTED: { description: '03 — Đã tiếp nhận — accepted and registered' },
    ASSIGNED: { description: '04 — Phân công — assigned to a handler' },
    IN_PROCESS: { description: '05 — Đang xử lý — in process' },
    COMPLETED: { description: '06 — Hoàn thành — completed' },
  },
});

/** The status codes of an edXML status packet. */
export const DeliveryEventCode = {
  ARRIVED: '01',
  REFUSED: '02',
  ACCEPTED: '03',
  ASSIGNED: '04',
  IN_PROCESS: '05',
  COMPLETED: '06',
  TAKE_BACK_REQUESTED: '13',
  CHANGE_AGREED: '15',
  CHANGE_REFUSED: '16',
} as const;
registerEnumType(DeliveryEventCode, {
  name: 'DeliveryEventCode',
  description: 'Mã trạng thái (StatusCode) — an edXML status code reported on a delivery',
  valuesConfig: {
    ARRIVED: { description: "01 — Đã đến — arrived in the recipient's system (recipient)" },
    REFUSED: { description: '02 — Từ chối tiếp nhận — refused (recipient)' },
    ACCEPTED: { description: '03 — Đã tiếp nhận — accepted and registered (recipient)' },
    ASSIGNED: { description: '04 — Phân công — assigned to a handler (recipient)' },
    IN_PROCESS: { description: '05 — Đang xử lý — in process (recipient)' },
    COMPLETED: { description: '06 — Hoàn thành — completed (recipient)' },
    TAKE_BACK_REQUESTED: { description: '13 — Lấy lại — the sender asks to take the document back (sender)' },
    CHANGE_AGREED: { description: '15 — Đồng ý — the recipient agrees to the update or take-back (recipient)' },
    CHANGE_REFUSED: { description: '16 — Từ chối — the recipient refuses the update or take-back (recipient)' },
  },
});

/** A change the sender asked for, waiting for the recipient's 15 or 16. */
export const PendingChange = {
  TAKE_BACK: 'TAKE_BACK',
  UPDATE: 'UPDATE',
} as const;
registerEnumType(PendingChange, {
  name: 'PendingChange',
  description: "Yêu cầu chờ trả lời — what the sender asked for, waiting for the recipient's 15 or 16",
  valuesConfig: {
    TAKE_BACK: { description: 'Lấy lại — take-back (status 13)' },
    UPDATE: { description: 'Cập nhật — update (BussinessDocType 2)' },
  },
});

/** BussinessDocType. */
export const BusinessDocType = {
  NEW: 0,
  REVOKE: 1,
  UPDATE: 2,
  REPLACE: 3,
} as const;
registerEnumType(BusinessDocType, {
  name: 'BusinessDocType',
  description: 'Loại nghiệp vụ (BussinessDocType) — what an edXML document package does',
  valuesConfig: {
    NEW: { description: '0 — Văn bản mới — a new document' },
    REVOKE: { description: '1 — Thu hồi — revokes a document' },
    UPDATE: { description: '2 — Cập nhật — updates a document' },
    REPLACE: { description: '3 — Thay thế — replaces a document' },
  },
});

/** How a document reached the hub. */
export const DocumentSource = {
  API: 'API',
  EDXML: 'EDXML',
} as const;
registerEnumType(DocumentSource, {
  name: 'DocumentSource',
  description: 'Nguồn — how the document reached the hub',
  valuesConfig: {
    API: { description: 'Gửi qua API — sent through sendDocument' },
    EDXML: { description: 'Gói edXML — imported as an edXML package (importEdxml, the national axis)' },
  },
});

/** What an imported edXML package was. */
export const EdxmlPackageKind = { DOCUMENT: 'DOCUMENT', STATUS: 'STATUS' } as const;
registerEnumType(EdxmlPackageKind, {
  name: 'EdxmlPackageKind',
  description: 'Loại gói edXML — a document package or a status packet',
  valuesConfig: {
    DOCUMENT: { description: 'Gói văn bản — a document package (edXMLEnvelope with a MessageHeader)' },
    STATUS: { description: 'Gói trạng thái — a status packet (StatusCode)' },
  },
});

/** What an imported edXML package did. */
export const EdxmlImportAction = {
  NEW: 'NEW',
  UPDATE: 'UPDATE',
  REPLACE: 'REPLACE',
  REVOKE: 'REVOKE',
  STATUS: 'STATUS',
} as const;
registerEnumType(EdxmlImportAction, {
  name: 'EdxmlImportAction',
  description: 'Tác động của gói edXML — what an imported package did',
  valuesConfig: {
    NEW: { description: 'Văn bản mới — a new document (BussinessDocType 0)' },
    UPDATE: { description: 'Cập nhật — updated a document (BussinessDocType 2)' },
    REPLACE: { description: 'Thay thế — a document replacing another (BussinessDocType 3)' },
    REVOKE: { description: 'Thu hồi — revoked a document (BussinessDocType 1)' },
    STATUS: { description: 'Trạng thái — a status change on a delivery (a status packet)' },
  },
});
