/**
 * Walking the audit chain: each row's hash and link checked in order, and the walk compared with
 * the latest checkpoint kept outside PostgreSQL (a tail deleted, a chain rewritten from some row on).
 */
import type { Db } from '../../db/client.js';
import type { AuditCheckpoint } from './audit-checkpoint.js';
import { hashKind } from './audit-hash.js';
import { auditRepository } from './audit.repository.js';

/** What went wrong, when something did. */
type AuditChainProblem = 'TAIL_DELETED' | 'REWRITTEN' | 'GAP' | 'BROKEN_LINK' | 'CHECKPOINT_INVALID';

export interface AuditChainReport {
  ok: boolean;
  checkedRows: number;
  headSeq: bigint | null;
  headHash: string | null;
  firstBrokenSeq: bigint | null;
  problem: string | null;
  problemKind: AuditChainProblem | null;
  /** the latest valid checkpoint the chain was compared with */
  checkpointSeq: bigint | null;
  checkpointAt: Date | null;
  /** the first row hashed with the key */
  keyedFromSeq: bigint | null;
}

export interface Break {
  kind: AuditChainProblem;
  seq: bigint | null;
  problem: string;
}

export interface Walk {
  checked: number;
  head: { seq: bigint; hash: string };
  keyedFrom: bigint | null;
  /** the row at `watch`, when the walk passed it */
  watched: { hash: string; kind: 'keyed' | 'plain' } | null;
  broken: Break | null;
}

/**
 * Walk the chain after `from`: sequence without gaps, each prevHash the hash before, each hash
 * recomputed (with the key, or plain SHA-256 only before the first keyed row).
 */
export async function walk(
  db: Db,
  from: { seq: bigint; hash: string; keyedFrom: bigint | null },
  batchSize: number,
  watch?: bigint,
): Promise<Walk> {
  const w: Walk = {
    checked: 0,
    head: { seq: from.seq, hash: from.hash },
    keyedFrom: from.keyedFrom,
    watched: null,
    broken: null,
  };
  for (;;) {
    const rows = await auditRepository.chainBatch(db, w.head.seq, batchSize);
    for (const row of rows) {
      const prev = w.head;
      if (row.seq !== prev.seq + 1n)
        return { ...w, broken: { kind: 'GAP', seq: prev.seq + 1n, problem: `row ${prev.seq + 1n} is missing` } };
      if (row.prevHash !== prev.hash)
        return {
          ...w,
          broken: { kind: 'BROKEN_LINK', seq: row.seq, problem: `row ${row.seq} does not follow row ${prev.seq}` },
        };
      const kind = hashKind(row);
      if (!kind) return { ...w, broken: { kind: 'REWRITTEN', seq: row.seq, problem: `row ${row.seq} was altered` } };
      if (kind === 'plain' && w.keyedFrom !== null) {
        return {
          ...w,
          broken: {
            kind: 'REWRITTEN',
            seq: row.seq,
            problem: `row ${row.seq} was altered: it is hashed without the key after keyed rows (from row ${w.keyedFrom})`,
          },
        };
      }
      if (kind === 'keyed' && w.keyedFrom === null) w.keyedFrom = row.seq;
      if (row.seq === watch) w.watched = { hash: row.hash, kind };
      w.checked++;
      w.head = { seq: row.seq, hash: row.hash };
    }
    if (rows.length < batchSize) return w;
  }
}

/** A verified chain against the latest checkpoint: shorter, or another chain where it was checkpointed. */
export function compareWithCheckpoint(cp: AuditCheckpoint, w: Walk): Break | null {
  const when = cp.at.toISOString();
  if (w.head.seq < cp.seq) {
    return {
      kind: 'TAIL_DELETED',
      seq: w.head.seq + 1n,
      problem: `rows from ${w.head.seq + 1n} on were deleted: the checkpoint of ${when} holds the chain up to row ${cp.seq}`,
    };
  }
  if (w.watched && w.watched.hash !== cp.hash) {
    // a keyed row cannot be forged without the key: it was appended by the hub onto a shortened head
    if (w.watched.kind === 'keyed') {
      return {
        kind: 'TAIL_DELETED',
        seq: cp.seq,
        problem: `row ${cp.seq} is not the row checkpointed at ${when}: rows up to ${cp.seq} were deleted and newer ones chained onto the shorter head`,
      };
    }
    return {
      kind: 'REWRITTEN',
      seq: cp.keyedFrom ?? cp.seq,
      problem: `row ${cp.seq} differs from its checkpoint of ${when}: the chain was rewritten (without the key) up to there`,
    };
  }
  if (cp.keyedFrom !== null && w.keyedFrom !== cp.keyedFrom) {
    return {
      kind: 'REWRITTEN',
      seq: cp.keyedFrom,
      problem: `the chain is keyed from row ${w.keyedFrom ?? 'none'}, the checkpoint of ${when} from row ${cp.keyedFrom}: rows were rehashed without the key`,
    };
  }
  return null;
}
