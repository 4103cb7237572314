/**
 * What no outbox row carries for payments, re-derived from the database by the outbox's sweep:
 * attempts past their time whose expiry job Redis lost, and the daily reconciliation of a day
 * whose 01:00 run was missed (Redis empty then, workers down).
 */
import { vietnamToday } from '../../common/time.js';
import type { Config } from '../../config/config.js';
import type { PrismaClient } from '../../db/client.js';
import type { Queues } from '../../jobs/queues.js';
import { paymentRepository } from './payment.repository.js';
import { reconciliationRepository } from './reconciliation.repository.js';

let lastReconcileCheck = 0;

/** The last two Vietnam days without a reconciliation run, enqueued (from 03:00: the 01:00 run has had its chance); returns them. */
export async function catchUpReconciliation(prisma: PrismaClient, queues: Queues, now = new Date()): Promise<string[]> {
  if ((now.getTime() + 7 * 3_600_000) % 86_400_000 < 3 * 3_600_000) return [];
  const days: string[] = [];
  for (const back of [1, 2]) {
    const day = new Date(vietnamToday(now).getTime() - back * 86_400_000);
    if (await reconciliationRepository.find(prisma, day)) continue;
    const iso = day.toISOString().slice(0, 10);
    await queues.enqueue('payment.reconcile', { day: iso });
    days.push(iso);
  }
  return days;
}

export async function paymentSweep(
  prisma: PrismaClient,
  queues: Queues,
  config: Config,
): Promise<{ expiries: number; reconciled: string[] }> {
  let expiries = 0;
  for (const a of await paymentRepository.overdueAttempts(
    prisma,
    config.payment.attemptTtlMs + config.workers.outboxRedeliverMs,
    500,
  )) {
    await queues.enqueue('payment.expire', { paymentId: a.paymentId, attempt: a.number });
    expiries++;
  }
  // the daily reconciliation of a day its 01:00 run missed: once an hour
  let reconciled: string[] = [];
  if (config.workers.dailyJobs && Date.now() - lastReconcileCheck > 3_600_000) {
    lastReconcileCheck = Date.now();
    reconciled = await catchUpReconciliation(prisma, queues);
  }
  return { expiries, reconciled };
}
