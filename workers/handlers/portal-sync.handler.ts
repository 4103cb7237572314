import { DelayedError, UnrecoverableError } from 'bullmq';
import { toPortalDossier, toPortalStep } from '../../src/integrations/portal/portal.mapper.js';
import { portalSyncRepository } from '../../src/modules/dossier/portal-sync.repository.js';
import { NOT_ON_PORTAL, outboxRepository } from '../../src/modules/outbox/outbox.repository.js';
import { relayOutbox } from '../../src/modules/outbox/outbox.service.js';
import { paymentRepository } from '../../src/modules/payment/payment.repository.js';
import { reconciliationRepository } from '../../src/modules/payment/reconciliation.repository.js';
import { vietnamToday } from '../../src/common/time.js';
import { QueueName } from '../../src/jobs/job-catalog.js';
import { defineHandler, type JobContext, type WorkerDeps } from '../registry.js';
import { callPortal } from './portal-call.js';

/** A dossier that keeps changing while it is sent is sent again, at most this many times per job. */
const MAX_ROUNDS = 3;

/**
 * DongBoHoSoMC with the dossier's state as it is now. `isUpdating` is decided as real clients
 * do: the direct shape asks TraCuuHoSo first (OpenCPS) unless the portal already accepted the
 * dossier; the proxy shape inserts; either way an insert answered "đã tồn tại" is resent as an
 * update (contracts §2.1, §2.7). The portal keeps no version, so after a send the dossier's
 * version is read again and a newer state is sent at once: concurrent and reordered jobs still
 * leave the portal with the latest state. A job whose version the portal already has does nothing.
 */
export const portalSyncHandler = defineHandler('portal.syncDossier', async ({ dossierId }, ctx) => {
  const { prisma, log, config } = ctx;
  const key = `portal-sync-${dossierId}`;
  const sync = await portalSyncRepository.find(prisma, dossierId);
  if (!sync) return { skipped: 'unknown dossier' };
  let sent = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const dossier = await portalSyncRepository.loadForPortal(prisma, config, dossierId);
    if (!dossier) return { skipped: 'unknown dossier' };
    if (round === 0 && sync.syncedVersion >= dossier.version) {
      await outboxRepository.markSyncDone(prisma, key, sync.syncedVersion);
      return { skipped: `the portal has version ${sync.syncedVersion}` };
    }
    if (round > 0 && dossier.version === sent) break;
    const item = toPortalDossier(dossier, config.portal.choices);
    await callPortal(
      ctx,
      'DongBoHoSoMC',
      async (portal) => {
        const known = sync.syncedVersion > 0 || sent > 0;
        const updating = known || (portal.shape === 'direct' && (await portal.dossierExists(dossier.code)));
        if ((await portal.syncDossier(item, updating)) === 'exists') await portal.syncDossier(item, true);
      },
      (message, final) => portalSyncRepository.recordFailure(prisma, dossierId, message, final),
    );
    await portalSyncRepository.recordSent(prisma, dossierId, dossier.version);
    // the dossier is on the portal now: its steps go at once (those failed or waiting for it)
    if (round === 0 && (sync.syncedVersion === 0 || sync.state === 'FAILED')) await releaseSteps(ctx, dossierId);
    // the changes up to this version are acknowledged; a newer one keeps its row until it is sent
    await outboxRepository.markSyncDone(prisma, key, dossier.version);
    sent = dossier.version;
    if ((await portalSyncRepository.version(prisma, dossierId)) === sent) break;
  }
  log.info({ dossierId, version: sent }, 'dossier synced to the portal');
  return { version: sent };
});

/** Steps that failed because their dossier was not on the portal go again; those waiting for it go now. */
async function releaseSteps(ctx: WorkerDeps & JobContext, dossierId: string): Promise<void> {
  const { prisma, queues, config } = ctx;
  if ((await outboxRepository.releaseFailedSteps(prisma, dossierId)) > 0)
    await relayOutbox(prisma, queues, { redeliverAfterMs: config.workers.outboxRedeliverMs, batch: 100 });
  const portal = queues.get(QueueName.Portal);
  for (const stepId of await portalSyncRepository.unsentSteps(prisma, dossierId)) {
    const job = await portal.getJob(`portal-step-${stepId}`);
    if (job && (await job.isDelayed())) await job.promote().catch(() => undefined); // (it may have just started)
  }
}

