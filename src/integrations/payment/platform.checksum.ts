/**
 * MaXacThuc of the national payment platform (domain.md): hex SHA-256 of the fields, pipe-joined in
 * a fixed order, with the partner's secret key appended as the last element [open: confirm the
 * separator before the key with the platform]. The callback's order differs from the request's:
 * ThoiGianGD comes before ThongTinGiaoDich.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const REQUEST_FIELDS = [
  'LoaiBanTin',
  'PhienBan',
  'MaDoiTac',
  'MaThamChieu',
  'SoTien',
  'LoaiHinhThanhToan',
  'MaKenhThanhToan',
  'MaThietBi',
  'NgonNgu',
  'MaTienTe',
  'MaNganHang',
  'ThongTinGiaoDich',
  'ThoiGianGD',
  'Ip',
] as const;
/** QUERY (status of a transaction, §6.2): ThoiGianGD is the original INIT's. */
export const QUERY_FIELDS = ['LoaiBanTin', 'PhienBan', 'MaDoiTac', 'MaThamChieu', 'ThoiGianGD'] as const;
/** The transaction list a reconciliation asks for: not in domain.md [open], signed the same way. */
export const LIST_FIELDS = ['MaDoiTac', 'Ngay'] as const;
export const CALLBACK_FIELDS = [
  'LoaiBanTin',
  'MaLoi',
  'MaDoiTac',
  'MaThamChieu',
  'SoTien',
  'MaTienTe',
  'MaGiaoDich',
  'MaNganHang',
  'ThoiGianGD',
  'ThongTinGiaoDich',
] as const;

export function checksum(fields: readonly string[], message: Record<string, unknown>, secretKey: string): string {
  const joined = [...fields.map((f) => String(message[f] ?? '')), secretKey].join('|');
  return createHash('sha256').update(joined, 'utf8').digest('hex');
}

/** Constant-time comparison of a received MaXacThuc with the expected one. */
export function checksumMatches(
  fields: readonly string[],
  message: Record<string, unknown>,
  secretKey: string,
): boolean {
  const given = String(message['MaXacThuc'] ?? '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(checksum(fields, message, secretKey), 'hex'));
}
