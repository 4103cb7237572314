import { Node } from '../../graphql/node.js';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';
import { ApplicantKind, Channel, DossierStatus, PortalSyncState } from './dossier-codes.type.js';

@ObjectType('Applicant', {
  description: 'Chủ hồ sơ — the applicant; personal data, shown only to the handling agency, LEADER and ADMIN',
})
export class ApplicantType {
  @Field(() => ApplicantKind, { description: 'Loại đối tượng (LoaiDoiTuong) — citizen (1) or organisation (2)' })
  type!: number;
  @Field(() => String, { description: 'Họ tên, tên tổ chức — name of the person or organisation (ChuHoSo)' })
  name!: string;
  @Field(() => String, { nullable: true, description: 'Số định danh — ID number' }) idNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'Số điện thoại — phone number' }) phone!: string | null;
  @Field(() => String, { nullable: true, description: 'Thư điện tử — email address' }) email!: string | null;
}

@ObjectType('DossierStep', { description: 'Tiến độ xử lý — one step of a dossier' })
export class DossierStepType {
  @Field(() => ID, { description: "Mã bước — the step's id" }) id!: string;
  @Field(() => DossierStatus, {
    nullable: true,
    description: 'Trạng thái trước — TrangThaiHoSo before the step (null: the first step)',
  })
  fromStatus!: number | null;
  @Field(() => DossierStatus, { description: 'Trạng thái hồ sơ (TrangThaiHoSo) — the status after the step' })
  status!: number;
  @Field(() => String, { description: 'Tên trạng thái — the status after the step, in words' }) statusName!: string;
  @Field(() => String, { nullable: true, description: 'Người xử lý (NguoiXuLy) — officer' }) officerName!:
    string | null;
  @Field(() => String, { nullable: true, description: "Chức danh (ChucDanh) — the officer's position" }) position!:
    string | null;
  @Field(() => String, { nullable: true, description: 'Phòng ban xử lý (PhongBanXuLy) — department' }) department!:
    string | null;
  @Field(() => String, { nullable: true, description: 'Nội dung xử lý (NoiDungXuLy) — what was done' }) note!:
    string | null;
  @Field(() => Date, { description: 'Thời điểm xử lý (ThoiDiemXuLy) — when it happened' }) at!: Date;
}

@ObjectType('DossierSupplement', {
  description: 'Yêu cầu bổ sung — a supplement request; its duration does not count against the due time',
})
export class DossierSupplementType {
  @Field(() => Date, { description: 'Ngày yêu cầu — when it was asked for' }) requestedAt!: Date;
  @Field(() => Date, {
    nullable: true,
    description: 'Ngày bổ sung xong — when the applicant completed it (null: still waiting)',
  })
  completedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Nội dung yêu cầu — what is asked for' }) note!: string | null;
}

@ObjectType('DossierResult', { description: 'Giấy tờ kết quả — an electronic result document' })
export class DossierResultType {
  @Field(() => String, { description: 'Tên giấy tờ — file name' }) name!: string;
  @Field(() => String, { description: 'Kiểu nội dung — MIME type' }) contentType!: string;
  @Field(() => String, { description: 'Mã băm — SHA-256 of the bytes (hex)' }) sha256!: string;
  @Field(() => Int, { description: 'Dung lượng — size in bytes' }) size!: number;
  @Field(() => String, { description: 'Đường dẫn tải — GET it with your credentials to download the exact bytes' })
  downloadPath!: string;
}

@ObjectType('Dossier', {
  implements: Node,
  description: 'Hồ sơ thủ tục hành chính — an administrative dossier',
})
export class DossierType {
  @Field(() => ID, { description: 'Mã — unique across the hub (a UUID); node(id:) reads it again' }) id!: string;
  @Field(() => String, { description: "Mã hồ sơ (MaHoSo) — the dossier's code" }) code!: string;
  @Field(() => String, { nullable: true, description: 'Trích yếu hồ sơ (TrichYeuHoSo) — summary' }) summary!:
    string | null;
  @Field(() => Channel, { description: 'Kênh thực hiện (KenhThucHien) — in person (1), online (2) or postal (3)' })
  channel!: number;
  @Field(() => Boolean, {
    description: 'Hình thức trả kết quả — the result goes by post (HinhThuc 1) rather than at the counter (0)',
  })
  resultByPost!: boolean;
  @Field(() => DossierStatus, { description: 'Trạng thái hồ sơ (TrangThaiHoSo) — the status (statusCode: its code)' })
  status!: number;
  @Field(() => Date, { description: 'Ngày tiếp nhận (NgayTiepNhan) — when it was received' }) receivedAt!: Date;
  @Field(() => Date, { description: 'Ngày hẹn trả (NgayHenTra) — due time' }) dueAt!: Date;
  @Field(() => Date, { description: 'Hạn trả thực tế — the due time moved by completed supplement periods' })
  effectiveDueAt!: Date;
  @Field(() => Date, {
    nullable: true,
    description: 'Ngày kết thúc xử lý (NgayKetThucXuLy) — when processing finished',
  })
  finishedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Ngày trả kết quả (NgayTra) — when the result was returned' })
  returnedAt!: Date | null;
  @Field(() => Int, { description: 'Phiên bản — +1 on every change; the portal sync carries it' }) version!: number;
  procedureId!: string;
  receivingAgencyId!: string;
  handlingAgencyId!: string;
  supplementOpenSince!: Date | null;
}

