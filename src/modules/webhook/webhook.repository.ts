import { lazyCount, newestFirst, olderThan } from '../../common/cursor.js';
import type { Db, Prisma } from '../../db/client.js';

export const webhookRepository = {
  find: (db: Db, agencyId: string) => db.webhook.findUnique({ where: { agencyId } }),
  findMany: (db: Db, agencyIds: readonly string[]) =>
    db.webhook.findMany({ where: { agencyId: { in: [...agencyIds] } } }),
  upsert: (db: Db, agencyId: string, url: string) =>
    db.webhook.upsert({
      where: { agencyId },
      create: { agencyId, url },
      update: { url, secretVersion: { increment: 1 } },
    }),
  remove: (db: Db, agencyId: string) => db.webhook.deleteMany({ where: { agencyId } }),

  createCalls: (db: Db, rows: Prisma.WebhookCallCreateManyInput[]) =>
    rows.length ? db.webhookCall.createManyAndReturn({ data: rows }) : Promise.resolve([]),
  findCall: (db: Db, id: string) => db.webhookCall.findUnique({ where: { id } }),
  markCall: (db: Db, id: string, data: Prisma.WebhookCallUpdateInput) => db.webhookCall.update({ where: { id }, data }),
  /** Its job ended failed for good (a crash too): a call still PENDING becomes FAILED with the reason. */
  failPending: (db: Db, id: string, error: string) =>
    db.webhookCall.updateMany({
      where: { id, status: 'PENDING' },
      data: { status: 'FAILED', lastError: error.slice(0, 1000) },
    }),
  pendingOlderThan: (db: Db, before: Date, take: number) =>
    db.webhookCall.findMany({
      where: { status: 'PENDING', createdAt: { lt: before } },
      orderBy: { createdAt: 'asc' },
      take,
      select: { id: true },
    }),

  async listCalls(
    db: Db,
    filter: { agencyId?: string; status?: string },
    take: number,
    after?: { createdAt: Date; id: string },
  ) {
    const where: Prisma.WebhookCallWhereInput = {
      ...(filter.agencyId ? { agencyId: filter.agencyId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    };
    const rows = await db.webhookCall.findMany({
      where: { AND: [where, olderThan(after)] },
      orderBy: newestFirst(),
      take,
    });
    return [rows, lazyCount(() => db.webhookCall.count({ where }))] as const;
  },
};
