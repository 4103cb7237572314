/**
 * SMS through a brand-name gateway. `SmsGateway` is what the notifications need; the one provider
 * spoken today is eSMS's JSON API (SendMultipleMessage_V4_post_json, customer-care messages,
 * SmsType 2, without diacritics). Another carrier's gateway is another class with this interface.
 * The notification's id is the RequestId: a message sent again after a lost answer is refused
 * by the gateway as a duplicate (124), which means it went out the first time.
 */
import type { MeetingsConfig } from '../../config/meetings.js';
import { httpCall, jsonOf, UpstreamRefusedError, UpstreamTransientError } from '../../integrations/http.js';
import { withoutAddresses } from './redact.js';

interface SmsGateway {
  /** Sends one message; returns the gateway's message id. Throws UpstreamRefusedError (for good) or UpstreamTransientError. */
  send(m: { phone: string; content: string; requestId: string }): Promise<string>;
}

/** 103: not enough balance (someone tops it up): worth retrying; every other refusal is for good. */
const TRANSIENT_CODES = new Set(['103']);

/** A Vietnamese mobile number as the gateways take it: 84 and nine digits. */
function gatewayPhone(phone: string): string {
  const digits = phone.replace(/[\s.+-]/g, '');
  return digits.startsWith('0') ? `84${digits.slice(1)}` : digits;
}

class EsmsGateway implements SmsGateway {
  constructor(private readonly c: MeetingsConfig['sms']) {}

  async send(m: { phone: string; content: string; requestId: string }): Promise<string> {
    if (!this.c.url) throw new UpstreamRefusedError('NOT_CONFIGURED', 'SMS_URL is not configured: no SMS is sent');
    const what = 'the SMS gateway';
    const answer = await httpCall(what, `${this.c.url}/MainService.svc/json/SendMultipleMessage_V4_post_json/`, {
      timeoutMs: 10_000,
      body: {
        ApiKey: this.c.apiKey,
        SecretKey: this.c.secretKey,
        Brandname: this.c.brandname,
        SmsType: '2',
        IsUnicode: '0',
        Phone: gatewayPhone(m.phone),
        Content: m.content,
        RequestId: m.requestId,
      },
    });
    const r = jsonOf(what, answer);
    const code = String(r['CodeResult'] ?? '');
    if (code === '100') return String(r['SMSID'] ?? m.requestId);
    if (code === '124') return `request:${m.requestId}`;
    const message = withoutAddresses(
      `${what} refused the message: ${code} ${String(r['ErrorMessage'] ?? r['error'] ?? '')}`.trim(),
    );
    if (TRANSIENT_CODES.has(code)) throw new UpstreamTransientError(message);
    throw new UpstreamRefusedError(code || 'UNKNOWN', message);
  }
}

/** The gateway of this configuration (eSMS's API today; another carrier's is another class here). */
export const smsGateway = (c: MeetingsConfig['sms']): SmsGateway => new EsmsGateway(c);
