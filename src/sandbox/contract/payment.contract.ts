/**
 * The national payment platform's contract as data (national-contracts.md §6), and PayGov's as
 * domain.md describes it. The checksum rules are written here from the document, independently
 * of the hub's own implementation, so a disagreement shows up as a refusal.
 */
import { createHash } from 'node:crypto';
import { anyText, contract, digits, object, oneOf, sec, stamp, text, list, type Problem } from './validator.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** §6.2: the listed values joined by `|`, the secret key appended after a last `|`, SHA-256 lower hex. */
const maXacThuc = (values: unknown[], key: string) =>
  sha256([...values.map((v) => (v === undefined || v === null ? '' : String(v))), key].join('|'));

export const INIT_ORDER = [
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
];
export const QUERY_ORDER = ['LoaiBanTin', 'PhienBan', 'MaDoiTac', 'MaThamChieu', 'ThoiGianGD'];
/** §6.2: ThoiGianGD before ThongTinGiaoDich, the reverse of INIT. */
export const CONFIRM_ORDER = [
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
];
/** The day's transaction list for reconciliation: not in the contracts document [open], signed the same way. */
export const LIST_ORDER = ['MaDoiTac', 'Ngay'];

export const checksumOf = (order: string[], m: Record<string, unknown>, key: string) =>
  maXacThuc(
    order.map((f) => m[f]),
    key,
  );

/** The fixed values real clients send (§6.1); the double can be told to expect others. */
export interface PlatformExpectations {
  LoaiBanTin: string;
  PhienBan: string;
  LoaiHinhThanhToan: string;
  MaKenhThanhToan: string;
  MaThietBi: string;
  NgonNgu: string;
  MaTienTe: string;
  MaNganHang: string;
}
export const CONTRACT_VALUES: PlatformExpectations = {
  LoaiBanTin: 'INIT',
  PhienBan: '1.0.6',
  LoaiHinhThanhToan: 'PAY',
  MaKenhThanhToan: '1',
  MaThietBi: '1',
  NgonNgu: 'vi-VN',
  MaTienTe: 'VND',
  MaNganHang: 'PAYMENT',
};

/** §6.5 PhiLePhi: OpenCPS "1"/"2" and a number, TD "Phi" and a string (disagreements: both accepted). */
const feeLine = object(
  '§6.5',
  {
    LoaiPhiLePhi: oneOf('§6.5', ['1', '2', 'Phi']),
    MaPhiLePhi: anyText('§6.5'),
    TenPhiLePhi: text('§6.5'),
    SoTien: sec('§6.5', { type: ['string', 'integer'], pattern: '^[0-9]+$' }),
  },
  ['LoaiPhiLePhi', 'TenPhiLePhi', 'SoTien'],
);

const FEE_ONLY = [
  'MaDonVi',
  'TenDonVi',
  'MaHoSo',
  'MaDVC',
  'TenDVC',
  'MaTTHC',
  'TenTTHC',
  'TKThuHuong',
  'MaNHThuHuong',
  'TenTKThuHuong',
];
const FINE_ONLY = [
  'MaLoaiHinhThuPhat',
  'TenLoaiHinhThuPhat',
  'KhoBac',
  'NgayQD',
  'SoQD',
  'ThoiGianViPham',
  'DiaDiemViPham',
  'TenNguoiViPham',
];
const nonEmpty = (fields: string[]) =>
  Object.fromEntries(fields.map((f) => [f, { type: 'string', minLength: 1, 'x-section': '§6.5' }]));

