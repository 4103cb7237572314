import { PROCEDURE_CODE } from '../../integrations/portal/catalog.mapper.js';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Resolver, Root } from 'type-graphql';
import { BadUserInputError, ServiceUnavailableError } from '../../common/errors.js';
import type { HubContext } from '../../core/context.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { OnlineType } from '../../generated/prisma/enums.js';
import type { AgencyRow } from '../agency/agency.repository.js';
import { toAgencyType } from '../agency/agency.service.js';
import { AgencyType } from '../agency/agency.type.js';
import { procedureRepository, type ProcedureRow } from './procedure.repository.js';
import { procedureService } from './procedure.service.js';
import { FeeKind, ProcedureConnection, ProcedureFeeType, ProcedureInput, ProcedureType } from './procedure.type.js';
import { ForwardArgs, type Parent } from '../../graphql/connection.js';
import { DateScalar } from '../../graphql/scalars.js';

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
export const toProcedureType = (p: ProcedureRow): ProcedureType => ({
  ...p,
  validFrom: day(p.validFrom)!,
  validTo: day(p.validTo),
});

@ArgsType()
class ProceduresArgs extends ForwardArgs {
  @Field(() => String, { nullable: true, description: 'Tìm kiếm — text in the name, or the start of the code' })
  search?: string | null;
  @Field(() => String, { nullable: true, description: 'Mã lĩnh vực (MaLinhVuc) — only this field' }) fieldCode?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Cơ quan thực hiện — only procedures this agency handles' })
  agencyCode?: string | null;
  @Field(() => OnlineType, { nullable: true, description: 'Hình thức trực tuyến — only this online type' })
  onlineType?: OnlineType | null;
  @Field(() => DateScalar, { nullable: true, description: 'Hiệu lực vào ngày — only procedures in force on this day' })
  activeOn?: string | null;
}

@Resolver(() => ProcedureType)
export class ProcedureResolver {
  @HubQuery(() => ProcedureType, { nullable: true, description: 'Thủ tục — the procedure with this national code' })
  async procedure(
    @Arg('code', () => String, { description: 'Mã thủ tục (MaTTHC) — national code, e.g. 1.001193' }) code: string,
    @Ctx() ctx: HubContext,
  ): Promise<ProcedureType | null> {
    const p = await procedureRepository.findByCode(ctx.db, code.trim());
    return p && toProcedureType(p);
  }

  @HubQuery(() => ProcedureConnection, { description: 'Danh mục thủ tục hành chính — the procedure catalog' })
  async procedures(
    @Args(() => ProceduresArgs) args: ProceduresArgs,
    @Ctx() ctx: HubContext,
  ): Promise<ProcedureConnection> {
    const page = await procedureService.list(ctx, args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toProcedureType(e.node) })) };
  }

  @HubMutation(() => ProcedureType, {
    roles: ['ADMIN'],
    description: 'Cập nhật thủ tục — create or replace a procedure by its code (ADMIN)',
  })
  async upsertProcedure(
    @Arg('input', () => ProcedureInput, { description: 'Thủ tục — the procedure' }) input: ProcedureInput,
    @Ctx() ctx: HubContext,
  ): Promise<ProcedureType> {
    return toProcedureType(await procedureService.upsert(ctx, input));
  }

  @HubMutation(() => String, {
    roles: ['ADMIN'],
    description:
      'Nhập danh mục TTHC — fetch procedures from the national catalog now (LayDanhSachTTHC, then LayThuTuc for each); returns the job id (ADMIN)',
  })
  async importProcedureCatalog(
    @Arg('codes', () => [String], {
      nullable: true,
      description: 'Mã thủ tục (MaTTHC) — only these procedures; default: every procedure the portal lists',
    })
    codes: string[] | null,
    @Ctx() ctx: HubContext,
  ): Promise<string> {
    if (!ctx.queues) throw new ServiceUnavailableError('Redis is not configured');
    const wanted = codes?.map((c) => c.trim());
    if (wanted && (wanted.length === 0 || wanted.length > 500 || wanted.some((c) => !PROCEDURE_CODE.test(c)))) {
      throw new BadUserInputError('"codes" must be 1 to 500 national procedure codes (like 1.001193)', {
        field: 'codes',
      });
    }
    try {
      return (await ctx.queues.enqueue('portal.importCatalog', {
        reason: 'manual',
        ...(wanted ? { codes: wanted } : {}),
      }))!;
    } catch (err) {
      throw new ServiceUnavailableError('The queue is not answering; try again shortly', {
        cause: (err as Error).message,
      });
    }
  }

  @FieldResolver(() => [ProcedureFeeType], { description: 'Phí, lệ phí — fees and charges, in whole đồng' })
  async fees(@Root() p: Parent<ProcedureType>, @Ctx() ctx: HubContext): Promise<ProcedureFeeType[]> {
    return (await ctx.loaders.feesByProcedureId.load(p.id)).map((f) => ({
      kind: f.kind as FeeKind,
      amount: Number(f.amount),
      description: f.description,
    }));
  }

  @FieldResolver(() => [AgencyType], { description: 'Cơ quan thực hiện — agencies that handle it' })
  async agencies(@Root() p: Parent<ProcedureType>, @Ctx() ctx: HubContext): Promise<AgencyType[]> {
    const ids = await ctx.loaders.agencyIdsByProcedureId.load(p.id);
    return (await ctx.loaders.agencyById.loadMany(ids))
      .filter((a): a is AgencyRow => !!a && !(a instanceof Error))
      .map(toAgencyType);
  }
}
