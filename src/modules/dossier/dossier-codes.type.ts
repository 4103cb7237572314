/**
 * The national code sets of a dossier as GraphQL enums. GraphQL names cannot start with a digit, so
 * each value has an English name and carries the official code as its internal value: rows, the
 * services and the portal keep the codes (TrangThaiHoSo 1-10, KenhThucHien, LoaiDoiTuong), and
 * only the GraphQL edge shows the names.
 */
import { registerEnumType } from 'type-graphql';

/** TrangThaiHoSo, as the national portal counts it (src/modules/dossier/dossier-status.ts). */
export const DossierStatus = {
  REGISTERED_ONLINE: 1,
  ACCEPTED: 2,
  NOT_ACCEPTED: 3,
  IN_PROCESS: 4,
  SUPPLEMENT_REQUESTED: 5,
  FINANCIAL_OBLIGATION_REQUESTED: 6,
  WITHDRAWN: 7,
  STOPPED: 8,
  PROCESSED: 9,
  RESULT_RETURNED: 10,
} as const;
registerEnumType(DossierStatus, {
  name: 'DossierStatus',
  description: 'Trạng thái hồ sơ (TrangThaiHoSo) — a dossier status; the official code is in each value',
  valuesConfig: {
    REGISTERED_ONLINE: { description: '1 — Mới đăng ký trực tuyến — newly registered online' },
    ACCEPTED: { description: '2 — Đã tiếp nhận — accepted' },
    NOT_ACCEPTED: { description: '3 — Không được tiếp nhận — not accepted' },
    IN_PROCESS: { description: '4 — Đang xử lý — in process' },
    SUPPLEMENT_REQUESTED: { description: '5 — Yêu cầu bổ sung — supplement requested' },
    FINANCIAL_OBLIGATION_REQUESTED: {
      description: '6 — Yêu cầu thực hiện nghĩa vụ tài chính — financial obligation (fee, charge) requested',
    },
    WITHDRAWN: { description: '7 — Công dân yêu cầu rút hồ sơ — withdrawn by the applicant' },
    STOPPED: { description: '8 — Dừng xử lý — processing stopped' },
    PROCESSED: { description: '9 — Đã xử lý xong — processed' },
    RESULT_RETURNED: { description: '10 — Đã trả kết quả — result returned' },
  },
});

/** KenhThucHien. */
export const Channel = {
  IN_PERSON: 1,
  ONLINE: 2,
  POSTAL: 3,
} as const;
registerEnumType(Channel, {
  name: 'Channel',
  description: 'Kênh thực hiện (KenhThucHien) — how the dossier was submitted',
  valuesConfig: {
    IN_PERSON: { description: '1 — Trực tiếp — in person, at the counter' },
    ONLINE: { description: '2 — Trực tuyến — online' },
    POSTAL: { description: '3 — Qua dịch vụ bưu chính công ích — through the public postal service' },
  },
});

/** LoaiDoiTuong. */
export const ApplicantKind = {
  CITIZEN: 1,
  ORGANIZATION: 2,
} as const;
registerEnumType(ApplicantKind, {
  name: 'ApplicantKind',
  description: 'Loại đối tượng (LoaiDoiTuong) — who applies',
  valuesConfig: {
    CITIZEN: { description: '1 — Công dân — a citizen' },
    ORGANIZATION: { description: '2 — Doanh nghiệp, tổ chức — a business or organisation' },
  },
});

/** How far the portal has a dossier (the hub's own state of the sync, kept as these words). */
export const PortalSyncState = {
  PENDING: 'PENDING',
  SYNCED: 'SYNCED',
  FAILED: 'FAILED',
} as const;
registerEnumType(PortalSyncState, {
  name: 'PortalSyncState',
  description: 'Trạng thái đồng bộ Cổng DVCQG — how far the portal has the dossier',
  valuesConfig: {
    PENDING: { description: 'Chờ đồng bộ — a version is waiting to be sent (DongBoHoSoMC)' },
    SYNCED: { description: 'Đã đồng bộ — the portal has the latest version' },
    FAILED: { description: 'Thất bại — the portal refused it or every attempt failed: lastError says why' },
  },
});
