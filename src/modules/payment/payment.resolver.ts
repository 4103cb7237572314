/** Thanh toán — the payments' GraphQL adapter: mutations and queries over the payment service. */
import { BrowseArgs } from '../../graphql/connection.js';
import { Arg, Args, Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { PaymentRoute } from '../../generated/prisma/enums.js';
import { toAgencyType } from '../agency/agency.service.js';
import { AgencyType } from '../agency/agency.type.js';
import { FeeKind } from '../procedure/procedure.type.js';
import { paymentService } from './payment.service.js';
import { reconciliationRepository } from './reconciliation.repository.js';
import { parseIsoDate } from '../../common/time.js';
import { ServiceUnavailableError } from '../../common/errors.js';
import {
  PaymentAttemptType,
  PaymentConnection,
  PaymentLineType,
  PaymentTotal,
  PaymentType,
  PaymentFilterArgs,
  ReconciliationReport,
  RequestPaymentInput,
  toPaymentType,
} from './payment.type.js';
import type { Parent } from '../../graphql/connection.js';
import { DateScalar } from '../../graphql/scalars.js';

@Resolver(() => PaymentType)
export class PaymentResolver {
  @HubMutation(() => String, {
    roles: ['ADMIN'],
    description: 'Đối soát — compare a day with the payment platform now (ADMIN); returns the job id',
  })
  async reconcilePayments(
    @Arg('day', () => DateScalar, { description: 'Ngày đối soát — the day to compare' }) day: string,
    @Ctx() ctx: HubContext,
  ): Promise<string> {
    parseIsoDate(day);
    if (!ctx.queues) throw new ServiceUnavailableError('Redis is not configured');
    ctx.auditTargets.push(day);
    try {
      return (await ctx.queues.enqueue('payment.reconcile', { day }))!;
    } catch (err) {
      throw new ServiceUnavailableError('The queue is not answering; try again shortly', {
        cause: (err as Error).message,
      });
    }
  }

  @HubQuery(() => ReconciliationReport, {
    nullable: true,
    roles: ['ADMIN', 'LEADER'],
    description: 'Báo cáo đối soát — the last reconciliation of a day (ADMIN, LEADER)',
  })
  async reconciliation(
    @Arg('day', () => DateScalar, { description: 'Ngày đối soát — the day' }) day: string,
    @Ctx() ctx: HubContext,
  ): Promise<ReconciliationReport | null> {
    const run = await reconciliationRepository.find(ctx.db, parseIsoDate(day));
    if (!run) return null;
    const s = (v: bigint | null) => (v === null ? null : v.toString());
    return {
      ...run,
      day,
      mismatches: run.mismatches.map((m) => ({ ...m, platformAmount: s(m.platformAmount), hubAmount: s(m.hubAmount) })),
    };
  }

  @HubMutation(() => PaymentType, {
    description: "Yêu cầu thanh toán — ask for a payment: a dossier's fee or charge, a fine, a tax or insurance",
  })
  async requestPayment(
    @Arg('input', () => RequestPaymentInput, { description: 'Khoản thu — what is owed, by whom' })
    input: RequestPaymentInput,
    @Ctx() ctx: HubContext,
  ): Promise<PaymentType> {
    return toPaymentType(await paymentService.request(ctx, input));
  }

  @HubMutation(() => PaymentType, {
    description: 'Thanh toán lại — a new attempt, with a new reference, after a failure or an expiry',
  })
  async retryPayment(
    @Arg('id', () => ID, { description: "Khoản thanh toán — the payment's id" }) id: string,
    @Arg('route', () => PaymentRoute, {
      nullable: true,
      description: 'Kênh thanh toán — another route for the new attempt (default: the same)',
    })
    route: PaymentRoute | null,
    @Ctx() ctx: HubContext,
  ): Promise<PaymentType> {
    return toPaymentType(await paymentService.retry(ctx, id, route));
  }

  @HubQuery(() => PaymentConnection, {
    description: "Danh sách thanh toán — your agency's payments (ADMIN, LEADER: all), newest first",
  })
  async payments(
    @Args(() => PaymentFilterArgs) filter: PaymentFilterArgs,
    @Args(() => BrowseArgs) paging: BrowseArgs,
    @Ctx() ctx: HubContext,
  ): Promise<PaymentConnection> {
    const page = await paymentService.list(ctx, { ...filter, ...paging });
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toPaymentType(e.node) })) };
  }

  @HubQuery(() => [PaymentTotal], {
    description:
      'Tổng thu — the payments the filters select, counted and summed per kind and status (at most one row for each pair: not a page)',
  })
  async paymentTotals(
    @Args(() => PaymentFilterArgs) args: PaymentFilterArgs,
    @Ctx() ctx: HubContext,
  ): Promise<PaymentTotal[]> {
    return (await paymentService.totals(ctx, args)).map((t) => ({
      kind: t.kind,
      status: t.status,
      count: t._count._all,
      amount: String(t._sum.amount ?? 0n),
    }));
  }

  @FieldResolver(() => [PaymentLineType], { description: 'Dòng phí, lệ phí — fee lines (PhiLePhi)' })
  async lines(@Root() p: Parent<PaymentType>, @Ctx() ctx: HubContext): Promise<PaymentLineType[]> {
    return (await ctx.loaders.paymentLines.load(p.id)).map((l) => ({
      kind: l.kind as FeeKind,
      amount: Number(l.amount),
      description: l.description,
    }));
  }

  @FieldResolver(() => [PaymentAttemptType], { description: 'Lượt thanh toán — its attempts, first to last' })
  async attempts(@Root() p: Parent<PaymentType>, @Ctx() ctx: HubContext): Promise<PaymentAttemptType[]> {
    return ctx.loaders.paymentAttempts.load(p.id);
  }

  @FieldResolver(() => AgencyType, { description: 'Cơ quan yêu cầu — the agency that asked' })
  async agency(@Root() p: Parent<PaymentType>, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(p.agencyId))!);
  }
}
