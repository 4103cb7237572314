/**
 * The INIT message of the national payment platform (national-contracts.md §6.1, §6.5): the
 * fixed values from configuration (the contract's by default), the receipt with every field the
 * contract marks mandatory for a dossier's fee (MaDichVu 2) or a fine (1). Pure.
 */
import { toPortalTimestamp } from '../../common/time.js';
import type { Config } from '../../config/config.js';
import { PAYMENT_CHOICES } from '../../config/national.js';
import { REQUEST_FIELDS, checksum } from './platform.checksum.js';

/** What a payment attempt needs to say; personal data stays in this message and the database. */
export interface PaymentForGateway {
  id: string;
  kind: string;
  amount: bigint;
  description: string | null;
  lines: Array<{ kind: string; amount: bigint; description: string }>;
  payer: { name: string; idNumber: string; address: string; district: string | null; province: string | null };
  /** the agency that asks: the deciding agency (MaCoQuanQD) and, for fees, the unit (MaDonVi) and its collection account */
  agency: {
    code: string;
    name: string;
    collectionAccount: string | null;
    collectionBankCode: string | null;
    collectionAccountName: string | null;
  };
  dossier: { code: string; procedureCode: string; procedureName: string } | null;
  fine: {
    decisionNumber: string;
    decisionDate: Date;
    typeCode: string;
    typeName: string;
    treasury: string;
    violationAt: Date;
    violationPlace: string;
    violatorName: string;
  } | null;
}

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
const yyyyMMdd = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');

/** ThongTinGiaoDich, as real clients write it: "THANH TOAN HO SO <MaHoSo>" (§6.1). */
function transactionInfo(p: PaymentForGateway): string {
  const what = p.dossier
    ? `THANH TOAN HO SO ${p.dossier.code}`
    : `THANH TOAN PHAT QD ${ascii(p.fine?.decisionNumber ?? p.id)}`;
  return what.slice(0, 255);
}

function receipt(config: Config, p: PaymentForGateway, info: string): Record<string, unknown> {
  const lines = p.lines.length
    ? p.lines
    : [{ kind: p.kind === 'FEE' ? 'FEE' : 'CHARGE', amount: p.amount, description: p.description ?? info }];
  const fine = p.fine;
  return {
    MaDichVu: fine ? PAYMENT_CHOICES.serviceFine : PAYMENT_CHOICES.serviceFee,
    MaDVC: p.dossier ? `${p.dossier.procedureCode}${config.payment.serviceCodeSuffix}` : '',
    TenDVC: p.dossier?.procedureName ?? '',
    MaTTHC: p.dossier?.procedureCode ?? '',
    TenTTHC: p.dossier?.procedureName ?? '',
    MaDonVi: p.dossier ? p.agency.code : '',
    TenDonVi: p.dossier ? p.agency.name : '',
    MaHoSo: p.dossier?.code ?? '',
    TKThuHuong: p.dossier ? (p.agency.collectionAccount ?? '') : '',
    MaNHThuHuong: p.dossier ? (p.agency.collectionBankCode ?? '') : '',
    TenTKThuHuong: p.dossier ? (p.agency.collectionAccountName ?? '') : '',
    MaLoaiHinhThuPhat: fine?.typeCode ?? '',
    TenLoaiHinhThuPhat: fine?.typeName ?? '',
    MaCoQuanQD: p.agency.code,
    TenCoQuanQD: p.agency.name,
    KhoBac: fine?.treasury ?? '',
    NgayQD: fine ? yyyyMMdd(fine.decisionDate) : '',
    SoQD: fine?.decisionNumber ?? '',
    ThoiGianViPham: fine ? toPortalTimestamp(fine.violationAt) : '',
    DiaDiemViPham: fine?.violationPlace ?? '',
    TenNguoiViPham: fine?.violatorName ?? '',
    TaiKhoanThuNSNN: '',
    NoiDungThanhToan: p.description?.trim() || info,
    HoTenNguoiNop: p.payer.name,
    SoCMNDNguoiNop: p.payer.idNumber,
    DiaChiNguoiNop: p.payer.address,
    HuyenNguoiNop: p.payer.district ?? '',
    TinhNguoiNop: p.payer.province ?? '',
    // phí and lệ phí lines of a dossier; a fine is neither (its amount is in DSKhoanNop)
    PhiLePhi: fine
      ? []
      : lines
          .filter((l) => PAYMENT_CHOICES.feeKind[l.kind])
          .map((l) => ({
            LoaiPhiLePhi: PAYMENT_CHOICES.feeKind[l.kind],
            MaPhiLePhi: '',
            TenPhiLePhi: l.description,
            SoTien: l.amount.toString(),
          })),
    DSKhoanNop: lines.map((l) => ({ NoiDung: l.description, SoTien: l.amount.toString() })),
  };
}

/** INIT for one attempt; `initTime` is yyyyMMddHHmmss (a QUERY must repeat it). */
export function initMessage(
  config: Config,
  p: PaymentForGateway,
  reference: string,
  initTime: string,
): Record<string, unknown> {
  const m = config.payment.message;
  const info = transactionInfo(p);
  const message: Record<string, unknown> = {
    LoaiBanTin: m.messageType,
    PhienBan: m.version,
    MaDoiTac: config.payment.partnerCode,
    MaThamChieu: reference,
    SoTien: p.amount.toString(),
    LoaiHinhThanhToan: m.paymentType,
    MaKenhThanhToan: m.channel,
    MaThietBi: m.device,
    NgonNgu: m.language,
    MaTienTe: m.currency,
    MaNganHang: m.bank,
    ThongTinGiaoDich: info,
    ThoiGianGD: initTime,
    Ip: config.payment.clientIp ?? '',
  };
  message['MaXacThuc'] = checksum(REQUEST_FIELDS, message, config.payment.secretKey);
  message['ThongTinBienLai'] = receipt(config, p, info);
  return message;
}
