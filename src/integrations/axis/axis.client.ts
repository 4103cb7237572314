/**
 * The national document axis (VXP) at the SDK level of national-contracts.md §7: the received
 * list per message type, getEdoc, updateStatus (processing, done, fail) and sendEdoc. How the
 * SDK's calls travel over HTTP is [open]: the mapping is AXIS_WIRE in src/config/national.ts.
 */
import type { Config } from '../../config/config.js';
import { AXIS_WIRE } from '../../config/national.js';
import { UpstreamRefusedError, UpstreamTransientError, httpCall, jsonOf } from '../http.js';

type MessageType = 'edoc' | 'status';

export interface AxisClient {
  /** sendEdoc: the axis's id of the sent message */
  send(xml: string, messagetype: MessageType): Promise<string>;
  /** getReceivedEdocList: the ids waiting for the hub */
  received(messagetype: MessageType): Promise<string[]>;
  /** getEdoc: the edXML file */
  get(id: string): Promise<string>;
  /** updateStatus: the acknowledgement after fetching */
  ack(id: string, status: 'processing' | 'done' | 'fail'): Promise<void>;
}

export function createAxisClient(cfg: Config['axis'] & { url: string }, timeoutMs: number): AxisClient {
  const call = async (operation: string, body: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const a = await httpCall('the document axis', `${cfg.url.replace(/\/$/, '')}${AXIS_WIRE.path}/${operation}`, {
      body,
      headers: { [AXIS_WIRE.headers.systemId]: cfg.systemId, [AXIS_WIRE.headers.secret]: cfg.secret },
      timeoutMs,
    });
    const r = jsonOf('the document axis', a);
    if (r['status'] !== 'OK')
      throw new UpstreamRefusedError(
        String(r['errorCode'] ?? a.status),
        String(r['errorDesc'] ?? `${operation} failed`),
      );
    return r;
  };
  return {
    async send(xml, messagetype) {
      const r = await call('sendEdoc', {
        header: { from: cfg.systemId, servicetype: 'eDoc', messagetype },
        content: xml,
      });
      return String(r['docID'] ?? '');
    },
    async received(messagetype) {
      const r = await call('getReceivedEdocList', { header: { servicetype: 'eDoc', messagetype } });
      if (!Array.isArray(r['knobsticks']))
        throw new UpstreamTransientError('getReceivedEdocList answered without knobsticks');
      return (r['knobsticks'] as Array<Record<string, unknown>>).map((k) => String(k['id'] ?? '')).filter(Boolean);
    },
    async get(id) {
      const r = await call('getEdoc', { header: { docId: id } });
      if (typeof r['data'] !== 'string') throw new UpstreamTransientError(`getEdoc ${id} answered without data`);
      return r['data'];
    },
    async ack(id, status) {
      await call('updateStatus', { header: { docId: id, status } });
    },
  };
}
