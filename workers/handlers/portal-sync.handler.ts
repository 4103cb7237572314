import { toPortalTimestamp } from '../../src/common/time.js';
import { toPortalDossier } from '../../src/integrations/portal/portal.mapper.js';
import { portalSyncRepository } from '../../src/modules/dossier/portal-sync.repository.js';
import { relayOutbox } from '../../src/modules/outbox/outbox.service.js';
import { defineHandler } from '../registry.js';
import { callPortal } from './portal-call.js';

/**
 * DongBoHoSoMC with the dossier's state as it is now, and its version. A job older than what
 * the portal already has does nothing, so repeated, reordered and bursty changes converge on the
 * final state. The portal refusing the data fails at once with its message; anything else retries.
 */
export const portalSyncHandler = defineHandler('portal.syncDossier', async ({ dossierId }, ctx) => {
  const { prisma, log } = ctx;
  const [dossier, sync] = await Promise.all([portalSyncRepository.loadForPortal(prisma, dossierId), portalSyncRepository.find(prisma, dossierId)]);
  if (!dossier || !sync) return { skipped: 'unknown dossier' };
  if (sync.syncedVersion >= dossier.version) return { skipped: `the portal has version ${sync.syncedVersion}` };
  const data = { isUpdating: sync.syncedVersion > 0 ? 'True' : 'False', data: [toPortalDossier(dossier)] };
  await callPortal(ctx, 'DongBoHoSoMC', (p) => p.call('DongBoHoSoMC', data), (message, final) =>
    portalSyncRepository.recordFailure(prisma, dossierId, message, final),
  );
  await portalSyncRepository.recordSent(prisma, dossierId, dossier.version);
  log.info({ dossierId, version: dossier.version }, 'dossier synced to the portal');
  return { version: dossier.version };
});

/** CapNhatTienDoHoSoMC: one processing step, as the portal's progress record. Idempotent per step. */
export const portalStepHandler = defineHandler('portal.progressStep', async ({ stepId }, ctx) => {
  const step = await portalSyncRepository.loadStep(ctx.prisma, stepId);
  if (!step) return { skipped: 'unknown step' };
  await callPortal(ctx, 'CapNhatTienDoHoSoMC', (p) => p.call('CapNhatTienDoHoSoMC', {
    MaHoSo: step.dossierCode,
    NguoiXuLy: step.officerName ?? '',
    ChucDanh: step.position ?? '',
    ThoiDiemXuLy: toPortalTimestamp(step.at),
    PhongBanXuLy: step.department ?? '',
    NoiDungXuLy: step.note ?? '',
    TrangThai: String(step.status),
    NgayBatDau: toPortalTimestamp(step.startedAt),
    NgayKetThucTheoQuyDinh: toPortalTimestamp(step.dueAt),
  }));
  return { sent: stepId };
});

/** Sweep the outbox: records whose enqueue did not happen right after their commit. */
export const outboxRelayHandler = defineHandler('outbox.relay', async (_payload, { prisma, queues }) => ({ enqueued: await relayOutbox(prisma, queues) }));
