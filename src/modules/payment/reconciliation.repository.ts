import type { Db } from '../../db/client.js';

export interface Mismatch {
  kind: 'MISSING_IN_HUB' | 'MISSING_ON_PLATFORM' | 'AMOUNT_DIFFERS' | 'STATUS_DIFFERS' | 'PAID_TWICE';
  reference: string;
  platformAmount: bigint | null;
  hubAmount: bigint | null;
  platformStatus: string | null;
  hubStatus: string | null;
  /** APPLIED: the platform's success was applied in the hub */
  resolution?: string | null;
}

export const reconciliationRepository = {
  /** The platform's attempts (not PayGov's) it names, and those the hub saw succeed in [start, end). */
  hubAttempts: (db: Db, references: string[], start: Date, end: Date) =>
    db.paymentAttempt.findMany({
      where: {
        route: 'PLATFORM',
        OR: [{ reference: { in: references } }, { status: 'SUCCEEDED', completedAt: { gte: start, lt: end } }],
      },
      select: { reference: true, status: true, paymentId: true },
    }),
  /** Attempts that succeeded in [start, end) whose payment succeeded by another attempt as well (any route). */
  paidTwice: (db: Db, start: Date, end: Date) =>
    db.$queryRaw<Array<{ reference: string; amount: bigint }>>`
      SELECT a.reference, p.amount FROM payment_attempt a JOIN payment p ON p.id = a.payment_id
      WHERE a.status = 'SUCCEEDED' AND a.completed_at >= ${start} AND a.completed_at < ${end}
        AND EXISTS (SELECT 1 FROM payment_attempt b WHERE b.payment_id = a.payment_id AND b.id <> a.id AND b.status = 'SUCCEEDED')
      ORDER BY a.reference`,
  amounts: async (db: Db, paymentIds: string[]) =>
    new Map(
      (await db.payment.findMany({ where: { id: { in: paymentIds } }, select: { id: true, amount: true } })).map(
        (p) => [p.id, p.amount],
      ),
    ),
  /** Replace the day's run with this one. */
  async save(db: Db, day: Date, platformCount: number, hubCount: number, mismatches: Mismatch[]) {
    await db.reconciliationRun.deleteMany({ where: { day } });
    return db.reconciliationRun.create({
      data: { day, platformCount, hubCount, mismatches: { create: mismatches } },
      include: { mismatches: true },
    });
  },
  find: (db: Db, day: Date) =>
    db.reconciliationRun.findUnique({
      where: { day },
      include: { mismatches: { orderBy: [{ kind: 'asc' }, { reference: 'asc' }] } },
    }),
};
