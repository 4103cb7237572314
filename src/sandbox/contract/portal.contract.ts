/**
 * The National Public Service Portal's contract as data (national-contracts.md §1-§5): what real
 * clients send, field by field. Where the sources disagree or the document says [open], the
 * double takes the strictest reading that a real client still satisfies, and what it cannot
 * decide is a flag (recorded, not refused). Nothing here comes from the hub's code.
 */
import {
  anyText,
  contract,
  digits,
  isPortalTimestamp,
  list,
  object,
  oneOf,
  sec,
  stamp,
  stampOrEmpty,
  text,
  type Check,
  type Problem,
} from './validator.js';

/** §1.1 login body. */
export const loginRequest = contract(
  object('§1.1', { username: text('§1.1'), password: text('§1.1') }, ['username', 'password']),
);

const envelope = (
  section: string,
  service: string,
  rest: Record<string, Record<string, unknown>>,
  required: string[],
) =>
  object(
    section,
    {
      session: text('§1.3'),
      madonvi: text('§1.3'),
      service: sec(section, { type: 'string', const: service }),
      ...rest,
    },
    ['session', 'madonvi', 'service', ...required],
  );

/** §2.3 TaiLieuNop item. */
const submittedFile = object(
  '§2.3',
  {
    TepDinhKemId: anyText('§2.3'),
    TenTepDinhKem: text('§2.3', { maxLength: 4000 }),
    IsDeleted: oneOf('§2.3', ['True', 'False']),
    MaThanhPhanHoSo: anyText('§2.3'),
    DuongDanTaiTepTin: sec('§2.3', { type: 'string', format: 'http-url' }),
    DuocSoHoa: oneOf('§2.3', ['0', '1']),
    DuocTaiSuDung: oneOf('§2.3', ['0', '1', '2']),
    DuocLayTuKhoDMQG: oneOf('§2.3', ['0', '1']),
    MaKetQuaThayThe: anyText('§2.3'),
  },
  ['TepDinhKemId', 'TenTepDinhKem', 'IsDeleted', 'MaThanhPhanHoSo', 'DuongDanTaiTepTin'],
);

/** §2.3b DanhSachGiayToKetQua item. */
const resultFile = object(
  '§2.3b',
  {
    TenGiayTo: text('§2.3b', { maxLength: 2000 }),
    MaThanhPhanHoSo: anyText('§2.3b'),
    GiayToId: anyText('§2.3b'),
    DuongDanTepTinKetQua: sec('§2.3b', { type: 'string', format: 'http-url' }),
    MaGiayToKetQua: anyText('§2.3b'),
  },
  ['TenGiayTo', 'DuongDanTepTinKetQua'],
);

/** §2.4 DanhSachLePhi item (Gia is a string of whole đồng). */
const fee = object(
  '§2.4',
  {
    TenPhiLePhi: text('§2.4'),
    MaPhiLePhi: text('§2.4'),
    HinhThucThu: text('§2.4'),
    Gia: digits('§2.4'),
    LoaiPhiLePhi: oneOf('§2.4', ['1', '2']),
  },
  ['TenPhiLePhi', 'MaPhiLePhi', 'HinhThucThu', 'Gia', 'LoaiPhiLePhi'],
);

/**
 * §2.5 DanhSachHoSoBoSung item. The TD DTO's non-nullable members (int, bool, DateTime) are
 * always serialised, so they are required; their wire formats are [open]: dates are checked as
 * flags, not refusals.
 */
