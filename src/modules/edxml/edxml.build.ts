/** Writes edXML packages and status packets (QCVN 102:2016). Pure: no database, no I/O. */
import { XMLBuilder } from 'fast-xml-parser';
import { toEdxmlDate, toEdxmlTimestamp } from '../../common/time.js';
import {
  EDXML_NS,
  type EdxmlDocument,
  type EdxmlStatus,
  type Organ,
  type ResponseForRef,
  type StaffInfo,
} from './edxml.types.js';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

type Tree = Record<string, unknown>;

/** Prefix every key with `edXML:` (attributes and text nodes excepted), dropping empty values. */
function ns(tree: Tree): Tree {
  const out: Tree = {};
  for (const [k, v] of Object.entries(tree)) {
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
    const key = k.startsWith('@') || k === '#text' ? k : `edXML:${k}`;
    out[key] = Array.isArray(v)
      ? v.map((x) => (x && typeof x === 'object' ? ns(x as Tree) : x))
      : v && typeof v === 'object' && !(v instanceof Date)
        ? ns(v as Tree)
        : v;
  }
  return out;
}

/** Date-only fields are calendar days stored at midnight UTC. */
const day = toEdxmlDate;

const organ = (o: Organ): Tree => ({
  OrganId: o.organId,
  OrganName: o.organName,
  OrganizationInCharge: o.organizationInCharge,
  OrganAdd: o.organAdd,
  Email: o.email,
  Telephone: o.telephone,
  Fax: o.fax,
  Website: o.website,
});

const responseFor = (r: ResponseForRef | undefined): Tree | undefined =>
  r && {
    OrganId: r.organId,
    Code: r.code,
    PromulgationDate: r.promulgationDate && day(r.promulgationDate),
    DocumentId: r.documentId,
  };

const staff = (s: StaffInfo | undefined): Tree | undefined =>
  s && (s.department || s.staff ? { Department: s.department, Staff: s.staff } : undefined);

function wrap(envelope: Tree, attachments?: Tree): string {
  const xml = builder.build({
    edXML: {
      '@xmlns': EDXML_NS,
      'edXML:edXMLEnvelope': { '@xmlns:edXML': EDXML_NS, ...envelope },
      ...(attachments ? { AttachmentEncoded: attachments } : {}),
    },
  }) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}

export function buildDocumentPackage(d: EdxmlDocument): string {
  const header = ns({
    From: organ(d.from),
    To: d.to.map(organ),
    DocumentId: d.documentId,
    Code: { CodeNumber: d.codeNumber, CodeNotation: d.codeNotation },
    PromulgationInfo: { Place: d.promulgationPlace, PromulgationDate: day(d.promulgationDate) },
    DocumentType: { Type: String(d.typeCode), TypeDetail: d.typeDetail?.toString(), TypeName: d.typeName },
    Subject: d.subject,
    Content: d.content,
    SignerInfo: { Competence: d.signer.competence, Position: d.signer.position, FullName: d.signer.fullName },
    DueDate: d.dueDate && day(d.dueDate),
    ToPlaces: d.toPlaces.length ? { Place: d.toPlaces } : undefined,
    OtherInfo: {
      Priority: d.otherInfo.priority?.toString(),
      SphereOfPromulgation: d.otherInfo.sphereOfPromulgation,
      TyperNotation: d.otherInfo.typerNotation,
      PromulgationAmount: d.otherInfo.promulgationAmount?.toString(),
      PageAmount: d.otherInfo.pageAmount?.toString(),
      Direction: d.otherInfo.direction,
      Appendixes: d.otherInfo.appendixes?.length ? { Appendix: d.otherInfo.appendixes } : undefined,
    },
    ResponseFor: responseFor(d.responseFor),
    SteeringType: d.steeringType?.toString(),
  });
  const business = ns({
    DocumentId: d.business.documentId,
    BussinessDocType: String(d.business.docType),
    BussinessDocReason: d.business.reason,
    Paper: '0',
    BussinessDocumentInfo: d.business.receivers?.length
      ? {
          DocumentInfo: '1',
          DocumentReceiver: '1',
          ReceiverList: { Receiver: d.business.receivers.map((r) => ({ OrganId: r, ReceiverType: '0' })) },
        }
      : undefined,
    ReplacementInfoList: d.business.replaces?.length
      ? {
          ReplacementInfo: d.business.replaces.map((r) => ({
            DocumentId: r.documentId,
            OrganIdList: { OrganId: r.organIds },
          })),
        }
      : undefined,
    StaffInfo: staff(d.business.staff),
  });
  // hops as received, then the hub's own
  const traces = ns({ TraceHeader: d.traces.map((t) => ({ OrganId: t.organId, Timestamp: t.timestamp })) });
  const manifest = ns({
    Reference: d.attachments.map((a) => ({
      ContentId: a.contentId,
      ContentType: a.manifestContentType ?? a.contentType,
      Description: a.description,
      AttachmentName: a.name,
    })),
  });
  return wrap(
    {
      'edXML:edXMLHeader': {
        'edXML:MessageHeader': header,
        'edXML:TraceHeaderList': { ...traces, 'edXML:Bussiness': business },
      },
      'edXML:edXMLBody': { 'edXML:edXMLManifest': { '@version': '1.0', ...manifest } },
    },
    d.attachments.length
      ? {
          Attachment: d.attachments.map((a) => ({
            ContentId: a.contentId,
            AttachmentName: a.name,
            Description: a.description,
            ContentType: a.contentType,
            ContentTransferEncoded: a.bytes.toString('base64'),
          })),
        }
      : undefined,
  );
}

export function buildStatusPacket(s: EdxmlStatus): string {
  const header = ns({
    From: organ(s.from),
    ResponseFor: responseFor(s.responseFor),
    StaffInfo: staff(s.staff),
    StatusCode: s.statusCode,
    Description: s.description,
    Timestamp: toEdxmlTimestamp(s.timestamp),
  });
  return wrap({ 'edXML:edXMLHeader': { 'edXML:MessageHeader': header } });
}