/** §6.5 ThongTinBienLai: the always-mandatory fields, plus those of a fee (MaDichVu 2) or a fine (1). */
const receipt = sec('§6.5', {
  type: 'object',
  properties: {
    MaDichVu: sec('§6.5', { type: ['string', 'integer'], enum: ['1', '2', 1, 2] }),
    ...Object.fromEntries([...FEE_ONLY, ...FINE_ONLY].map((f) => [f, anyText('§6.5')])),
    NgayQD: sec('§6.5', { type: 'string', anyOf: [{ const: '' }, { format: 'vn-date-or-datetime' }] }),
    ThoiGianViPham: sec('§6.5', { type: 'string', anyOf: [{ const: '' }, { format: 'vn-date-or-datetime' }] }),
    MaCoQuanQD: text('§6.5'),
    TenCoQuanQD: text('§6.5'),
    NoiDungThanhToan: text('§6.5'),
    HoTenNguoiNop: text('§6.5'),
    SoCMNDNguoiNop: text('§6.5', { pattern: '^[0-9A-Za-z]+$' }),
    DiaChiNguoiNop: text('§6.5'),
    HuyenNguoiNop: anyText('§6.5'),
    TinhNguoiNop: anyText('§6.5'),
    TaiKhoanThuNSNN: anyText('§6.5'),
    PhiLePhi: list('§6.5', feeLine),
    DSKhoanNop: list('§6.5', object('§6.5', { NoiDung: text('§6.5'), SoTien: digits('§6.5') }, ['NoiDung', 'SoTien']), {
      minItems: 1,
    }),
  },
  required: [
    'MaDichVu',
    'MaCoQuanQD',
    'TenCoQuanQD',
    'NoiDungThanhToan',
    'HoTenNguoiNop',
    'SoCMNDNguoiNop',
    'DiaChiNguoiNop',
    'DSKhoanNop',
  ],
  additionalProperties: false,
  allOf: [
    {
      if: { required: ['MaDichVu'], properties: { MaDichVu: { enum: ['2', 2] } } },
      then: { required: FEE_ONLY, properties: nonEmpty(FEE_ONLY) },
    },
    {
      if: { required: ['MaDichVu'], properties: { MaDichVu: { enum: ['1', 1] } } },
      then: { required: FINE_ONLY, properties: nonEmpty(FINE_ONLY) },
    },
  ],
});

/** §6.1 INIT request, fields in wire order. */
export const initRequest = contract(
  object(
    '§6.1',
    {
      LoaiBanTin: text('§6.1'),
      PhienBan: text('§6.1', { pattern: '^\\d+\\.\\d+\\.\\d+$' }),
      MaDoiTac: text('§6.1'),
      MaThamChieu: text('§6.1', { maxLength: 255 }),
      SoTien: sec('§6.1', { type: 'string', pattern: '^[1-9][0-9]*$' }),
      LoaiHinhThanhToan: text('§6.1'),
      MaKenhThanhToan: text('§6.1'),
      MaThietBi: text('§6.1'),
      NgonNgu: oneOf('§6.1', ['vi-VN', 'en-US']),
      MaTienTe: oneOf('§6.1', ['VND']),
      MaNganHang: text('§6.1'),
      ThongTinGiaoDich: text('§6.1', { maxLength: 255 }),
      ThoiGianGD: stamp('§6.1'),
      Ip: sec('§6.1', { type: 'string', format: 'ipv4' }),
      MaXacThuc: sec('§6.2', { type: 'string', pattern: '^[0-9a-f]{64}$' }),
      ThongTinBienLai: receipt,
    },
    [...INIT_ORDER, 'MaXacThuc', 'ThongTinBienLai'],
  ),
);

/** §6.3 QUERY request (ThoiGianGD is the original INIT time). */
export const queryRequest = contract(
  object(
    '§6.3',
    {
      LoaiBanTin: sec('§6.3', { type: 'string', const: 'QUERY' }),
      PhienBan: text('§6.3'),
      MaDoiTac: text('§6.3'),
      MaThamChieu: text('§6.3'),
      ThoiGianGD: stamp('§6.3'),
      MaXacThuc: sec('§6.2', { type: 'string', pattern: '^[0-9a-f]{64}$' }),
    },
    [...QUERY_ORDER, 'MaXacThuc'],
  ),
);