const supplement = object(
  '§2.5',
  {
    HoSoBoSungId: sec('§2.5', { type: 'integer' }),
    NguoiYeuCauBoSung: anyText('§2.5'),
    NoiDungBoSung: anyText('§2.5'),
    NgayBoSung: anyText('§2.5'),
    NguoiTiepNhanBoSung: sec('§2.5', { type: ['string', 'null'] }),
    ThongTinTiepNhan: sec('§2.5', { type: ['string', 'null'] }),
    NgayTiepNhanBoSung: sec('§2.5', { type: ['string', 'null'] }),
    TrangThaiBoSung: sec('§2.5', { type: ['boolean', 'string'] }),
    DanhSachGiayToBoSung: list('§2.5', submittedFile),
    DanhSachLePhiBoSung: list('§2.5', fee),
    NgayHenTraTruoc: anyText('§2.5'),
    NgayHenTraMoi: sec('§2.5', { type: ['string', 'null'] }),
  },
  ['HoSoBoSungId', 'NoiDungBoSung', 'NgayBoSung', 'TrangThaiBoSung', 'NgayHenTraTruoc', 'NgayHenTraMoi'],
);

const TRANG_THAI = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];

/**
 * Fields only TD sends (marked "Y (TD)"): OpenCPS (2020-21) omits them, and whether the portal
 * requires them is [open] (§8.9). The double requires them unless told to accept OpenCPS's shape.
 */
const NEWER_FIELDS = [
  'SoGiayToChuHoSo',
  'NoiNopHoSo',
  'HoSoCoThanhPhanSoHoa',
  'TaiKhoanDuocXacThucVoiVNeID',
  'DuocThanhToanTrucTuyen',
  'DinhDanhCHS',
  'NgayNopHoSo',
  'DSKetNoiCSDL',
];

/** §2.2 dossier item: fields marked Y (and TD's Y) are required; "Y/''" may be empty. */
const dossierItemSchema = object(
  '§2.2',
  {
    MaHoSo: text('§2.2', { maxLength: 100 }),
    MaTTHC: text('§2.2'),
    TenTTHC: text('§2.2'),
    MaLinhVuc: text('§2.2'),
    TenLinhVuc: text('§2.2'),
    KenhThucHien: sec('§2.2', { type: ['string', 'null'], enum: ['1', '2', '3', null] }),
    SoBienNhan: anyText('§2.2'),
    ChuHoSo: anyText('§2.2'),
    SoGiayToChuHoSo: anyText('§2.2'),
    LoaiDoiTuong: oneOf('§2.2', ['1', '2', '3', '4']),
    MaDoiTuong: sec('§2.2', { type: ['string', 'null'] }),
    ThongTinKhac: anyText('§2.2'),
    Email: anyText('§2.2'),
    Fax: anyText('§2.2'),
    SoDienThoai: anyText('§2.2'),
    TrichYeuHoSo: text('§2.2', { maxLength: 1000 }),
    NgayTiepNhan: stamp('§2.2'),
    NgayHenTra: stampOrEmpty('§2.2'),
    TrangThaiHoSo: oneOf('§2.6', TRANG_THAI),
    NgayTra: stampOrEmpty('§2.2'),
    ThongTinTra: anyText('§2.2'),
    HinhThuc: oneOf('§2.2', ['0', '1']),
    NgayKetThucXuLy: stampOrEmpty('§2.2'),
    DonViXuLy: text('§2.2'),
    GhiChu: anyText('§2.2'),
    TaiLieuNop: list('§2.3', submittedFile),
    DanhSachLePhi: list('§2.4', fee),
    DanhSachTepDinhKemKhac: list(
      '§2.2',
      object(
        '§2.2',
        {
          TenGiayTo: text('§2.2'),
          SoLuong: sec('§2.2', { type: 'integer', minimum: 0 }),
          LoaiGiayTo: sec('§2.2', { type: 'integer' }),
        },
        ['TenGiayTo', 'SoLuong', 'LoaiGiayTo'],
      ),
    ),
    DanhSachHoSoBoSung: list('§2.5', supplement),
    DanhSachGiayToKetQua: list('§2.3b', resultFile),
    NoiNopHoSo: text('§2.2'),
    HoSoCoThanhPhanSoHoa: oneOf('§2.2', ['0', '1']),
    TaiKhoanDuocXacThucVoiVNeID: oneOf('§2.2', ['0', '1']),
    DuocThanhToanTrucTuyen: oneOf('§2.6', ['0', '1', '2', '3']),
    NgayTuChoi: sec('§2.2', { type: ['string', 'null'], format: 'vn-datetime-or-empty' }),
    DinhDanhCHS: list(
      '§2.2',
      object('§2.2', { LoaiDinhDanh: digits('§2.2'), SoDinhDanh: text('§2.2', { pattern: '^[0-9A-Za-z]+$' }) }, [
        'LoaiDinhDanh',
        'SoDinhDanh',
      ]),
    ),
    NgayNopHoSo: stamp('§2.2'),
    DSKetNoiCSDL: list('§2.2', object('§2.2', { MaCSDL: text('§2.2') }, ['MaCSDL'])),
  },
  [
    'MaHoSo',
    'MaTTHC',
    'TenTTHC',
    'MaLinhVuc',
    'TenLinhVuc',
    'SoGiayToChuHoSo',
    'LoaiDoiTuong',
    'Email',
    'SoDienThoai',
    'TrichYeuHoSo',
    'NgayTiepNhan',
    'NgayHenTra',
    'TrangThaiHoSo',
    'HinhThuc',
    'DonViXuLy',
    'NoiNopHoSo',
    'HoSoCoThanhPhanSoHoa',
    'TaiKhoanDuocXacThucVoiVNeID',
    'DuocThanhToanTrucTuyen',
    'DinhDanhCHS',
    'NgayNopHoSo',
    'DSKetNoiCSDL',
  ],
);

