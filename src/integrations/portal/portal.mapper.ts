/** A dossier as the portal's DongBoHoSoMC expects it (field names and formats from domain.md). */
import { toPortalTimestamp } from '../../common/time.js';

export interface DossierForPortal {
  code: string;
  version: number;
  procedure: { code: string; name: string; fieldCode: string };
  applicantType: number;
  applicantName: string;
  applicantIdNumber: string | null;
  summary: string | null;
  channel: number;
  status: number;
  receivedAt: Date;
  dueAt: Date;
  finishedAt: Date | null;
  returnedAt: Date | null;
  handlingAgencyCode: string;
  fees: Array<{ kind: string; amount: bigint; description: string }>;
  supplements: Array<{ requestedAt: Date; completedAt: Date | null; note: string | null }>;
  results: Array<{ name: string; sha256: string }>;
  /** DuocThanhToanTrucTuyen: 1 paid on the national portal's platform, 2 through PayGov (a provincial gateway), 0 not paid online */
  paidOnline: 0 | 1 | 2;
}

const ts = (d: Date | null) => (d ? toPortalTimestamp(d) : '');

export function toPortalDossier(d: DossierForPortal): Record<string, unknown> {
  return {
    MaHoSo: d.code,
    PhienBan: d.version,
    MaTTHC: d.procedure.code,
    TenTTHC: d.procedure.name,
    MaLinhVuc: d.procedure.fieldCode,
    ChuHoSo: d.applicantName,
    LoaiDoiTuong: String(d.applicantType),
    MaDoiTuong: d.applicantIdNumber ?? '',
    TrichYeuHoSo: d.summary ?? '',
    NgayTiepNhan: ts(d.receivedAt),
    NgayHenTra: ts(d.dueAt),
    TrangThaiHoSo: String(d.status),
    NgayTra: ts(d.returnedAt),
    KenhThucHien: String(d.channel),
    DonViXuLy: d.handlingAgencyCode,
    NgayKetThucXuLy: ts(d.finishedAt),
    DanhSachLePhi: d.fees.map((f) => ({ TenPhiLePhi: f.description, MucPhi: Number(f.amount), LoaiPhiLePhi: f.kind === 'FEE' ? '1' : '2' })),
    DanhSachHoSoBoSung: d.supplements.map((s) => ({ NgayYeuCauBoSung: ts(s.requestedAt), NgayBoSung: ts(s.completedAt), NoiDungBoSung: s.note ?? '' })),
    DanhSachGiayToKetQua: d.results.map((r) => ({ TenGiayTo: r.name, MaGiayTo: r.sha256 })),
    DuocThanhToanTrucTuyen: d.paidOnline ? String(d.paidOnline) : '',
  };
}
