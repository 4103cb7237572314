/** Agencies in PostgreSQL. The directory is shared reference data: every caller may read it. */
import type { Db, Prisma } from '../../db/client.js';
import type { AgencyLevel } from '../../generated/prisma/enums.js';

export type AgencyRow = Prisma.AgencyGetPayload<object>;

export interface AgencyFilter {
  level?: AgencyLevel;
  parentId?: string;
  /** folded (no diacritics, lower-case) text to find in the name or the code */
  search?: string;
  /** calendar date (midnight UTC) on which the agency must be valid */
  activeOn?: Date;
}

function where(f: AgencyFilter): Prisma.AgencyWhereInput {
  const and: Prisma.AgencyWhereInput[] = [];
  if (f.level) and.push({ level: f.level });
  if (f.parentId) and.push({ parentId: f.parentId });
  if (f.search) and.push({ OR: [{ searchName: { contains: f.search } }, { code: { contains: f.search.toUpperCase() } }] });
  if (f.activeOn) {
    and.push({ validFrom: { lte: f.activeOn } }, { OR: [{ validTo: null }, { validTo: { gt: f.activeOn } }] });
  }
  return { AND: and };
}

export const agencyRepository = {
  setCollectionAccount: (db: Db, id: string, data: { collectionAccount: string; collectionBankCode: string; collectionAccountName: string }) => db.agency.update({ where: { id }, data }),

  findByCode(db: Db, code: string): Promise<AgencyRow | null> {
    return db.agency.findUnique({ where: { code } });
  },

  findByIds(db: Db, ids: readonly string[]): Promise<AgencyRow[]> {
    return db.agency.findMany({ where: { id: { in: [...ids] } } });
  },

  findByCodes(db: Db, codes: readonly string[]): Promise<AgencyRow[]> {
    return db.agency.findMany({ where: { code: { in: [...codes] } } });
  },

  findChildren(db: Db, parentIds: readonly string[]): Promise<AgencyRow[]> {
    return db.agency.findMany({ where: { parentId: { in: [...parentIds] } }, orderBy: { code: 'asc' } });
  },

  /** One page in code order, `take` rows after the code `afterCode`. */
  list(db: Db, filter: AgencyFilter, take: number, afterCode?: string): Promise<AgencyRow[]> {
    const w = where(filter);
    return db.agency.findMany({
      where: afterCode ? { AND: [w, { code: { gt: afterCode } }] } : w,
      orderBy: { code: 'asc' },
      take,
    });
  },

  count(db: Db, filter: AgencyFilter): Promise<number> {
    return db.agency.count({ where: where(filter) });
  },

  setSuccessor(db: Db, id: string, successorId: string): Promise<AgencyRow> {
    return db.agency.update({ where: { id }, data: { successorId } });
  },

  /** Insert or update by code (the seed's idempotent write). */
  upsert(db: Db, data: Omit<Prisma.AgencyUncheckedCreateInput, 'id'>): Promise<AgencyRow> {
    return db.agency.upsert({ where: { code: data.code }, create: data, update: data });
  },
};
