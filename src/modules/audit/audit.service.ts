/**
 * The audit trail: every mutation, allowed or refused, becomes one row chained to the row before
 * it by HMAC-SHA256 under AUDIT_KEY (a key kept outside the database), so that altering or
 * deleting a row breaks the chain at that row and nobody without the key can recompute it. Rows
 * written before the key existed carry plain SHA-256 and still verify, but never after a keyed row.
 * No mutation waits for another's audit row: each appends its row to `audit_pending` in its own
 * transaction, and the sealer chains pending rows in batches right after commit (and before the
 * chain is read), under a lock only sealers take. Until it is sealed (normally milliseconds) a
 * row is not yet tamper-evident; it is never lost (it is in PostgreSQL, sealed by the next run).
 * The head is checkpointed outside PostgreSQL (`audit-checkpoint.ts`): a tail deleted, or a chain
 * rewritten from some row on, no longer matches the latest checkpoint.
 * Rows hold ids and codes only, never secrets or personal data.
 */
import { checkPageSize, decodeCursor, toPage, type Page } from '../../common/cursor.js';
import { BadUserInputError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { Db, Prisma, PrismaClient } from '../../db/client.js';
import type { Caller } from '../auth/caller.js';
import { openCheckpoint, signCheckpoint, type AuditCheckpoint, type AuditCheckpointStore } from './audit-checkpoint.js';
import { GENESIS_HASH, SEAL_BATCH, auditRepository, type AuditRow } from './audit.repository.js';
import { auditHash, auditKey, hashKind } from './audit-hash.js';
import { compareWithCheckpoint, walk, type AuditChainReport, type Break, type Walk } from './audit-chain.js';

type AuditOutcome = 'SUCCESS' | 'REFUSED' | 'FAILED';

export interface AuditEntry {
  caller: Caller | null;
  operation: string;
  targetIds: string[];
  requestId: string;
  outcome: AuditOutcome;
  errorCode?: string | null;
  at?: Date;
}

/** The latest checkpoint, verified; `invalid` says why it is not trusted. */
async function latestCheckpoint(
  store: AuditCheckpointStore,
): Promise<{ checkpoint: AuditCheckpoint } | { invalid: string } | null> {
  const found = await store.latest();
  if (!found) return null;
  const opened = openCheckpoint(auditKey(), store.chain, found.content);
  return 'invalid' in opened
    ? { invalid: `the latest checkpoint (${found.id}) ${opened.invalid}: it is not trusted` }
    : opened;
}

function report(w: Walk, cp: AuditCheckpoint | null, broken: Break | null, checkedOffset = 0): AuditChainReport {
  return {
    ok: !broken,
    checkedRows: w.checked + checkedOffset,
    headSeq: w.head.seq || null,
    headHash: w.head.seq ? w.head.hash : null,
    firstBrokenSeq: broken?.seq ?? null,
    problem: broken?.problem ?? null,
    problemKind: broken?.kind ?? null,
    checkpointSeq: cp?.seq ?? null,
    checkpointAt: cp?.at ?? null,
    keyedFromSeq: w.keyedFrom,
  };
}

const START = { seq: 0n, hash: GENESIS_HASH, keyedFrom: null };

const EMPTY: AuditChainReport = {
  ok: true,
  checkedRows: 0,
  headSeq: null,
  headHash: null,
  firstBrokenSeq: null,
  problem: null,
  problemKind: null,
  checkpointSeq: null,
  checkpointAt: null,
  keyedFromSeq: null,
};

async function writeCheckpoint(
  store: AuditCheckpointStore,
  head: Omit<AuditCheckpoint, 'at'>,
): Promise<AuditCheckpoint> {
  const cp: AuditCheckpoint = { ...head, at: new Date() };
  await store.put(signCheckpoint(auditKey(), store.chain, cp));
  return cp;
}

/**
 * Sealing in this process, per database client: one pass at a time (a pass seals everything
 * pending when it starts). A caller waits for the first pass that starts after it asked, so a
 * steady stream of writes keeps the sealer busy but never keeps a reader waiting for more.
 */
interface Sealing {
  running: boolean;
  /** passes started so far */
  started: number;
  waiters: Array<{ after: number; resolve(): void; reject(err: unknown): void }>;
}
const SEALING = new WeakMap<PrismaClient, Sealing>();

/** Seal every pending row (those committed before this call included). */
function sealAll(prisma: PrismaClient): Promise<void> {
  let s = SEALING.get(prisma);
  if (!s) SEALING.set(prisma, (s = { running: false, started: 0, waiters: [] }));
  const state = s;
  const sealed = new Promise<void>((resolve, reject) => state.waiters.push({ after: state.started, resolve, reject }));
  if (!state.running) void runPasses(prisma, state);
  return sealed;
}

async function runPasses(prisma: PrismaClient, s: Sealing): Promise<void> {
  s.running = true;
  try {
    while (s.waiters.length) {
      const pass = ++s.started;
      let failure: { err: unknown } | null = null;
      try {
        // a full batch may leave more behind it
        while ((await auditRepository.seal(prisma, auditHash)) === SEAL_BATCH);
      } catch (err) {
        failure = { err };
      }
      // those who asked before this pass began are answered; those who asked during it wait for the next
      const answered = s.waiters.filter((w) => w.after < pass);
      s.waiters = s.waiters.filter((w) => w.after >= pass);
      for (const w of answered) {
        if (failure) w.reject(failure.err);
        else w.resolve();
      }
    }
  } finally {
    s.running = false;
  }
}

/** The root client (rows are sealed in their own transactions), not a transaction's. */
const isClient = (db: Db): db is PrismaClient => '$transaction' in db;

export const auditService = {
  /**
   * Append inside the caller's transaction (the mutation's own, so both commit or neither). The
   * row waits in `audit_pending` until it is sealed into the chain: no lock is taken here.
   */
  append(tx: Prisma.TransactionClient, e: AuditEntry): Promise<void> {
    return auditRepository.append(tx, {
      at: e.at ?? new Date(),
      actorType: e.caller
        ? ({ apiKey: 'API_KEY', user: 'USER', system: 'SYSTEM', gateway: 'SYSTEM' } as const)[e.caller.kind]
        : 'ANONYMOUS',
      actorId: e.caller?.id ?? null,
      // the SYSTEM actor has no person's role: its rows say SYSTEM in actor_type
      role: e.caller && e.caller.role !== 'SYSTEM' ? e.caller.role : null,
      agencyCode: e.caller?.agencyCode ?? null,
      operation: e.operation,
      targetIds: [...new Set(e.targetIds)].slice(0, 50),
      requestId: e.requestId,
      outcome: e.outcome,
      errorCode: e.errorCode ?? null,
    });
  },

  /** Append in a transaction of its own (refusals, whose mutation transaction rolled back). */
  async appendAlone(prisma: PrismaClient, e: AuditEntry): Promise<void> {
    await prisma.$transaction((tx) => this.append(tx, e));
  },

  /** Seal pending rows into the chain now, and wait for it (before the chain is read). */
  sealNow: sealAll,

  /** Seal pending rows into the chain soon, without waiting (after a commit); a failure is logged, the rows wait. */
  sealSoon(prisma: PrismaClient, log: Logger): void {
    sealAll(prisma).catch((err: unknown) =>
      log.warn({ err }, 'could not seal audit rows into the chain yet: they wait in audit_pending'),
    );
  },

  /**
   * Walk the whole chain, then compare it with the latest checkpoint when a store is given: a head
   * below the checkpoint's row, or another row where it was checkpointed, is reported; a checkpoint
   * whose signature fails is reported and not used.
   */
  async verify(
    db: Db,
    opts: { checkpoints?: AuditCheckpointStore | null; batchSize?: number } = {},
  ): Promise<AuditChainReport> {
    if (isClient(db)) await sealAll(db);
    const latest = opts.checkpoints ? await latestCheckpoint(opts.checkpoints) : null;
    const cp = latest && 'checkpoint' in latest ? latest.checkpoint : null;
    const w = await walk(db, START, opts.batchSize ?? 1000, cp?.seq);
    if (w.broken) return report(w, cp, w.broken);
    if (latest && 'invalid' in latest)
      return report(w, null, { kind: 'CHECKPOINT_INVALID', seq: null, problem: latest.invalid });
    return report(w, cp, cp ? compareWithCheckpoint(cp, w) : null);
  },

  /**
   * Verify, then checkpoint the head when the chain is intact and grew (never over a problem: the
   * evidence stays as it is). By default only from the latest checkpoint on: its row must still
   * be there with its hash, and every row after it must follow; `full` walks the whole chain first
   * (the daily check). Without a checkpoint yet, the whole chain is walked.
   */
  async checkpoint(
    db: Db,
    store: AuditCheckpointStore,
    opts: { full?: boolean; batchSize?: number } = {},
  ): Promise<{ report: AuditChainReport; written: AuditCheckpoint | null }> {
    const batchSize = opts.batchSize ?? 1000;
    if (isClient(db)) await sealAll(db);
    const latest = await latestCheckpoint(store);
    const cp = latest && 'checkpoint' in latest ? latest.checkpoint : null;
    if (!latest || opts.full) {
      const r = await this.verify(db, { checkpoints: store, batchSize });
      if (!r.ok || r.headSeq === null || r.headHash === null || (cp && r.headSeq <= cp.seq))
        return { report: r, written: null };
      const written = await writeCheckpoint(store, {
        seq: r.headSeq,
        hash: r.headHash,
        rows: r.checkedRows,
        keyedFrom: r.keyedFromSeq,
      });
      return { report: r, written };
    }
    if (!cp) {
      const head = await auditRepository.head(db);
      const invalid = (latest as { invalid: string }).invalid;
      return {
        report: {
          ...EMPTY,
          ok: false,
          headSeq: head?.seq ?? null,
          headHash: head?.hash ?? null,
          problem: invalid,
          problemKind: 'CHECKPOINT_INVALID',
        },
        written: null,
      };
    }

    // the checkpointed row first: still there, with the hash it had
    const row = await auditRepository.row(db, cp.seq);
    const kind = row ? hashKind(row) : null;
    let broken: Break | null;
    if (!row) {
      const head = await auditRepository.head(db);
      broken =
        !head || head.seq < cp.seq
          ? {
              kind: 'TAIL_DELETED',
              seq: (head?.seq ?? 0n) + 1n,
              problem: `rows from ${(head?.seq ?? 0n) + 1n} on were deleted: the checkpoint of ${cp.at.toISOString()} holds the chain up to row ${cp.seq}`,
            }
          : { kind: 'GAP', seq: cp.seq, problem: `row ${cp.seq} is missing` };
    } else if (!kind) broken = { kind: 'REWRITTEN', seq: cp.seq, problem: `row ${cp.seq} was altered` };
    else
      broken = compareWithCheckpoint(cp, {
        checked: 0,
        head: { seq: cp.seq, hash: row.hash },
        keyedFrom: cp.keyedFrom,
        watched: { hash: row.hash, kind },
        broken: null,
      });
    if (broken) {
      const head = await auditRepository.head(db);
      return {
        report: {
          ...EMPTY,
          ok: false,
          headSeq: head?.seq ?? null,
          headHash: head?.hash ?? null,
          firstBrokenSeq: broken.seq,
          problem: broken.problem,
          problemKind: broken.kind,
          checkpointSeq: cp.seq,
          checkpointAt: cp.at,
          keyedFromSeq: cp.keyedFrom,
        },
        written: null,
      };
    }

    // then every row after it
    const w = await walk(db, { seq: cp.seq, hash: cp.hash, keyedFrom: cp.keyedFrom }, batchSize);
    const r = report(w, cp, w.broken, 1);
    if (w.broken || w.head.seq <= cp.seq) return { report: r, written: null };
    const written = await writeCheckpoint(store, {
      seq: w.head.seq,
      hash: w.head.hash,
      rows: cp.rows + w.checked,
      keyedFrom: w.keyedFrom,
    });
    return { report: r, written };
  },

  async list(
    db: Db,
    args: { agencyCode?: string | null; operation?: string | null; first: number; after?: string | null },
    maxPage: number,
  ): Promise<Page<AuditRow>> {
    checkPageSize(args.first, maxPage);
    if (isClient(db)) await sealAll(db);
    const key = args.after ? String(decodeCursor(args.after, 1)[0]) : undefined;
    if (key !== undefined && !/^\d{1,19}$/.test(key))
      throw new BadUserInputError('"after" is not a cursor returned by this list');
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