@ObjectType('DossierConnection', { description: 'Danh sách hồ sơ — a page of dossiers, newest received first' })
export class DossierConnection extends Connection(DossierType, 'Dossier') {}

@ObjectType('PublicDossierStatus', { description: 'Tra cứu hồ sơ — what an applicant may see of their dossier' })
export class PublicDossierStatus {
  @Field(() => String, { description: "Mã hồ sơ (MaHoSo) — the dossier's code" }) code!: string;
  @Field(() => String, { description: 'Tên thủ tục (TenTTHC) — procedure name' }) procedureName!: string;
  @Field(() => DossierStatus, { description: 'Trạng thái hồ sơ (TrangThaiHoSo) — status' }) status!: number;
  @Field(() => String, { description: 'Tên trạng thái — the status in words' }) statusName!: string;
  @Field(() => Date, { description: 'Ngày tiếp nhận (NgayTiepNhan) — when it was received' }) receivedAt!: Date;
  @Field(() => Date, { description: 'Ngày hẹn trả (NgayHenTra) — due time' }) dueAt!: Date;
  @Field(() => Date, {
    nullable: true,
    description: 'Ngày kết thúc xử lý (NgayKetThucXuLy) — when processing finished',
  })
  finishedAt!: Date | null;
}

@InputType('ApplicantInput', {
  description: 'Chủ hồ sơ — the applicant (personal data: shown only to the handling agency, LEADER and ADMIN)',
})
export class ApplicantInput {
  @Field(() => ApplicantKind, { description: 'Loại đối tượng (LoaiDoiTuong) — citizen (1) or organisation (2)' })
  type!: number;
  @Field(() => String, { description: 'Họ tên, tên tổ chức — name of the person or organisation (ChuHoSo)' })
  name!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Số định danh — ID number (citizen ID, or the business registration number)',
  })
  idNumber?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Số điện thoại — phone number; its last 4 digits open the public lookup',
  })
  phone?: string | null;
  @Field(() => String, { nullable: true, description: 'Thư điện tử — email address' }) email?: string | null;
}

@InputType('SubmitDossierInput', {
  description: 'Tiếp nhận hồ sơ — a dossier from an agency system (idempotent on its code)',
})
export class SubmitDossierInput {
  @Field(() => String, { nullable: true, description: 'Mã hồ sơ (MaHoSo) — generated when absent' }) code?:
    string | null;
  @Field(() => String, { description: 'Mã thủ tục (MaTTHC) — the procedure' }) procedureCode!: string;
  @Field(() => String, { nullable: true, description: 'Cơ quan tiếp nhận — receiving agency (default: yours)' })
  receivingAgencyCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Cơ quan xử lý (default: the receiving agency)' })
  handlingAgencyCode?: string | null;
  @Field(() => ApplicantInput, { description: 'Chủ hồ sơ — the applicant' }) applicant!: ApplicantInput;
  @Field(() => String, { nullable: true, description: 'Trích yếu hồ sơ (TrichYeuHoSo) — summary' }) summary?:
    string | null;
  @Field(() => Channel, { description: 'Kênh thực hiện (KenhThucHien) — in person (1), online (2) or postal (3)' })
  channel!: number;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Hình thức trả kết quả — true: the result goes by post; default false: at the counter (HinhThuc)',
  })
  resultByPost?: boolean | null;
  @Field(() => Date, {
    nullable: true,
    description: 'Ngày tiếp nhận (NgayTiepNhan) — when it was received (default: now)',
  })
  receivedAt?: Date | null;
  @Field(() => DossierStatus, {
    nullable: true,
    description:
      'Trạng thái hồ sơ (TrangThaiHoSo) — REGISTERED_ONLINE (1) or ACCEPTED (2); by default REGISTERED_ONLINE online, else ACCEPTED',
  })
  status?: number | null;
}

@InputType('DossierStepInput', {
  description: 'Chuyển bước xử lý — move a dossier to a status, with who, when and why',
})
export class DossierStepInput {
  @Field(() => DossierStatus, { description: 'Trạng thái hồ sơ (TrangThaiHoSo) — the status to move to' })
  status!: number;
  @Field(() => String, { nullable: true, description: 'Người xử lý (NguoiXuLy) — officer' }) officerName?:
    string | null;
  @Field(() => String, { nullable: true, description: "Chức danh (ChucDanh) — the officer's position" }) position?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Phòng ban xử lý (PhongBanXuLy) — department' }) department?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Nội dung xử lý (NoiDungXuLy) — what was done' }) note?:
    string | null;
  @Field(() => Date, {
    nullable: true,
    description: 'Thời điểm xử lý (ThoiDiemXuLy) — when it happened (default: now)',
  })
  at?: Date | null;
}

@ObjectType('PortalSync', { description: 'Đồng bộ Cổng DVCQG — how far the portal has this dossier' })
export class PortalSyncType {
  @Field(() => PortalSyncState, { description: 'Trạng thái đồng bộ — pending, synced or failed' }) state!: string;
  @Field(() => Int, { description: 'Phiên bản đã đồng bộ — the version the portal has (0: none yet)' })
  syncedVersion!: number;
  @Field(() => Int, { description: 'Số lần gửi — attempts so far' }) attempts!: number;
  @Field(() => Date, { nullable: true, description: 'Lần gửi cuối — when the last attempt was made' })
  lastAttemptAt!: Date | null;
  @Field(() => String, {
    nullable: true,
    description: "Lỗi cuối — the last failure, with the portal's message when it refused",
  })
  lastError!: string | null;
}
