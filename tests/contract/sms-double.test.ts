/**
 * The SMS gateway double against eSMS's published contract (SendMultipleMessage_V4_post_json and
 * its table of error codes): it refuses what the gateway refuses, with the gateway's codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_SMS, startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox.server.js';

let sandbox: RunningSandbox;
const good = {
  ApiKey: SANDBOX_SMS.apiKey,
  SecretKey: SANDBOX_SMS.secretKey,
  Brandname: 'UBND HP',
  SmsType: '2',
  IsUnicode: '0',
  Phone: '84912345678',
  Content: 'Nhac: phieu lay y kien Du thao Quy che het han 17:00 05/12/2026. De nghi cho y kien.',
  RequestId: 'req-1',
};
const send = async (body: Record<string, unknown>) =>
  (
    await fetch(`${sandbox.url}/MainService.svc/json/SendMultipleMessage_V4_post_json/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json() as Promise<Record<string, unknown>>;

beforeAll(async () => {
  sandbox = await startSandbox(0);
});
afterAll(() => sandbox?.close());

describe('the SMS brand-name gateway (eSMS)', () => {
  it('takes a registered customer-care message once, by its RequestId', async () => {
    expect(await send(good)).toMatchObject({ CodeResult: '100', SMSID: expect.any(String) });
    expect(await send(good)).toMatchObject({ CodeResult: '124' });
    expect(sandbox.store.sms).toHaveLength(1);
  });

  it.each([
    ['wrong keys', { SecretKey: 'nope-nope' }, '101'],
    ['a brand name not registered', { Brandname: 'HUB' }, '104'],
    ['a landline', { Phone: '02253841234' }, '108'],
    ['no message type', { SmsType: undefined }, '300'],
    [
      'diacritics with IsUnicode 0',
      { Content: 'Nhắc: phiếu lấy ý kiến Dự thảo hết hạn 17:00 05/12/2026. Đề nghị cho ý kiến.' },
      '146',
    ],
    ['a text no template was registered for', { Content: 'Xin chao' }, '146'],
    [
      'a value longer than a template slot',
      { Content: `Nhac: phieu lay y kien ${'x'.repeat(61)} het han 1. De nghi cho y kien.` },
      '146',
    ],
  ])('refuses %s', async (_what, change, code) => {
    const before = sandbox.store.sms.length;
    expect(await send({ ...good, RequestId: `req-${code}-${Math.random()}`, ...change })).toMatchObject({
      CodeResult: code,
    });
    expect(sandbox.store.sms).toHaveLength(before);
  });
});