/** §2.1 DongBoHoSoMC in both shapes (direct envelope, proxy's bare array), requiring TD's newer fields or not. */
export function dongBoChecks(requireNewer: boolean): { direct: Check; proxy: Check } {
  const item = requireNewer
    ? dossierItemSchema
    : { ...dossierItemSchema, required: dossierItemSchema.required.filter((f) => !NEWER_FIELDS.includes(f)) };
  return {
    direct: contract(
      envelope(
        '§2.1',
        'DongBoHoSoMC',
        { isUpdating: oneOf('§2.1', ['True', 'False']), data: list('§2.1', item, { minItems: 1 }) },
        ['isUpdating', 'data'],
      ),
    ),
    proxy: contract(list('§2.1', item, { minItems: 1 })),
  };
}

/** §3 progress step. */
const stepSchema = object(
  '§3',
  {
    MaHoSo: text('§3'),
    NguoiXuLy: text('§3'),
    ChucDanh: anyText('§3'),
    ThoiDiemXuLy: stamp('§3'),
    PhongBanXuLy: anyText('§3'),
    NoiDungXuLy: text('§3'),
    TrangThai: oneOf('§3', TRANG_THAI),
    NgayBatDau: stampOrEmpty('§3'),
    NgayKetThucTheoQuyDinh: stampOrEmpty('§3'),
  },
  ['MaHoSo', 'NguoiXuLy', 'ThoiDiemXuLy', 'NoiDungXuLy', 'TrangThai'],
);
export const progressRequest = contract(
  envelope('§3', 'CapNhatTienDoHoSoMC', { data: list('§3', stepSchema, { minItems: 1 }) }, ['data']),
);
export const progressProxyRequest = contract(list('§3', stepSchema, { minItems: 1 }));

/** §4 TraCuuHoSo: the key is lower-case `mahoso`. */
export const lookupRequest = contract(envelope('§4', 'TraCuuHoSo', { mahoso: text('§4') }, ['mahoso']));
/** §5 LayThuTuc: `maTTHC`, mixed case. */
export const procedureRequest = contract(envelope('§5', 'LayThuTuc', { maTTHC: text('§5') }, ['maTTHC']));
/** §5 LayDanhSachTTHC: the full list. */
export const procedureListRequest = contract(envelope('§5', 'LayDanhSachTTHC', {}, []));

