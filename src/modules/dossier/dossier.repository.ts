/** Dossiers, their steps, supplements and results in PostgreSQL. */
import { lazyCount, type Window } from '../../common/cursor.js';
import { Prisma, autonomous, type Db, type PrismaClient } from '../../db/client.js';
import { columns, rowOf } from '../../db/columns.js';
import type { Scope } from '../../core/access.js';

/** The dossiers a scope reads: those its agency receives or handles (every one for an all-agency scope). */
const visible = (s: Scope): Prisma.DossierWhereInput =>
  s.all ? {} : { OR: [{ receivingAgencyId: s.agencyId }, { handlingAgencyId: s.agencyId }] };

export type DossierRow = Prisma.DossierGetPayload<object>;
export type DossierEventRow = Prisma.DossierEventGetPayload<object>;
export type DossierSupplementRow = Prisma.DossierSupplementGetPayload<object>;
export type DossierResultRow = Prisma.DossierResultGetPayload<object>;
type ProcedureRow = Prisma.ProcedureGetPayload<object>;
type AgencyRow = Prisma.AgencyGetPayload<object>;
type PaymentRow = Prisma.PaymentGetPayload<object>;

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

/** Rows the filter and scope select, as SQL over `dossier d` (the list's page and its count share it). */
function conditions(scope: Scope, f: DossierFilter): Prisma.Sql {
  const and: Prisma.Sql[] = [Prisma.sql`TRUE`];
  const of = (agencyId: string) =>
    Prisma.sql`(d.receiving_agency_id = ${agencyId}::uuid OR d.handling_agency_id = ${agencyId}::uuid)`;
  if (!scope.all) and.push(of(scope.agencyId));
  if (f.agencyId) and.push(of(f.agencyId));
  if (f.status) and.push(Prisma.sql`d.status = ${f.status}`);
  if (f.channel) and.push(Prisma.sql`d.channel = ${f.channel}`);
  if (f.procedureId) and.push(Prisma.sql`d.procedure_id = ${f.procedureId}::uuid`);
  if (f.receivedFrom) and.push(Prisma.sql`d.received_at >= ${f.receivedFrom}`);
  if (f.receivedTo) and.push(Prisma.sql`d.received_at < ${f.receivedTo}`);
  if (f.overdueAt)
    // while a supplement is open the clock is stopped where it was
    and.push(
      Prisma.sql`d.finished_at IS NULL AND d.effective_due_at < coalesce(d.supplement_open_since, ${f.overdueAt})`,
    );
  if (f.dueBefore)
    and.push(
      Prisma.sql`d.finished_at IS NULL AND d.supplement_open_since IS NULL AND d.effective_due_at >= ${f.dueBefore.now} AND d.effective_due_at < ${f.dueBefore.until}`,
    );
  return Prisma.join(and, ' AND ');
}

/** The relations a list reads in its page's statement (the rest come from DataLoaders). */
export interface DossierJoins {
  procedure?: boolean;
  receivingAgency?: boolean;
  handlingAgency?: boolean;
  payments?: boolean;
}

/** A page of dossiers, with the related rows that were joined. */
interface DossierPage {
  rows: DossierRow[];
  procedures: ProcedureRow[];
  agencies: AgencyRow[];
  /** each dossier's payments, oldest first (when joined) */
  payments: Map<string, PaymentRow[]> | null;
}

