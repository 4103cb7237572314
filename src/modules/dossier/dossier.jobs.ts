/** The dossiers' jobs toward the National Public Service Portal: a dossier's state, one processing step. */
import { DelayedError, UnrecoverableError } from 'bullmq';
import type { Config } from '../../config/config.js';
import { defineHandler, type HandlerContext } from '../../core/job-context.js';
import { toPortalDossier, toPortalStep } from '../../integrations/portal/portal.mapper.js';
import { QueueName, type JobSpecs } from '../../jobs/job-catalog.js';
import { callPortal } from '../../jobs/upstream-call.js';
import { NOT_ON_PORTAL, outboxRepository } from '../outbox/outbox.repository.js';
import { relayOutbox } from '../outbox/outbox.service.js';
import { portalSyncRepository } from './portal-sync.repository.js';

declare module '../../jobs/job-catalog.js' {
  interface JobPayloads {
    /** Send a dossier's current state to the portal (DongBoHoSoMC); `version` is the change that asked. */
    'portal.syncDossier': { dossierId: string; version: number };
    /** Send one processing step to the portal (CapNhatTienDoHoSoMC). */
    'portal.progressStep': { stepId: string };
  }
}

const toPortal = {
  queue: QueueName.Portal,
  attempts: (c: Config) => c.portal.attempts,
  backoffMs: (c: Config) => c.portal.backoffMs,
  backoffMaxMs: (c: Config) => c.portal.backoffMaxMs,
  outbox: true,
};

export const dossierJobs: JobSpecs<'portal.syncDossier' | 'portal.progressStep'> = {
  // one queued sync per dossier, whatever the number of changes: it sends the state as it is then
  'portal.syncDossier': {
    ...toPortal,
    jobId: (p) => `portal-sync-${p.dossierId}`,
    coalesce: true,
    failed: (db, p, reason) => portalSyncRepository.markFailed(db, p.dossierId, reason),
  },
  'portal.progressStep': {
    ...toPortal,
    jobId: (p) => `portal-step-${p.stepId}`,
    // a step whose dossier is not on the portal waits for it: released when the dossier's sync succeeds
    failed: async (db, p, reason) => {
      if (!reason.includes(NOT_ON_PORTAL)) return;
      await outboxRepository.markStepFailed(db, `portal-step-${p.stepId}`, p.stepId, reason);
      return 'rowRecorded';
    },
  },
};

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
      // (a run that recorded its send and then died left its steps failed: they go now)
      if ((await outboxRepository.releaseFailedSteps(prisma, dossierId)) > 0)
        await relayOutbox(prisma, ctx.queues, { redeliverAfterMs: config.workers.outboxRedeliverMs, batch: 100 });
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
    const now = await portalSyncRepository.recordSent(prisma, dossierId, dossier.version);
    // the dossier is on the portal now: its steps go at once (those failed or waiting for it)
    if (round === 0 && (sync.syncedVersion === 0 || sync.state === 'FAILED')) await releaseSteps(ctx, dossierId);
    // the changes up to this version are acknowledged; a newer one keeps its row until it is sent
    await outboxRepository.markSyncDone(prisma, key, dossier.version);
    sent = dossier.version;
    // (a change after this reading keeps its outbox row: the job runs again for it when it ends)
    if (now === sent) break;
  }
  log.info({ dossierId, version: sent }, 'dossier synced to the portal');
  return { version: sent };
});

/** Steps that failed because their dossier was not on the portal go again; those waiting for it go now. */
async function releaseSteps(ctx: HandlerContext, dossierId: string): Promise<void> {
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
