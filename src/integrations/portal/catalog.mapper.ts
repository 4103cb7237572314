/**
 * LayThuTuc's procedure (national-contracts.md §5: upper-case fields, `result[]`) as the hub's
 * catalog entry. What the portal does not say is not invented: the online level is derived from
 * the channels offered (KENH 2 = online) and kept as an admin set it once the procedure exists.
 */
import { BadUserInputError } from '../../common/errors.js';

export interface CatalogEntry {
  code: string;
  portalId: string | null;
  name: string;
  fieldCode: string;
  fieldName: string | null;
  processingDays: number;
  /** derived from the channels (§5 KENH); the import applies them to new procedures only */
  onlineLevel: number;
  onlineType: 'FULL' | 'PARTIAL' | 'NONE';
  /** TRANGTHAI 1: public and in force; anything else ends the procedure's validity */
  active: boolean;
  /** the earliest NGAYHIEULUC of its legal basis, when readable */
  inForceSince: Date | null;
  agencyCodes: string[];
  resultCode: string | null;
  fees: Array<{ kind: 'FEE' | 'CHARGE'; amount: bigint; description: string; code: string | null }>;
}

type Node = Record<string, unknown>;
const arr = (v: unknown): Node[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Node[]) : []);
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).normalize('NFC').trim() : '');
/** KENH, THOIGIANGIAIQUYET and SOTIEN are numbers for OpenCPS and strings for TD (§5): both are read. */
const num = (v: unknown): number | null => {
  const s = str(v).replace(',', '.');
  return s !== '' && Number.isFinite(Number(s)) ? Number(s) : null;
};

/** NGAYHIEULUC: dd/MM/yyyy in the composed example, format [open]; yyyy-MM-dd and yyyyMMdd read too. */
function legalDate(v: unknown): Date | null {
  const s = str(v);
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s) ?? null;
  const [y, mo, d] = m ? [m[3], m[2], m[1]] : (/^(\d{4})-?(\d{2})-?(\d{2})/.exec(s)?.slice(1) ?? []);
  if (!y) return null;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d) ? null : date;
}

export const PROCEDURE_CODE = /^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$/;

/** One entry, or a BAD_USER_INPUT naming what is wrong with it (the import skips it and says why). */
export function fromLayThuTuc(p: Node): CatalogEntry {
  const code = str(p['MATTHC']);
  const fail = (what: string) => new BadUserInputError(`LayThuTuc ${code || '(no MATTHC)'}: ${what}`);
  if (!PROCEDURE_CODE.test(code)) throw fail('MATTHC is not a procedure code');
  const name = str(p['TENTTHC']);
  if (!name) throw fail('TENTTHC is empty');
  const field = arr(p['LINHVUCTHUCHIEN'])[0];
  if (!field || !str(field['MALINHVUC'])) throw fail('LINHVUCTHUCHIEN has no MALINHVUC');

  const ways = arr(p['CACHTHUCTHUCHIEN']);
  const channels = new Set(ways.map((w) => num(w['KENH'])));
  // the online channel's time and fees when there is one (the hub's dossiers are sent to the portal)
  const way = ways.find((w) => num(w['KENH']) === 2) ?? ways.find((w) => num(w['KENH']) === 1) ?? ways[0];
  const time = arr(way?.['THOIGIAN'])[0];
  const amount = num(time?.['THOIGIANGIAIQUYET']);
  const unit = str(time?.['DONVITINH']).toLowerCase();
  let days: number | null = null;
  if (amount !== null && unit.includes('giờ')) days = Math.ceil(amount / 8);
  else if (amount !== null && (unit.includes('ngày') || unit === '')) days = Math.ceil(amount);
  if (days === null) throw fail(`the time limit "${str(time?.['THOIGIANGIAIQUYET'])} ${unit}" is not in days or hours`);
  if (days < 1 || days > 365) throw fail(`the time limit of ${days} working days is outside 1 to 365`);

  const fees = arr(time?.['PHILEPHI']).map((f) => {
    const sotien = num(f['SOTIEN']);
    if (sotien === null || !Number.isInteger(sotien) || sotien < 0)
      throw fail(`SOTIEN "${str(f['SOTIEN'])}" is not whole đồng`);
    const description = str(f['MOTA']) || 'Phí, lệ phí';
    // LayThuTuc does not say phí or lệ phí: the description does ("Lệ phí …", "Phí …")
    const kind: 'FEE' | 'CHARGE' = /^phí(\s|$)/i.test(description) ? 'FEE' : 'CHARGE';
    return { kind, amount: BigInt(sotien), description, code: str(f['MAPHILEPHI']) || null };
  });
  const since = arr(p['CANCUPHAPLY'])
    .map((b) => legalDate(b['NGAYHIEULUC']))
    .filter((d): d is Date => d !== null)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  return {
    code,
    portalId: str(p['ID']) || null,
    name,
    fieldCode: str(field['MALINHVUC']),
    fieldName: str(field['TENLINHVUC']) || null,
    processingDays: days,
    onlineLevel: channels.has(2) ? 3 : 2,
    onlineType: channels.has(2) ? 'PARTIAL' : 'NONE',
    active: str(p['TRANGTHAI']) === '1',
    inForceSince: since ?? null,
    agencyCodes: arr(p['COQUANTHUCHIEN'])
      .map((a) => str(a['MADONVI']))
      .filter(Boolean),
    resultCode: str(arr(p['KETQUATHUCHIEN'])[0]?.['MAKETQUA']) || null,
    fees,
  };
}