export const dossierRepository = {
  /**
   * The next number of an agency's daily sequence, atomically, committed at once on a connection
   * of its own: the row is locked for this statement only, never for the caller's transaction
   * (a submission rolled back leaves its number unused: numbers may have gaps, never repeats).
   */
  async nextSequence(prisma: PrismaClient, agencyId: string, day: string): Promise<number> {
    const rows = await autonomous<{ last: number }>(
      prisma,
      `INSERT INTO dossier_sequence (agency_id, day, last) VALUES ($1::uuid, $2, 1)
       ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_sequence.last + 1
       RETURNING last`,
      [agencyId, day],
    );
    return rows[0]!.last;
  },

  /** The dossier with this code, if the scope reads it. */
  findByCode: (scope: Scope, db: Db, code: string) =>
    db.dossier.findFirst({ where: { AND: [{ code }, visible(scope)] } }),
  /** The dossier, if the scope reads it. */
  findById: (scope: Scope, db: Db, id: string) => db.dossier.findFirst({ where: { AND: [{ id }, visible(scope)] } }),
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

  /**
   * A page newest received first, in one statement with the relations `joins` asks for, and the
   * count of the whole list (run only if read).
   */
  async list(
    scope: Scope,
    db: Db,
    f: DossierFilter,
    w: Window<{ receivedAt: Date; id: string }>,
    joins: DossierJoins = {},
  ) {
    const where = conditions(scope, f);
    const select = [columns('dossier', 'd')];
    const join: Prisma.Sql[] = [];
    if (joins.procedure) {
      select.push(columns('procedure', 'p', 'p.'));
      join.push(Prisma.sql`LEFT JOIN procedure p ON p.id = d.procedure_id`);
    }
    if (joins.receivingAgency) {
      select.push(columns('agency', 'ra', 'ra.'));
      join.push(Prisma.sql`LEFT JOIN agency ra ON ra.id = d.receiving_agency_id`);
    }
    if (joins.handlingAgency) {
      select.push(columns('agency', 'ha', 'ha.'));
      join.push(Prisma.sql`LEFT JOIN agency ha ON ha.id = d.handling_agency_id`);
    }
    // newest first; backward, the rows nearest the cursor are read first, then put in the list's order
    const past = !w.key
      ? Prisma.empty
      : w.backward
        ? Prisma.sql`AND (d.received_at, d.id) > (${w.key.receivedAt}, ${w.key.id}::uuid)`
        : Prisma.sql`AND (d.received_at, d.id) < (${w.key.receivedAt}, ${w.key.id}::uuid)`;
    const read = Prisma.sql`
      SELECT ${Prisma.join(select)} FROM dossier d ${join.length ? Prisma.join(join, ' ') : Prisma.empty}
      WHERE ${where} ${past}
      ORDER BY d.received_at ${w.backward ? Prisma.raw('ASC') : Prisma.raw('DESC')}, d.id ${w.backward ? Prisma.raw('ASC') : Prisma.raw('DESC')} LIMIT ${w.take}`;
    const pageSql = w.backward ? Prisma.sql`SELECT * FROM (${read}) w ORDER BY w."receivedAt" DESC, w."id" DESC` : read;
    // payments (one to many): a row per payment of each dossier of the page, and one for a dossier without any
    const rows = await db.$queryRaw<Array<Record<string, unknown>>>(
      joins.payments
        ? Prisma.sql`SELECT page.*, ${columns('payment', 'y', 'y.')} FROM (${pageSql}) page
            LEFT JOIN payment y ON y.dossier_id = page."id"
            ORDER BY page."receivedAt" DESC, page."id" DESC, y.created_at, y.id`
        : pageSql,
    );
    const page: DossierPage = { rows: [], procedures: [], agencies: [], payments: joins.payments ? new Map() : null };
    for (const row of rows) {
      const id = row['id'] as string;
      const payment = joins.payments && rowOf<PaymentRow>(row, 'payment', 'y.');
      if (page.rows.at(-1)?.id !== id) {
        page.rows.push(rowOf<DossierRow>(row, 'dossier')!);
        page.payments?.set(id, []);
        const p = joins.procedure && rowOf<ProcedureRow>(row, 'procedure', 'p.');
        if (p) page.procedures.push(p);
        for (const prefix of ['ra.', 'ha.']) {
          const a = rowOf<AgencyRow>(row, 'agency', prefix);
          if (a) page.agencies.push(a);
        }
      }
      if (payment) page.payments!.get(id)!.push(payment);
    }
    const count = async () =>
      (await db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM dossier d WHERE ${where}`)[0]!.n;
    return [page, lazyCount(count)] as const;
  },
};
