/**
 * What a payment callback does once its signature and partner are verified, whichever route it
 * came by: the reference must be an attempt started on that route, the amount and currency must be
 * the payment's, a success is applied once however often it is repeated, a failure counts only
 * for the attempt the payer may still be paying (anything older is a replay), and a dossier
 * waiting on payment (status 6) goes back to processing. A second attempt paid is recorded
 * (the reconciliation lists it as PAID_TWICE for a refund). Runs
 * inside the caller's audited unit of work; a `Refused` changes nothing.
 */
import { announce } from '../../core/live.js';
import { BadUserInputError } from '../../common/errors.js';
import { paymentGateway, type CallbackReport } from '../../integrations/payment/gateway.js';
import type { HubContext } from '../../core/context.js';
import { dossierService } from '../dossier/dossier.service.js';
import { paymentRepository } from './payment.repository.js';
import { paygovRequestCode } from './payment.rules.js';

/** A callback the hub will not apply: audited as REFUSED, answered with the route's refusal code. */
export class Refused extends BadUserInputError {}

export async function applyPaymentCallback(ctx: HubContext, r: CallbackReport): Promise<string> {
  const found = await paymentRepository.lockByReference(ctx.db, r.reference);
  if (!found || found.attempt.route !== r.route) throw new Refused('unknown reference');
  const { attempt, payment } = found;
  ctx.auditTargets.push(payment.id, r.reference);
  // the gateway settles this payment for the agency that asked it: from here on it acts with that
  // agency's rights (never an ADMIN's), and the audit row names the gateway and the agency
  if (ctx.caller?.kind === 'gateway') {
    const agency = await ctx.loaders.agencyById.load(payment.agencyId);
    ctx.caller = { ...ctx.caller, agencyId: payment.agencyId, agencyCode: agency?.code ?? null };
  }
  if (r.requestCode !== undefined && r.requestCode !== paygovRequestCode(attempt.id))
    throw new Refused("the request code is not the attempt's");
  if (r.amount !== payment.amount.toString() || r.currency !== 'VND')
    throw new Refused('the amount or currency differs from the payment');
  if (!r.success) {
    if (attempt.status === 'SUCCEEDED' || payment.status === 'PAID')
      throw new Refused('a failure after the payment succeeded (replay)');
    // an attempt replaced because its answer was lost: the payer was given the next one
    if (attempt.status === 'SUPERSEDED') return 'Đã ghi nhận (lượt thanh toán đã được thay thế)';
    const latest = attempt.number === (await paymentRepository.lastAttemptNumber(ctx.db, payment.id));
    // the same failure again, while nothing happened since: nothing to change
    if (latest && attempt.status === 'FAILED' && payment.status === 'FAILED') return 'Đã ghi nhận trước đó';
    // only the attempt the payer may still be paying can fail: an old failure must not undo a new attempt
    if (!latest || attempt.status === 'FAILED' || (payment.status !== 'PENDING' && payment.status !== 'EXPIRED'))
      throw new Refused('a failure of an attempt that is over (replay)');
    await paymentRepository.updateAttempt(ctx.db, attempt.id, {
      status: 'FAILED',
      failure: `${paymentGateway(r.route).errorField} ${r.errorCode}`.slice(0, 100),
      completedAt: new Date(),
    });
    await paymentRepository.update(ctx.db, payment.id, { status: 'FAILED' });
    announce(ctx, { kind: 'payment', paymentId: payment.id }, [payment.agencyId]);
    return 'Đã ghi nhận giao dịch không thành công';
  }
  if (attempt.status === 'SUCCEEDED') return 'Đã ghi nhận trước đó'; // the platform calling again
  if (payment.status === 'PAID') {
    // another attempt of the same payment was paid too: the money is taken twice and must be refunded
    ctx.log.warn({ paymentId: payment.id, reference: r.reference }, 'payment paid twice: a refund is needed');
  }
  // a success racing the attempt's expiry wins: the money was taken (EXPIRED or FAILED attempts included)
  await paymentRepository.updateAttempt(ctx.db, attempt.id, {
    status: 'SUCCEEDED',
    transactionId: r.transactionId?.slice(0, 100) || null,
    completedAt: new Date(),
  });
  if (payment.status !== 'PAID') {
    await paymentRepository.update(ctx.db, payment.id, { status: 'PAID', paidAt: new Date() });
    announce(ctx, { kind: 'payment', paymentId: payment.id }, [payment.agencyId]);
    await dossierService.paymentSettled(ctx, payment);
  }
  return 'Thành công';
}
