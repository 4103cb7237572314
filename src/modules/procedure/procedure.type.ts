import { Node } from '../../graphql/node.js';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OnlineType } from '../../generated/prisma/enums.js';
import { Connection } from '../../graphql/connection.js';
import { DateScalar } from '../../graphql/scalars.js';

registerEnumType(OnlineType, {
  name: 'OnlineType',
  description: 'Hình thức dịch vụ công trực tuyến — how far a procedure is online (Decree 42/2022)',
  valuesConfig: {
    FULL: { description: 'Toàn trình — full-process online' },
    PARTIAL: { description: 'Một phần — partially online' },
    NONE: { description: 'Không trực tuyến — not online' },
  },
});

export enum FeeKind {
  FEE = 'FEE',
  CHARGE = 'CHARGE',
}
registerEnumType(FeeKind, {
  name: 'FeeKind',
  description: 'Loại phí, lệ phí (LoaiPhiLePhi) — fee or charge',
  valuesConfig: {
    FEE: { description: 'Phí — fee (LoaiPhiLePhi 1)' },
    CHARGE: { description: 'Lệ phí — charge (LoaiPhiLePhi 2)' },
  },
});

@ObjectType('ProcedureFee', { description: 'Phí, lệ phí — a fee or charge, in whole đồng' })
export class ProcedureFeeType {
  @Field(() => FeeKind, { description: 'Loại — fee or charge (LoaiPhiLePhi)' }) kind!: FeeKind;
  @Field(() => Int, { description: 'Số tiền — amount in whole đồng' }) amount!: number;
  @Field(() => String, { description: 'Mô tả — description' }) description!: string;
}

@ObjectType('Procedure', {
  implements: Node,
  description: 'Thủ tục hành chính — an administrative procedure',
})
export class ProcedureType {
  @Field(() => ID, { description: 'Mã — unique across the hub (a UUID); node(id:) reads it again' }) id!: string;
  @Field(() => String, { description: 'Mã thủ tục — national code, e.g. 1.001193' }) code!: string;
  @Field(() => String, { description: 'Tên thủ tục (TenTTHC) — procedure name' }) name!: string;
  @Field(() => String, { description: 'Mã lĩnh vực — field' }) fieldCode!: string;
  @Field(() => String, { nullable: true, description: 'Tên lĩnh vực (TenLinhVuc) — field name' }) fieldName!:
    string | null;
  @Field(() => Int, { description: 'Thời hạn giải quyết — legal processing time, working days' })
  processingDays!: number;
  @Field(() => Int, { description: 'Mức độ dịch vụ công trực tuyến — online level 1-4 (Decree 43/2011)' })
  onlineLevel!: number;
  @Field(() => OnlineType, {
    description: 'Hình thức trực tuyến — full-process, partial or not online (Decree 42/2022)',
  })
  onlineType!: OnlineType;
  @Field(() => Boolean, {
    description: 'Yêu cầu kết quả điện tử — a dossier counts as online only with an electronic result',
  })
  resultRequired!: boolean;
  @Field(() => DateScalar, { description: 'Hiệu lực từ — first day in force' }) validFrom!: string;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'Hết hiệu lực từ — first day no longer in force; null: in force',
  })
  validTo!: string | null;
}

@ObjectType('ProcedureConnection', { description: 'Danh mục thủ tục — a page of procedures, in code order' })
export class ProcedureConnection extends Connection(ProcedureType, 'Procedure') {}

@InputType('ProcedureFeeInput', { description: 'Phí, lệ phí — a fee or charge of the procedure, in whole đồng' })
export class ProcedureFeeInput {
  @Field(() => FeeKind, { description: 'Loại — fee or charge (LoaiPhiLePhi)' }) kind!: FeeKind;
  @Field(() => Int, { description: 'Whole đồng, 0 to 2,000,000,000' }) amount!: number;
  @Field(() => String, { description: 'Mô tả — what the fee is for' }) description!: string;
  @Field(() => String, { nullable: true, description: 'Mã phí, lệ phí (MaPhiLePhi) of the national catalog' }) code?:
    string | null;
}

@InputType('ProcedureInput', { description: 'Thủ tục hành chính — create or replace a procedure by its code (ADMIN)' })
export class ProcedureInput {
  @Field(() => String, { description: 'Mã thủ tục (MaTTHC) — national code, e.g. 1.001193' }) code!: string;
  @Field(() => String, { description: 'Tên thủ tục (TenTTHC) — name' }) name!: string;
  @Field(() => String, { description: 'Mã lĩnh vực (MaLinhVuc) — field' }) fieldCode!: string;
  @Field(() => String, { description: 'Tên lĩnh vực (TenLinhVuc), required by the portal' }) fieldName!: string;
  @Field(() => Int, { description: 'Thời hạn giải quyết — legal processing time, in working days' })
  processingDays!: number;
  @Field(() => Int, { description: 'Mức độ dịch vụ công trực tuyến — online level 1-4 (Decree 43/2011)' })
  onlineLevel!: number;
  @Field(() => OnlineType, {
    description: 'Hình thức trực tuyến — full-process, partial or not online (Decree 42/2022)',
  })
  onlineType!: OnlineType;
  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Yêu cầu kết quả điện tử — a dossier counts as online only with an electronic result',
  })
  resultRequired!: boolean;
  @Field(() => DateScalar, { description: 'Ngày — the day' }) validFrom!: string;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'Hết hiệu lực từ — first day no longer in force; null: in force',
  })
  validTo?: string | null;
  @Field(() => [ProcedureFeeInput], { defaultValue: [], description: 'Phí, lệ phí — fees and charges, in whole đồng' })
  fees!: ProcedureFeeInput[];
  @Field(() => [String], { description: 'Cơ quan thực hiện — codes of the agencies that handle it' })
  agencyCodes!: string[];
}
