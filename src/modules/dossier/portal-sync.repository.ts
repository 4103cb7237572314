/** The portal sync state of dossiers, and what the sync sends. */
import type { Config } from '../../config/config.js';
import type { Db, Prisma } from '../../db/client.js';
import type { DossierForPortal, StepForPortal } from '../../integrations/portal/portal.mapper.js';
import { DOSSIER_STATUS } from './dossier-status.js';
import { resultLink } from './result-link.js';

export type PortalSyncRow = Prisma.PortalSyncGetPayload<object>;

export const portalSyncRepository = {
  /** A change of the dossier: the portal must hear about it. */
  markPending: (db: Db, dossierId: string) =>
    db.portalSync.upsert({ where: { dossierId }, create: { dossierId }, update: { state: 'PENDING' } }),

  find: (db: Db, dossierId: string) => db.portalSync.findUnique({ where: { dossierId } }),
  findMany: (db: Db, ids: readonly string[]) => db.portalSync.findMany({ where: { dossierId: { in: [...ids] } } }),

  /** The dossier as the portal must see it now, and its version. */
  async loadForPortal(
    db: Db,
    config: Config,
    dossierId: string,
  ): Promise<(DossierForPortal & { version: number }) | null> {
    const d = await db.dossier.findUnique({
      where: { id: dossierId },
      include: {
        procedure: { include: { fees: { orderBy: { position: 'asc' } } } },
        supplements: { orderBy: { requestedAt: 'asc' } },
        results: { orderBy: { createdAt: 'asc' } },
      },
    });
    if (!d) return null;
    const handling = await db.agency.findUnique({ where: { id: d.handlingAgencyId }, select: { name: true } });
    const payments = await db.payment.findMany({
      where: { dossierId },
      include: { lines: { orderBy: { position: 'asc' } } },
      orderBy: { createdAt: 'asc' },
    });
    const paidBy = await db.paymentAttempt.findMany({
      where: { paymentId: { in: payments.map((p) => p.id) }, status: 'SUCCEEDED' },
      select: { route: true },
      distinct: ['route'],
    });
    return {
      ...d,
      procedure: d.procedure,
      handlingAgencyName: handling!.name,
      // the facts; what the portal sees of them is the mapper's (portal.mapper.ts)
      procedureFees: d.procedure.fees,
      payments: payments.map((p) => ({ kind: p.kind, amount: p.amount, description: p.description, lines: p.lines })),
      results: d.results.map((r) => ({ id: r.id, name: r.name, url: resultLink(config, r.id) })),
      paidBy: paidBy.map((a) => a.route),
    };
  },

  /** A step with what CapNhatTienDoHoSoMC needs: the dossier's code, its due time, when the step began. */
  async loadStep(db: Db, stepId: string): Promise<StepForPortal | null> {
    const e = await db.dossierEvent.findUnique({
      where: { id: stepId },
      include: { dossier: { select: { code: true, dueAt: true, receivedAt: true, handlingAgencyId: true } } },
    });
    if (!e) return null;
    const [previous, agency] = await Promise.all([
      db.dossierEvent.findFirst({
        where: { dossierId: e.dossierId, recordedAt: { lt: e.recordedAt } },
        orderBy: { recordedAt: 'desc' },
        select: { at: true },
      }),
      db.agency.findUnique({ where: { id: e.dossier.handlingAgencyId }, select: { name: true } }),
    ]);
    return {
      dossierId: e.dossierId,
      portalSentAt: e.portalSentAt,
      dossierCode: e.dossier.code,
      status: e.status,
      statusName: (DOSSIER_STATUS[e.status] ?? '').split(' — ')[0]!,
      at: e.at,
      startedAt: previous?.at ?? e.dossier.receivedAt,
      dueAt: e.dossier.dueAt,
      officerName: e.officerName,
      position: e.position,
      department: e.department,
      note: e.note,
      agencyName: agency!.name,
    };
  },

  /** The dossier's events the portal has not accepted yet (their step jobs may be waiting for the dossier). */
  unsentSteps: async (db: Db, dossierId: string) =>
    (await db.dossierEvent.findMany({ where: { dossierId, portalSentAt: null }, select: { id: true } })).map(
      (e) => e.id,
    ),

  /** The portal accepted this step. */
  stepSent: (db: Db, stepId: string) =>
    db.dossierEvent.update({ where: { id: stepId }, data: { portalSentAt: new Date() } }),

  /** The dossier's version now (after a send: did it change meanwhile?). */
  version: async (db: Db, dossierId: string) =>
    (await db.dossier.findUnique({ where: { id: dossierId }, select: { version: true } }))?.version ?? 0,

  /** Record a successful send of `version`: SYNCED when nothing newer happened since. */
  async recordSent(db: Db, dossierId: string, version: number): Promise<void> {
    await db.$executeRaw`
      UPDATE portal_sync p SET
        synced_version = greatest(p.synced_version, ${version}),
        state = CASE WHEN greatest(p.synced_version, ${version}) >= d.version THEN 'SYNCED' ELSE 'PENDING' END,
        attempts = p.attempts + 1, last_attempt_at = now(), last_error = NULL, updated_at = now()
      FROM dossier d WHERE d.id = p.dossier_id AND p.dossier_id = ${dossierId}::uuid`;
  },

  /** Its job ended failed for good (whatever the cause, a crash too): FAILED with the reason, the attempt already counted. */
  async markFailed(db: Db, dossierId: string, error: string): Promise<void> {
    // unless a later run already brought the portal up to date (a failure recorded late must not undo it)
    await db.$executeRaw`
      UPDATE portal_sync p SET state = 'FAILED', last_error = ${error.slice(0, 1000)}, updated_at = now()
      FROM dossier d WHERE d.id = p.dossier_id AND p.dossier_id = ${dossierId}::uuid AND p.synced_version < d.version`;
  },

  async recordFailure(db: Db, dossierId: string, error: string, final: boolean): Promise<void> {
    await db.portalSync.update({
      where: { dossierId },
      data: {
        attempts: { increment: 1 },
        lastAttemptAt: new Date(),
        lastError: error.slice(0, 1000),
        ...(final ? { state: 'FAILED' } : {}),
      },
    });
  },
};
