/**
 * A dossier and its steps as the portal's DongBoHoSoMC and CapNhatTienDoHoSoMC items
 * (national-contracts.md §2.2-§2.5, §3): every value a string, dates yyyyMMddHHmmss in Vietnam
 * time, "" where the hub has nothing and the contract allows it. Values the contract leaves
 * [open] come from `choices` (src/config/national.ts).
 */
import { toPortalTimestamp } from '../../common/time.js';
import type { Config } from '../../config/config.js';
import { PORTAL_CHOICES } from '../../config/national.js';
import type { PaymentRoute } from '../../generated/prisma/enums.js';

export interface DossierForPortal {
  code: string;
  procedure: { code: string; name: string; fieldCode: string; fieldName: string | null; resultCode: string | null };
  applicantType: number;
  applicantName: string;
  applicantIdNumber: string | null;
  applicantPhone: string | null;
  applicantEmail: string | null;
  summary: string | null;
  channel: number;
  status: number;
  receivedAt: Date;
  dueAt: Date;
  finishedAt: Date | null;
  returnedAt: Date | null;
  resultByPost: boolean;
  /** DonViXuLy is the processing unit's name (§2.2) */
  handlingAgencyName: string;
  /** the catalog's fees of its procedure (what the portal lists until a payment is asked) */
  procedureFees: Fee[];
  /** what the applicant was asked to pay, oldest first: a payment's lines, or the payment as one line */
  payments: Array<{ kind: string; amount: bigint; description: string | null; lines: Fee[] }>;
  supplements: Array<{
    requestedAt: Date;
    completedAt: Date | null;
    note: string | null;
    requestedBy: string | null;
    dueBefore: Date | null;
    dueAfter: Date | null;
  }>;
  /** result files with the link the portal downloads them from (null: no public link can be made) */
  results: Array<{ id: string; name: string; url: string | null }>;
  /** the routes of the dossier's payments' successful attempts */
  paidBy: PaymentRoute[];
}

interface Fee {
  kind: string;
  amount: bigint;
  description: string;
  code?: string | null;
}

/** The fees the portal lists: what the applicant was asked to pay; the catalog's fees until something is asked. */
function feesOf(d: DossierForPortal): Fee[] {
  if (!d.payments.length) return d.procedureFees;
  return d.payments.flatMap((p) =>
    p.lines.length
      ? p.lines
      : [{ kind: p.kind === 'FEE' ? 'FEE' : 'CHARGE', amount: p.amount, description: p.description ?? 'Phí, lệ phí' }],
  );
}

/** DuocThanhToanTrucTuyen: 1 paid on the national portal's platform, 2 through a provincial gateway (PayGov), or the contract's [open] "not paid online". */
function paidOnline(d: DossierForPortal, choices: PortalChoices): string {
  if (d.paidBy.includes('PLATFORM')) return '1';
  if (d.paidBy.includes('PAYGOV')) return '2';
  return choices.notPaidOnline;
}

export type PortalChoices = Config['portal']['choices'];

const ts = (d: Date | null | undefined) => (d ? toPortalTimestamp(d) : '');
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** DinhDanhCHS: a 12-digit citizen ID is type 1, a 9-digit ID card type 2 (TD); other papers have no known code [open]. */
function identities(idNumber: string | null): Array<{ LoaiDinhDanh: string; SoDinhDanh: string }> {
  if (idNumber && /^\d{12}$/.test(idNumber)) return [{ LoaiDinhDanh: '1', SoDinhDanh: idNumber }];
  if (idNumber && /^\d{9}$/.test(idNumber)) return [{ LoaiDinhDanh: '2', SoDinhDanh: idNumber }];
  return [];
}

