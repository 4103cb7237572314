/** The outbox's job: the sweep that hands to Redis whatever the database holds and Redis does not. */
import { defineHandler, defineSchedule } from '../../core/job-context.js';
import { QueueName, type JobSpecs } from '../../jobs/job-catalog.js';
import { paymentSweep } from '../payment/payment-sweep.js';
import { outboxRepository } from './outbox.repository.js';
import { relayOutbox } from './outbox.service.js';

declare module '../../jobs/job-catalog.js' {
  interface JobPayloads {
    /** Move outbox records to their queues (also done right after each commit). */
    'outbox.relay': Record<string, never>;
  }
}

export const outboxJobs: JobSpecs<'outbox.relay'> = {
  'outbox.relay': { queue: QueueName.Maintenance, jobId: () => undefined, attempts: 1, backoffMs: 1000 },
};

export const outboxSchedules = () => [
  defineSchedule({ id: 'outbox.relay.every-5s', job: 'outbox.relay', data: {}, repeat: { every: 5_000 } }),
];

let lastBehindCheck = 0;

/**
 * Sweep the outbox: rows never enqueued (Redis was away) and rows enqueued long ago and never
 * acknowledged (Redis lost them); dossiers the portal is behind on with nothing on the way. Also
 * what no outbox row carries: the payments' timers and daily runs Redis lost (payment-sweep.ts).
 */
export const outboxRelayHandler = defineHandler('outbox.relay', async (_payload, { prisma, queues, config }) => {
  const enqueued = await relayOutbox(prisma, queues, { redeliverAfterMs: config.workers.outboxRedeliverMs });
  // dossiers the portal is behind on with nothing on the way (a row lost before this version, say):
  // a scan of the PENDING ones, so at most once a minute per process
  let behind = 0;
  if (Date.now() - lastBehindCheck > 60_000) {
    lastBehindCheck = Date.now();
    behind = await outboxRepository.addMissingSyncs(prisma, config.workers.outboxRedeliverMs, 100);
  }
  const { expiries, reconciled } = await paymentSweep(prisma, queues, config);
  // acknowledged rows are kept a week (to read back what was sent when), then go
  const pruned = await outboxRepository.prune(prisma, 7, 1000);
  return { enqueued, expiries, pruned, behind, reconciled };
});
