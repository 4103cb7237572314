import { UnrecoverableError } from 'bullmq';
import { toPortalTimestamp } from '../../src/common/time.js';
import {
  queryOnPlatform,
  startOnPayGov,
  startOnPlatform,
  type PlatformState,
} from '../../src/integrations/payment/payment-gateways.js';
import { paymentRepository } from '../../src/modules/payment/payment.repository.js';
import { newReference, paygovRequestCode } from '../../src/modules/payment/payment.rules.js';
import { jobKeyOf } from '../../src/jobs/job-catalog.js';
import { outboxRepository } from '../../src/modules/outbox/outbox.repository.js';
import { defineHandler } from '../registry.js';

/** Attempts replaced because their answer was lost, before the hub stops starting new ones and waits. */
const MAX_SUPERSEDED = 3;

/**
 * Start an attempt on the payment's route (the national platform or PayGov): a new reference, the
 * checksum, the payment URL kept on the payment. A retry of the same job reuses the attempt's
 * reference and route.
 */
export const paymentStartHandler = defineHandler(
  'payment.start',
  async ({ paymentId, attempt }, { prisma, config, log, queues, job }) => {
    const payment = await paymentRepository.forGateway(prisma, paymentId);
    if (!payment) return { skipped: 'unknown payment' };
    if (payment.status === 'PAID') return { skipped: 'already paid' };
    const row =
      (await paymentRepository.attempt(prisma, paymentId, attempt)) ??
      (await paymentRepository.createAttempt(prisma, {
        paymentId,
        number: attempt,
        reference: newReference(),
        route: payment.route,
        initTime: toPortalTimestamp(new Date()),
      }));
    if (row.status !== 'STARTED') return { skipped: `attempt ${row.status.toLowerCase()}` };
    const url = row.route === 'PAYGOV' ? config.paygov.url : config.payment.url;
    if (!url)
      throw new UnrecoverableError(
        row.route === 'PAYGOV' ? 'PAYGOV_URL is not configured' : 'PAYMENT_URL is not configured',
      );
    const start = row.route === 'PAYGOV' ? startOnPayGov : startOnPlatform;
    // a retry after the gateway already answered (the worker died before recording it) reuses its URL
    // a retry sends the same message (same reference, same ThoiGianGD, same checksum)
    const initTime = row.initTime ?? toPortalTimestamp(row.createdAt);
    const answer = row.paymentUrl
      ? { url: row.paymentUrl }
      : await start(config, { reference: row.reference, requestCode: paygovRequestCode(row.id), initTime, payment });
    // an earlier try may have reached the gateway and its answer been lost: a refusal of our own
    // reference as a duplicate means "already started", never FAILED. The platform is asked (QUERY,
    // §6.3); PayGov has no such query: its "đã tồn tại" for our own orderId is the answer.
    const duplicate = 'refused' in answer && /đã tồn tại/i.test(answer.refused);
    if ('refused' in answer && (duplicate || (row.route === 'PLATFORM' && job.attemptsMade > 0))) {
      const held: PlatformState =
        row.route === 'PLATFORM'
          ? await queryOnPlatform(config, row.reference, initTime)
          : { known: true, state: 'PENDING' };
      if (held.known && held.state !== 'FAILED') {
        // QUERY does not give the payment URL back (§6.3): the payer cannot reach this transaction.
        // A new attempt (a new reference) gives one; this one stays payable, and a payment of it counts.
        const replaced = await paymentRepository.attemptsInStatus(prisma, paymentId, 'SUPERSEDED');
        if (held.state === 'PENDING' && replaced < MAX_SUPERSEDED) {
          const next = (await paymentRepository.lastAttemptNumber(prisma, paymentId)) + 1;
          await prisma.$transaction(async (tx) => {
            await paymentRepository.updateAttempt(tx, row.id, {
              status: 'SUPERSEDED',
              failure: `the gateway holds it, but its answer (the payment URL) was lost: attempt ${next} replaces it`,
              completedAt: new Date(),
            });
            await outboxRepository.add(
              tx,
              'payment.start',
              { paymentId, attempt: next },
              jobKeyOf('payment.start', { paymentId, attempt: next }),
            );
          });
          // at once; if Redis does not take it, the outbox relay will
          await queues.enqueue('payment.start', { paymentId, attempt: next }).catch(() => undefined);
          log.warn(
            { paymentId, paymentAttempt: attempt, next, route: row.route },
            'payment already started on the gateway but its answer was lost: a new attempt gives the payer a URL',
          );
          return { reference: row.reference, supersededBy: next };
        }
        // paid already (its callback settles it), or replaced too often: waiting for the gateway
        await paymentRepository.updateAttempt(prisma, row.id, {
          failure: 'the gateway holds this transaction; the answer with its payment URL was lost',
        });
        await paymentRepository.moveFrom(prisma, paymentId, 'REQUESTED', { status: 'PENDING' });
        await queues.enqueue('payment.expire', { paymentId, attempt }, config.payment.attemptTtlMs);
        log.warn(
          { paymentId, paymentAttempt: attempt, platformState: held.state },
          'payment already started on the gateway: its answer had been lost',
        );
        return { reference: row.reference, alreadyStarted: held.state };
      }
    }
    if ('refused' in answer) {
      await paymentRepository.updateAttempt(prisma, row.id, {
        status: 'FAILED',
        failure: answer.refused.slice(0, 500),
        completedAt: new Date(),
      });
      await paymentRepository.moveFrom(prisma, paymentId, 'REQUESTED', { status: 'FAILED' });
      throw new UnrecoverableError(
        `the ${row.route === 'PAYGOV' ? 'PayGov gateway' : 'payment platform'} refused ${answer.refused}`,
      );
    }
    await paymentRepository.updateAttempt(prisma, row.id, { paymentUrl: answer.url });
    // only a payment still waiting for this start: a callback may have settled it meanwhile
    await paymentRepository.moveFrom(prisma, paymentId, 'REQUESTED', { status: 'PENDING', paymentUrl: answer.url });
    await queues.enqueue('payment.expire', { paymentId, attempt }, config.payment.attemptTtlMs);
    log.info({ paymentId, paymentAttempt: attempt, route: row.route }, 'payment started');
    return { reference: row.reference };
  },
);

/** The payer did not pay in time: the attempt and the payment expire, unless the payment succeeded meanwhile. */
export const paymentExpireHandler = defineHandler('payment.expire', async ({ paymentId, attempt }, { prisma }) => {
  return prisma.$transaction(async (tx) => {
    const row = await paymentRepository.attempt(tx, paymentId, attempt);
    const locked = row && (await paymentRepository.lockByReference(tx, row.reference));
    if (!locked || locked.attempt.status !== 'STARTED' || locked.payment.status !== 'PENDING')
      return { skipped: locked?.attempt.status ?? 'unknown' };
    await paymentRepository.updateAttempt(tx, locked.attempt.id, { status: 'EXPIRED', completedAt: new Date() });
    await paymentRepository.update(tx, paymentId, { status: 'EXPIRED' });
    return { expired: locked.attempt.reference };
  });
});
