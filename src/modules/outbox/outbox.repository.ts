import type { Db, Prisma } from '../../db/client.js';

export type OutboxRow = Prisma.OutboxMessageGetPayload<object>;

export const outboxRepository = {
  add: (db: Db, jobName: string, payload: Record<string, unknown>) => db.outboxMessage.create({ data: { jobName, payload: payload as never } }),
  /** The oldest records not yet enqueued, locked so that two relays never take the same ones. */
  claimBatch: (db: Db, take: number) =>
    db.$queryRaw<Array<{ id: bigint; job_name: string; payload: Record<string, unknown> }>>`
      SELECT id, job_name, payload FROM outbox WHERE enqueued_at IS NULL ORDER BY id LIMIT ${take} FOR UPDATE SKIP LOCKED`,
  markEnqueued: (db: Db, ids: bigint[]) => db.outboxMessage.updateMany({ where: { id: { in: ids } }, data: { enqueuedAt: new Date() } }),
  backlog: (db: Db) => db.outboxMessage.count({ where: { enqueuedAt: null } }),
};
