import { Prisma, type Db } from '../../db/client.js';

export interface ClaimedRow {
  id: bigint;
  job_name: string;
  job_key: string | null;
  payload: Record<string, unknown>;
  enqueued_at: Date | null;
  created_at: Date;
}

/** How a step's failure says that its dossier is not on the portal (its sync failed): see `markStepFailed`. */
export const NOT_ON_PORTAL = 'is not on the portal: its sync failed';

export const outboxRepository = {
  add: (db: Db, jobName: string, payload: Record<string, unknown>, jobKey: string | null) =>
    db.outboxMessage.create({ data: { jobName, payload: payload as never, jobKey } }),

  /**
   * The oldest rows to hand to the queue, locked so that two relays never take the same ones:
   * never enqueued, or enqueued more than `redeliverAfterMs` ago and still not acknowledged
   * (Redis may have lost the job; a job still there makes the enqueue a no-op).
   */
  claimBatch: (db: Db, take: number, redeliverAfterMs: number) =>
    db.$queryRaw<ClaimedRow[]>`
      SELECT id, job_name, job_key, payload, enqueued_at, created_at FROM outbox
      WHERE done_at IS NULL AND failed_at IS NULL AND (enqueued_at IS NULL OR enqueued_at < now() - make_interval(secs => ${redeliverAfterMs / 1000}))
      ORDER BY id LIMIT ${take} FOR UPDATE SKIP LOCKED`,
  markEnqueued: (db: Db, ids: bigint[]) =>
    db.outboxMessage.updateMany({ where: { id: { in: ids } }, data: { enqueuedAt: new Date() } }),

  /** The job with this key completed: its rows' effect is acknowledged. */
  markDone: (db: Db, jobKey: string) =>
    db.$executeRaw`UPDATE outbox SET done_at = now() WHERE job_key = ${jobKey} AND done_at IS NULL`,
  /** A dossier's sync reached the portal up to `version`: the rows of changes up to it are acknowledged (newer ones wait). */
  markSyncDone: (db: Db, jobKey: string, version: number) =>
    db.$executeRaw`UPDATE outbox SET done_at = now() WHERE job_key = ${jobKey} AND done_at IS NULL AND (payload->>'version')::int <= ${version}`,
  /**
   * The job failed for good: its rows wait for an admin (or a later change). Only rows written
   * before `before` when given (a change made during the last attempt was not part of it).
   */
  markFailed: (db: Db, jobKey: string, error: string, before?: Date) =>
    db.$executeRaw`UPDATE outbox SET failed_at = now(), last_error = ${error.slice(0, 1000)} WHERE job_key = ${jobKey} AND done_at IS NULL AND failed_at IS NULL ${before ? Prisma.sql`AND created_at <= ${before}` : Prisma.empty}`,
  /** One row that cannot be handed at all (a job this version does not know). */
  markRowFailed: (db: Db, id: bigint, error: string) =>
    db.outboxMessage.update({ where: { id }, data: { failedAt: new Date(), lastError: error.slice(0, 1000) } }),

  /** Does a row with this key still wait for its effect? (a change made while its coalesced job ran) */
  waiting: async (db: Db, jobKey: string) =>
    (await db.outboxMessage.count({ where: { jobKey, doneAt: null, failedAt: null }, take: 1 })) > 0,

  /**
   * What the database says must reach the portal, whatever the outbox holds: a dossier PENDING,
   * behind its current version, unchanged for `quietMs`, with no row on the way gets one (rows
   * lost before acknowledgements existed, written by a buggy version, or deleted by hand).
   */
  addMissingSyncs: (db: Db, quietMs: number, take: number) =>
    db.$executeRaw`
      INSERT INTO outbox (job_name, payload, job_key)
      SELECT 'portal.syncDossier', jsonb_build_object('dossierId', p.dossier_id, 'version', d.version), 'portal-sync-' || p.dossier_id
      FROM portal_sync p JOIN dossier d ON d.id = p.dossier_id
      WHERE p.state = 'PENDING' AND p.synced_version < d.version AND p.updated_at < now() - make_interval(secs => ${quietMs / 1000})
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.job_key = 'portal-sync-' || p.dossier_id AND o.done_at IS NULL)
      LIMIT ${take}`,

  /** Acknowledged rows older than `days` go (a bounded batch per call): the sweep's scan stays small. */
  prune: (db: Db, days: number, take: number) =>
    db.$executeRaw`DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE done_at < now() - make_interval(days => ${days}) ORDER BY id LIMIT ${take})`,

  /**
   * A step failed because its dossier was not on the portal: failed with the reason, unless the
   * dossier got there meanwhile (then it is handed again). The step's rows are locked first (a
   * relay holding them commits before the decision), then the dossier's sync row is read as
   * committed now and held: a sync recording its success waits for this decision, and releases
   * the step after it (`releaseFailedSteps`). One statement would decide on its snapshot, taken
   * before a wait for the rows, and could fail a step whose dossier arrived during that wait.
   */
  markStepFailed: async (db: Db, jobKey: string, stepId: string, error: string) => {
    const decide = async (tx: Db) => {
      await tx.$queryRaw`SELECT id FROM outbox WHERE job_key = ${jobKey} AND done_at IS NULL FOR UPDATE`;
      const [sync] = await tx.$queryRaw<Array<{ synced: boolean }>>`
        SELECT p.synced_version > 0 AS synced FROM portal_sync p JOIN dossier_event e ON e.dossier_id = p.dossier_id
        WHERE e.id = ${stepId}::uuid FOR SHARE OF p`;
      return sync?.synced
        ? tx.$executeRaw`UPDATE outbox SET enqueued_at = NULL WHERE job_key = ${jobKey} AND done_at IS NULL AND failed_at IS NULL`
        : tx.$executeRaw`UPDATE outbox SET failed_at = now(), last_error = ${error.slice(0, 1000)} WHERE job_key = ${jobKey} AND done_at IS NULL AND failed_at IS NULL`;
    };
    // (its locks may wait for a relay's batch, which holds them up to its own 120 s)
    return '$transaction' in db ? db.$transaction(decide, { timeout: 120_000, maxWait: 10_000 }) : decide(db);
  },

  /** A dossier reached the portal after its sync had failed: its steps that failed with it go again. */
  releaseFailedSteps: (db: Db, dossierId: string) =>
    db.$executeRaw`
      UPDATE outbox SET failed_at = NULL, last_error = NULL, enqueued_at = NULL
      WHERE job_name = 'portal.progressStep' AND failed_at IS NOT NULL AND done_at IS NULL
        AND (payload->>'stepId')::uuid IN (SELECT id FROM dossier_event WHERE dossier_id = ${dossierId}::uuid)`,

  /** Rows whose effect is not acknowledged yet (failed ones aside). */
  backlog: (db: Db) => db.outboxMessage.count({ where: { doneAt: null, failedAt: null } }),
  failed: (db: Db, take: number) =>
    db.outboxMessage.findMany({ where: { failedAt: { not: null }, doneAt: null }, orderBy: { id: 'desc' }, take }),
  /** Hand failed rows to the relay again (all of them, or one). */
  retryFailed: (db: Db, id?: bigint) =>
    db.outboxMessage.updateMany({
      where: { failedAt: { not: null }, doneAt: null, ...(id !== undefined ? { id } : {}) },
      data: { failedAt: null, lastError: null, enqueuedAt: null },
    }),
};
