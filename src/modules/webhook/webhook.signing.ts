/**
 * Webhook signatures: `X-LTH-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * Each agency's secret is derived from WEBHOOK_SIGNING_KEY and a version, so no secret is stored;
 * re-registering the webhook bumps the version and the old secret stops working.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function webhookSecret(signingKey: string, agencyId: string, version: number): string {
  return `whsec_${createHmac('sha256', signingKey).update(`${agencyId}:${version}`).digest('base64url')}`;
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time, refusing stale timestamps. */
export function verifyWebhook(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, t, body).split('v1=')[1]!, 'hex');
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
}
