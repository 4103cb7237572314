/**
 * One payload of each kind exactly as the hub sent it before it spoke the real contracts (wave 1),
 * kept here: the strict double refuses every one of them, in the real system's error form. If a
 * future change made the double accept these, it would again prove nothing.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PAYMENT_PATHS,
  PORTAL_PATHS,
  SANDBOX_CREDENTIALS,
  SANDBOX_PAYMENT,
  startSandbox,
  type RunningSandbox,
} from '../../src/sandbox/sandbox.server.js';

let sandbox: RunningSandbox;
let session: string;
const post = async (path: string, body: unknown) => {
  const r = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.text()) as string };
};
const unit = SANDBOX_CREDENTIALS.unit;

beforeAll(async () => {
  sandbox = await startSandbox(0);
  session = JSON.parse(
    (await post(PORTAL_PATHS.login, { username: SANDBOX_CREDENTIALS.username, password: SANDBOX_CREDENTIALS.password }))
      .body,
  ).session;
});
afterAll(() => sandbox?.close());

/** wave 1's DongBoHoSoMC item (src/integrations/portal/portal.mapper.ts before the contracts) */
const OLD_DOSSIER = {
  MaHoSo: '000.00.51.H24-261128-0001',
  PhienBan: 3,
  MaTTHC: '1.001193',
  TenTTHC: 'Đăng ký khai sinh',
  MaLinhVuc: 'HT',
  ChuHoSo: 'Nguyễn Thị Dân',
  LoaiDoiTuong: '1',
  MaDoiTuong: '031190001234',
  TrichYeuHoSo: '',
  NgayTiepNhan: '20261128090000',
  NgayHenTra: '20261205090000',
  TrangThaiHoSo: '4',
  NgayTra: '',
  KenhThucHien: '1',
  DonViXuLy: '000.00.51.H24',
  NgayKetThucXuLy: '',
  DanhSachLePhi: [{ TenPhiLePhi: 'Lệ phí đăng ký', MucPhi: 8000, LoaiPhiLePhi: '2' }],
  DanhSachHoSoBoSung: [{ NgayYeuCauBoSung: '20261128100000', NgayBoSung: '', NoiDungBoSung: 'bổ sung tờ khai' }],
  DanhSachGiayToKetQua: [{ TenGiayTo: 'Giấy khai sinh', MaGiayTo: '9f2c7a' }],
  DuocThanhToanTrucTuyen: '',
};

/** wave 1's INIT (src/integrations/payment/payment-gateways.ts before the contracts), checksum and all */
function oldInit() {
  const m: Record<string, unknown> = {
    LoaiBanTin: 'PAY',
    PhienBan: '1.0.0',
    MaDoiTac: SANDBOX_PAYMENT.partnerCode,
    MaThamChieu: 'LT0123456789ABCDEFGH',
    SoTien: '8000',
    LoaiHinhThanhToan: 'PAY',
    MaKenhThanhToan: '1',
    MaThietBi: '1',
    NgonNgu: 'vi',
    MaTienTe: 'VND',
    MaNganHang: '',
    ThongTinGiaoDich: 'Thanh toan CHARGE 5c1e',
    ThoiGianGD: '20261128100000',
    Ip: '127.0.0.1',
  };
  const order = [
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
  m['MaXacThuc'] = createHash('sha256')
    .update([...order.map((f) => String(m[f])), SANDBOX_PAYMENT.secretKey].join('|'))
    .digest('hex');
  m['ThongTinBienLai'] = {
    MaDichVu: '2',
    PhiLePhi: [{ LoaiPhiLePhi: '2', SoTien: '8000', TenPhiLePhi: 'Lệ phí đăng ký' }],
  };
  return m;
}

describe('wave 1 payloads against the strict double', () => {
  it('refuses the old DongBoHoSoMC item, naming what breaks §2', async () => {
    const r = JSON.parse(
      (
        await post(PORTAL_PATHS.api, {
          session,
          madonvi: unit,
          service: 'DongBoHoSoMC',
          isUpdating: 'False',
          data: [OLD_DOSSIER],
        })
      ).body,
    );
    expect(Number(r.error_code)).not.toBe(0);
    const paths = sandbox.store.violations.map((v) => `${v.path} ${v.message}`).join('\n');
    for (const word of [
      'PhienBan',
      'MucPhi',
      'Gia',
      'TenLinhVuc',
      'HinhThuc',
      'MaGiayTo',
      'NgayYeuCauBoSung',
      'NgayHenTraTruoc',
      'DuocThanhToanTrucTuyen',
      'TrichYeuHoSo',
      'DinhDanhCHS',
    ])
      expect(paths).toContain(word);
    expect(sandbox.store.dossiers.size).toBe(0);
  });

  it('refuses the old CapNhatTienDoHoSoMC with the step at the top level', async () => {
    sandbox.store.violations.length = 0;
    const old = {
      session,
      madonvi: unit,
      service: 'CapNhatTienDoHoSoMC',
      MaHoSo: OLD_DOSSIER.MaHoSo,
      NguoiXuLy: '',
      ChucDanh: '',
      ThoiDiemXuLy: '20261128100000',
      PhongBanXuLy: '',
      NoiDungXuLy: '',
      TrangThai: '4',
      NgayBatDau: '20261128090000',
      NgayKetThucTheoQuyDinh: '20261205090000',
    };
    const r = JSON.parse((await post(PORTAL_PATHS.api, old)).body);
    expect(Number(r.error_code)).not.toBe(0);
    expect(sandbox.store.violations.map((v) => v.message).join('\n')).toMatch(/data/);
    expect(sandbox.store.steps).toEqual([]);
  });

  it('refuses the old LayThuTuc call without maTTHC', async () => {
    sandbox.store.violations.length = 0;
    const r = JSON.parse((await post(PORTAL_PATHS.api, { session, madonvi: unit, service: 'LayThuTuc' })).body);
    expect(Number(r.error_code)).not.toBe(0);
    expect(r.data).toBeUndefined();
    expect(sandbox.store.violations[0]).toMatchObject({ section: '§5' });
  });

  it('refuses the old payment INIT: its fixed values, its Ip and its receipt', async () => {
    sandbox.store.violations.length = 0;
    const r = JSON.parse((await post(PAYMENT_PATHS.init, oldInit())).body);
    expect(r.MaLoi).not.toBe('00');
    const found = sandbox.store.violations.map((v) => `${v.path} ${v.message}`).join('\n');
    for (const word of [
      'LoaiBanTin',
      'PhienBan',
      'NgonNgu',
      'MaNganHang',
      'Ip',
      'MaHoSo',
      'HoTenNguoiNop',
      'DiaChiNguoiNop',
      'DSKhoanNop',
    ])
      expect(found).toContain(word);
    expect(sandbox.store.payments.size).toBe(0);
  });

  it('does not serve the old invented routes (portal login, axis send)', async () => {
    expect(
      (await post('/portal/login', { username: SANDBOX_CREDENTIALS.username, password: SANDBOX_CREDENTIALS.password }))
        .status,
    ).toBe(404);
    expect((await post('/axis/send', { session, package: '<edXML/>' })).status).toBe(404);
  });
});
