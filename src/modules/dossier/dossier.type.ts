import { Node } from '../../graphql/node.js';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';

@ObjectType('Applicant', {
  description: 'Chủ hồ sơ — the applicant; personal data, shown only to the handling agency, LEADER and ADMIN',
})
export class ApplicantType {
  @Field(() => Int, { description: 'LoaiDoiTuong: 1 citizen, 2 business or organisation' }) type!: number;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'Số định danh — ID number' }) idNumber!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
}

@ObjectType('DossierStep', { description: 'Tiến độ xử lý — one step of a dossier' })
export class DossierStepType {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true }) fromStatus!: number | null;
  @Field(() => Int, { description: 'TrangThaiHoSo after the step' }) status!: number;
  @Field(() => String) statusName!: string;
  @Field(() => String, { nullable: true, description: 'Người xử lý' }) officerName!: string | null;
  @Field(() => String, { nullable: true, description: 'Chức danh' }) position!: string | null;
  @Field(() => String, { nullable: true, description: 'Phòng ban xử lý' }) department!: string | null;
  @Field(() => String, { nullable: true, description: 'Nội dung xử lý' }) note!: string | null;
  @Field(() => Date, { description: 'Thời điểm xử lý' }) at!: Date;
}

@ObjectType('DossierSupplement', {
  description: 'Yêu cầu bổ sung — a supplement request; its duration does not count against the due time',
})
export class DossierSupplementType {
  @Field(() => Date) requestedAt!: Date;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType('DossierResult', { description: 'Giấy tờ kết quả — an electronic result document' })
export class DossierResultType {
  @Field(() => String) name!: string;
  @Field(() => String) contentType!: string;
  @Field(() => String) sha256!: string;
  @Field(() => Int) size!: number;
  @Field(() => String) downloadPath!: string;
}

@ObjectType('Dossier', {
  implements: Node,
  description: 'Hồ sơ thủ tục hành chính — an administrative dossier',
})
export class DossierType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'Mã hồ sơ (MaHoSo)' }) code!: string;
  @Field(() => String, { nullable: true, description: 'Trích yếu hồ sơ' }) summary!: string | null;
  @Field(() => Int, { description: 'Kênh thực hiện: 1 in person, 2 online, 3 postal' }) channel!: number;
  @Field(() => Boolean, {
    description: 'Hình thức trả kết quả — the result goes by post (HinhThuc 1) rather than at the counter (0)',
  })
  resultByPost!: boolean;
  @Field(() => Int, { description: 'Trạng thái hồ sơ (TrangThaiHoSo 1-10)' }) status!: number;
  @Field(() => Date, { description: 'Ngày tiếp nhận' }) receivedAt!: Date;
  @Field(() => Date, { description: 'Ngày hẹn trả (NgayHenTra)' }) dueAt!: Date;
  @Field(() => Date, { description: 'The due time moved by completed supplement periods' }) effectiveDueAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Ngày kết thúc xử lý' }) finishedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Ngày trả kết quả' }) returnedAt!: Date | null;
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
  @Field(() => String) code!: string;
  @Field(() => String, { description: 'Tên thủ tục' }) procedureName!: string;
  @Field(() => Int) status!: number;
  @Field(() => String) statusName!: string;
  @Field(() => Date) receivedAt!: Date;
  @Field(() => Date) dueAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

@InputType('ApplicantInput')
export class ApplicantInput {
  @Field(() => Int, { description: '1 citizen, 2 business or organisation' }) type!: number;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) idNumber?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
}

@InputType('SubmitDossierInput', {
  description: 'Tiếp nhận hồ sơ — a dossier from an agency system (idempotent on its code)',
})
export class SubmitDossierInput {
  @Field(() => String, { nullable: true, description: 'MaHoSo; generated when absent' }) code?: string | null;
  @Field(() => String) procedureCode!: string;
  @Field(() => String, { nullable: true, description: 'Cơ quan tiếp nhận (default: yours)' }) receivingAgencyCode?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Cơ quan xử lý (default: the receiving agency)' })
  handlingAgencyCode?: string | null;
  @Field(() => ApplicantInput) applicant!: ApplicantInput;
  @Field(() => String, { nullable: true }) summary?: string | null;
  @Field(() => Int, { description: '1 in person, 2 online, 3 postal' }) channel!: number;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Hình thức trả kết quả — true: the result goes by post; default false: at the counter (HinhThuc)',
  })
  resultByPost?: boolean | null;
  @Field(() => Date, { nullable: true, description: 'Ngày tiếp nhận (default: now)' }) receivedAt?: Date | null;
  @Field(() => Int, {
    nullable: true,
    description: '1 (registered online) or 2 (accepted); by default 1 online, else 2',
  })
  status?: number | null;
}

@InputType('DossierStepInput', {
  description: 'Chuyển bước xử lý — move a dossier to a status, with who, when and why',
})
export class DossierStepInput {
  @Field(() => Int) status!: number;
  @Field(() => String, { nullable: true }) officerName?: string | null;
  @Field(() => String, { nullable: true }) position?: string | null;
  @Field(() => String, { nullable: true }) department?: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => Date, { nullable: true, description: 'When it happened (default: now)' }) at?: Date | null;
}

@ObjectType('PortalSync', { description: 'Đồng bộ Cổng DVCQG — how far the portal has this dossier' })
export class PortalSyncType {
  @Field(() => String, { description: 'PENDING, SYNCED or FAILED' }) state!: string;
  @Field(() => Int, { description: 'The version the portal has (0: none yet)' }) syncedVersion!: number;
  @Field(() => Int, { description: 'Attempts so far' }) attempts!: number;
  @Field(() => Date, { nullable: true }) lastAttemptAt!: Date | null;
  @Field(() => String, { nullable: true, description: "The last failure, with the portal's message when it refused" })
  lastError!: string | null;
}
