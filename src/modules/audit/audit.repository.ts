/** The append-only audit table. Appends are serialised by a transaction-scoped advisory lock. */
import { lazyCount } from '../../common/cursor.js';
import type { Db, Prisma } from '../../db/client.js';

export type AuditRow = Prisma.AuditLogGetPayload<object>;
export type AuditFields = Omit<AuditRow, 'seq' | 'prevHash' | 'hash'>;

/** Arbitrary constant naming the audit chain's lock. */
const AUDIT_CHAIN_LOCK = 0x4c54_4155; // "LTAU"
export const GENESIS_HASH = '0'.repeat(64);

export const auditRepository = {
  /** Must run inside a transaction: the lock is held until it commits. */
  async append(
    tx: Prisma.TransactionClient,
    fields: AuditFields,
    hashOf: (row: Omit<AuditRow, 'hash'>) => string,
  ): Promise<AuditRow> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
    const last = await tx.auditLog.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
    const row = { ...fields, seq: (last?.seq ?? 0n) + 1n, prevHash: last?.hash ?? GENESIS_HASH };
    return tx.auditLog.create({ data: { ...row, hash: hashOf(row) } });
  },

  /** Rows in chain order after `afterSeq`, for verification. */
  chainBatch(db: Db, afterSeq: bigint, take: number): Promise<AuditRow[]> {
    return db.auditLog.findMany({ where: { seq: { gt: afterSeq } }, orderBy: { seq: 'asc' }, take });
  },

  /** The newest row's position and hash, or null when the chain is empty. */
  head(db: Db): Promise<{ seq: bigint; hash: string } | null> {
    return db.auditLog.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
  },

  row(db: Db, seq: bigint): Promise<AuditRow | null> {
    return db.auditLog.findUnique({ where: { seq } });
  },

  async list(db: Db, filter: { agencyCode?: string; operation?: string }, take: number, beforeSeq?: bigint) {
    const where: Prisma.AuditLogWhereInput = {
      ...(filter.agencyCode ? { agencyCode: filter.agencyCode } : {}),
      ...(filter.operation ? { operation: filter.operation } : {}),
    };
    const rows = await db.auditLog.findMany({
      where: beforeSeq ? { AND: [where, { seq: { lt: beforeSeq } }] } : where,
      orderBy: { seq: 'desc' },
      take,
    });
    return [rows, lazyCount(() => db.auditLog.count({ where }))] as const;
  },
};
