import type { Db, Prisma } from '../../db/client.js';

export type ApiKeyRow = Prisma.ApiKeyGetPayload<object>;

export const apiKeyRepository = {
  findByPrefix(db: Db, prefix: string): Promise<(ApiKeyRow & { agency: { code: string } }) | null> {
    return db.apiKey.findUnique({ where: { prefix }, include: { agency: { select: { code: true } } } });
  },

  findById(db: Db, id: string): Promise<ApiKeyRow | null> {
    return db.apiKey.findUnique({ where: { id } });
  },

  create(db: Db, data: Prisma.ApiKeyUncheckedCreateInput): Promise<ApiKeyRow> {
    return db.apiKey.create({ data });
  },

  revoke(db: Db, id: string, at: Date): Promise<ApiKeyRow> {
    return db.apiKey.update({ where: { id }, data: { revokedAt: at } });
  },

  list(
    db: Db,
    filter: { agencyId?: string; includeRevoked: boolean },
    take: number,
    after?: { createdAt: Date; id: string },
  ) {
    const where: Prisma.ApiKeyWhereInput = {
      ...(filter.agencyId ? { agencyId: filter.agencyId } : {}),
      ...(filter.includeRevoked ? {} : { revokedAt: null }),
    };
    return Promise.all([
      db.apiKey.findMany({
        where: after
          ? {
              AND: [
                where,
                { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] },
              ],
            }
          : where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take,
      }),
      db.apiKey.count({ where }),
    ]);
  },
};
