/**
 * Reads edXML packages leniently where real packages vary (prefixed or unprefixed elements, the
 * older e-doc.vn namespace, DocumentId forms) and refuses what is malformed with an error that
 * names the problem. Pure: no database, no I/O.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseAgencyCode } from '../../common/agency-code.js';
import { BadUserInputError } from '../../common/errors.js';
import { fromEdxmlDate, fromEdxmlTimestamp } from '../../common/time.js';
import { checkPackage } from './edxml.wellformed.js';
import {
  EDXML_NS,
  EDXML_OLD_NS,
  type EdxmlAttachment,
  type EdxmlDocument,
  type EdxmlMessage,
  type EdxmlStatus,
  type Organ,
  type ResponseForRef,
  type StaffInfo,
} from './edxml.types.js';
import { withoutInvisible } from '../../common/text.js';

type Node = Record<string, unknown>;

const ARRAYS = new Set([
  'To',
  'TraceHeader',
  'Attachment',
  'Reference',
  'Place',
  'Appendix',
  'Receiver',
  'ReplacementInfo',
  'OrganId',
]);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  // numeric character references (&#7871;) are text like any other; named ones other than XML's
  // five cannot reach here (saxes refuses undefined entities)
  htmlEntities: true,
  isArray: (name, jpath) =>
    ARRAYS.has(name) &&
    !(name === 'OrganId' && !String(jpath).endsWith('OrganIdList.OrganId')) &&
    !(name === 'Place' && !String(jpath).endsWith('ToPlaces.Place')),
});

const bad = (problem: string) =>
  new BadUserInputError(`The edXML package is malformed: ${problem}`, { field: 'package' });

function text(node: unknown, path: string, required: true): string;
function text(node: unknown, path: string, required?: false): string | undefined;
function text(node: unknown, path: string, required = false): string | undefined {
  let cur: unknown = node;
  for (const key of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Node)[key] : undefined;
  if (cur && typeof cur === 'object' && '#text' in (cur as Node)) cur = (cur as Node)['#text'];
  // one Vietnamese text, one byte string: everything read is NFC
  const value =
    typeof cur === 'string' || typeof cur === 'number'
      ? withoutInvisible(String(cur).normalize('NFC')).trim()
      : undefined;
  if (required && !value) throw bad(`${path.replaceAll('.', '/')} is missing or empty`);
  return value || undefined;
}

const child = (node: unknown, key: string): Node | undefined => {
  const v = node && typeof node === 'object' ? (node as Node)[key] : undefined;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
};
const list = (node: unknown, key: string): Node[] => {
  const v = node && typeof node === 'object' ? (node as Node)[key] : undefined;
  return Array.isArray(v) ? (v as Node[]) : v && typeof v === 'object' ? [v as Node] : [];
};
const texts = (node: unknown, key: string): string[] => {
  const v = node && typeof node === 'object' ? (node as Node)[key] : undefined;
  return (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .map((x) =>
      withoutInvisible(String(typeof x === 'object' && x ? ((x as Node)['#text'] ?? '') : x).normalize('NFC')).trim(),
    )
    .filter(Boolean);
};

function int(node: unknown, path: string, required: true): number;
function int(node: unknown, path: string, required?: false): number | undefined;
function int(node: unknown, path: string, required = false): number | undefined {
  const t = text(node, path, required as true);
  if (t === undefined) return undefined;
  if (!/^-?\d+$/.test(t) || Math.abs(Number(t)) > 2_147_483_647)
    throw bad(`${path.replaceAll('.', '/')} must be a whole number (32 bits), not "${t}"`);
  return Number(t);
}

function date(node: unknown, path: string, required: true): Date;
function date(node: unknown, path: string, required?: false): Date | undefined;
function date(node: unknown, path: string, required = false): Date | undefined {
  const t = text(node, path, required as true);
  if (t === undefined) return undefined;
  try {
    return fromEdxmlTimestamp(t);
  } catch {
    throw bad(`${path.replaceAll('.', '/')} "${t}" is not an edXML date (yyyy/MM/dd or yyyy/MM/dd HH:mm:ss)`);
  }
}

/** A date-only field (PromulgationDate, DueDate): a calendar day, no time zone. */
function calendarDate(node: unknown, path: string, required: true): Date;
function calendarDate(node: unknown, path: string, required?: false): Date | undefined;
function calendarDate(node: unknown, path: string, required = false): Date | undefined {
  const t = text(node, path, required as true);
  if (t === undefined) return undefined;
  try {
    return fromEdxmlDate(t.slice(0, 10));
  } catch {
    throw bad(`${path.replaceAll('.', '/')} "${t}" is not an edXML date (yyyy/MM/dd)`);
  }
}

