/** edXML (QCVN 102:2016) messages as the hub reads and writes them. Times are UTC instants. */

export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const EDXML_OLD_NS = 'http://www.e-doc.vn/Schema/';

export interface Organ {
  organId: string;
  organName?: string;
  organizationInCharge?: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
}

export interface ResponseForRef {
  organId: string;
  code?: string;
  promulgationDate?: Date;
  documentId: string;
}

export interface StaffInfo {
  department?: string;
  staff?: string;
}

export interface EdxmlAttachment {
  contentId: string;
  name: string;
  description?: string;
  contentType: string;
  /** the manifest Reference's ContentType as sent (exported unchanged) */
  manifestContentType?: string;
  bytes: Buffer;
}

export interface EdxmlDocument {
  from: Organ;
  to: Organ[];
  documentId: string;
  codeNumber: string;
  codeNotation: string;
  promulgationPlace?: string;
  promulgationDate: Date;
  typeCode: number;
  typeDetail?: number;
  typeName: string;
  subject: string;
  content?: string;
  signer: { competence?: string; position?: string; fullName?: string };
  dueDate?: Date;
  toPlaces: string[];
  otherInfo: {
    priority?: number;
    sphereOfPromulgation?: string;
    typerNotation?: string;
    promulgationAmount?: number;
    pageAmount?: number;
    appendixes?: string[];
    /** OtherInfo/Direction as sent */
    direction?: string;
  };
  steeringType?: number;
  responseFor?: ResponseForRef;
  /** TraceHeader hops as given: routes carry older and 3-part identifiers, never checked against the directory */
  traces: Array<{ organId: string; timestamp: string }>;
  business: {
    /** 0 new, 1 revoke, 2 update, 3 replace */
    docType: 0 | 1 | 2 | 3;
    reason?: string;
    documentId?: string;
    staff?: StaffInfo;
    /** update: the receivers concerned */
    receivers?: string[];
    /** replace: the documents replaced */
    replaces?: Array<{ documentId: string; organIds: string[] }>;
  };
  attachments: EdxmlAttachment[];
}

export interface EdxmlStatus {
  from: Organ;
  responseFor: ResponseForRef;
  staff?: StaffInfo;
  statusCode: string;
  description?: string;
  timestamp: Date;
}

/** A parsed message, with the package text it was read from (unwrapped when it came in a SOAP envelope). */
export type EdxmlMessage = ({ kind: 'document'; document: EdxmlDocument } | { kind: 'status'; status: EdxmlStatus }) & {
  xml: string;
};
