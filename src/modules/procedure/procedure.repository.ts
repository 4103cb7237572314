import { lazyCount } from '../../common/cursor.js';
import type { Db, Prisma } from '../../db/client.js';
import { literal } from '../../common/like.js';

export type ProcedureRow = Prisma.ProcedureGetPayload<object>;
export type ProcedureFeeRow = Prisma.ProcedureFeeGetPayload<object>;

export interface ProcedureFilter {
  search?: string;
  fieldCode?: string;
  agencyId?: string;
  onlineType?: string;
  activeOn?: Date;
}

function where(f: ProcedureFilter): Prisma.ProcedureWhereInput {
  const and: Prisma.ProcedureWhereInput[] = [];
  if (f.search)
    and.push({
      OR: [{ name: { contains: literal(f.search), mode: 'insensitive' } }, { code: { startsWith: literal(f.search) } }],
    });
  if (f.fieldCode) and.push({ fieldCode: f.fieldCode });
  if (f.agencyId) and.push({ agencies: { some: { agencyId: f.agencyId } } });
  if (f.onlineType) and.push({ onlineType: f.onlineType as never });
  if (f.activeOn)
    and.push({ validFrom: { lte: f.activeOn } }, { OR: [{ validTo: null }, { validTo: { gt: f.activeOn } }] });
  return { AND: and };
}

export const procedureRepository = {
  findByCode: (db: Db, code: string) => db.procedure.findUnique({ where: { code } }),
  findByIds: (db: Db, ids: readonly string[]) => db.procedure.findMany({ where: { id: { in: [...ids] } } }),
  feesOf: (db: Db, ids: readonly string[]) =>
    db.procedureFee.findMany({
      where: { procedureId: { in: [...ids] } },
      orderBy: [{ procedureId: 'asc' }, { position: 'asc' }],
    }),
  agenciesOf: (db: Db, ids: readonly string[]) =>
    db.procedureAgency.findMany({ where: { procedureId: { in: [...ids] } } }),
  handles: (db: Db, procedureId: string, agencyId: string) =>
    db.procedureAgency.findUnique({ where: { procedureId_agencyId: { procedureId, agencyId } } }),

  /** Replace a procedure's data, fees and handling agencies by its code. */
  async upsert(
    db: Db,
    data: Omit<Prisma.ProcedureUncheckedCreateInput, 'id'>,
    fees: Array<{ kind: string; amount: bigint; description: string; code?: string | null }>,
    agencyIds: string[],
  ): Promise<ProcedureRow> {
    const row = await db.procedure.upsert({ where: { code: data.code }, create: data, update: data });
    await db.procedureFee.deleteMany({ where: { procedureId: row.id } });
    await db.procedureAgency.deleteMany({ where: { procedureId: row.id } });
    if (fees.length)
      await db.procedureFee.createMany({ data: fees.map((f, i) => ({ ...f, procedureId: row.id, position: i + 1 })) });
    if (agencyIds.length)
      await db.procedureAgency.createMany({ data: agencyIds.map((agencyId) => ({ procedureId: row.id, agencyId })) });
    return row;
  },

  async list(db: Db, f: ProcedureFilter, take: number, afterCode?: string) {
    const w = where(f);
    const rows = await db.procedure.findMany({
      where: afterCode ? { AND: [w, { code: { gt: afterCode } }] } : w,
      orderBy: { code: 'asc' },
      take,
    });
    return [rows, lazyCount(() => db.procedure.count({ where: w }))] as const;
  },
};
