/** Dossiers, their steps, supplements and results in PostgreSQL. */
import { lazyCount } from '../../common/cursor.js';
import type { Db, Prisma } from '../../db/client.js';
import type { Scope } from '../../core/access.js';

/** The dossiers a scope reads: those its agency receives or handles (every one for an all-agency scope). */
const visible = (s: Scope): Prisma.DossierWhereInput =>
  s.all ? {} : { OR: [{ receivingAgencyId: s.agencyId }, { handlingAgencyId: s.agencyId }] };

export type DossierRow = Prisma.DossierGetPayload<object>;
export type DossierEventRow = Prisma.DossierEventGetPayload<object>;
export type DossierSupplementRow = Prisma.DossierSupplementGetPayload<object>;
export type DossierResultRow = Prisma.DossierResultGetPayload<object>;

export interface DossierFilter {
  /** dossiers this agency receives or handles (null: every agency, for ADMIN and LEADER) */
  agencyId: string | null;
  status?: number;
  channel?: number;
  procedureId?: string;
  receivedFrom?: Date;
  receivedTo?: Date;
  /** open, and past its due time (supplement time excluded) at `now` */
  overdueAt?: Date;
  /** open, not overdue, and due before this time */
  dueBefore?: { now: Date; until: Date };
}

function where(db: Db, f: DossierFilter): Prisma.DossierWhereInput {
  const and: Prisma.DossierWhereInput[] = [];
  if (f.agencyId) and.push({ OR: [{ receivingAgencyId: f.agencyId }, { handlingAgencyId: f.agencyId }] });
  if (f.status) and.push({ status: f.status });
  if (f.channel) and.push({ channel: f.channel });
  if (f.procedureId) and.push({ procedureId: f.procedureId });
  if (f.receivedFrom) and.push({ receivedAt: { gte: f.receivedFrom } });
  if (f.receivedTo) and.push({ receivedAt: { lt: f.receivedTo } });
  const fields = (db as unknown as { dossier: { fields: { supplementOpenSince: never } } }).dossier.fields;
  if (f.overdueAt) {
    and.push(
      { finishedAt: null },
      {
        OR: [
          { supplementOpenSince: null, effectiveDueAt: { lt: f.overdueAt } },
          // while a supplement is open the clock is stopped where it was
          { supplementOpenSince: { not: null }, effectiveDueAt: { lt: fields.supplementOpenSince } },
        ],
      },
    );
  }
  if (f.dueBefore)
    and.push({
      finishedAt: null,
      supplementOpenSince: null,
      effectiveDueAt: { gte: f.dueBefore.now, lt: f.dueBefore.until },
    });
  return { AND: and };
}

export const dossierRepository = {
  /** The next number of an agency's daily sequence, atomically (row lock until commit). */
  async nextSequence(db: Db, agencyId: string, day: string): Promise<number> {
    const rows = await db.$queryRaw<Array<{ last: number }>>`
      INSERT INTO dossier_sequence (agency_id, day, last) VALUES (${agencyId}::uuid, ${day}, 1)
      ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_sequence.last + 1
      RETURNING last`;
    return rows[0]!.last;
  },

  /** The dossier with this code, if the scope reads it. */
  findByCode: (scope: Scope, db: Db, code: string) =>
    db.dossier.findFirst({ where: { AND: [{ code }, visible(scope)] } }),
  findByIds: (db: Db, ids: readonly string[]) => db.dossier.findMany({ where: { id: { in: [...ids] } } }),
  /** The dossier, locked for a change, if the scope reads it. */
  async lockById(scope: Scope, db: Db, id: string): Promise<DossierRow | null> {
    const rows = await db.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM dossier WHERE id = ${id}::uuid
        AND (${scope.all} OR receiving_agency_id = ${scope.agencyId}::uuid OR handling_agency_id = ${scope.agencyId}::uuid)
      FOR UPDATE`;
    return rows.length ? db.dossier.findUnique({ where: { id: rows[0]!.id } }) : null;
  },
  /** The dossier with this code, locked for a change, if the scope reads it. */
  async lockByCode(scope: Scope, db: Db, code: string): Promise<DossierRow | null> {
    const rows = await db.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM dossier WHERE code = ${code}
        AND (${scope.all} OR receiving_agency_id = ${scope.agencyId}::uuid OR handling_agency_id = ${scope.agencyId}::uuid)
      FOR UPDATE`;
    return rows.length ? db.dossier.findUnique({ where: { id: rows[0]!.id } }) : null;
  },
  create: (db: Db, data: Prisma.DossierUncheckedCreateInput) => db.dossier.create({ data }),
  update: (db: Db, id: string, data: Prisma.DossierUncheckedUpdateInput) => db.dossier.update({ where: { id }, data }),

  createEvent: (db: Db, data: Prisma.DossierEventUncheckedCreateInput) => db.dossierEvent.create({ data }),
  /** The time of the dossier's latest step (its receipt included). */
  lastEventAt: async (db: Db, dossierId: string): Promise<Date | null> =>
    (await db.dossierEvent.findFirst({ where: { dossierId }, orderBy: { at: 'desc' }, select: { at: true } }))?.at ??
    null,
  eventsOf: (db: Db, ids: readonly string[]) =>
    db.dossierEvent.findMany({
      where: { dossierId: { in: [...ids] } },
      orderBy: [{ dossierId: 'asc' }, { recordedAt: 'asc' }, { id: 'asc' }],
    }),
  openSupplement: (db: Db, dossierId: string) =>
    db.dossierSupplement.findFirst({ where: { dossierId, completedAt: null } }),
  createSupplement: (db: Db, data: Prisma.DossierSupplementUncheckedCreateInput) =>
    db.dossierSupplement.create({ data }),
  completeSupplement: (db: Db, id: string, completedAt: Date, dueAfter: Date) =>
    db.dossierSupplement.update({ where: { id }, data: { completedAt, dueAfter } }),
  supplementsOf: (db: Db, ids: readonly string[]) =>
    db.dossierSupplement.findMany({
      where: { dossierId: { in: [...ids] } },
      orderBy: [{ dossierId: 'asc' }, { requestedAt: 'asc' }],
    }),
  createResult: (db: Db, data: Prisma.DossierResultUncheckedCreateInput) => db.dossierResult.create({ data }),
  resultsOf: (db: Db, ids: readonly string[]) =>
    db.dossierResult.findMany({
      where: { dossierId: { in: [...ids] } },
      orderBy: [{ dossierId: 'asc' }, { createdAt: 'asc' }],
    }),

  async list(scope: Scope, db: Db, f: DossierFilter, take: number, after?: { receivedAt: Date; id: string }) {
    const w: Prisma.DossierWhereInput = { AND: [where(db, f), visible(scope)] };
    const rows = await db.dossier.findMany({
      where: after
        ? {
            AND: [
              w,
              {
                OR: [{ receivedAt: { lt: after.receivedAt } }, { receivedAt: after.receivedAt, id: { lt: after.id } }],
              },
            ],
          }
        : w,
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      take,
    });
    return [rows, lazyCount(() => db.dossier.count({ where: w }))] as const;
  },
};
