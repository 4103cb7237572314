import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../../generated/prisma/enums.js';
import { Connection } from '../../graphql/connection.js';
import { AgencyType } from '../agency/agency.type.js';

registerEnumType(Role, {
  name: 'Role',
  description: 'Vai trò — role of a caller',
  valuesConfig: {
    ADMIN: { description: 'Quản trị — reads and writes everything' },
    LEADER: { description: 'Lãnh đạo — reads everything, writes nothing' },
    OFFICER: { description: 'Cán bộ, hệ thống cơ quan — reads and writes its own agency' },
  },
});

@ObjectType('Caller', { description: 'Người gọi — who the request is authenticated as' })
export class CallerType {
  @Field(() => String, { description: 'Loại người gọi — "user": a person with a JWT; "apiKey": an agency system' })
  kind!: string;

  @Field(() => String, { description: "Mã người gọi — the JWT subject or the API key's id" })
  id!: string;

  @Field(() => Role, { description: "Vai trò — the caller's role" })
  role!: Role;

  @Field(() => AgencyType, { nullable: true, description: 'Cơ quan — the agency the caller acts for' })
  agency!: AgencyType | null;
}

@ObjectType('ApiKey', { description: 'Khóa API — key of an agency system (the secret is never shown again)' })
export class ApiKeyType {
  @Field(() => ID, { description: "Mã khóa — the key's id (not its secret)" })
  id!: string;

  @Field(() => String, { description: 'Tên — what the key is for' })
  name!: string;

  @Field(() => String, { description: 'Tiền tố — public prefix identifying the key (lth_<prefix>_…)' })
  prefix!: string;

  @Field(() => Role, { description: 'Vai trò — the role the key acts with' })
  role!: Role;

  @Field(() => AgencyType, { description: 'Cơ quan — the agency the key acts for' })
  agency!: AgencyType;

  @Field(() => String, { description: 'Người cấp — who issued it' })
  createdBy!: string;

  @Field(() => Date, { description: 'Ngày cấp — when the key was issued' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Thu hồi lúc — when it was revoked' })
  revokedAt!: Date | null;

  agencyId!: string;
}

@ObjectType('ApiKeyConnection', { description: 'Danh sách khóa API — a page of API keys, newest first' })
export class ApiKeyConnection extends Connection(ApiKeyType, 'ApiKey') {}

@ObjectType('IssuedApiKey', { description: 'Khóa API mới — a new key with its secret, shown only this once' })
export class IssuedApiKeyType {
  @Field(() => ApiKeyType, { description: 'Khóa API — the key as listed' })
  apiKey!: ApiKeyType;

  @Field(() => String, {
    description: 'Khóa bí mật — the whole key: send it as "Authorization: ApiKey <key>" or "X-API-Key"',
  })
  secret!: string;
}

@InputType('IssueApiKeyInput', { description: 'Cấp khóa API — a key for one agency system' })
export class IssueApiKeyInput {
  @Field(() => String, { description: 'Mã định danh of the agency the key acts for' })
  agencyCode!: string;

  @Field(() => Role, {
    defaultValue: 'OFFICER',
    description: 'Vai trò — the role of the key (agency systems: OFFICER)',
  })
  role!: Role;

  @Field(() => String, { description: 'Tên — what the key is for, 3 to 100 characters' })
  name!: string;
}
