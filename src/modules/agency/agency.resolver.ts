import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { vietnamToday } from '../../common/time.js';
import type { HubContext } from '../../core/context.js';
import { BadUserInputError, NotFoundError } from '../../common/errors.js';
import { normaliseAgencyCode } from '../../common/agency-code.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { checkText } from '../document/document.rules.js';
import { agencyRepository } from './agency.repository.js';
import { AgenciesArgs } from './agency.args.js';
import { agencyService, toAgencyType } from './agency.service.js';
import { AgencyConnection, AgencyType, CollectionAccountInput } from './agency.type.js';
import type { Parent } from '../../graphql/connection.js';

@Resolver(() => AgencyType)
export class AgencyResolver {
  @HubQuery(() => AgencyType, {
    nullable: true,
    description: 'Một cơ quan — the agency with this code (full or short form)',
  })
  async agency(
    @Arg('code', () => String, {
      description: "Mã định danh — the agency's code (LLL.KK.JJ.XNN, or the short form KK.JJ.XNN)",
    })
    code: string,
    @Ctx() ctx: HubContext,
  ): Promise<AgencyType | null> {
    const row = await agencyService.byCode(ctx, code);
    return row && toAgencyType(row);
  }

  @HubQuery(() => AgencyConnection, { description: 'Danh bạ cơ quan — the agencies directory, in code order' })
  async agencies(@Args(() => AgenciesArgs) args: AgenciesArgs, @Ctx() ctx: HubContext): Promise<AgencyConnection> {
    const page = await agencyService.list(ctx, args);
    return { ...page, edges: page.edges.map((e) => ({ ...e, node: toAgencyType(e.node) })) };
  }

  @HubMutation(() => AgencyType, {
    roles: ['ADMIN'],
    description: "Tài khoản thu — set the agency's collection account for the payment platform's receipts (ADMIN)",
  })
  async setCollectionAccount(
    @Arg('agencyCode', () => String, { description: "Cơ quan — the agency's code" }) agencyCode: string,
    @Arg('input', () => CollectionAccountInput, { description: 'Tài khoản thụ hưởng — the account' })
    input: CollectionAccountInput,
    @Ctx() ctx: HubContext,
  ): Promise<AgencyType> {
    const agency = await agencyRepository.findByCode(ctx.db, normaliseAgencyCode(agencyCode));
    if (!agency) throw new NotFoundError(`The agency ${agencyCode} is not in the agencies directory`);
    if (!/^[0-9A-Za-z.-]{4,40}$/.test(input.account.trim()))
      throw new BadUserInputError('"account" is not an account number', { field: 'input.account' });
    if (!/^[0-9A-Za-z]{2,20}$/.test(input.bankCode.trim()))
      throw new BadUserInputError('"bankCode" is not a bank code', { field: 'input.bankCode' });
    ctx.auditTargets.push(agency.code);
    return toAgencyType(
      await agencyRepository.setCollectionAccount(ctx.db, agency.id, {
        collectionAccount: input.account.trim(),
        collectionBankCode: input.bankCode.trim(),
        collectionAccountName: checkText(input.accountName, 'input.accountName', 300, true)!,
      }),
    );
  }

  @FieldResolver(() => AgencyType, { nullable: true, description: 'Cơ quan cấp trên — parent agency' })
  async parent(@Root() a: Parent<AgencyType>, @Ctx() ctx: HubContext): Promise<AgencyType | null> {
    const row = a.parentId ? await ctx.loaders.agencyById.load(a.parentId) : null;
    return row && toAgencyType(row);
  }

  @FieldResolver(() => [AgencyType], { description: 'Đơn vị trực thuộc — direct children, in code order' })
  async children(@Root() a: Parent<AgencyType>, @Ctx() ctx: HubContext): Promise<AgencyType[]> {
    return (await ctx.loaders.childrenByParentId.load(a.id)).map(toAgencyType);
  }

  @FieldResolver(() => AgencyType, {
    nullable: true,
    description: 'Cơ quan kế thừa — the agency that took over after dissolution',
  })
  async successor(@Root() a: Parent<AgencyType>, @Ctx() ctx: HubContext): Promise<AgencyType | null> {
    const row = a.successorId ? await ctx.loaders.agencyById.load(a.successorId) : null;
    return row && toAgencyType(row);
  }

  @FieldResolver(() => Boolean, { description: 'Đang hoạt động — valid today (Vietnam time)' })
  active(@Root() a: Parent<AgencyType>): boolean {
    const today = vietnamToday().toISOString().slice(0, 10);
    return a.validFrom <= today && (a.validTo === null || a.validTo > today);
  }
}
