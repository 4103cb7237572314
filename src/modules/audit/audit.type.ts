import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../../generated/prisma/enums.js';
import { Connection } from '../../graphql/connection.js';

/** What `auditChain` found wrong (the service's `AuditChainProblem`). */
export enum AuditChainProblemKind {
  TAIL_DELETED = 'TAIL_DELETED',
  REWRITTEN = 'REWRITTEN',
  GAP = 'GAP',
  BROKEN_LINK = 'BROKEN_LINK',
  CHECKPOINT_INVALID = 'CHECKPOINT_INVALID',
}

registerEnumType(AuditChainProblemKind, {
  name: 'AuditChainProblem',
  description: 'Loại sự cố — what is wrong with the audit chain',
  valuesConfig: {
    TAIL_DELETED: {
      description:
        'Mất đuôi chuỗi — the newest rows were deleted: the head is below the latest checkpoint, or rows the hub appended later (keyed, so not forged) replaced the checkpointed one',
    },
    REWRITTEN: {
      description:
        'Bị sửa — a row was altered, or the chain was rewritten and rehashed (a hash that does not verify with the key, plain SHA-256 after keyed rows, or another row where the checkpoint was taken)',
    },
    GAP: { description: 'Thiếu dòng — a row in the middle is missing' },
    BROKEN_LINK: { description: 'Đứt liên kết — a row does not follow the one before it (prevHash)' },
    CHECKPOINT_INVALID: {
      description:
        'Điểm kiểm tra không hợp lệ — the latest checkpoint is unreadable, its signature fails or it belongs to another chain: it is not trusted',
    },
  },
});

const ActorType = {
  USER: 'USER',
  API_KEY: 'API_KEY',
  SYSTEM: 'SYSTEM',
  ANONYMOUS: 'ANONYMOUS',
} as const;
registerEnumType(ActorType, {
  name: 'ActorType',
  description: 'Loại người thực hiện — who acted',
  valuesConfig: {
    USER: { description: 'Người dùng — a person, with a JWT' },
    API_KEY: { description: 'Khóa API — an agency system, with an API key' },
    SYSTEM: { description: "Hệ thống — the hub's own work, or a payment gateway calling back" },
    ANONYMOUS: { description: 'Ẩn danh — no valid credentials' },
  },
});

const AuditOutcome = {
  SUCCESS: 'SUCCESS',
  REFUSED: 'REFUSED',
  FAILED: 'FAILED',
} as const;
registerEnumType(AuditOutcome, {
  name: 'AuditOutcome',
  description: 'Kết quả — what became of the mutation',
  valuesConfig: {
    SUCCESS: { description: 'Thành công — it was done' },
    REFUSED: { description: 'Bị từ chối — refused (role, agency, input): errorCode says why' },
    FAILED: { description: 'Thất bại — it failed while running: errorCode says how' },
  },
});

@ObjectType('AuditEntry', { description: 'Nhật ký kiểm toán — one audited mutation, allowed or refused' })
export class AuditEntryType {
  @Field(() => String, { description: 'Số thứ tự — position in the chain (1, 2, …)' })
  seq!: string;

  @Field(() => Date, { description: 'Thời điểm — when it happened' })
  at!: Date;

  @Field(() => ActorType, { description: 'Loại người thực hiện — who acted' })
  actorType!: string;

  @Field(() => String, { nullable: true, description: 'Người thực hiện — JWT subject or API key id (null: anonymous)' })
  actorId!: string | null;

  @Field(() => Role, { nullable: true, description: "Vai trò — the actor's role" })
  role!: Role | null;

  @Field(() => String, { nullable: true, description: "Mã định danh of the actor's agency" })
  agencyCode!: string | null;

  @Field(() => String, { description: 'Thao tác — the mutation' })
  operation!: string;

  @Field(() => [String], { description: 'Đối tượng — the ids and codes it touched' })
  targetIds!: string[];

  @Field(() => String, { description: 'Mã yêu cầu — the request id (x-request-id), also in the logs' })
  requestId!: string;

  @Field(() => AuditOutcome, { description: 'Kết quả — what became of the mutation' })
  outcome!: string;

  @Field(() => String, { nullable: true, description: 'Mã lỗi — the error code when the outcome is not SUCCESS' })
  errorCode!: string | null;

  @Field(() => String, {
    description:
      'Mã băm — HMAC-SHA256 of this row under the audit key (plain SHA-256 for rows written before the key), chained to the previous one',
  })
  hash!: string;
}

@ObjectType('AuditEntryConnection', { description: 'Danh sách nhật ký — a page of audit entries, newest first' })
export class AuditEntryConnection extends Connection(AuditEntryType, 'AuditEntry') {}

@ObjectType('AuditChainReport', { description: 'Kiểm tra chuỗi — result of re-verifying the whole audit chain' })
export class AuditChainReportType {
  @Field(() => Boolean, {
    description: 'Toàn vẹn — no row altered, missing or out of order, and the chain still holds the latest checkpoint',
  })
  ok!: boolean;

  @Field(() => Int, { description: 'Số dòng đã kiểm — rows verified' })
  checkedRows!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Dòng cuối đã kiểm — the last verified row (the checkpoints anchor it outside the database)',
  })
  headSeq!: string | null;

  @Field(() => String, { nullable: true, description: 'Mã băm đầu chuỗi — hash of the last verified row' })
  headHash!: string | null;

  @Field(() => String, { nullable: true, description: 'Dòng lỗi đầu tiên — the first row where the chain breaks' })
  firstBrokenSeq!: string | null;

  @Field(() => String, { nullable: true, description: 'Sự cố — what is wrong, in words' })
  problem!: string | null;

  @Field(() => AuditChainProblemKind, {
    nullable: true,
    description: 'Loại sự cố — the kind of problem: TAIL_DELETED, REWRITTEN, GAP, BROKEN_LINK or CHECKPOINT_INVALID',
  })
  problemKind!: AuditChainProblemKind | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Điểm kiểm tra — the row of the latest checkpoint, kept signed outside the database, that the chain was compared with (null: none yet, or not trusted)',
  })
  checkpointSeq!: string | null;

  @Field(() => Date, { nullable: true, description: 'Thời điểm kiểm tra — when that checkpoint was taken' })
  checkpointAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Khóa hóa từ dòng — the first row hashed with the audit key (earlier rows: plain SHA-256, written before the key)',
  })
  keyedFromSeq!: string | null;
}
