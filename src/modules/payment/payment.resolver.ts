import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  ObjectType,
  Resolver,
  Root,
  registerEnumType,
} from 'type-graphql';
import type { HubContext } from '../../core/context.js';
import { Connection } from '../../graphql/connection.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { PaymentKind, PaymentRoute, PaymentStatus } from '../../generated/prisma/enums.js';
import { toAgencyType } from '../agency/agency.service.js';
import { AgencyType } from '../agency/agency.type.js';
import { FeeKind } from '../procedure/procedure.type.js';
import { paymentRepository, type PaymentRow } from './payment.repository.js';
import { paymentService } from './payment.service.js';
import { reconciliationRepository } from './reconciliation.repository.js';
import { parseIsoDate } from '../../common/time.js';
import { ServiceUnavailableError } from '../../common/errors.js';

registerEnumType(PaymentKind, {
  name: 'PaymentKind',
  description: 'Loại khoản thu',
  valuesConfig: {
    FEE: { description: 'Phí — fee' },
    CHARGE: { description: 'Lệ phí — charge' },
    TAX: { description: 'Thuế — tax' },
    FINE: { description: 'Phạt vi phạm hành chính — fine' },
    SOCIAL_INSURANCE: { description: 'Bảo hiểm xã hội tự nguyện — voluntary social insurance' },
    HEALTH_INSURANCE: { description: 'Bảo hiểm y tế — health insurance' },
    OTHER: { description: 'Nghĩa vụ tài chính khác — other' },
  },
});
registerEnumType(PaymentRoute, {
  name: 'PaymentRoute',
  description: 'Kênh thanh toán — where the payer pays online',
  valuesConfig: {
    PLATFORM: {
      description:
        "Nền tảng thanh toán của Cổng DVCQG — the national portal's payment platform (DuocThanhToanTrucTuyen 1)",
    },
    PAYGOV: {
      description:
        'PayGov qua cổng thanh toán của tỉnh — PayGov through the provincial gateway (DuocThanhToanTrucTuyen 2)',
    },
  },
});
registerEnumType(PaymentStatus, {
  name: 'PaymentStatus',
  description: 'Trạng thái thanh toán — REQUESTED, PENDING (started on the platform), PAID, FAILED, EXPIRED',
});

@ObjectType('PaymentLine', { description: 'Dòng phí, lệ phí' })
class PaymentLineType {
  @Field(() => FeeKind) kind!: FeeKind;
  @Field(() => Int, { description: 'đồng' }) amount!: number;
  @Field(() => String) description!: string;
}

@ObjectType('Payment', {
  description: 'Khoản thanh toán — money owed, paid online through the national platform or PayGov',
})
class PaymentType {
  @Field(() => ID) id!: string;
  @Field(() => PaymentKind) kind!: PaymentKind;
  @Field(() => Int, { description: 'Số tiền — whole đồng' }) amount!: number;
  @Field(() => String, { description: 'Người nộp — payer' }) payerName!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => PaymentStatus) status!: PaymentStatus;
  @Field(() => PaymentRoute, { description: 'Kênh thanh toán — where the current (or next) attempt is paid' })
  route!: PaymentRoute;
  @Field(() => String, { nullable: true, description: 'Số quyết định xử phạt (fines)' }) fineDecisionNumber!:
    string | null;
  @Field(() => String, { nullable: true, description: 'Ngày quyết định (yyyy-MM-dd)' }) fineDecisionDate!:
    string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) paidAt!: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'Đường dẫn thanh toán — where the payer pays the current attempt',
  })
  paymentUrl!: string | null;
  agencyId!: string;
  dossierId!: string | null;
}

@ObjectType('PaymentAttempt', { description: 'Lượt thanh toán — one attempt on a gateway, with its own reference' })
class PaymentAttemptType {
  @Field(() => Int) number!: number;
  @Field(() => String, { description: 'Mã tham chiếu — MaThamChieu (PayGov: orderId)' }) reference!: string;
  @Field(() => PaymentRoute) route!: PaymentRoute;
  @Field(() => String, {
    description:
      'STARTED, SUCCEEDED, FAILED, EXPIRED or SUPERSEDED (the gateway holds it but its answer was lost: the next attempt replaced it; a payment of it still counts)',
  })
  status!: string;
  @Field(() => String, {
    nullable: true,
    description: "Mã giao dịch — the gateway's transaction (MaGiaoDich, transactionNo)",
  })
  transactionId!: string | null;
  @Field(() => String, { nullable: true, description: "Why it failed (the gateway's code)" }) failure!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
}

