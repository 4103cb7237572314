import { DelayedError, UnrecoverableError } from 'bullmq';
import { PortalRefusedError } from '../../src/integrations/portal/portal.client.js';
import { toPortalDossier } from '../../src/integrations/portal/portal.mapper.js';
import { portalSyncRepository } from '../../src/modules/dossier/portal-sync.repository.js';
import { relayOutbox } from '../../src/modules/outbox/outbox.service.js';
import { defineHandler } from '../registry.js';

/**
 * DongBoHoSoMC with the dossier's state as it is now, and its version. A job older than what
 * the portal already has does nothing, so repeated, reordered and bursty changes converge on the
 * final state. The portal refusing the data fails at once with its message; anything else retries.
 */
export const portalSyncHandler = defineHandler('portal.syncDossier', async ({ dossierId }, { prisma, portal, job, token, log, breaker }) => {
  if (!portal) throw new UnrecoverableError('PORTAL_URL is not configured');
  const [dossier, sync] = await Promise.all([portalSyncRepository.loadForPortal(prisma, dossierId), portalSyncRepository.find(prisma, dossierId)]);
  if (!dossier || !sync) return { skipped: 'unknown dossier' };
  if (sync.syncedVersion >= dossier.version) return { skipped: `the portal has version ${sync.syncedVersion}` };
  const wait = await breaker.admit('portal');
  if (wait > 0) {
    // the portal keeps failing: wait for the breaker without spending an attempt
    await job.moveToDelayed(Date.now() + wait, token);
    throw new DelayedError();
  }
  try {
    await portal.call('DongBoHoSoMC', { isUpdating: sync.syncedVersion > 0 ? 'True' : 'False', data: [toPortalDossier(dossier)] });
    await breaker.success('portal');
  } catch (err) {
    const refused = err instanceof PortalRefusedError;
    // a refusal is an answer: the portal is up
    await (refused ? breaker.success('portal') : breaker.failure('portal'));
    const final = refused || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const message = refused ? `the portal refused (${err.errorCode}): ${err.message}` : (err as Error).message;
    await portalSyncRepository.recordFailure(prisma, dossierId, message, final);
    log.warn({ dossierId, version: dossier.version, final, problem: message }, 'portal sync failed');
    if (refused) throw new UnrecoverableError(message);
    throw err;
  }
  await portalSyncRepository.recordSent(prisma, dossierId, dossier.version);
  log.info({ dossierId, version: dossier.version }, 'dossier synced to the portal');
  return { version: dossier.version };
});

/** Sweep the outbox: records whose enqueue did not happen right after their commit. */
export const outboxRelayHandler = defineHandler('outbox.relay', async (_payload, { prisma, queues }) => ({ enqueued: await relayOutbox(prisma, queues) }));