/** The reconciliation's day list [open: not in the contracts document]. */
export const listRequest = contract(
  object(
    '[open]',
    {
      MaDoiTac: text('[open]'),
      Ngay: sec('[open]', { type: 'string', format: 'vn-date' }),
      MaXacThuc: sec('§6.2', { type: 'string', pattern: '^[0-9a-f]{64}$' }),
    },
    ['MaDoiTac', 'Ngay', 'MaXacThuc'],
  ),
);

/** §6.3 the client's answer to a CONFIRM callback. */
export const callbackReply = contract(
  object(
    '§6.3',
    {
      MaLoi: oneOf('§6.3', ['00', '99']),
      MoTaLoi: anyText('§6.3'),
      MaDoiTac: text('§6.3'),
      MaThamChieu: text('§6.3'),
      ThoiGianGD: stamp('§6.3'),
      MaXacThuc: sec('§6.3', { type: 'string' }),
    },
    ['MaLoi', 'MoTaLoi', 'MaDoiTac', 'MaThamChieu', 'ThoiGianGD', 'MaXacThuc'],
  ),
);

/** What the contract cannot decide about an INIT: recorded, not refused. */
export function initFlags(m: Record<string, unknown>): Problem[] {
  const out: Problem[] = [];
  // OpenCPS cuts references to 20 characters, TD allows 255: the real limit is [open]
  if (String(m['MaThamChieu']).length > 20)
    out.push({ path: '/MaThamChieu', section: '§6.1', message: 'longer than the 20 characters OpenCPS keeps [open]' });
  const r = (m['ThongTinBienLai'] ?? {}) as Record<string, unknown>;
  const lines = Array.isArray(r['DSKhoanNop']) ? (r['DSKhoanNop'] as Array<Record<string, unknown>>) : [];
  const sum = lines.reduce((s, l) => s + BigInt(/^[0-9]+$/.test(String(l['SoTien'])) ? String(l['SoTien']) : '0'), 0n);
  if (sum !== BigInt(/^[0-9]+$/.test(String(m['SoTien'])) ? String(m['SoTien']) : '0')) {
    out.push({
      path: '/ThongTinBienLai/DSKhoanNop',
      section: '§6.5',
      message: `the lines add up to ${sum}, not SoTien ${String(m['SoTien'])} [open]`,
    });
  }
  return out;
}

// PayGov (domain.md "Payments"): not in the contracts document.
export interface PayGovKeys {
  accessKey: string;
  secretKey: string;
}
const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
export const paygovRequestSum = (m: Record<string, unknown>, k: PayGovKeys) =>
  sha256(k.secretKey + k.accessKey + s(m['partnerCode']) + s(m['orderId']) + s(m['requestCode']) + s(m['amount']));
/** The callback's composition is not published [open]: the request's string + transactionNo + payDate + errorCode. */
export const paygovCallbackSum = (m: Record<string, unknown>, k: PayGovKeys) =>
  sha256(
    k.secretKey +
      k.accessKey +
      s(m['partnerCode']) +
      s(m['orderId']) +
      s(m['requestCode']) +
      s(m['amount']) +
      s(m['transactionNo']) +
      s(m['payDate']) +
      s(m['errorCode']),
  );
export const paygovInitRequest = contract(
  object(
    'domain.md',
    {
      partnerCode: text('domain.md'),
      orderId: text('domain.md', { maxLength: 20 }),
      amount: sec('domain.md', { type: 'string', pattern: '^[1-9][0-9]*$' }),
      orderInfo: text('domain.md'),
      requestCode: text('domain.md'),
      checksum: sec('domain.md', { type: 'string', pattern: '^[0-9a-f]{64}$' }),
    },
    ['partnerCode', 'orderId', 'amount', 'orderInfo', 'requestCode', 'checksum'],
  ),
);
