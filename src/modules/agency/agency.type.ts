import { Node } from '../../graphql/node.js';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { AgencyLevel } from '../../generated/prisma/enums.js';
import { Connection } from '../../graphql/connection.js';
import { DateScalar } from '../../graphql/scalars.js';

registerEnumType(AgencyLevel, {
  name: 'AgencyLevel',
  description: 'Cấp hành chính — level of government',
  valuesConfig: {
    MINISTRY: { description: 'Bộ, ngành — ministry or central agency' },
    PROVINCE: { description: 'Tỉnh, thành phố — province or centrally-run city, and its departments' },
    DISTRICT: { description: 'Huyện, quận — district (dissolved on 2025-07-01; kept for history)' },
    COMMUNE: { description: 'Xã, phường, đặc khu — commune, ward or special zone' },
  },
});

@ObjectType('CollectionAccount', {
  description: "Tài khoản thụ hưởng — the agency's collection account on the payment platform's receipts",
})
export class CollectionAccountType {
  @Field(() => String, { description: 'Số tài khoản thụ hưởng (TKThuHuong) — account number' }) account!: string;
  @Field(() => String, { description: 'Mã ngân hàng thụ hưởng (MaNHThuHuong) — bank code' }) bankCode!: string;
  @Field(() => String, { description: 'Tên tài khoản thụ hưởng (TenTKThuHuong) — account name' }) accountName!: string;
}

@InputType('CollectionAccountInput', { description: "Tài khoản thụ hưởng — the agency's collection account" })
export class CollectionAccountInput {
  @Field(() => String, { description: 'Số tài khoản thụ hưởng (TKThuHuong) — account number, e.g. 3511.0.1234567' })
  account!: string;
  @Field(() => String, { description: 'Mã ngân hàng thụ hưởng (MaNHThuHuong) — bank code, e.g. 01201001' })
  bankCode!: string;
  @Field(() => String, { description: 'Tên tài khoản thụ hưởng (TenTKThuHuong) — account name' }) accountName!: string;
}

@ObjectType('Agency', {
  implements: Node,
  description: 'Cơ quan, đơn vị — agency, identified by its electronic identifier code (mã định danh)',
})
export class AgencyType {
  @Field(() => ID, { description: 'Mã — unique across the hub (a UUID); node(id:) reads it again' })
  id!: string;

  @Field(() => String, { description: 'Mã định danh — canonical identifier code LLL.KK.JJ.XNN' })
  code!: string;

  @Field(() => String, { description: 'Tên cơ quan — name' })
  name!: string;

  @Field(() => AgencyLevel, { description: 'Cấp — level of government' })
  level!: AgencyLevel;

  @Field(() => DateScalar, { description: 'Hiệu lực từ — first day of validity' })
  validFrom!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Hiệu lực đến — first day it no longer exists; null while active',
  })
  validTo!: string | null;

  @Field(() => CollectionAccountType, {
    nullable: true,
    description:
      'Tài khoản thu — where fees and charges collected for the agency are paid (payment receipts); null until an ADMIN sets it',
  })
  collection!: CollectionAccountType | null;

  // internal: resolved through loaders by the field resolvers
  parentId!: string | null;
  successorId!: string | null;
}

@ObjectType('AgencyConnection', { description: 'Danh sách cơ quan — a page of agencies' })
export class AgencyConnection extends Connection(AgencyType, 'Agency') {}
