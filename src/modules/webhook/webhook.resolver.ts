import { askedAgency } from '../agency/agency.service.js';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { normaliseAgencyCode } from '../../common/agency-code.js';
import { checkPageSize, decodeTimeCursor, timeCursorKey, toPage } from '../../common/cursor.js';
import { BadUserInputError, ForbiddenError } from '../../common/errors.js';
import { callerOf, type HubContext } from '../../core/context.js';
import { Connection, ForwardArgs } from '../../graphql/connection.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import type { AgencyRow } from '../agency/agency.repository.js';
import { toAgencyType } from '../agency/agency.service.js';
import { AgencyType } from '../agency/agency.type.js';
import { actsForEveryAgency } from '../../core/access.js';
import { webhookService } from './webhook.service.js';
import { WebhookCallStatus } from './webhook.type.js';
import type { Parent } from '../../graphql/connection.js';
import { JsonObjectScalar } from '../../graphql/scalars.js';

@ObjectType('WebhookRegistration', {
  description: 'Đăng ký webhook — the URL and its signing secret, shown only this once',
})
class WebhookRegistration {
  @Field(() => String, { description: 'Địa chỉ — the URL the hub POSTs to' }) url!: string;
  @Field(() => String, {
    description: 'Khóa ký — verify X-LTH-Signature: t=<unix>,v1=hex(HMAC-SHA256(secret, "<t>.<body>"))',
  })
  secret!: string;
}

@ObjectType('WebhookCall', { description: "Lần gọi webhook — one event POSTed (or to POST) to an agency's webhook" })
class WebhookCallType {
  @Field(() => ID, { description: "Mã — the call's id (also in the body, for deduplication)" }) id!: string;
  @Field(() => String, {
    description:
      'Sự kiện — the event name as the webhook body carries it: delivery.created, delivery.status, document.revoked or document.updated',
  })
  event!: string;
  @Field(() => JsonObjectScalar, { description: 'Dữ liệu — the ids the event carries' }) payload!: Record<
    string,
    unknown
  >;
  @Field(() => WebhookCallStatus, { description: 'Trạng thái — pending, delivered or failed' }) status!: string;
  @Field(() => Int, { description: 'Số lần gọi — attempts so far' }) attempts!: number;
  @Field(() => String, { nullable: true, description: 'Lỗi cuối — the last failure (status or network error)' })
  lastError!: string | null;
  @Field(() => Date, { description: 'Ngày tạo — when the event happened' }) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Đã gửi lúc — when the webhook answered 2xx' })
  deliveredAt!: Date | null;
  agencyId!: string;
}

@ObjectType('WebhookCallConnection', { description: 'Lịch sử webhook — a page of webhook calls, newest first' })
class WebhookCallConnection extends Connection(WebhookCallType, 'WebhookCall') {}

@ArgsType()
class WebhookCallsArgs extends ForwardArgs {
  @Field(() => WebhookCallStatus, { nullable: true, description: 'Trạng thái — only calls in this state' })
  status?: string | null;
  @Field(() => String, { nullable: true, description: "Cơ quan — only this agency's (OFFICER: always their own)" })
  agencyCode?: string | null;
}

/** The agency a webhook operation is for: the caller's own, or any for an ADMIN. */
async function targetAgency(ctx: HubContext, agencyCode: string | null | undefined): Promise<AgencyRow> {
  const caller = callerOf(ctx);
  const code = agencyCode ? normaliseAgencyCode(agencyCode) : caller.agencyCode;
  if (!code) throw new BadUserInputError('Name the agency (agencyCode)', { field: 'agencyCode' });
  if (!actsForEveryAgency(caller) && code !== caller.agencyCode)
    throw new ForbiddenError("You manage only your own agency's webhook");
  const agency = await ctx.loaders.agencyByCode.load(code);
  if (!agency)
    throw new BadUserInputError(`The agency ${code} is not in the agencies directory`, { field: 'agencyCode' });
  return agency;
}

@Resolver(() => WebhookCallType)
export class WebhookResolver {
  @HubMutation(() => WebhookRegistration, {
    description:
      'Đăng ký webhook — POST new deliveries and status changes of your agency to this URL; returns a new signing secret',
  })
  async setWebhook(
    @Arg('url', () => String, { description: 'Địa chỉ — a public URL (https in production)' }) url: string,
    @Arg('agencyCode', () => String, {
      nullable: true,
      description: 'Cơ quan — the agency (default: yours; another only for ADMIN)',
    })
    agencyCode: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<WebhookRegistration> {
    const agency = await targetAgency(ctx, agencyCode);
    ctx.auditTargets.push(agency.code);
    return webhookService.register(ctx, agency.id, url);
  }

  @HubMutation(() => Boolean, { description: "Hủy webhook — stop POSTing to your agency's webhook" })
  async removeWebhook(
    @Arg('agencyCode', () => String, {
      nullable: true,
      description: 'Cơ quan — the agency (default: yours; another only for ADMIN)',
    })
    agencyCode: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<boolean> {
    const agency = await targetAgency(ctx, agencyCode);
    ctx.auditTargets.push(agency.code);
    return webhookService.remove(ctx, agency.id);
  }

  @HubQuery(() => WebhookCallConnection, {
    description: "Lịch sử webhook — calls to agencies' webhooks, newest first; failed ones show their last error",
  })
  async webhookCalls(
    @Args(() => WebhookCallsArgs) args: WebhookCallsArgs,
    @Ctx() ctx: HubContext,
  ): Promise<WebhookCallConnection> {
    checkPageSize(args.first, ctx.config.graphql.maxPageSize);
    const agencyId = await askedAgency(ctx, args.agencyCode);
    if (agencyId === undefined) return toPage([], args.first, 0, () => []) as WebhookCallConnection;
    const [rows, total] = await webhookService.list(
      ctx.db,
      { agencyId: agencyId ?? undefined, status: args.status ?? undefined },
      args.first + 1,
      decodeTimeCursor(args.after),
    );
    return toPage(rows, args.first, total, timeCursorKey) as unknown as WebhookCallConnection;
  }

  @FieldResolver(() => AgencyType, { description: 'Cơ quan — the agency whose webhook it is' })
  async agency(@Root() c: Parent<WebhookCallType>, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(c.agencyId))!);
  }
}
