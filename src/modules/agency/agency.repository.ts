/** Agencies in PostgreSQL. The directory is shared reference data: every caller may read it. */
import type { Db, Prisma } from '../../db/client.js';
import type { AgencyLevel } from '../../generated/prisma/enums.js';
import { literal } from '../../common/like.js';

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
  if (f.search)
    and.push({
      OR: [{ searchName: { contains: literal(f.search) } }, { code: { contains: literal(f.search.toUpperCase()) } }],
    });
  if (f.activeOn) {
    and.push({ validFrom: { lte: f.activeOn } }, { OR: [{ validTo: null }, { validTo: { gt: f.activeOn } }] });
  }
  return { AND: and };
}

export interface SeedRow {
  code: string;
  name: string;
  searchName: string;
  level: string;
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
  successorCode: string | null;
}

export const agencyRepository = {
  /** Upsert many agencies by code in three statements (rows, then parents and successors by code). */
  async upsertMany(db: Db, rows: SeedRow[]): Promise<void> {
    const col = <K extends keyof SeedRow>(k: K) => rows.map((r) => r[k]);
    await db.$executeRaw`
      INSERT INTO agency (id, code, name, search_name, level, valid_from, valid_to, updated_at)
      SELECT gen_random_uuid(), x.code, x.name, x.search, x.level::"AgencyLevel", x.vf::date, x.vt::date, now()
      FROM unnest(${col('code')}::text[], ${col('name')}::text[], ${col('searchName')}::text[], ${col('level')}::text[], ${col('validFrom')}::text[], ${col('validTo')}::text[]) AS x(code, name, search, level, vf, vt)
      ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, search_name = EXCLUDED.search_name, level = EXCLUDED.level, valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, updated_at = now()`;
    await db.$executeRaw`
      UPDATE agency a SET parent_id = p.id
      FROM unnest(${col('code')}::text[], ${col('parentCode')}::text[]) AS x(code, parent) LEFT JOIN agency p ON p.code = x.parent
      WHERE a.code = x.code AND a.parent_id IS DISTINCT FROM p.id`;
    await db.$executeRaw`
      UPDATE agency a SET successor_id = s.id
      FROM unnest(${col('code')}::text[], ${col('successorCode')}::text[]) AS x(code, successor) LEFT JOIN agency s ON s.code = x.successor
      WHERE a.code = x.code AND a.successor_id IS DISTINCT FROM s.id`;
  },

  setCollectionAccount: (
    db: Db,
    id: string,
    data: { collectionAccount: string; collectionBankCode: string; collectionAccountName: string },
  ) => db.agency.update({ where: { id }, data }),

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