/** What a real portal would accept but the sources cannot vouch for: recorded as flags (§2.2, §2.5, §3). */
export function dossierFlags(item: Record<string, unknown>, i: number): Problem[] {
  const out: Problem[] = [];
  const at = (f: string) => `/data/${i}/${f}`;
  for (const f of NEWER_FIELDS)
    if (!(f in item))
      out.push({
        path: at(f),
        section: '§8.9',
        message: `${f} is missing (OpenCPS's shape; whether the portal requires it is [open])`,
      });
  const code = String(item['MaHoSo'] ?? '');
  if (!/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4,5}$/.test(code))
    out.push({
      path: at('MaHoSo'),
      section: '§2.2',
      message: 'MaHoSo does not start with the unit identifier and a yyMMdd date [inferred check]',
    });
  if (typeof item['GhiChu'] === 'string' && item['GhiChu'].length > 2000)
    out.push({ path: at('GhiChu'), section: '§2.2', message: 'GhiChu is over 2000 characters [inferred cap]' });
  const ids = Array.isArray(item['DinhDanhCHS']) ? (item['DinhDanhCHS'] as Array<Record<string, unknown>>) : [];
  if (ids.length === 0 && 'DinhDanhCHS' in item)
    out.push({ path: at('DinhDanhCHS'), section: '§2.2', message: 'DinhDanhCHS is empty (TD always sends one entry)' });
  for (const [k, id] of ids.entries()) {
    const type = String(id['LoaiDinhDanh']);
    const n = String(id['SoDinhDanh']);
    if (!['1', '2'].includes(type))
      out.push({
        path: at(`DinhDanhCHS/${k}/LoaiDinhDanh`),
        section: '§2.2',
        message: `LoaiDinhDanh ${type} is outside the known codes 1, 2 [open]`,
      });
    else if ((type === '1' && !/^\d{12}$/.test(n)) || (type === '2' && !/^\d{9}$/.test(n)))
      out.push({
        path: at(`DinhDanhCHS/${k}`),
        section: '§2.2',
        message: `SoDinhDanh does not have the length of LoaiDinhDanh ${type}`,
      });
  }
  for (const [k, s] of (Array.isArray(item['DanhSachHoSoBoSung'])
    ? (item['DanhSachHoSoBoSung'] as Array<Record<string, unknown>>)
    : []
  ).entries()) {
    for (const f of ['NgayBoSung', 'NgayTiepNhanBoSung', 'NgayHenTraTruoc', 'NgayHenTraMoi']) {
      const v = s[f];
      if (typeof v === 'string' && v !== '' && !isPortalTimestamp(v))
        out.push({
          path: at(`DanhSachHoSoBoSung/${k}/${f}`),
          section: '§2.5',
          message: `${f} is not yyyyMMddHHmmss [open format]`,
        });
    }
    if (typeof s['TrangThaiBoSung'] === 'string')
      out.push({
        path: at(`DanhSachHoSoBoSung/${k}/TrangThaiBoSung`),
        section: '§2.5',
        message: 'TrangThaiBoSung is a string, TD declares a bool [open]',
      });
  }
  for (const [k, r] of (Array.isArray(item['DanhSachGiayToKetQua'])
    ? (item['DanhSachGiayToKetQua'] as Array<Record<string, unknown>>)
    : []
  ).entries()) {
    if (!r['MaGiayToKetQua'])
      out.push({
        path: at(`DanhSachGiayToKetQua/${k}/MaGiayToKetQua`),
        section: '§2.3b',
        message: 'no MaGiayToKetQua: the indicator counts result code + link [open]',
      });
  }
  return out;
}

export function stepFlags(steps: Array<Record<string, unknown>>): Problem[] {
  const out: Problem[] = [];
  if (steps.length > 10)
    out.push({ path: '/data', section: '§3', message: `${steps.length} steps in one request (TD sends at most 10)` });
  for (const [i, s] of steps.entries()) {
    if (typeof s['NguoiXuLy'] === 'string' && s['NguoiXuLy'].length > 50)
      out.push({
        path: `/data/${i}/NguoiXuLy`,
        section: '§3',
        message: 'NguoiXuLy is over 50 characters (TD caps it)',
      });
  }
  return out;
}
