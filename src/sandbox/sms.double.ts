/**
 * An SMS brand-name gateway as a strict double, after eSMS's JSON API (the provider the hub's
 * SMS client speaks first): POST /MainService.svc/json/SendMultipleMessage_V4_post_json/ with
 * ApiKey, SecretKey, Brandname, SmsType "2" (customer care), Phone, Content, IsUnicode, RequestId;
 * it answers { CodeResult, SMSID } or { CodeResult, ErrorMessage }. What it refuses, as the real
 * gateway does (its table of error codes): 101 wrong keys, 104 a brand name not registered, 108
 * a phone number not in a Vietnamese mobile format, 124 a RequestId seen before, 146 a content
 * matching no registered customer-care template, 300 no message type. Customer-care templates are
 * registered with the carriers word for word, without diacritics (IsUnicode 0): the double holds
 * the registrations (SMS_TEMPLATES), not the hub's own templates, so a template the hub changes
 * without registering it again is refused here as it would be there.
 */
import express from 'express';
import type { Answer, Double } from './double.js';

const SMS_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';

export interface SmsDoubleOptions {
  apiKey: string;
  secretKey: string;
  brandnames: string[];
  /** the customer-care templates registered, `{x}` standing for a value of 1 to 60 characters */
  templates: string[];
}

/** What the city registered (the sandbox's registrations: a copy of the letter to the carriers). */
export const SMS_TEMPLATES = [
  '{x} moi {x} du hop: {x}. Bat dau {x}. Chi tiet tren he thong.',
  'Cuoc hop {x} (bat dau {x}) da bi huy. Ly do: {x}',
  '{x} de nghi {x} cho y kien ve: {x}. Han {x}.',
  'Nhac: phieu lay y kien {x} het han {x}. De nghi cho y kien.',
  'Phieu lay y kien {x} da qua han {x}, chua co y kien cua {x}.',
  'Nhiem vu {x} (han {x}) da qua han, chua hoan thanh.',
];

const pattern = (t: string) =>
  new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{x\}/g, '.{1,60}')}$`, 's');

const code = (CodeResult: string, ErrorMessage?: string, SMSID?: string): Answer => ({
  json: { CodeResult, CountRegenerate: 0, ...(ErrorMessage ? { ErrorMessage } : {}), ...(SMSID ? { SMSID } : {}) },
});

export function smsRoutes(d: Double, o: SmsDoubleOptions): express.Router {
  const router = express.Router();
  const templates = o.templates.map(pattern);
  router.post(SMS_PATH, express.json({ limit: '64kb' }), async (req, res) => {
    await d.serve(
      'sms.send',
      res,
      (m) => code('99', m),
      () => {
        const b = (req.body ?? {}) as Record<string, unknown>;
        const str = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
        if (str('ApiKey') !== o.apiKey || str('SecretKey') !== o.secretKey) return code('101', 'Authorize Failed');
        d.received('sms.send', 'direct', { ...b, ApiKey: '***', SecretKey: '***' });
        const refuse = (c: string, message: string) => {
          d.violation('sms', 'send', [{ path: `/CodeResult/${c}`, section: 'eSMS error codes', message }]);
          return code(c, message);
        };
        if (!str('SmsType')) return refuse('300', 'Missing message type');
        if (str('SmsType') !== '2') return refuse('301', 'Only customer-care messages (SmsType 2) are registered');
        if (!o.brandnames.includes(str('Brandname'))) return refuse('104', 'Brand name code is not exist');
        if (!/^(84|0)(3|5|7|8|9)\d{8}$/.test(str('Phone')))
          return refuse('108', 'Phone number is not in correct format');
        const unicode = str('IsUnicode') === '1';
        const content = str('Content');
        if (!unicode && /[^\x20-\x7e\n]/.test(content))
          return refuse('146', 'Sai template Brandname CSKH (IsUnicode 0 with characters outside the GSM set)');
        if (!content || !templates.some((t) => t.test(content))) return refuse('146', 'Sai template Brandname CSKH');
        const requestId = str('RequestId');
        if (requestId && d.store.sms.some((m) => m['RequestId'] === requestId)) return code('124', 'Request exist 1');
        const SMSID = d.newId();
        d.store.sms.push({
          SMSID,
          RequestId: requestId,
          Phone: str('Phone'),
          Content: content,
          Brandname: str('Brandname'),
        });
        return code('100', undefined, SMSID);
      },
    );
  });
  return router;
}
