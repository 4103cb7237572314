import type { Db } from '../../db/client.js';

export interface Mismatch {
  kind: 'MISSING_IN_HUB' | 'MISSING_ON_PLATFORM' | 'AMOUNT_DIFFERS' | 'STATUS_DIFFERS';
  reference: string;
  platformAmount: bigint | null;
  hubAmount: bigint | null;
  platformStatus: string | null;
  hubStatus: string | null;
}

export const reconciliationRepository = {
  /** The platform's attempts (not PayGov's) it names, and those the hub saw succeed in [start, end). */
  hubAttempts: (db: Db, references: string[], start: Date, end: Date) =>
    db.paymentAttempt.findMany({
      where: { route: 'PLATFORM', OR: [{ reference: { in: references } }, { status: 'SUCCEEDED', completedAt: { gte: start, lt: end } }] },
      select: { reference: true, status: true, paymentId: true },
    }),
  amounts: async (db: Db, paymentIds: string[]) =>
    new Map((await db.payment.findMany({ where: { id: { in: paymentIds } }, select: { id: true, amount: true } })).map((p) => [p.id, p.amount])),
  /** Replace the day's run with this one. */
  async save(db: Db, day: Date, platformCount: number, hubCount: number, mismatches: Mismatch[]) {
    await db.reconciliationRun.deleteMany({ where: { day } });
    return db.reconciliationRun.create({ data: { day, platformCount, hubCount, mismatches: { create: mismatches } }, include: { mismatches: true } });
  },
  find: (db: Db, day: Date) => db.reconciliationRun.findUnique({ where: { day }, include: { mismatches: { orderBy: [{ kind: 'asc' }, { reference: 'asc' }] } } }),
};
