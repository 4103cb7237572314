/**
 * The transactional outbox: a change that must reach a national system writes its job here, in
 * the same transaction as the change. After commit the API relays it at once; the worker's relay
 * job sweeps whatever is left (Redis was down, the process died) and hands again whatever Redis
 * took but no worker acknowledged (Redis restarted empty, say). A row is done only when its job
 * completed. Job ids are deterministic (see the job catalog), so a row relayed twice runs once.
 */
import type { Announce } from '../../jobs/job-catalog.js';
import type { Db, PrismaClient } from '../../db/client.js';
import type { HubContext } from '../../core/context.js';
import { isJobName, jobKeyOf, type JobName, type JobPayloads } from '../../jobs/job-catalog.js';
import type { Queues } from '../../jobs/queues.js';
import { recordJobFailure } from './outbox.failures.js';
import { outboxRepository } from './outbox.repository.js';

/** The rows a unit of work wrote, by its after-commit list (a new list for each unit of work). */
const ownRows = new WeakMap<object, OwnRow[]>();

interface OwnRow {
  id: bigint;
  name: JobName;
  payload: JobPayloads[JobName];
}

/**
 * A unit of work's own rows, right after its commit: enqueued from memory, then marked in one
 * statement (no second transaction). Job ids are deterministic, so a row the sweep hands at the
 * same moment still runs once. The first enqueue Redis refuses stops the hand-off: what is left
 * waits for the sweep.
 */
async function handOwnRows(prisma: PrismaClient, queues: Queues, rows: OwnRow[]): Promise<number> {
  const handed: bigint[] = [];
  try {
    for (const r of rows) {
      await queues.enqueue(r.name, r.payload);
      handed.push(r.id);
    }
  } finally {
    if (handed.length) await outboxRepository.markEnqueued(prisma, handed);
  }
  return handed.length;
}

export const outboxService = {
  async add<N extends JobName>(ctx: HubContext, name: N, payload: JobPayloads[N]): Promise<void> {
    const row = await outboxRepository.add(ctx.db, name, payload as Record<string, unknown>, jobKeyOf(name, payload));
    const queues = ctx.queues;
    if (!queues) return;
    // right after commit, this unit of work's own rows, in one hand-off; redelivering anyone else's is the sweep's work
    const own: OwnRow = { id: row.id, name, payload };
    const rows = ownRows.get(ctx.afterCommit);
    if (rows) return void rows.push(own);
    const mine = [own];
    ownRows.set(ctx.afterCommit, mine);
    ctx.afterCommit.push(() => handOwnRows(ctx.prisma, queues, mine));
  },

  backlog: (db: Db) => outboxRepository.backlog(db),
  failed: (db: Db, take: number) => outboxRepository.failed(db, take),
  /** Failed rows back to the relay: their jobs run again (a later success acknowledges them). */
  retryFailed: (db: Db, id?: bigint) => outboxRepository.retryFailed(db, id),
};

type RelayScope = { redeliverAfterMs: number; batch?: number };

/**
 * The sweep: hand rows to their queues; returns how many. It takes rows not enqueued yet, or not
 * acknowledged long after (`redeliverAfterMs`), oldest first (a request hands its own: `handOwnRows`).
 * A row handed before whose job Redis still holds as failed is not run again (only a change made
 * after that failure, or an admin's retryOutbox, does that): the failure is recorded on the row
 * and its entity, in case the worker that failed it could not. A row this version cannot hand
 * (an unknown job) is marked failed and the others go on. Safe to run anywhere, any number of times.
 */
export async function relayOutbox(prisma: PrismaClient, queues: Queues, scope: RelayScope): Promise<number> {
  // failures recorded here are announced once the batch commits
  const notices: Array<Parameters<Announce>> = [];
  const handed = await prisma.$transaction(
    async (tx) => {
      const rows = await outboxRepository.claimBatch(tx, scope.batch ?? 500, scope.redeliverAfterMs);
      const handed: bigint[] = [];
      for (const r of rows) {
        if (!isJobName(r.job_name)) {
          await outboxRepository.markRowFailed(
            tx,
            r.id,
            `"${r.job_name}" is not a job this version knows (written by another version?)`,
          );
          continue;
        }
        const name = r.job_name;
        const payload = r.payload as never;
        if (r.enqueued_at && r.job_key) {
          const failed = await queues.failure(name, payload);
          if (failed && r.created_at.getTime() <= failed.at.getTime()) {
            await recordJobFailure(tx, name, payload, r.job_key, failed.reason, failed.at, (...n) => notices.push(n));
            continue;
          }
        }
        await queues.enqueue(name, payload);
        handed.push(r.id);
      }
      if (handed.length) await outboxRepository.markEnqueued(tx, handed);
      return handed.length;
    },
    // a batch makes a few Redis calls per row: more than Prisma's default 5 s on a slow day
    { timeout: 120_000, maxWait: 10_000 },
  );
  for (const [event, agencyIds] of notices) await queues.live.publish(event, agencyIds);
  return handed;
}
