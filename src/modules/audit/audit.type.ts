import { Field, Int, ObjectType } from 'type-graphql';
import { Role } from '../../generated/prisma/enums.js';
import { Connection } from '../../graphql/connection.js';

@ObjectType('AuditEntry', { description: 'Nhật ký kiểm toán — one audited mutation, allowed or refused' })
export class AuditEntryType {
  @Field(() => String, { description: 'Position in the chain (1, 2, …)' })
  seq!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { description: 'USER, API_KEY or ANONYMOUS' })
  actorType!: string;

  @Field(() => String, { nullable: true })
  actorId!: string | null;

  @Field(() => Role, { nullable: true })
  role!: Role | null;

  @Field(() => String, { nullable: true, description: 'Mã định danh of the actor\'s agency' })
  agencyCode!: string | null;

  @Field(() => String, { description: 'The mutation' })
  operation!: string;

  @Field(() => [String], { description: 'Ids and codes it touched' })
  targetIds!: string[];

  @Field(() => String)
  requestId!: string;

  @Field(() => String, { description: 'SUCCESS, REFUSED or FAILED' })
  outcome!: string;

  @Field(() => String, { nullable: true, description: 'Error code when not SUCCESS' })
  errorCode!: string | null;

  @Field(() => String, { description: 'SHA-256 of this row, chained to the previous one' })
  hash!: string;
}

@ObjectType('AuditEntryConnection', { description: 'A page of audit entries, newest first' })
export class AuditEntryConnection extends Connection(AuditEntryType, 'AuditEntry') {}

@ObjectType('AuditChainReport', { description: 'Kiểm tra chuỗi — result of re-verifying the whole audit chain' })
export class AuditChainReportType {
  @Field(() => Boolean, { description: 'No row altered, missing or out of order' })
  ok!: boolean;

  @Field(() => Int)
  checkedRows!: number;

  @Field(() => String, { nullable: true, description: 'Last verified row; anchor it elsewhere to detect truncation of the tail' })
  headSeq!: string | null;

  @Field(() => String, { nullable: true })
  headHash!: string | null;

  @Field(() => String, { nullable: true, description: 'First row where the chain breaks' })
  firstBrokenSeq!: string | null;

  @Field(() => String, { nullable: true })
  problem!: string | null;
}
