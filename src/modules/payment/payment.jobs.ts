/** The payments' jobs: start an attempt on its gateway, expire it, reconcile a day. Each adapts the job to a service. */
import type { Config } from '../../config/config.js';
import { defineHandler, defineSchedule, type HandlerContext } from '../../core/job-context.js';
import { QueueName, type JobSpecs } from '../../jobs/job-catalog.js';
import { guardedCall } from '../../jobs/upstream-call.js';
import { paymentRepository } from './payment.repository.js';
import { expireAttempt, startAttempt, type GatewayCall } from './payment-start.service.js';
import { reconcileDay } from './reconciliation.service.js';

declare module '../../jobs/job-catalog.js' {
  interface JobPayloads {
    /** Start a payment's attempt on its route, the national platform or PayGov (a new reference per attempt). */
    'payment.start': { paymentId: string; attempt: number };
    /** Expire an attempt the payer did not complete in time (a success arriving later still wins). */
    'payment.expire': { paymentId: string; attempt: number };
    /** Compare a day's platform transactions with the hub's payments (yyyy-MM-dd; absent: yesterday, Vietnam time). */
    'payment.reconcile': { day?: string };
  }
}

export const paymentJobs: JobSpecs<'payment.start' | 'payment.expire' | 'payment.reconcile'> = {
  'payment.start': {
    queue: QueueName.Portal,
    jobId: (p) => `payment-start-${p.paymentId}-${p.attempt}`,
    attempts: (c) => c.portal.attempts,
    backoffMs: (c) => c.portal.backoffMs,
    backoffMaxMs: (c) => c.portal.backoffMaxMs,
    outbox: true,
    // FAILED, so that retryPayment can start it again
    failed: async (db, p, reason, announce) => {
      const agencyId = await paymentRepository.startFailed(db, p.paymentId, p.attempt, reason);
      if (agencyId) announce({ kind: 'payment', paymentId: p.paymentId }, [agencyId]);
    },
  },
  'payment.expire': {
    queue: QueueName.Maintenance,
    jobId: (p) => `payment-expire-${p.paymentId}-${p.attempt}`,
    attempts: 5,
    backoffMs: 1000,
  },
  'payment.reconcile': {
    queue: QueueName.Portal,
    jobId: () => undefined,
    attempts: 3,
    backoffMs: (c) => c.portal.backoffMs,
  },
};

export const paymentSchedules = (config: Config) => [
  defineSchedule({
    id: 'payment.reconcile.daily',
    job: 'payment.reconcile',
    data: {},
    repeat: { pattern: '0 1 * * *' },
    enabled: config.workers.dailyJobs,
  }),
];

/** Each gateway behind its own circuit breaker: while it is open, the job waits without spending an attempt. */
const gatewayCall =
  (ctx: HandlerContext): GatewayCall =>
  (gateway, service, call) =>
    guardedCall(ctx, gateway.upstream, `the ${gateway.label}`, service, call);

export const paymentStartHandler = defineHandler('payment.start', ({ paymentId, attempt }, ctx) =>
  startAttempt(ctx, { paymentId, attempt, retried: ctx.job.attemptsMade > 0 }, gatewayCall(ctx)),
);

export const paymentExpireHandler = defineHandler('payment.expire', async ({ paymentId, attempt }, ctx) => {
  const result = await expireAttempt(ctx.prisma, paymentId, attempt);
  if ('agencyId' in result) await ctx.queues.live.publish({ kind: 'payment', paymentId }, [result.agencyId]);
  return result;
});

export const reconcileHandler = defineHandler('payment.reconcile', ({ day }, ctx) =>
  reconcileDay(ctx, day, gatewayCall(ctx)),
);