function organCode(value: string | undefined, where: string): string {
  const code = value && parseAgencyCode(value);
  if (!code) throw bad(`${where} "${value ?? ''}" is not an agency code (LLL.KK.JJ.XNN)`);
  return code;
}

function organ(node: Node | undefined, where: string): Organ {
  if (!node) throw bad(`${where} is missing`);
  return {
    organId: organCode(text(node, 'OrganId'), `${where}/OrganId`),
    organName: text(node, 'OrganName'),
    organizationInCharge: text(node, 'OrganizationInCharge'),
    organAdd: text(node, 'OrganAdd'),
    email: text(node, 'Email'),
    telephone: text(node, 'Telephone'),
    fax: text(node, 'Fax'),
    website: text(node, 'Website'),
  };
}

function responseFor(node: Node | undefined, required: boolean): ResponseForRef | undefined {
  const documentId = text(node, 'DocumentId');
  if (!documentId) {
    if (required) throw bad('ResponseFor/DocumentId is missing or empty');
    return undefined; // an empty ResponseFor block means "answers nothing"
  }
  return {
    organId: organCode(text(node, 'OrganId'), 'ResponseFor/OrganId'),
    code: text(node, 'Code'),
    promulgationDate: calendarDate(node, 'PromulgationDate'),
    documentId,
  };
}

const staff = (node: Node | undefined): StaffInfo | undefined =>
  node ? { department: text(node, 'Department'), staff: text(node, 'Staff') } : undefined; // Mobile and Email are personal: not kept

function attachments(root: Node, manifest: Node[]): EdxmlAttachment[] {
  const encoded = child(root, 'AttachmentEncoded') ?? child(child(root, 'edXMLEnvelope'), 'AttachmentEncoded');
  const items = list(encoded, 'Attachment');
  // the manifest lists the attachments, one to one (QCVN 102:2016 edXMLManifest)
  const listed = manifest.map((r, i) => text(r, 'ContentId') ?? `(Reference ${i + 1} without a ContentId)`);
  const carried = items.map((a) => text(a, 'ContentId'));
  const missing = carried.filter((c) => c && !listed.includes(c));
  if (missing.length)
    throw bad(`the attachment ${missing.join(', ')} is not in the manifest (edXMLManifest/Reference)`);
  const orphan = listed.filter((c) => !carried.includes(c));
  if (orphan.length)
    throw bad(
      `the manifest names ${orphan.join(', ')}, which the package does not carry (AttachmentEncoded/Attachment)`,
    );
  if (new Set(carried).size !== carried.length) throw bad('two attachments have the same ContentId');
  if (new Set(listed).size !== listed.length) throw bad('the manifest names the same ContentId twice');
  return items.map((a, i) => {
    const contentId = text(a, 'ContentId', true);
    const ref = manifest.find((r) => text(r, 'ContentId') === contentId);
    const name = text(a, 'AttachmentName') ?? text(ref, 'AttachmentName');
    if (!name) throw bad(`attachment ${i + 1} (${contentId}) has no AttachmentName`);
    const base64 = (text(a, 'ContentTransferEncoded') ?? '').replace(/\s+/g, '');
    if (!base64 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) {
      throw bad(`attachment "${name}" (${contentId}) is not base64 content`);
    }
    return {
      contentId,
      name,
      description: text(a, 'Description') ?? text(ref, 'Description'),
      contentType: text(ref, 'ContentType') ?? text(a, 'ContentType') ?? 'application/octet-stream',
      manifestContentType: text(ref, 'ContentType'),
      bytes: Buffer.from(base64, 'base64'),
    };
  });
}