/**
 * CapNhatTienDoHoSoMC: one processing step, as the portal's progress record. Idempotent per step.
 * Real clients send steps only once the portal accepted the dossier (OpenCPS, contracts §2.7): a
 * step of a dossier not yet on the portal waits (no attempt spent); if its sync failed for good,
 * the step fails too and is retried with it.
 */
export const portalStepHandler = defineHandler('portal.progressStep', async ({ stepId }, ctx) => {
  const step = await portalSyncRepository.loadStep(ctx.prisma, stepId);
  if (!step) return { skipped: 'unknown step' };
  if (step.portalSentAt) return { skipped: 'already on the portal' };
  const sync = await portalSyncRepository.find(ctx.prisma, step.dossierId);
  if (sync && sync.syncedVersion === 0) {
    if (sync.state === 'FAILED')
      throw new UnrecoverableError(
        `the dossier ${step.dossierCode} ${NOT_ON_PORTAL} (${sync.lastError ?? 'no reason kept'})`,
      );
    // waiting costs nothing but a slot of the rate limit: longer and longer, up to a minute (the
    // dossier's first successful sync promotes its waiting steps anyway)
    const wait = Math.min(ctx.config.portal.backoffMs * 2 ** Math.min(ctx.job.attemptsStarted ?? 0, 10), 60_000);
    await ctx.job.moveToDelayed(Date.now() + wait, ctx.token);
    throw new DelayedError();
  }
  await callPortal(ctx, 'CapNhatTienDoHoSoMC', (p) => p.progress([toPortalStep(step)]));
  await portalSyncRepository.stepSent(ctx.prisma, stepId);
  return { sent: stepId };
});

/**
 * Sweep the outbox: rows never enqueued (Redis was away) and rows enqueued long ago and never
 * acknowledged (Redis lost them). Also what no outbox row carries: payment attempts past their
 * time whose expiry job Redis lost.
 */
let lastBehindCheck = 0;
let lastReconcileCheck = 0;

/** The last two Vietnam days without a reconciliation run, enqueued (from 03:00: the 01:00 run has had its chance); returns them. */
export async function catchUpReconciliation(
  prisma: WorkerDeps['prisma'],
  queues: JobContext['queues'],
  now = new Date(),
): Promise<string[]> {
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

export const outboxRelayHandler = defineHandler('outbox.relay', async (_payload, { prisma, queues, config }) => {
  const enqueued = await relayOutbox(prisma, queues, { redeliverAfterMs: config.workers.outboxRedeliverMs });
  // dossiers the portal is behind on with nothing on the way (a row lost before this version, say):
  // a scan of the PENDING ones, so at most once a minute per process
  let behind = 0;
  if (Date.now() - lastBehindCheck > 60_000) {
    lastBehindCheck = Date.now();
    behind = await outboxRepository.addMissingSyncs(prisma, config.workers.outboxRedeliverMs, 100);
  }
  let expiries = 0;
  for (const a of await paymentRepository.overdueAttempts(
    prisma,
    config.payment.attemptTtlMs + config.workers.outboxRedeliverMs,
    500,
  )) {
    await queues.enqueue('payment.expire', { paymentId: a.paymentId, attempt: a.number });
    expiries++;
  }
  // the daily reconciliation of a day its 01:00 run missed (Redis empty then, workers down): once an hour
  let reconciled: string[] = [];
  if (config.workers.dailyJobs && Date.now() - lastReconcileCheck > 3_600_000) {
    lastReconcileCheck = Date.now();
    reconciled = await catchUpReconciliation(prisma, queues);
  }
  // acknowledged rows are kept a week (to read back what was sent when), then go
  const pruned = await outboxRepository.prune(prisma, 7, 1000);
  return { enqueued, expiries, pruned, behind, reconciled };
});
