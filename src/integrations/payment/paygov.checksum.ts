/**
 * PayGov's checksums (domain.md): hex SHA-256 of the plain concatenation
 *   request:  secretKey + accessKey + partnerCode + orderId + requestCode + amount
 *   callback: the request's string + transactionNo + payDate + errorCode
 * The callback's composition is not published [open: confirm with the provincial gateway]; the
 * hub signs over what changes the outcome (transaction, date, error code) so none of them can be
 * altered unnoticed. Both live here and nowhere else.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface PayGovKeys {
  accessKey: string;
  secretKey: string;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export function paygovRequestChecksum(m: Record<string, unknown>, keys: PayGovKeys): string {
  return sha256(
    keys.secretKey +
      keys.accessKey +
      str(m['partnerCode']) +
      str(m['orderId']) +
      str(m['requestCode']) +
      str(m['amount']),
  );
}

export function paygovCallbackChecksum(m: Record<string, unknown>, keys: PayGovKeys): string {
  return sha256(
    keys.secretKey +
      keys.accessKey +
      str(m['partnerCode']) +
      str(m['orderId']) +
      str(m['requestCode']) +
      str(m['amount']) +
      str(m['transactionNo']) +
      str(m['payDate']) +
      str(m['errorCode']),
  );
}

/** Constant-time comparison of a received `checksum` with the expected one. */
export function paygovChecksumMatches(expected: string, m: Record<string, unknown>): boolean {
  const given = str(m['checksum']).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
}
