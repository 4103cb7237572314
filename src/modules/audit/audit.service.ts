/**
 * The audit trail: every mutation, allowed or refused, becomes one row chained by SHA-256 to the
 * row before it, so that altering or deleting a row breaks the chain at that row.
 * Rows hold ids and codes only, never secrets or personal data.
 */
import { createHash } from 'node:crypto';
import { checkPageSize, decodeCursor, toPage, type Page } from '../../common/cursor.js';
import { BadUserInputError } from '../../common/errors.js';
import type { Db, Prisma, PrismaClient } from '../../db/client.js';
import type { Caller } from '../auth/caller.js';
import { GENESIS_HASH, auditRepository, type AuditRow } from './audit.repository.js';

export type AuditOutcome = 'SUCCESS' | 'REFUSED' | 'FAILED';

export interface AuditEntry {
  caller: Caller | null;
  operation: string;
  targetIds: string[];
  requestId: string;
  outcome: AuditOutcome;
  errorCode?: string | null;
  at?: Date;
}

/** The hash covers every column but itself, in a fixed order. */
export function auditHash(row: Omit<AuditRow, 'hash'>): string {
  const canonical = JSON.stringify([
    row.seq.toString(),
    row.at.toISOString(),
    row.actorType,
    row.actorId,
    row.role,
    row.agencyCode,
    row.operation,
    row.targetIds,
    row.requestId,
    row.outcome,
    row.errorCode,
    row.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface AuditChainReport {
  ok: boolean;
  checkedRows: number;
  headSeq: bigint | null;
  headHash: string | null;
  firstBrokenSeq: bigint | null;
  problem: string | null;
}

export const auditService = {
  /** Append inside the caller's transaction (the mutation's own, so both commit or neither). */
  append(tx: Prisma.TransactionClient, e: AuditEntry): Promise<AuditRow> {
    return auditRepository.append(
      tx,
      {
        at: e.at ?? new Date(),
        actorType: e.caller ? ({ apiKey: 'API_KEY', user: 'USER', system: 'SYSTEM' } as const)[e.caller.kind] : 'ANONYMOUS',
        actorId: e.caller?.id ?? null,
        role: e.caller?.role ?? null,
        agencyCode: e.caller?.agencyCode ?? null,
        operation: e.operation,
        targetIds: [...new Set(e.targetIds)].slice(0, 50),
        requestId: e.requestId,
        outcome: e.outcome,
        errorCode: e.errorCode ?? null,
      },
      auditHash,
    );
  },

  /** Append in a transaction of its own (refusals, whose mutation transaction rolled back). */
  appendAlone(prisma: PrismaClient, e: AuditEntry): Promise<AuditRow> {
    return prisma.$transaction((tx) => this.append(tx, e));
  },

  /** Walk the whole chain: sequence without gaps, each prevHash the hash before, each hash recomputed. */
  async verify(db: Db, batchSize = 1000): Promise<AuditChainReport> {
    let prev: { seq: bigint; hash: string } = { seq: 0n, hash: GENESIS_HASH };
    let checked = 0;
    const broken = (seq: bigint, problem: string): AuditChainReport => ({
      ok: false,
      checkedRows: checked,
      headSeq: prev.seq || null,
      headHash: prev.seq ? prev.hash : null,
      firstBrokenSeq: seq,
      problem,
    });
    for (;;) {
      const rows = await auditRepository.chainBatch(db, prev.seq, batchSize);
      for (const row of rows) {
        if (row.seq !== prev.seq + 1n) return broken(prev.seq + 1n, `row ${prev.seq + 1n} is missing`);
        if (row.prevHash !== prev.hash) return broken(row.seq, `row ${row.seq} does not follow row ${prev.seq}`);
        const { hash, ...rest } = row;
        if (auditHash(rest) !== hash) return broken(row.seq, `row ${row.seq} was altered`);
        checked++;
        prev = { seq: row.seq, hash };
      }
      if (rows.length < batchSize) break;
    }
    return { ok: true, checkedRows: checked, headSeq: prev.seq || null, headHash: prev.seq ? prev.hash : null, firstBrokenSeq: null, problem: null };
  },

  async list(db: Db, args: { agencyCode?: string | null; operation?: string | null; first: number; after?: string | null }, maxPage: number): Promise<Page<AuditRow>> {
    checkPageSize(args.first, maxPage);
    const key = args.after ? String(decodeCursor(args.after, 1)[0]) : undefined;
    if (key !== undefined && !/^\d{1,19}$/.test(key)) throw new BadUserInputError('"after" is not a cursor returned by this list');
    const before = key !== undefined ? BigInt(key) : undefined;
    const [rows, total] = await auditRepository.list(
      db,
      { agencyCode: args.agencyCode ?? undefined, operation: args.operation ?? undefined },
      args.first + 1,
      before,
    );
    return toPage(rows, args.first, total, (r) => [r.seq.toString()]);
  },
};
