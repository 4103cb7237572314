/**
 * The audit tables. A mutation appends its row to `audit_pending` inside its own transaction, with
 * no lock; the sealer moves pending rows into the append-only `audit_log` chain in batches, under
 * a transaction-scoped advisory lock that only sealers take.
 */
import { lazyCount } from '../../common/cursor.js';
import type { Db, Prisma, PrismaClient } from '../../db/client.js';

export type AuditRow = Prisma.AuditLogGetPayload<object>;
export type AuditFields = Omit<AuditRow, 'seq' | 'prevHash' | 'hash'>;

/** Pending rows sealed per transaction (the rest by the next one). */
export const SEAL_BATCH = 1000;

/** Arbitrary constant naming the audit chain's lock. */
const AUDIT_CHAIN_LOCK = 0x4c54_4155; // "LTAU"
export const GENESIS_HASH = '0'.repeat(64);

export const auditRepository = {
  /** Append a row to be sealed (inside the mutation's transaction: both commit or neither). */
  async append(tx: Db, fields: AuditFields): Promise<void> {
    await tx.auditPending.create({ data: fields });
  },

  /**
   * Seal pending rows into the chain, oldest first, in one transaction: each gets the next seq,
   * the hash before it and its own hash. Returns how many were sealed (at most SEAL_BATCH).
   */
  seal(prisma: PrismaClient, hashOf: (row: Omit<AuditRow, 'hash'>) => string): Promise<number> {
    return prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
        const pending = await tx.$queryRaw<Array<AuditFields & { id: bigint }>>`
        DELETE FROM audit_pending WHERE id IN (SELECT id FROM audit_pending ORDER BY id LIMIT ${SEAL_BATCH})
        RETURNING id, at, actor_type AS "actorType", actor_id AS "actorId", role::text AS role,
                  agency_code AS "agencyCode", operation, coalesce(target_ids, '{}') AS "targetIds",
                  request_id AS "requestId", outcome, error_code AS "errorCode"`;
        if (!pending.length) return 0;
        const last = await tx.auditLog.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
        let head = { seq: last?.seq ?? 0n, hash: last?.hash ?? GENESIS_HASH };
        const sealed: AuditRow[] = [];
        for (const { id: _id, ...fields } of pending.sort((x, y) => (x.id < y.id ? -1 : 1))) {
          const row = { ...fields, seq: head.seq + 1n, prevHash: head.hash };
          head = { seq: row.seq, hash: hashOf(row) };
          sealed.push({ ...row, hash: head.hash });
        }
        await tx.auditLog.createMany({ data: sealed });
        return sealed.length;
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
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
