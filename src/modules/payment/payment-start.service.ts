/**
 * Starting one attempt of a payment on its gateway: a new reference, the message, the payment URL
 * kept on the payment. A retry of the same job reuses the attempt's reference, route and message.
 * The hub's own work (a job asks it): no caller, every agency's payments.
 */
import { UnrecoverableError } from 'bullmq';
import type { Logger } from '../../common/logger.js';
import { toPortalTimestamp } from '../../common/time.js';
import type { Config } from '../../config/config.js';
import type { PrismaClient } from '../../db/client.js';
import { paymentGateway, type PaymentGateway } from '../../integrations/payment/gateway.js';
import { jobKeyOf } from '../../jobs/job-catalog.js';
import type { Queues } from '../../jobs/queues.js';
import { outboxRepository } from '../outbox/outbox.repository.js';
import { paymentRepository } from './payment.repository.js';
import { newReference, paygovRequestCode } from './payment.rules.js';

/** Attempts replaced because their answer was lost, before the hub stops starting new ones and waits. */
const MAX_SUPERSEDED = 3;

export interface StartDeps {
  prisma: PrismaClient;
  config: Config;
  log: Logger;
  queues: Queues;
}

/** One call to a gateway, as the caller guards it (its circuit breaker). */
export type GatewayCall = <T>(gateway: PaymentGateway, service: string, call: () => Promise<T>) => Promise<T>;

export async function startAttempt(
  { prisma, config, log, queues }: StartDeps,
  { paymentId, attempt, retried }: { paymentId: string; attempt: number; retried: boolean },
  call: GatewayCall,
): Promise<Record<string, unknown>> {
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
  const gateway = paymentGateway(row.route);
  const unconfigured = gateway.unconfigured(config);
  if (unconfigured) throw new UnrecoverableError(unconfigured);
  // a retry after the gateway already answered (the worker died before recording it) reuses its URL
  // a retry sends the same message (same reference, same ThoiGianGD, same checksum)
  const initTime = row.initTime ?? toPortalTimestamp(row.createdAt);
  const answer = row.paymentUrl
    ? { url: row.paymentUrl }
    : await call(gateway, 'start', () =>
        gateway.start(config, { reference: row.reference, requestCode: paygovRequestCode(row.id), initTime, payment }),
      );
  // an earlier try may have reached the gateway and its answer been lost: a refusal of our own
  // reference as a duplicate means "already started", never FAILED; the gateway is asked what it holds
  const duplicate = 'refused' in answer && /đã tồn tại/i.test(answer.refused);
  if ('refused' in answer && (duplicate || (gateway.asksAfterRetry && retried))) {
    const held = await call(gateway, 'query', () => gateway.query(config, row.reference, initTime));
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
      if (await paymentRepository.moveFrom(prisma, paymentId, 'REQUESTED', { status: 'PENDING' }))
        await queues.live.publish({ kind: 'payment', paymentId }, [payment.agencyId]);
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
    await queues.live.publish({ kind: 'payment', paymentId }, [payment.agencyId]);
    throw new UnrecoverableError(`the ${gateway.label} refused ${answer.refused}`);
  }
  await paymentRepository.updateAttempt(prisma, row.id, { paymentUrl: answer.url });
  // only a payment still waiting for this start: a callback may have settled it meanwhile
  if (await paymentRepository.moveFrom(prisma, paymentId, 'REQUESTED', { status: 'PENDING', paymentUrl: answer.url }))
    await queues.live.publish({ kind: 'payment', paymentId }, [payment.agencyId]);
  await queues.enqueue('payment.expire', { paymentId, attempt }, config.payment.attemptTtlMs);
  log.info({ paymentId, paymentAttempt: attempt, route: row.route }, 'payment started');
  return { reference: row.reference };
}

/** The payer did not pay in time: the attempt and the payment expire, unless the payment succeeded meanwhile. */
export function expireAttempt(prisma: PrismaClient, paymentId: string, attempt: number) {
  return prisma.$transaction(async (tx) => {
    const row = await paymentRepository.attempt(tx, paymentId, attempt);
    const locked = row && (await paymentRepository.lockByReference(tx, row.reference));
    if (!locked || locked.attempt.status !== 'STARTED' || locked.payment.status !== 'PENDING')
      return { skipped: locked?.attempt.status ?? 'unknown' };
    await paymentRepository.updateAttempt(tx, locked.attempt.id, { status: 'EXPIRED', completedAt: new Date() });
    await paymentRepository.update(tx, paymentId, { status: 'EXPIRED' });
    return { expired: locked.attempt.reference, agencyId: locked.payment.agencyId };
  });
}