@ObjectType('PaymentConnection', { description: 'Danh sách thanh toán — a page of payments, newest first' })
class PaymentConnection extends Connection(PaymentType, 'Payment') {}

@ObjectType('PaymentTotal', { description: 'Tổng thu — payments of one kind and status' })
class PaymentTotal {
  @Field(() => PaymentKind) kind!: PaymentKind;
  @Field(() => PaymentStatus) status!: PaymentStatus;
  @Field(() => Int) count!: number;
  @Field(() => String, { description: 'Sum in đồng (a string: it can exceed 32 bits)' }) amount!: string;
}

@InputType('PaymentLineInput')
class PaymentLineInput {
  @Field(() => FeeKind) kind!: FeeKind;
  @Field(() => Int) amount!: number;
  @Field(() => String) description!: string;
}

@InputType('RequestPaymentInput', {
  description: "Yêu cầu thanh toán — a dossier's fee or charge, or a fine with its decision",
})
class RequestPaymentInput {
  @Field(() => PaymentKind) kind!: PaymentKind;
  @Field(() => Int, { description: 'Whole đồng, 1 to 2,000,000,000' }) amount!: number;
  @Field(() => String, { description: 'Họ tên người nộp — payer (HoTenNguoiNop)' }) payerName!: string;
  @Field(() => String, {
    nullable: true,
    description:
      "Số giấy tờ người nộp — payer's ID number (SoCMNDNguoiNop); default: the dossier applicant's. Never shown back.",
  })
  payerIdNumber?: string | null;
  @Field(() => String, { description: "Địa chỉ người nộp — payer's address (DiaChiNguoiNop). Never shown back." })
  payerAddress!: string;
  @Field(() => String, { nullable: true, description: "Huyện — payer's district (HuyenNguoiNop)" }) payerDistrict?:
    string | null;
  @Field(() => String, { nullable: true, description: "Tỉnh — payer's province (TinhNguoiNop)" }) payerProvince?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Nội dung thanh toán (NoiDungThanhToan)' }) description?:
    string | null;
  @Field(() => String, { nullable: true, description: 'The dossier it belongs to (every kind but FINE)' })
  dossierCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Số quyết định xử phạt — fines (SoQD)' }) fineDecisionNumber?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Ngày quyết định — fines, yyyy-MM-dd (NgayQD)' })
  fineDecisionDate?: string | null;
  @Field(() => String, { nullable: true, description: 'Mã loại hình thu phạt — fines (MaLoaiHinhThuPhat)' })
  fineTypeCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Tên loại hình thu phạt — fines (TenLoaiHinhThuPhat)' })
  fineTypeName?: string | null;
  @Field(() => String, { nullable: true, description: 'Kho bạc — fines: the State Treasury that collects (KhoBac)' })
  treasury?: string | null;
  @Field(() => Date, { nullable: true, description: 'Thời gian vi phạm — fines (ThoiGianViPham)' })
  violationAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'Địa điểm vi phạm — fines (DiaDiemViPham)' }) violationPlace?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Tên người vi phạm — fines (TenNguoiViPham)' }) violatorName?:
    string | null;
  @Field(() => [PaymentLineInput], { nullable: true, description: 'Fee lines; they must add up to the amount' })
  lines?: PaymentLineInput[] | null;
  @Field(() => String, { nullable: true, description: 'ADMIN only: the agency that asks' }) agencyCode?: string | null;
  @Field(() => PaymentRoute, {
    defaultValue: 'PLATFORM',
    description: 'Kênh thanh toán — where the payer pays (default the national platform)',
  })
  route!: PaymentRoute;
}

@ArgsType()
class PaymentsArgs {
  @Field(() => String, { nullable: true }) agencyCode?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The payment of an attempt's reference (MaThamChieu, orderId), e.g. from a reconciliation",
  })
  reference?: string | null;
  @Field(() => String, { nullable: true }) dossierCode?: string | null;
  @Field(() => String, { nullable: true, description: "Text in the payer's name" }) payer?: string | null;
  @Field(() => PaymentKind, { nullable: true }) kind?: PaymentKind | null;
  @Field(() => PaymentStatus, { nullable: true }) status?: PaymentStatus | null;
  @Field(() => String, { nullable: true, description: 'Asked on or after (yyyy-MM-dd)' }) from?: string | null;
  @Field(() => String, { nullable: true, description: 'Asked on or before (yyyy-MM-dd)' }) to?: string | null;
  @Field(() => Int, { defaultValue: 20 }) first!: number;
  @Field(() => String, { nullable: true }) after?: string | null;
}

const toPaymentType = (p: PaymentRow): PaymentType => ({
  ...p,
  amount: Number(p.amount),
  fineDecisionDate: p.fineDecisionDate ? p.fineDecisionDate.toISOString().slice(0, 10) : null,
});