function documentFrom(root: Node, header: Node, envelope: Node): EdxmlDocument {
  const traceList = child(child(envelope, 'edXMLHeader'), 'TraceHeaderList');
  const business = child(traceList, 'Bussiness');
  const docTypeText = text(business, 'BussinessDocType') ?? '0';
  if (!/^[0-3]$/.test(docTypeText)) throw bad(`Bussiness/BussinessDocType must be 0, 1, 2 or 3, not "${docTypeText}"`);
  const to = list(header, 'To').map((t, i) => organ(t, `To[${i + 1}]`));
  if (to.length === 0) throw bad('MessageHeader has no To (recipient)');
  const subject = text(header, 'Subject', true);
  if (subject.length > 500) throw bad('Subject is longer than 500 characters');
  const manifest = list(child(child(envelope, 'edXMLBody'), 'edXMLManifest'), 'Reference');
  const info = child(header, 'OtherInfo');
  return {
    from: organ(child(header, 'From'), 'From'),
    to,
    documentId: text(header, 'DocumentId', true),
    codeNumber: text(header, 'Code.CodeNumber', true),
    codeNotation: text(header, 'Code.CodeNotation') ?? '',
    promulgationPlace: text(header, 'PromulgationInfo.Place'),
    promulgationDate: calendarDate(header, 'PromulgationInfo.PromulgationDate', true),
    typeCode: int(header, 'DocumentType.Type', true),
    typeDetail: int(header, 'DocumentType.TypeDetail'),
    typeName: text(header, 'DocumentType.TypeName', true),
    subject,
    content: text(header, 'Content'),
    signer: {
      competence: text(header, 'SignerInfo.Competence'),
      position: text(header, 'SignerInfo.Position'),
      fullName: text(header, 'SignerInfo.FullName'),
    },
    dueDate: calendarDate(header, 'DueDate'),
    toPlaces: texts(child(header, 'ToPlaces'), 'Place'),
    otherInfo: {
      priority: int(info, 'Priority'),
      sphereOfPromulgation: text(info, 'SphereOfPromulgation'),
      typerNotation: text(info, 'TyperNotation'),
      promulgationAmount: int(info, 'PromulgationAmount'),
      pageAmount: int(info, 'PageAmount'),
      appendixes: texts(child(info, 'Appendixes'), 'Appendix'),
      direction: text(info, 'Direction'),
    },
    steeringType: int(header, 'SteeringType'),
    responseFor: responseFor(child(header, 'ResponseFor'), false),
    // hops as given: a route carries older and 3-part identifiers (never checked against the directory)
    traces: list(traceList, 'TraceHeader').map((t) => ({
      organId: text(t, 'OrganId') ?? '',
      timestamp: text(t, 'Timestamp') ?? '',
    })),
    business: {
      docType: Number(docTypeText) as 0 | 1 | 2 | 3,
      reason: text(business, 'BussinessDocReason'),
      documentId: text(business, 'DocumentId'),
      staff: staff(child(business, 'StaffInfo')),
      receivers: list(child(child(business, 'BussinessDocumentInfo'), 'ReceiverList'), 'Receiver').map((r) =>
        organCode(text(r, 'OrganId'), 'Receiver/OrganId'),
      ),
      replaces: list(child(business, 'ReplacementInfoList'), 'ReplacementInfo').map((r) => ({
        documentId: text(r, 'DocumentId', true),
        organIds: texts(child(r, 'OrganIdList'), 'OrganId').map((o) =>
          organCode(o, 'ReplacementInfo/OrganIdList/OrganId'),
        ),
      })),
    },
    attachments: attachments(root, manifest),
  };
}

function statusFrom(header: Node): EdxmlStatus {
  const code = text(header, 'StatusCode', true);
  if (!/^\d{2}$/.test(code)) throw bad(`StatusCode "${code}" is not a two-digit status code`);
  return {
    from: organ(child(header, 'From'), 'From'),
    responseFor: responseFor(child(header, 'ResponseFor'), true)!,
    staff: staff(child(header, 'StaffInfo')),
    statusCode: code,
    description: text(header, 'Description'),
    timestamp: date(header, 'Timestamp', true),
  };
}

/** Parse a package (document or status packet, bare or in a SOAP envelope); BAD_USER_INPUT naming the problem otherwise. */
export function parseEdxml(input: string): EdxmlMessage {
  const trimmed = input.replace(/^\uFEFF/, '').trimStart();
  if (!trimmed.startsWith('<')) throw bad('it does not start with an XML declaration or element');
  const checked = checkPackage(trimmed);
  if (!checked.ok) throw bad(checked.problem);
  const body = checked.xml;
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw bad(`line ${valid.err.line}: ${valid.err.msg}`);
  let parsed: Node;
  try {
    parsed = parser.parse(body) as Node;
  } catch (err) {
    // the parser's own limits (nesting depth, entity expansion): the package, not the hub, is at fault
    throw bad(err instanceof Error ? err.message : 'it cannot be read as XML');
  }
  const root = child(parsed, 'edXML');
  if (!root) throw bad('the root element is not <edXML>');
  const ns = checked.namespace;
  if (ns !== EDXML_NS && ns !== EDXML_OLD_NS) throw bad(`the namespace "${ns}" is not QCVN 102:2016 (${EDXML_NS})`);
  const envelope = child(root, 'edXMLEnvelope');
  const header = child(child(envelope, 'edXMLHeader'), 'MessageHeader');
  if (!envelope || !header) throw bad('edXMLEnvelope/edXMLHeader/MessageHeader is missing');
  // what is kept is the package exactly as received (the envelope's content when it came in SOAP)
  const received = checked.soap ? body : input;
  if (text(header, 'StatusCode')) return { kind: 'status', status: statusFrom(header), xml: received };
  return { kind: 'document', document: documentFrom(root, header, envelope), xml: received };
}
