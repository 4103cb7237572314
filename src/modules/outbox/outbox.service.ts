/**
 * The transactional outbox: a change that must reach a national system writes its job here, in
 * the same transaction as the change. After commit the API relays it at once; the worker's relay
 * job sweeps whatever is left (Redis was down, the process died) and hands again whatever Redis
 * took but no worker acknowledged (Redis restarted empty, say). A row is done only when its job
 * completed. Job ids are deterministic (see the job catalog), so a row relayed twice runs once.
 */
import type { Db, PrismaClient } from '../../db/client.js';
import type { HubContext } from '../../graphql/context.js';
import { jobKeyOf, type JobName, type JobPayloads } from '../../jobs/job-catalog.js';
import type { Queues } from '../../jobs/queues.js';
import { NOT_ON_PORTAL, outboxRepository } from './outbox.repository.js';

export const outboxService = {
  async add<N extends JobName>(ctx: HubContext, name: N, payload: JobPayloads[N]): Promise<void> {
    await outboxRepository.add(ctx.db, name, payload as Record<string, unknown>, jobKeyOf(name, payload));
    const queues = ctx.queues;
    if (queues) ctx.afterCommit.push(() => relayOutbox(ctx.prisma, queues, ctx.config.workers.outboxRedeliverMs, 100));
  },

  backlog: (db: Db) => outboxRepository.backlog(db),
  failed: (db: Db, take: number) => outboxRepository.failed(db, take),
  /** Failed rows back to the relay: their jobs run again (a later success acknowledges them). */
  retryFailed: (db: Db, id?: bigint) => outboxRepository.retryFailed(db, id),
};

/**
 * Enqueue rows not enqueued yet, or not acknowledged long after; oldest first; returns how many.
 * A row handed before whose job Redis still holds as failed is not run again (only a new change or
 * an admin's retryOutbox does that): its failure is recorded on the row, in case the worker that
 * failed it could not. Safe to run anywhere, any number of times.
 */
export async function relayOutbox(prisma: PrismaClient, queues: Queues, redeliverAfterMs: number, batch = 500): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const rows = await outboxRepository.claimBatch(tx, batch, redeliverAfterMs);
    const handed: bigint[] = [];
    for (const r of rows) {
      const name = r.job_name as JobName;
      const failed = r.enqueued_at && r.job_key ? await queues.failedReason(name, r.payload as never) : null;
      if (failed !== null) {
        const stepId = name === 'portal.progressStep' && failed.includes(NOT_ON_PORTAL) ? String(r.payload['stepId']) : null;
        await (stepId ? outboxRepository.markStepFailed(tx, r.job_key!, stepId, failed) : outboxRepository.markFailed(tx, r.job_key!, failed));
        continue;
      }
      await queues.enqueue(name, r.payload as never);
      handed.push(r.id);
    }
    if (handed.length) await outboxRepository.markEnqueued(tx, handed);
    return handed.length;
  });
}
