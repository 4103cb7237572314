/**
 * The national document axis (VXP) at the level the contracts document supports (§7): the SDK's
 * operations and their JSON header keys. The HTTP mapping (paths, how systemId and secret travel)
 * is [open]; the double's choice is one path per operation and two headers, kept in one place
 * here. edXML bodies are checked only for what any receiver needs: well-formed XML whose root is
 * edXML in the QCVN 102:2016 namespace, with a From/OrganId.
 */
import { XMLParser } from 'fast-xml-parser';
import { SaxesParser } from 'saxes';
import { contract, object, oneOf, sec, text, type Problem } from './validator.js';

/** [open] The HTTP mapping of the SDK: POST {url}/vxp/<operation>, headers `systemid` and `secret`. */
export const AXIS_PATH = '/vxp';
export const AXIS_HEADERS = { systemId: 'systemid', secret: 'secret' } as const;

const service = sec('§7', { type: 'string', const: 'eDoc' });
const messagetype = oneOf('§7', ['edoc', 'status']);

export const receivedListRequest = contract(
  object(
    '§7',
    {
      header: object(
        '§7',
        {
          servicetype: service,
          messagetype,
          from: text('§7'),
          fromDate: text('§7'),
          toDate: text('§7'),
          status: text('§7'),
          pageSize: sec('§7', { type: ['integer', 'string'] }),
          pageIndex: sec('§7', { type: ['integer', 'string'] }),
        },
        ['servicetype', 'messagetype'],
      ),
    },
    ['header'],
  ),
);
/** getEdoc: `docId` (and the SDK's local `filePath`, meaningless on the wire). */
export const getRequest = contract(
  object('§7', { header: object('§7', { docId: text('§7'), filePath: sec('§7', { type: 'string' }) }, ['docId']) }, [
    'header',
  ]),
);
/** updateStatus: `docId` as a string (the sample's unquoted number is a bug), status processing/done/fail. */
export const updateStatusRequest = contract(
  object(
    '§7',
    {
      header: object('§7', { docId: text('§7'), status: oneOf('§7', ['processing', 'done', 'fail']) }, [
        'docId',
        'status',
      ]),
    },
    ['header'],
  ),
);
/** sendEdoc: the header and the edXML file's content. */
export const sendRequest = contract(
  object(
    '§7',
    {
      header: object('§7', { from: text('§7'), servicetype: service, messagetype }, [
        'from',
        'servicetype',
        'messagetype',
      ]),
      content: text('§7'),
    },
    ['header', 'content'],
  ),
);

const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: false,
  processEntities: false,
});

/** What a receiving system needs of an edXML file (QCVN 102:2016, domain.md). */
export function edxmlProblems(xml: string, messagetype: string): Problem[] {
  const bad = (message: string): Problem[] => [{ path: '/content', section: '§7', message }];
  // well-formed XML with namespaces (saxes reports unbound prefixes), and no DOCTYPE
  const sax = new SaxesParser({ xmlns: true, position: true });
  const errors: string[] = [];
  sax.on('error', (e) => void errors.push(e.message));
  sax.on('doctype', () => void errors.push('a DOCTYPE is not allowed'));
  sax.write(xml).close();
  if (errors.length) return bad(`not well-formed XML: ${errors[0]}`);
  const root = parser.parse(xml) as Record<string, Record<string, unknown>>;
  const edxml = root['edXML'];
  if (!edxml) return bad('the root element is not edXML');
  if (edxml['@xmlns'] !== EDXML_NS) return bad(`the root's namespace is not ${EDXML_NS}`);
  const env = (edxml['edXML:edXMLEnvelope'] ?? {}) as Record<string, any>;
  const header = env['edXML:edXMLHeader']?.['edXML:MessageHeader'];
  if (!header) return bad('edXMLEnvelope/edXMLHeader/MessageHeader is missing');
  if (!header['edXML:From']?.['edXML:OrganId']) return bad('MessageHeader/From/OrganId is missing');
  const isStatus = header['edXML:StatusCode'] !== undefined;
  if (isStatus !== (messagetype === 'status'))
    return bad(`messagetype "${messagetype}" but the file is ${isStatus ? 'a status packet' : 'a document'}`);
  return [];
}

/**
 * What identifies a message for a receiver that deduplicates: a document by its sender,
 * DocumentId and BussinessDocType; a status packet by its sender, the document it answers, its
 * code and its time. The same message sent twice is delivered once.
 */
export function messageKey(xml: string, messagetype: string): string {
  const p = new XMLParser({ removeNSPrefix: true, processEntities: false, parseTagValue: false });
  const root = (p.parse(xml) as Record<string, any>)['edXML'] ?? {};
  const env = root['edXMLEnvelope'] ?? {};
  const header = env['edXMLHeader']?.['MessageHeader'] ?? {};
  const from = String(header['From']?.['OrganId'] ?? '');
  if (messagetype === 'status')
    return ['status', from, header['ResponseFor']?.['DocumentId'], header['StatusCode'], header['Timestamp']]
      .map(String)
      .join('|');
  const business = env['edXMLHeader']?.['TraceHeaderList']?.['Bussiness'] ?? {};
  return ['edoc', from, header['DocumentId'], business['BussinessDocType'] ?? '0', business['DocumentId'] ?? '']
    .map(String)
    .join('|');
}
