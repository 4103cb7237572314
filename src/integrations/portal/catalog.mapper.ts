/** LayThuTuc's procedures as the hub's catalog entries (the sandbox's shape; the real portal's may differ [open]). */
import { BadUserInputError } from '../../common/errors.js';

export interface CatalogEntry {
  code: string;
  name: string;
  fieldCode: string;
  fieldName: string | null;
  processingDays: number;
  onlineLevel: number;
  onlineType: 'FULL' | 'PARTIAL' | 'NONE';
  validFrom: Date;
  validTo: Date | null;
  agencyCodes: string[];
  fees: Array<{ kind: 'FEE' | 'CHARGE'; amount: bigint; description: string }>;
}

const ONLINE: Record<string, CatalogEntry['onlineType']> = { TOAN_TRINH: 'FULL', MOT_PHAN: 'PARTIAL', KHONG: 'NONE' };

function date(v: unknown): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(String(v ?? ''));
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : null;
}

/** One entry, or a BAD_USER_INPUT naming what is wrong with it (the import skips it and says why). */
export function fromLayThuTuc(p: Record<string, unknown>): CatalogEntry {
  const code = String(p['MaTTHC'] ?? '');
  const fail = (what: string) => new BadUserInputError(`LayThuTuc ${code || '(no MaTTHC)'}: ${what}`);
  if (!/^\d\.\d{6}$/.test(code)) throw fail('MaTTHC is not a procedure code');
  const days = Number(p['ThoiHanGiaiQuyet']);
  if (!Number.isInteger(days) || days < 1) throw fail('ThoiHanGiaiQuyet is not a number of working days');
  const level = Number(p['MucDo'] ?? 2);
  const validFrom = date(p['HieuLucTu']);
  if (!validFrom) throw fail('HieuLucTu is not a yyyyMMdd date');
  const fees = (Array.isArray(p['PhiLePhi']) ? (p['PhiLePhi'] as Array<Record<string, unknown>>) : []).map((f) => {
    const amount = Number(f['MucPhi']);
    if (!Number.isInteger(amount) || amount < 0) throw fail('MucPhi is not whole đồng');
    return { kind: String(f['LoaiPhiLePhi']) === '1' ? ('FEE' as const) : ('CHARGE' as const), amount: BigInt(amount), description: String(f['MoTa'] ?? '') || 'Phí, lệ phí' };
  });
  return {
    code,
    name: String(p['TenTTHC'] ?? '').trim() || code,
    fieldCode: String(p['MaLinhVuc'] ?? '').trim() || 'KHAC',
    fieldName: p['TenLinhVuc'] ? String(p['TenLinhVuc']) : null,
    processingDays: days,
    onlineLevel: level >= 1 && level <= 4 ? level : 2,
    onlineType: ONLINE[String(p['HinhThuc'])] ?? 'NONE',
    validFrom,
    validTo: date(p['HieuLucDen']),
    agencyCodes: Array.isArray(p['CoQuanThucHien']) ? (p['CoQuanThucHien'] as unknown[]).map(String) : [],
    fees,
  };
}