@ObjectType('ReconciliationMismatch', { description: 'Sai lệch — one difference between the platform and the hub' })
class ReconciliationMismatchType {
  @Field(() => String, {
    description:
      'MISSING_IN_HUB, MISSING_ON_PLATFORM, AMOUNT_DIFFERS, STATUS_DIFFERS or PAID_TWICE (two attempts of one payment paid: refund one)',
  })
  kind!: string;
  @Field(() => String, { description: 'MaThamChieu' }) reference!: string;
  @Field(() => String, { nullable: true }) platformAmount!: string | null;
  @Field(() => String, { nullable: true }) hubAmount!: string | null;
  @Field(() => String, { nullable: true }) platformStatus!: string | null;
  @Field(() => String, { nullable: true, description: "The hub's status when compared" }) hubStatus!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'APPLIED: the platform booked a success whose callback never came; the hub applied it',
  })
  resolution!: string | null;
}

@ObjectType('ReconciliationReport', { description: 'Báo cáo đối soát — a day compared with the payment platform' })
class ReconciliationReport {
  @Field(() => String) day!: string;
  @Field(() => Date) ranAt!: Date;
  @Field(() => Int, { description: 'Successful transactions on the platform' }) platformCount!: number;
  @Field(() => Int, { description: 'Successful attempts in the hub' }) hubCount!: number;
  @Field(() => [ReconciliationMismatchType]) mismatches!: ReconciliationMismatchType[];
}

@Resolver(() => PaymentType)
export class PaymentResolver {
  @HubMutation(() => String, {
    roles: ['ADMIN'],
    description: 'Đối soát — compare a day with the payment platform now (ADMIN); returns the job id',
  })
  async reconcilePayments(@Arg('day', () => String) day: string, @Ctx() ctx: HubContext): Promise<string> {
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
    @Arg('day', () => String) day: string,
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
    @Arg('input', () => RequestPaymentInput) input: RequestPaymentInput,
    @Ctx() ctx: HubContext,
  ): Promise<PaymentType> {
    return toPaymentType(await paymentService.request(ctx, input));
  }

  @HubMutation(() => PaymentType, {
    description: 'Thanh toán lại — a new attempt, with a new reference, after a failure or an expiry',
  })
  async retryPayment(
    @Arg('id', () => ID) id: string,
    @Arg('route', () => PaymentRoute, {
      nullable: true,
      description: 'Another route for the new attempt (default: the same)',
    })
    route: PaymentRoute | null,
    @Ctx() ctx: HubContext,
  ): Promise<PaymentType> {
    return toPaymentType(await paymentService.retry(ctx, id, route));
  }

  @HubQuery(() => PaymentConnection, {
    description: "Danh sách thanh toán — your agency's payments (ADMIN, LEADER: all), newest first",
  })
  async payments(@Args(() => PaymentsArgs) args: PaymentsArgs, @Ctx() ctx: HubContext): Promise<PaymentConnection> {
    const page = await paymentService.list(ctx, args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toPaymentType(e.node) })) };
  }

  @HubQuery(() => [PaymentTotal], {
    description: 'Tổng thu — payments per kind and status in a period, for the KPI report',
  })
  async paymentTotals(@Args(() => PaymentsArgs) args: PaymentsArgs, @Ctx() ctx: HubContext): Promise<PaymentTotal[]> {
    const f = await paymentService.filter(ctx, args);
    if (!f) return [];
    return (await paymentRepository.totals(ctx.db, f)).map((t) => ({
      kind: t.kind,
      status: t.status,
      count: t._count._all,
      amount: String(t._sum.amount ?? 0n),
    }));
  }

  @FieldResolver(() => [PaymentLineType])
  async lines(@Root() p: PaymentType, @Ctx() ctx: HubContext): Promise<PaymentLineType[]> {
    return (await ctx.loaders.paymentLines.load(p.id)).map((l) => ({
      kind: l.kind as FeeKind,
      amount: Number(l.amount),
      description: l.description,
    }));
  }

  @FieldResolver(() => [PaymentAttemptType], { description: 'Lượt thanh toán — its attempts, first to last' })
  async attempts(@Root() p: PaymentType, @Ctx() ctx: HubContext): Promise<PaymentAttemptType[]> {
    return ctx.loaders.paymentAttempts.load(p.id);
  }

  @FieldResolver(() => AgencyType, { description: 'Cơ quan yêu cầu — the agency that asked' })
  async agency(@Root() p: PaymentType, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(p.agencyId))!);
  }
}

export { PaymentType, toPaymentType };
