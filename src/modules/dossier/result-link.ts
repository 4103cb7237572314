/**
 * The link from which the portal (and the citizen through it) downloads a dossier's result file
 * (DuongDanTepTinKetQua must be publicly downloadable, contracts §2.3b): PUBLIC_URL +
 * /files/results/<result id>/<HMAC of the id>. The HMAC's key is derived from WEBHOOK_SIGNING_KEY
 * for this use only; without both settings no link is made and the result is not sent.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config/config.js';

const sign = (key: string, id: string) =>
  createHmac('sha256', key).update(`dossier-result-link:${id}`).digest('base64url');

export function resultLink(config: Config, resultId: string): string | null {
  const key = config.webhooks.signingKey;
  if (!key || !config.publicUrl) return null;
  return `${config.publicUrl}/files/results/${resultId}/${sign(key, resultId)}`;
}

export function resultLinkValid(config: Config, resultId: string, signature: string): boolean {
  const key = config.webhooks.signingKey;
  if (!key || !/^[0-9a-f-]{36}$/i.test(resultId)) return false;
  const expected = Buffer.from(sign(key, resultId));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
