import { lazyCount, newestFirst, olderThan } from '../../common/cursor.js';
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

  async list(
    db: Db,
    filter: { agencyId?: string; includeRevoked: boolean },
    take: number,
    after?: { createdAt: Date; id: string },
  ) {
    const where: Prisma.ApiKeyWhereInput = {
      ...(filter.agencyId ? { agencyId: filter.agencyId } : {}),
      ...(filter.includeRevoked ? {} : { revokedAt: null }),
    };
    const rows = await db.apiKey.findMany({
      where: { AND: [where, olderThan(after)] },
      orderBy: newestFirst(),
      take,
    });
    return [rows, lazyCount(() => db.apiKey.count({ where }))] as const;
  },
};
