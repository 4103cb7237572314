import { UnrecoverableError } from 'bullmq';
import { parseIsoDate, vietnamDays, vietnamToday } from '../../common/time.js';
import type { SystemActor } from '../../core/system.js';
import { transactionList } from '../../integrations/payment/gateway-calls.js';
import { paymentGateway } from '../../integrations/payment/gateway.js';
import { Refused, applyPaymentCallback } from './payment-callback.service.js';
import type { GatewayCall, StartDeps } from './payment-start.service.js';
import { reconciliationRepository, type Mismatch } from './reconciliation.repository.js';

/**
 * Đối soát: the platform's transactions of a Vietnam day against the hub's attempts. Every
 * difference is recorded: on one side only, amount differs, status differs, and a payment paid
 * by two attempts (on either route). A success the platform booked whose callback never came
 * (same reference and amount) is applied as the callback would have been, so the dossier is not
 * left waiting: the mismatch stays in the report, marked APPLIED. Re-running a day replaces its
 * report.
 */
export async function reconcileDay(
  { prisma, config, log, system }: StartDeps & { system: SystemActor },
  day: string | undefined,
  call: GatewayCall,
): Promise<{ day: string; mismatches: number }> {
  const platformGateway = paymentGateway('PLATFORM');
  const unconfigured = platformGateway.unconfigured(config);
  if (unconfigured) throw new UnrecoverableError(unconfigured);
  const iso = day ?? new Date(vietnamToday().getTime() - 86_400_000).toISOString().slice(0, 10);
  const { start, end } = vietnamDays(iso, iso) as { start: Date; end: Date };
  const answer = await call(platformGateway, 'list', () => transactionList(config, iso));
  if ('refused' in answer) throw new UnrecoverableError(`the payment platform refused the list ${answer.refused}`);
  const platform = answer.list.filter((t) => t.TrangThai === '00');
  const hub = await reconciliationRepository.hubAttempts(
    prisma,
    platform.map((t) => t.MaThamChieu),
    start,
    end,
  );
  const amounts = await reconciliationRepository.amounts(prisma, [...new Set(hub.map((a) => a.paymentId))]);
  const byRef = new Map(hub.map((a) => [a.reference, a]));
  const mismatches: Mismatch[] = [];
  for (const t of platform) {
    const a = byRef.get(t.MaThamChieu);
    const platformAmount = BigInt(t.SoTien);
    if (!a) {
      mismatches.push({
        kind: 'MISSING_IN_HUB',
        reference: t.MaThamChieu,
        platformAmount,
        hubAmount: null,
        platformStatus: 'SUCCEEDED',
        hubStatus: null,
      });
      continue;
    }
    const hubAmount = amounts.get(a.paymentId) ?? null;
    if (hubAmount !== platformAmount)
      mismatches.push({
        kind: 'AMOUNT_DIFFERS',
        reference: t.MaThamChieu,
        platformAmount,
        hubAmount,
        platformStatus: 'SUCCEEDED',
        hubStatus: a.status,
      });
    else if (a.status !== 'SUCCEEDED') {
      let resolution: string | null = null;
      try {
        await system.run('payment-reconciliation', 'paymentReconciled', (sys) =>
          applyPaymentCallback(sys, {
            route: 'PLATFORM',
            reference: t.MaThamChieu,
            amount: t.SoTien,
            currency: 'VND',
            success: true,
            errorCode: '00',
            transactionId: t.MaGiaoDich ?? null,
          }),
        );
        resolution = 'APPLIED';
      } catch (err) {
        if (!(err instanceof Refused)) throw err;
        log.warn({ reference: t.MaThamChieu, problem: err.message }, 'a booked transaction could not be applied');
      }
      mismatches.push({
        kind: 'STATUS_DIFFERS',
        reference: t.MaThamChieu,
        platformAmount,
        hubAmount,
        platformStatus: 'SUCCEEDED',
        hubStatus: a.status,
        resolution,
      });
    }
  }
  const onPlatform = new Set(platform.map((t) => t.MaThamChieu));
  for (const a of hub.filter((x) => x.status === 'SUCCEEDED' && !onPlatform.has(x.reference))) {
    mismatches.push({
      kind: 'MISSING_ON_PLATFORM',
      reference: a.reference,
      platformAmount: null,
      hubAmount: amounts.get(a.paymentId) ?? null,
      platformStatus: null,
      hubStatus: a.status,
    });
  }
  // one payment, two successful attempts (an old attempt paid late after a new one): a refund is due
  const listed = new Map(platform.map((t) => [t.MaThamChieu, BigInt(t.SoTien)]));
  for (const a of await reconciliationRepository.paidTwice(prisma, start, end)) {
    const platformAmount = listed.get(a.reference) ?? null;
    mismatches.push({
      kind: 'PAID_TWICE',
      reference: a.reference,
      platformAmount,
      hubAmount: a.amount,
      platformStatus: platformAmount === null ? null : 'SUCCEEDED',
      hubStatus: 'SUCCEEDED',
    });
  }
  await prisma.$transaction((tx) =>
    reconciliationRepository.save(
      tx,
      parseIsoDate(iso),
      platform.length,
      hub.filter((a) => a.status === 'SUCCEEDED').length,
      mismatches,
    ),
  );
  log.info({ day: iso, mismatches: mismatches.length }, 'payments reconciled');
  return { day: iso, mismatches: mismatches.length };
}
