import { lazyCount, pastCursor, windowOrder, type Window } from '../../common/cursor.js';
import type { Db, Prisma } from '../../db/client.js';
import type { Scope } from '../../core/access.js';
import type { PaymentRoute, PaymentStatus } from '../../generated/prisma/enums.js';
import type { PaymentForGateway } from '../../integrations/payment/platform.message.js';
import { literal } from '../../common/like.js';

export type PaymentRow = Prisma.PaymentGetPayload<object>;
export type PaymentLineRow = Prisma.PaymentLineGetPayload<object>;

export interface PaymentFilter {
  agencyId: string | null;
  id?: string;
  dossierId?: string;
  payer?: string;
  kind?: string;
  status?: string;
  from?: Date;
  to?: Date;
}

/** The payments a scope reads: its agency's (every one for an all-agency scope). */
const visible = (s: Scope): Prisma.PaymentWhereInput => (s.all ? {} : { agencyId: s.agencyId });

function where(f: PaymentFilter): Prisma.PaymentWhereInput {
  return {
    ...(f.agencyId ? { agencyId: f.agencyId } : {}),
    ...(f.id ? { id: f.id } : {}),
    ...(f.dossierId ? { dossierId: f.dossierId } : {}),
    ...(f.payer ? { payerName: { contains: literal(f.payer), mode: 'insensitive' } } : {}),
    ...(f.kind ? { kind: f.kind as never } : {}),
    ...(f.status ? { status: f.status as never } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
}

export type PaymentAttemptRow = Prisma.PaymentAttemptGetPayload<object>;

export const paymentRepository = {
  /** What a gateway is told about a payment: its lines, payer, agency, dossier and procedure, or the fine. */
  async forGateway(
    db: Db,
    id: string,
  ): Promise<(PaymentForGateway & { status: PaymentStatus; route: PaymentRoute; agencyId: string }) | null> {
    const p = await db.payment.findUnique({ where: { id }, include: { lines: { orderBy: { position: 'asc' } } } });
    if (!p) return null;
    const agency = await db.agency.findUniqueOrThrow({ where: { id: p.agencyId } });
    const dossier = p.dossierId
      ? await db.dossier.findUniqueOrThrow({
          where: { id: p.dossierId },
          select: { code: true, procedure: { select: { code: true, name: true } } },
        })
      : null;
    return {
      id: p.id,
      agencyId: p.agencyId,
      status: p.status,
      route: p.route,
      kind: p.kind,
      amount: p.amount,
      description: p.description,
      lines: p.lines,
      payer: {
        name: p.payerName,
        idNumber: p.payerIdNumber ?? '',
        address: p.payerAddress ?? '',
        district: p.payerDistrict,
        province: p.payerProvince,
      },
      agency,
      dossier: dossier && {
        code: dossier.code,
        procedureCode: dossier.procedure.code,
        procedureName: dossier.procedure.name,
      },
      fine:
        p.kind === 'FINE'
          ? {
              decisionNumber: p.fineDecisionNumber ?? '',
              decisionDate: p.fineDecisionDate ?? p.createdAt,
              typeCode: p.fineTypeCode ?? '',
              typeName: p.fineTypeName ?? '',
              treasury: p.treasury ?? '',
              violationAt: p.violationAt ?? p.createdAt,
              violationPlace: p.violationPlace ?? '',
              violatorName: p.violatorName ?? '',
            }
          : null,
    };
  },
  /** Attempts still offered to the payer well past their time (their expiry job may have been lost with Redis). */
  overdueAttempts: (db: Db, olderThanMs: number, take: number) =>
    db.$queryRaw<Array<{ paymentId: string; number: number }>>`
      SELECT a.payment_id::text AS "paymentId", a.number FROM payment_attempt a JOIN payment p ON p.id = a.payment_id
      WHERE a.status = 'STARTED' AND p.status = 'PENDING' AND a.created_at < now() - make_interval(secs => ${olderThanMs / 1000})
      ORDER BY a.created_at LIMIT ${take}`,
  findById: (db: Db, id: string) =>
    db.payment.findUnique({ where: { id }, include: { lines: { orderBy: { position: 'asc' } } } }),
  attempt: (db: Db, paymentId: string, number: number) =>
    db.paymentAttempt.findUnique({ where: { paymentId_number: { paymentId, number } } }),
  createAttempt: (
    db: Db,
    data: { paymentId: string; number: number; reference: string; route: PaymentRoute; initTime: string },
  ) => db.paymentAttempt.create({ data }),
  updateAttempt: (db: Db, id: string, data: Prisma.PaymentAttemptUpdateInput) =>
    db.paymentAttempt.update({ where: { id }, data }),
  update: (db: Db, id: string, data: Prisma.PaymentUncheckedUpdateInput) => db.payment.update({ where: { id }, data }),
  /** Change a payment only while it has the given status (no lock needed; false when it moved on). */
  moveFrom: async (db: Db, id: string, from: PaymentStatus, data: Prisma.PaymentUncheckedUpdateManyInput) =>
    (await db.payment.updateMany({ where: { id, status: from }, data })).count === 1,
  /** A start that failed for good (the gateway unreachable all along): the attempt FAILED with the reason, and a payment still waiting for it FAILED, so that it can be started again. */
  /** …and the agency of a payment that it moved to FAILED (null: it did not). */
  async startFailed(db: Db, paymentId: string, attempt: number, reason: string): Promise<string | null> {
    await db.paymentAttempt.updateMany({
      where: { paymentId, number: attempt, status: 'STARTED' },
      data: { status: 'FAILED', failure: reason.slice(0, 500), completedAt: new Date() },
    });
    // only when no later attempt took over
    const last = (await db.paymentAttempt.aggregate({ where: { paymentId }, _max: { number: true } }))._max.number ?? 0;
    if (last > attempt) return null;
    const moved = await db.payment.updateMany({
      where: { id: paymentId, status: 'REQUESTED' },
      data: { status: 'FAILED' },
    });
    if (!moved.count) return null;
    return (await db.payment.findUniqueOrThrow({ where: { id: paymentId }, select: { agencyId: true } })).agencyId;
  },
  attemptsInStatus: (db: Db, paymentId: string, status: string) =>
    db.paymentAttempt.count({ where: { paymentId, status } }),
  lastAttemptNumber: async (db: Db, paymentId: string) =>
    (await db.paymentAttempt.aggregate({ where: { paymentId }, _max: { number: true } }))._max.number ?? 0,
  /** The payment, if the scope reads it. */
  findVisible: (scope: Scope, db: Db, id: string) => db.payment.findFirst({ where: { AND: [{ id }, visible(scope)] } }),
  /** The payment, locked for a change, if the scope reads it: a callback cannot settle it meanwhile. */
  async lockById(scope: Scope, db: Db, id: string) {
    const rows = await db.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM payment WHERE id = ${id}::uuid AND (${scope.all} OR agency_id = ${scope.agencyId}::uuid) FOR UPDATE`;
    return rows.length ? db.payment.findUnique({ where: { id } }) : null;
  },
  /** The attempt behind a reference, its payment locked for the callback's change. */
  async lockByReference(db: Db, reference: string) {
    const a = await db.paymentAttempt.findUnique({ where: { reference } });
    if (!a) return null;
    await db.$queryRaw`SELECT id FROM payment WHERE id = ${a.paymentId}::uuid FOR UPDATE`;
    const attempt = await db.paymentAttempt.findUnique({ where: { id: a.id } });
    const payment = await db.payment.findUnique({ where: { id: a.paymentId } });
    return attempt && payment ? { attempt, payment } : null;
  },
  create: (
    db: Db,
    data: Prisma.PaymentUncheckedCreateInput,
    lines: Array<{ kind: string; amount: bigint; description: string }>,
  ) => db.payment.create({ data: { ...data, lines: { create: lines.map((l, i) => ({ ...l, position: i + 1 })) } } }),
  attemptsOf: (db: Db, ids: readonly string[]) =>
    db.paymentAttempt.findMany({
      where: { paymentId: { in: [...ids] } },
      orderBy: [{ paymentId: 'asc' }, { number: 'asc' }],
    }),
  findAttemptByReference: (db: Db, reference: string) => db.paymentAttempt.findUnique({ where: { reference } }),
  linesOf: (db: Db, ids: readonly string[]) =>
    db.paymentLine.findMany({
      where: { paymentId: { in: [...ids] } },
      orderBy: [{ paymentId: 'asc' }, { position: 'asc' }],
    }),
  ofDossiers: (db: Db, ids: readonly string[]) =>
    db.payment.findMany({ where: { dossierId: { in: [...ids] } }, orderBy: { createdAt: 'asc' } }),
  async list(scope: Scope, db: Db, f: PaymentFilter, page: Window<{ createdAt: Date; id: string }>) {
    const w: Prisma.PaymentWhereInput = { AND: [where(f), visible(scope)] };
    const rows = await db.payment.findMany({
      where: { AND: [w, pastCursor(page)] },
      orderBy: windowOrder(page),
      take: page.take,
    });
    if (page.backward) rows.reverse();
    return [rows, lazyCount(() => db.payment.count({ where: w }))] as const;
  },
  /** Totals per kind and status in a period, in SQL. */
  totals: (scope: Scope, db: Db, f: PaymentFilter) =>
    db.payment.groupBy({
      by: ['kind', 'status'],
      where: { AND: [where(f), visible(scope)] },
      _sum: { amount: true },
      _count: { _all: true },
      orderBy: [{ kind: 'asc' }, { status: 'asc' }],
    }),
};
