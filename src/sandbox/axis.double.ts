/**
 * The national document axis (VXP) as a strict double at the SDK level of §7: received lists per
 * message type, getEdoc, updateStatus (processing/done/fail), sendEdoc. Its HTTP mapping is the
 * [open] choice in contract/axis.contract.ts. Every call is authenticated by system id and secret.
 */
import express from 'express';
import {
  AXIS_HEADERS,
  AXIS_PATH,
  edxmlProblems,
  getRequest,
  messageKey,
  receivedListRequest,
  sendRequest,
  updateStatusRequest,
} from './contract/axis.contract.js';
import { explain, type Check, type Problem } from './contract/validator.js';
import type { Answer, AxisItem, Double } from './double.js';

export interface AxisDoubleOptions {
  systemId: string;
  secret: string;
}

const FAIL = (errorDesc: string, errorCode = '1'): Answer => ({ json: { status: 'FAIL', errorCode, errorDesc } });

export function axisRoutes(d: Double, o: AxisDoubleOptions): express.Router {
  const router = express.Router();
  const refuse = (service: string, problems: Problem[]): Answer => {
    d.violation('axis', service, problems);
    return FAIL(`Dữ liệu không hợp lệ: ${explain(problems)}`);
  };
  const op = (name: string, check: Check, run: (b: Record<string, any>) => Answer) =>
    router.post(`${AXIS_PATH}/${name}`, express.json({ limit: '40mb' }), async (req, res) => {
      if (req.headers[AXIS_HEADERS.systemId] !== o.systemId || req.headers[AXIS_HEADERS.secret] !== o.secret)
        return void res.status(401).json(FAIL('systemId hoặc secret không đúng', '401').json);
      await d.serve(
        `axis.${name}`,
        res,
        (m) => FAIL(m),
        () => {
          const body = (req.body ?? {}) as Record<string, any>;
          d.received(`axis.${name}`, 'sdk', name === 'sendEdoc' ? { header: body['header'] } : body);
          const problems = check(body);
          return problems.length ? refuse(name, problems) : run(body);
        },
      );
    });

  const find = (id: string) => d.store.axis.inbox.find((i) => i.id === id);
  op('getReceivedEdocList', receivedListRequest, (b) => ({
    json: {
      status: 'OK',
      errorDesc: '',
      knobsticks: d.store.axis.inbox
        .filter(
          (i) => i.messagetype === b['header']['messagetype'] && (i.status === 'new' || i.status === 'processing'),
        )
        .map((i) => ({ id: i.id, messagetype: i.messagetype })),
    },
  }));
  op('getEdoc', getRequest, (b) => {
    const item = find(b['header']['docId']);
    return item ? { json: { status: 'OK', errorDesc: '', data: item.package } } : FAIL('Không tìm thấy văn bản', '404');
  });
  op('updateStatus', updateStatusRequest, (b) => {
    const item = find(b['header']['docId']);
    if (!item) return FAIL('Không tìm thấy văn bản', '404');
    item.status = b['header']['status'];
    return { json: { status: 'OK', errorDesc: '', errorCode: '0' } };
  });
  op('sendEdoc', sendRequest, (b) => {
    const problems = edxmlProblems(b['content'], b['header']['messagetype']);
    if (problems.length) return refuse('sendEdoc', problems);
    // the same message again is delivered once: the receiver deduplicates
    const key = messageKey(b['content'], b['header']['messagetype']);
    const earlier = d.store.axis.sent.find((i) => i.key === key);
    if (earlier) {
      d.store.axis.repeated++;
      return { json: { status: 'OK', errorDesc: '', docID: earlier.id } };
    }
    const item: AxisItem = {
      id: d.newId(),
      messagetype: b['header']['messagetype'],
      package: b['content'],
      status: 'done',
      key,
    };
    d.store.axis.sent.push(item);
    return { json: { status: 'OK', errorDesc: '', docID: item.id } };
  });

  router.get('/__sandbox/axis', (_req, res) => void res.json(d.store.axis));
  /** A test puts a package in the hub's inbox on the axis, as another system would send it. */
  router.post('/__sandbox/axis/inbox', express.text({ type: () => true, limit: '40mb' }), (req, res) => {
    const xml = String(req.body ?? '');
    const messagetype = req.query['messagetype'] === 'status' || /<(?:\w+:)?StatusCode>/.test(xml) ? 'status' : 'edoc';
    const item: AxisItem = { id: d.newId(), messagetype, package: xml, status: 'new' };
    d.store.axis.inbox.push(item);
    res.json({ id: item.id });
  });
  return router;
}
