/** The portal sync state of dossiers, and what the sync sends. */
import type { Db, Prisma } from '../../db/client.js';
import type { DossierForPortal } from '../../integrations/portal/portal.mapper.js';

export type PortalSyncRow = Prisma.PortalSyncGetPayload<object>;

export const portalSyncRepository = {
  /** A change of the dossier: the portal must hear about it. */
  markPending: (db: Db, dossierId: string) =>
    db.portalSync.upsert({ where: { dossierId }, create: { dossierId }, update: { state: 'PENDING' } }),

  find: (db: Db, dossierId: string) => db.portalSync.findUnique({ where: { dossierId } }),
  findMany: (db: Db, ids: readonly string[]) => db.portalSync.findMany({ where: { dossierId: { in: [...ids] } } }),

  async loadForPortal(db: Db, dossierId: string): Promise<DossierForPortal | null> {
    const d = await db.dossier.findUnique({ where: { id: dossierId }, include: { procedure: { include: { fees: { orderBy: { position: 'asc' } } } }, supplements: { orderBy: { requestedAt: 'asc' } }, results: { orderBy: { createdAt: 'asc' } } } });
    if (!d) return null;
    const handling = await db.agency.findUnique({ where: { id: d.handlingAgencyId }, select: { code: true } });
    const payments = await db.payment.findMany({ where: { dossierId }, include: { lines: { orderBy: { position: 'asc' } } }, orderBy: { createdAt: 'asc' } });
    const paidBy = new Set(
      (await db.paymentAttempt.findMany({ where: { paymentId: { in: payments.map((p) => p.id) }, status: 'SUCCEEDED' }, select: { route: true } })).map((a) => a.route),
    );
    return {
      ...d,
      procedure: d.procedure,
      handlingAgencyCode: handling!.code,
      // what the applicant was asked to pay; the catalog's fees until something is asked
      fees: payments.length ? payments.flatMap((p) => (p.lines.length ? p.lines : [{ kind: p.kind === 'FEE' ? 'FEE' : 'CHARGE', amount: p.amount, description: p.description ?? 'Phí, lệ phí' }])) : d.procedure.fees,
      paidOnline: paidBy.has('PLATFORM') ? 1 : paidBy.has('PAYGOV') ? 2 : 0,
    };
  },

  /** A step with what CapNhatTienDoHoSoMC needs: the dossier's code, its due time, when the step began. */
  async loadStep(db: Db, stepId: string) {
    const e = await db.dossierEvent.findUnique({ where: { id: stepId }, include: { dossier: { select: { code: true, dueAt: true, receivedAt: true } } } });
    if (!e) return null;
    const previous = await db.dossierEvent.findFirst({ where: { dossierId: e.dossierId, recordedAt: { lt: e.recordedAt } }, orderBy: { recordedAt: 'desc' }, select: { at: true } });
    return { ...e, dossierCode: e.dossier.code, dueAt: e.dossier.dueAt, startedAt: previous?.at ?? e.dossier.receivedAt };
  },

  /** Record a successful send of `version`: SYNCED when nothing newer happened since. */
  async recordSent(db: Db, dossierId: string, version: number): Promise<void> {
    await db.$executeRaw`
      UPDATE portal_sync p SET
        synced_version = greatest(p.synced_version, ${version}),
        state = CASE WHEN greatest(p.synced_version, ${version}) >= d.version THEN 'SYNCED' ELSE 'PENDING' END,
        attempts = p.attempts + 1, last_attempt_at = now(), last_error = NULL, updated_at = now()
      FROM dossier d WHERE d.id = p.dossier_id AND p.dossier_id = ${dossierId}::uuid`;
  },

  async recordFailure(db: Db, dossierId: string, error: string, final: boolean): Promise<void> {
    await db.portalSync.update({
      where: { dossierId },
      data: { attempts: { increment: 1 }, lastAttemptAt: new Date(), lastError: error.slice(0, 1000), ...(final ? { state: 'FAILED' } : {}) },
    });
  },
};
