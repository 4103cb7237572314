import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context.js';
import { callerOf } from '../../core/context.js';
import { ForbiddenError } from '../../common/errors.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { toAgencyType } from '../agency/agency.service.js';
import { AgencyType } from '../agency/agency.type.js';
import { apiKeyService } from './api-key.service.js';
import { ApiKeyConnection, ApiKeyType, CallerType, IssueApiKeyInput, IssuedApiKeyType } from './auth.type.js';
import { ForwardArgs, type Parent } from '../../graphql/connection.js';

@ArgsType()
class ApiKeysArgs extends ForwardArgs {
  @Field(() => String, { nullable: true, description: 'Cơ quan — only keys of this agency' })
  agencyCode?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Gồm khóa đã thu hồi — include revoked keys' })
  includeRevoked!: boolean;
}

@Resolver(() => ApiKeyType)
export class AuthResolver {
  @HubQuery(() => CallerType, { description: 'Tôi là ai — the authenticated caller' })
  async me(@Ctx() ctx: HubContext): Promise<CallerType> {
    const c = callerOf(ctx);
    // the hub itself never asks over GraphQL
    if (c.role === 'SYSTEM') throw new ForbiddenError('The SYSTEM actor has no GraphQL identity');
    const agency = c.agencyId ? await ctx.loaders.agencyById.load(c.agencyId) : null;
    return { kind: c.kind, id: c.id, role: c.role, agency: agency && toAgencyType(agency) };
  }

  @HubQuery(() => ApiKeyConnection, {
    roles: ['ADMIN', 'LEADER'],
    description: 'Khóa API — API keys, newest first, never their secrets (ADMIN, LEADER)',
  })
  async apiKeys(@Args(() => ApiKeysArgs) args: ApiKeysArgs, @Ctx() ctx: HubContext): Promise<ApiKeyConnection> {
    return (await apiKeyService.list(ctx.db, args, ctx.config.graphql.maxPageSize)) as unknown as ApiKeyConnection;
  }

  @HubMutation(() => IssuedApiKeyType, {
    roles: ['ADMIN'],
    description: 'Cấp khóa API — issue a key bound to one agency (ADMIN); the secret is shown once',
  })
  async issueApiKey(
    @Arg('input', () => IssueApiKeyInput, { description: 'Khóa cần cấp — the agency, name and role' })
    input: IssueApiKeyInput,
    @Ctx() ctx: HubContext,
  ): Promise<IssuedApiKeyType> {
    const issued = await apiKeyService.issue(ctx.db, input, `${callerOf(ctx).kind}:${callerOf(ctx).id}`);
    ctx.auditTargets.push(issued.apiKey.id);
    return issued as unknown as IssuedApiKeyType;
  }

  @HubMutation(() => ApiKeyType, { roles: ['ADMIN'], description: 'Thu hồi khóa API — revoke a key at once (ADMIN)' })
  async revokeApiKey(
    @Arg('id', () => ID, { description: "Mã khóa — the key's id" }) id: string,
    @Ctx() ctx: HubContext,
  ): Promise<ApiKeyType> {
    return (await apiKeyService.revoke(ctx.db, id)) as unknown as ApiKeyType;
  }

  @FieldResolver(() => AgencyType)
  async agency(@Root() key: Parent<ApiKeyType>, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(key.agencyId))!);
  }
}