export function toPortalDossier(d: DossierForPortal, choices: PortalChoices): Record<string, unknown> {
  return {
    MaHoSo: d.code,
    MaTTHC: d.procedure.code,
    TenTTHC: d.procedure.name,
    MaLinhVuc: d.procedure.fieldCode,
    TenLinhVuc: d.procedure.fieldName ?? '',
    KenhThucHien: String(d.channel),
    SoBienNhan: '',
    ChuHoSo: d.applicantName,
    SoGiayToChuHoSo: d.applicantIdNumber ?? '',
    LoaiDoiTuong: String(d.applicantType),
    // the applicant's portal account: the hub does not know it
    MaDoiTuong: '',
    ThongTinKhac: '',
    Email: d.applicantEmail ?? '',
    Fax: '',
    SoDienThoai: d.applicantPhone ?? '',
    // never empty: the procedure's name when the agency gave no summary
    TrichYeuHoSo: cut(d.summary?.trim() || d.procedure.name, PORTAL_CHOICES.summaryMax),
    NgayTiepNhan: ts(d.receivedAt),
    NgayHenTra: ts(d.dueAt),
    TrangThaiHoSo: String(d.status),
    NgayTra: ts(d.returnedAt),
    ThongTinTra: '',
    HinhThuc: d.resultByPost ? '1' : '0',
    NgayKetThucXuLy: ts(d.finishedAt),
    DonViXuLy: d.handlingAgencyName,
    GhiChu: '',
    TaiLieuNop: [],
    DanhSachLePhi: feesOf(d).map((f) => ({
      TenPhiLePhi: f.description,
      MaPhiLePhi: f.code || choices.feeCode,
      HinhThucThu: choices.feeCollection,
      Gia: f.amount.toString(),
      LoaiPhiLePhi: f.kind === 'FEE' ? '1' : '2',
    })),
    DanhSachTepDinhKemKhac: [],
    DanhSachHoSoBoSung: d.supplements.map((s, i) => ({
      HoSoBoSungId: i + 1,
      NguoiYeuCauBoSung: s.requestedBy ?? '',
      NoiDungBoSung: s.note ?? '',
      NgayBoSung: ts(s.requestedAt),
      NguoiTiepNhanBoSung: null,
      ThongTinTiepNhan: null,
      NgayTiepNhanBoSung: s.completedAt ? ts(s.completedAt) : null,
      TrangThaiBoSung: s.completedAt !== null,
      DanhSachGiayToBoSung: [],
      DanhSachLePhiBoSung: [],
      NgayHenTraTruoc: ts(s.dueBefore),
      NgayHenTraMoi: ts(s.dueAfter),
    })),
    DanhSachGiayToKetQua: d.results
      .filter((r): r is typeof r & { url: string } => !!r.url)
      .map((r) => ({
        TenGiayTo: cut(r.name, 2000),
        MaThanhPhanHoSo: '',
        GiayToId: r.id,
        DuongDanTepTinKetQua: r.url,
        MaGiayToKetQua: d.procedure.resultCode ?? '',
      })),
    NoiNopHoSo: choices.submissionPlace,
    HoSoCoThanhPhanSoHoa: '0',
    TaiKhoanDuocXacThucVoiVNeID: '0',
    DuocThanhToanTrucTuyen: paidOnline(d, choices),
    NgayTuChoi: d.status === 3 ? ts(d.finishedAt) : '',
    DinhDanhCHS: identities(d.applicantIdNumber),
    NgayNopHoSo: ts(d.receivedAt),
    DSKetNoiCSDL: choices.databaseLinks.map((MaCSDL) => ({ MaCSDL })),
  };
}

export interface StepForPortal {
  dossierId: string;
  /** when the portal accepted it already (a redelivered job does nothing) */
  portalSentAt: Date | null;
  dossierCode: string;
  status: number;
  statusName: string;
  at: Date;
  startedAt: Date;
  dueAt: Date;
  officerName: string | null;
  position: string | null;
  department: string | null;
  note: string | null;
  /** who acted when no officer is named: the handling agency */
  agencyName: string;
}

/** One CapNhatTienDoHoSoMC step (§3): NguoiXuLy and NoiDungXuLy are never empty. */
export function toPortalStep(s: StepForPortal): Record<string, unknown> {
  return {
    MaHoSo: s.dossierCode,
    NguoiXuLy: cut(s.officerName?.trim() || s.department?.trim() || s.agencyName, PORTAL_CHOICES.officerNameMax),
    ChucDanh: s.position ?? '',
    ThoiDiemXuLy: ts(s.at),
    PhongBanXuLy: s.department ?? '',
    NoiDungXuLy: s.note?.trim() || s.statusName,
    TrangThai: String(s.status),
    NgayBatDau: ts(s.startedAt),
    NgayKetThucTheoQuyDinh: ts(s.dueAt),
  };
}
