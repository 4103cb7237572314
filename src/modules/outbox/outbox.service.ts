/**
 * The transactional outbox: a change that must reach a national system writes its job here, in
 * the same transaction as the change. After commit the API relays it at once; the worker's relay
 * job sweeps whatever is left (Redis was down, the process died). Job ids are deterministic
 * (see the job catalog), so a record relayed twice runs once.
 */
import type { Db, PrismaClient } from '../../db/client.js';
import type { HubContext } from '../../graphql/context.js';
import type { JobName, JobPayloads } from '../../jobs/job-catalog.js';
import type { Queues } from '../../jobs/queues.js';
import { outboxRepository } from './outbox.repository.js';

export const outboxService = {
  async add<N extends JobName>(ctx: HubContext, name: N, payload: JobPayloads[N]): Promise<void> {
    await outboxRepository.add(ctx.db, name, payload as Record<string, unknown>);
    const queues = ctx.queues;
    if (queues) ctx.afterCommit.push(() => relayOutbox(ctx.prisma, queues, 100));
  },

  backlog: (db: Db) => outboxRepository.backlog(db),
};

/** Enqueue records not yet enqueued, oldest first; returns how many. Safe to run anywhere, any number of times. */
export async function relayOutbox(prisma: PrismaClient, queues: Queues, batch = 500): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const rows = await outboxRepository.claimBatch(tx, batch);
    for (const r of rows) await queues.enqueue(r.job_name as JobName, r.payload as never);
    if (rows.length) await outboxRepository.markEnqueued(tx, rows.map((r) => r.id));
    return rows.length;
  });
}
