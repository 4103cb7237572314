/** The portal sync state of dossiers, and what the sync sends. */
import type { Config } from '../../config/config.js';
import type { Db, Prisma } from '../../db/client.js';
import type { DossierForPortal, StepForPortal } from '../../integrations/portal/portal.mapper.js';
import { columns, rowOf } from '../../db/columns.js';
import { DOSSIER_STATUS } from './dossier-status.js';
import { resultLink } from './result-link.js';

export type PortalSyncRow = Prisma.PortalSyncGetPayload<object>;

interface JsonFee {
  kind: string;
  amount: string;
  description: string;
  code?: string | null;
}
/** `loadForPortal`'s row: the dossier's columns, then what it aggregates as JSON. */
type PortalRow = Record<string, unknown> & {
  procedure: DossierForPortal['procedure'];
  handlingAgencyName: string;
  procedureFees: JsonFee[];
  supplements: Array<{
    requestedAt: string;
    completedAt: string | null;
    note: string | null;
    requestedBy: string | null;
    dueBefore: string | null;
    dueAfter: string | null;
  }>;
  results: Array<{ id: string; name: string }>;
  payments: Array<JsonFee & { description: string | null; lines: JsonFee[] }>;
  paidBy: string[];
};

export const portalSyncRepository = {
  /** A change of the dossier: the portal must hear about it. */
  markPending: (db: Db, dossierId: string) =>
    db.portalSync.upsert({ where: { dossierId }, create: { dossierId }, update: { state: 'PENDING' } }),

  find: (db: Db, dossierId: string) => db.portalSync.findUnique({ where: { dossierId } }),
  findMany: (db: Db, ids: readonly string[]) => db.portalSync.findMany({ where: { dossierId: { in: [...ids] } } }),

  /**
   * The dossier as the portal must see it now, and its version: one statement (a sync job's main
   * read: the dossier, its procedure and fees, handling agency, supplements, results, payments with
   * their lines, and the routes that paid them). Lists come back as JSON, amounts as text.
   */
  async loadForPortal(
    db: Db,
    config: Config,
    dossierId: string,
  ): Promise<(DossierForPortal & { version: number }) | null> {
    const [row] = await db.$queryRaw<PortalRow[]>`
      SELECT ${columns('dossier', 'd')},
        json_build_object('code', p.code, 'name', p.name, 'fieldCode', p.field_code, 'fieldName', p.field_name, 'resultCode', p.result_code) AS "procedure",
        h.name AS "handlingAgencyName",
        coalesce((SELECT json_agg(json_build_object('kind', f.kind, 'amount', f.amount::text, 'description', f.description, 'code', f.code) ORDER BY f.position)
          FROM procedure_fee f WHERE f.procedure_id = d.procedure_id), '[]') AS "procedureFees",
        coalesce((SELECT json_agg(json_build_object('requestedAt', s.requested_at, 'completedAt', s.completed_at, 'note', s.note,
            'requestedBy', s.requested_by, 'dueBefore', s.due_before, 'dueAfter', s.due_after) ORDER BY s.requested_at)
          FROM dossier_supplement s WHERE s.dossier_id = d.id), '[]') AS "supplements",
        coalesce((SELECT json_agg(json_build_object('id', r.id, 'name', r.name) ORDER BY r.created_at)
          FROM dossier_result r WHERE r.dossier_id = d.id), '[]') AS "results",
        coalesce((SELECT json_agg(json_build_object('kind', pay.kind, 'amount', pay.amount::text, 'description', pay.description,
            'lines', coalesce((SELECT json_agg(json_build_object('kind', l.kind, 'amount', l.amount::text, 'description', l.description) ORDER BY l.position)
              FROM payment_line l WHERE l.payment_id = pay.id), '[]')) ORDER BY pay.created_at)
          FROM payment pay WHERE pay.dossier_id = d.id), '[]') AS "payments",
        ARRAY(SELECT DISTINCT a.route::text FROM payment_attempt a JOIN payment pay ON pay.id = a.payment_id
          WHERE pay.dossier_id = d.id AND a.status = 'SUCCEEDED') AS "paidBy"
      FROM dossier d JOIN procedure p ON p.id = d.procedure_id JOIN agency h ON h.id = d.handling_agency_id
      WHERE d.id = ${dossierId}::uuid`;
    if (!row) return null;
    const d = rowOf<Prisma.DossierGetPayload<object>>(row, 'dossier')!;
    const at = (v: string | null) => (v === null ? null : new Date(v));
    const fee = (f: JsonFee) => ({ ...f, amount: BigInt(f.amount) });
    return {
      ...d,
      procedure: row.procedure,
      handlingAgencyName: row.handlingAgencyName,
      // the facts; what the portal sees of them is the mapper's (portal.mapper.ts)
      procedureFees: row.procedureFees.map(fee),
      payments: row.payments.map((p) => ({ ...fee(p), lines: p.lines.map(fee) })),
      supplements: row.supplements.map((s) => ({
        ...s,
        requestedAt: new Date(s.requestedAt),
        completedAt: at(s.completedAt),
        dueBefore: at(s.dueBefore),
        dueAfter: at(s.dueAfter),
      })),
      results: row.results.map((r) => ({ id: r.id, name: r.name, url: resultLink(config, r.id) })),
      paidBy: row.paidBy as DossierForPortal['paidBy'],
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

  /**
   * Record a successful send of `version`: SYNCED when nothing newer happened since. Returns the
   * dossier's version now (newer than `version`: it changed while it was sent). The dossier is read
   * under a share lock, as the API's changes take it (dossier, then sync row): a change committing
   * meanwhile is waited for and seen, not decided on the version before it.
   */
  async recordSent(db: Db, dossierId: string, version: number): Promise<number> {
    const [row] = await db.$queryRaw<Array<{ version: number }>>`
      UPDATE portal_sync p SET
        synced_version = greatest(p.synced_version, ${version}),
        state = CASE WHEN greatest(p.synced_version, ${version}) >= d.version THEN 'SYNCED' ELSE 'PENDING' END,
        attempts = p.attempts + 1, last_attempt_at = now(), last_error = NULL, updated_at = now()
      FROM (SELECT id, version FROM dossier WHERE id = ${dossierId}::uuid FOR SHARE) d
      WHERE d.id = p.dossier_id
      RETURNING d.version`;
    return row?.version ?? version;
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
