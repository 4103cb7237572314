import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { vietnamToday } from '../../common/time.js';
import type { HubContext } from '../../graphql/context.js';
import { HubQuery } from '../../graphql/guard.js';
import { AgenciesArgs } from './agency.args.js';
import { agencyService, toAgencyType } from './agency.service.js';
import { AgencyConnection, AgencyType } from './agency.type.js';

@Resolver(() => AgencyType)
export class AgencyResolver {
  @HubQuery(() => AgencyType, { nullable: true, description: 'Một cơ quan — the agency with this code (full or short form)' })
  async agency(@Arg('code', () => String) code: string, @Ctx() ctx: HubContext): Promise<AgencyType | null> {
    const row = await agencyService.byCode(ctx, code);
    return row && toAgencyType(row);
  }

  @HubQuery(() => AgencyConnection, { description: 'Danh bạ cơ quan — the agencies directory, in code order' })
  async agencies(@Args(() => AgenciesArgs) args: AgenciesArgs, @Ctx() ctx: HubContext): Promise<AgencyConnection> {
    const page = await agencyService.list(ctx, args);
    return { ...page, edges: page.edges.map((e) => ({ ...e, node: toAgencyType(e.node) })) };
  }

  @FieldResolver(() => AgencyType, { nullable: true, description: 'Cơ quan cấp trên — parent agency' })
  async parent(@Root() a: AgencyType, @Ctx() ctx: HubContext): Promise<AgencyType | null> {
    const row = a.parentId ? await ctx.loaders.agencyById.load(a.parentId) : null;
    return row && toAgencyType(row);
  }

  @FieldResolver(() => [AgencyType], { description: 'Đơn vị trực thuộc — direct children, in code order' })
  async children(@Root() a: AgencyType, @Ctx() ctx: HubContext): Promise<AgencyType[]> {
    return (await ctx.loaders.childrenByParentId.load(a.id)).map(toAgencyType);
  }

  @FieldResolver(() => AgencyType, { nullable: true, description: 'Cơ quan kế thừa — the agency that took over after dissolution' })
  async successor(@Root() a: AgencyType, @Ctx() ctx: HubContext): Promise<AgencyType | null> {
    const row = a.successorId ? await ctx.loaders.agencyById.load(a.successorId) : null;
    return row && toAgencyType(row);
  }

  @FieldResolver(() => Boolean, { description: 'Đang hoạt động — valid today (Vietnam time)' })
  active(@Root() a: AgencyType): boolean {
    const today = vietnamToday().toISOString().slice(0, 10);
    return a.validFrom <= today && (a.validTo === null || a.validTo > today);
  }
}
