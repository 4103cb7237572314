/** Thanh toán — the payments' GraphQL types: enums, objects, inputs and arguments. */
import { Node } from '../../graphql/node.js';
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';
import { PaymentKind, PaymentRoute, PaymentStatus } from '../../generated/prisma/enums.js';
import { FeeKind } from '../procedure/procedure.type.js';
import type { PaymentRow } from './payment.repository.js';
import { DateScalar } from '../../graphql/scalars.js';

registerEnumType(PaymentKind, {
  name: 'PaymentKind',
  description: 'Loại khoản thu — kind of payment',
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
  description: 'Trạng thái thanh toán — payment status',
  valuesConfig: {
    REQUESTED: { description: 'Đã yêu cầu — asked for, not yet started on a gateway' },
    PENDING: { description: 'Chờ thanh toán — started on the gateway, waiting for the payer' },
    PAID: { description: 'Đã thanh toán — paid' },
    FAILED: { description: 'Thất bại — the last attempt failed; retryPayment starts another' },
    EXPIRED: { description: 'Hết hạn — the last attempt expired unpaid; retryPayment starts another' },
  },
});

@ObjectType('PaymentLine', { description: 'Dòng phí, lệ phí (PhiLePhi) — one fee line' })
export class PaymentLineType {
  @Field(() => FeeKind, { description: 'Loại — fee or charge (LoaiPhiLePhi)' }) kind!: FeeKind;
  @Field(() => Int, { description: 'Số tiền — whole đồng' }) amount!: number;
  @Field(() => String, { description: 'Mô tả — what the line is for' }) description!: string;
}

@ObjectType('Payment', {
  implements: Node,
  description: 'Khoản thanh toán — money owed, paid online through the national platform or PayGov',
})
export class PaymentType {
  @Field(() => ID, { description: 'Mã — unique across the hub (a UUID); node(id:) reads it again' }) id!: string;
  @Field(() => PaymentKind, { description: 'Loại khoản thu — kind' }) kind!: PaymentKind;
  @Field(() => Int, { description: 'Số tiền — whole đồng' }) amount!: number;
  @Field(() => String, { description: 'Người nộp — payer' }) payerName!: string;
  @Field(() => String, { nullable: true, description: 'Nội dung thanh toán (NoiDungThanhToan) — description' })
  description!: string | null;
  @Field(() => PaymentStatus, { description: 'Trạng thái thanh toán — status' }) status!: PaymentStatus;
  @Field(() => PaymentRoute, { description: 'Kênh thanh toán — where the current (or next) attempt is paid' })
  route!: PaymentRoute;
  @Field(() => String, {
    nullable: true,
    description: "Số quyết định xử phạt (SoQD) — the fine decision's number (fines)",
  })
  fineDecisionNumber!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Ngày quyết định (NgayQD) — the day of the fine decision' })
  fineDecisionDate!: string | null;
  @Field(() => Date, { description: 'Ngày yêu cầu — when it was asked for' }) createdAt!: Date;
  @Field(() => Date, {
    nullable: true,
    description: "Ngày thanh toán — when it was paid (the gateway's callback, or a reconciliation)",
  })
  paidAt!: Date | null;
  // GraphQL name without the type's prefix (no-typename-prefix); the row keeps its column name.
  @Field(() => String, {
    name: 'payUrl',
    nullable: true,
    description: 'Đường dẫn thanh toán — where the payer pays the current attempt',
  })
  paymentUrl!: string | null;
  agencyId!: string;
  dossierId!: string | null;
}

const PaymentAttemptStatus = {
  STARTED: 'STARTED',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  EXPIRED: 'EXPIRED',
  SUPERSEDED: 'SUPERSEDED',
} as const;
registerEnumType(PaymentAttemptStatus, {
  name: 'PaymentAttemptStatus',
  description: 'Trạng thái lượt thanh toán — where an attempt on a gateway stands',
  valuesConfig: {
    STARTED: { description: 'Đã khởi tạo — started on the gateway, waiting for the payer' },
    SUCCEEDED: { description: 'Thành công — paid' },
    FAILED: { description: "Thất bại — the gateway refused it or the payment failed (failure: the gateway's code)" },
    EXPIRED: { description: 'Hết hạn — not paid in time' },
    SUPERSEDED: {
      description:
        'Được thay thế — the gateway holds it but its answer was lost: the next attempt replaced it; a payment of it still counts',
    },
  },
});

@ObjectType('PaymentAttempt', { description: 'Lượt thanh toán — one attempt on a gateway, with its own reference' })
export class PaymentAttemptType {
  @Field(() => Int, { description: 'Lượt — 1 for the first attempt, then +1' }) number!: number;
  @Field(() => String, { description: 'Mã tham chiếu — MaThamChieu (PayGov: orderId)' }) reference!: string;
  @Field(() => PaymentRoute, { description: 'Kênh thanh toán — the gateway of this attempt' }) route!: PaymentRoute;
  @Field(() => PaymentAttemptStatus, { description: 'Trạng thái — where the attempt stands' })
  status!: string;
  @Field(() => String, {
    nullable: true,
    description: "Mã giao dịch — the gateway's transaction (MaGiaoDich, transactionNo)",
  })
  transactionId!: string | null;
  @Field(() => String, { nullable: true, description: "Lý do thất bại — why it failed (the gateway's code)" })
  failure!: string | null;
  @Field(() => Date, { description: 'Ngày bắt đầu — when the attempt was started' }) createdAt!: Date;
  @Field(() => Date, {
    nullable: true,
    description: 'Ngày kết thúc — when the gateway answered (success, failure or expiry)',
  })
  completedAt!: Date | null;
}

@ObjectType('PaymentConnection', { description: 'Danh sách thanh toán — a page of payments, newest first' })
export class PaymentConnection extends Connection(PaymentType, 'Payment') {}

@ObjectType('PaymentTotal', { description: 'Tổng thu — payments of one kind and status' })
export class PaymentTotal {
  @Field(() => PaymentKind, { description: 'Loại khoản thu — kind' }) kind!: PaymentKind;
  @Field(() => PaymentStatus, { description: 'Trạng thái thanh toán — status' }) status!: PaymentStatus;
  @Field(() => Int, { description: 'Số khoản — how many payments' }) count!: number;
  @Field(() => String, { description: 'Tổng tiền — the sum in whole đồng (a string: it can exceed 32 bits)' })
  amount!: string;
}

@InputType('PaymentLineInput', { description: 'Dòng phí, lệ phí — one fee line (PhiLePhi)' })
export class PaymentLineInput {
  @Field(() => FeeKind, { description: 'Loại — fee or charge (LoaiPhiLePhi)' }) kind!: FeeKind;
  @Field(() => Int, { description: 'Số tiền — whole đồng' }) amount!: number;
  @Field(() => String, { description: 'Mô tả — what the line is for' }) description!: string;
}

@InputType('RequestPaymentInput', {
  description: "Yêu cầu thanh toán — a dossier's fee or charge, or a fine with its decision",
})
export class RequestPaymentInput {
  @Field(() => PaymentKind, { description: 'Loại khoản thu — kind' }) kind!: PaymentKind;
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
  @Field(() => String, {
    nullable: true,
    description: 'Mã hồ sơ (MaHoSo) — the dossier it belongs to (every kind but FINE)',
  })
  dossierCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Số quyết định xử phạt — fines (SoQD)' }) fineDecisionNumber?:
    string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Ngày quyết định (NgayQD) — fines: the day of the decision' })
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
  @Field(() => [PaymentLineInput], {
    nullable: true,
    description: 'Dòng phí, lệ phí (PhiLePhi) — fee lines; they must add up to the amount',
  })
  lines?: PaymentLineInput[] | null;
  @Field(() => String, { nullable: true, description: 'Cơ quan yêu cầu — ADMIN only: the agency that asks' })
  agencyCode?: string | null;
  @Field(() => PaymentRoute, {
    defaultValue: 'PLATFORM',
    description: 'Kênh thanh toán — where the payer pays (default the national platform)',
  })
  route!: PaymentRoute;
}

/** What payments a list or the totals are about (paymentTotals takes these alone: it is no page). */
@ArgsType()
export class PaymentFilterArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Cơ quan — the agency that asked (default: yours; ADMIN and LEADER: all)',
  })
  agencyCode?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Mã tham chiếu (MaThamChieu; PayGov: orderId) — the payment of an attempt's reference, e.g. from a reconciliation",
  })
  reference?: string | null;
  @Field(() => String, { nullable: true, description: "Mã hồ sơ (MaHoSo) — only this dossier's payments" })
  dossierCode?: string | null;
  @Field(() => String, { nullable: true, description: "Người nộp — text in the payer's name" }) payer?: string | null;
  @Field(() => PaymentKind, { nullable: true, description: 'Loại khoản thu — only this kind' })
  kind?: PaymentKind | null;
  @Field(() => PaymentStatus, { nullable: true, description: 'Trạng thái thanh toán — only this status' })
  status?: PaymentStatus | null;
  @Field(() => DateScalar, { nullable: true, description: 'Từ ngày — asked on or after this day (Vietnam time)' })
  from?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Đến ngày — asked on or before this day, inclusive' }) to?:
    string | null;
}

export const toPaymentType = (p: PaymentRow): PaymentType => ({
  ...p,
  amount: Number(p.amount),
  fineDecisionDate: p.fineDecisionDate ? p.fineDecisionDate.toISOString().slice(0, 10) : null,
});

const MismatchKind = {
  MISSING_IN_HUB: 'MISSING_IN_HUB',
  MISSING_ON_PLATFORM: 'MISSING_ON_PLATFORM',
  AMOUNT_DIFFERS: 'AMOUNT_DIFFERS',
  STATUS_DIFFERS: 'STATUS_DIFFERS',
  PAID_TWICE: 'PAID_TWICE',
} as const;
registerEnumType(MismatchKind, {
  name: 'MismatchKind',
  description: 'Loại sai lệch — how the platform and the hub differ on a reference (MaThamChieu)',
  valuesConfig: {
    MISSING_IN_HUB: { description: 'Thiếu ở hub — the platform has a transaction the hub does not' },
    MISSING_ON_PLATFORM: {
      description: 'Thiếu ở nền tảng — the hub has a successful attempt the platform does not list',
    },
    AMOUNT_DIFFERS: { description: 'Lệch số tiền — the amounts differ' },
    STATUS_DIFFERS: {
      description:
        'Lệch trạng thái — the platform booked a success the hub had not heard of (resolution APPLIED: the hub applied it)',
    },
    PAID_TWICE: { description: 'Thanh toán hai lần — two attempts of one payment were paid: refund one' },
  },
});

@ObjectType('ReconciliationMismatch', { description: 'Sai lệch — one difference between the platform and the hub' })
export class ReconciliationMismatchType {
  @Field(() => MismatchKind, { description: 'Loại sai lệch — what differs' })
  kind!: string;
  @Field(() => String, { description: "Mã tham chiếu (MaThamChieu) — the attempt's reference" }) reference!: string;
  @Field(() => String, { nullable: true, description: "Số tiền phía nền tảng — the platform's amount in đồng" })
  platformAmount!: string | null;
  @Field(() => String, { nullable: true, description: "Số tiền phía hub — the hub's amount in đồng" }) hubAmount!:
    string | null;
  @Field(() => String, { nullable: true, description: "Trạng thái phía nền tảng — the platform's status" })
  platformStatus!: string | null;
  @Field(() => String, { nullable: true, description: "Trạng thái phía hub — the hub's status when compared" })
  hubStatus!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Cách xử lý — APPLIED: the platform booked a success whose callback never came, and the hub applied it',
  })
  resolution!: string | null;
}

@ObjectType('ReconciliationReport', { description: 'Báo cáo đối soát — a day compared with the payment platform' })
export class ReconciliationReport {
  @Field(() => DateScalar, { description: 'Ngày đối soát — the day compared' }) day!: string;
  @Field(() => Date, { description: 'Thời điểm đối soát — when it ran' }) ranAt!: Date;
  @Field(() => Int, { description: 'Số giao dịch phía nền tảng — successful transactions on the platform' })
  platformCount!: number;
  @Field(() => Int, { description: 'Số giao dịch phía hub — successful attempts in the hub' }) hubCount!: number;
  @Field(() => [ReconciliationMismatchType], { description: 'Sai lệch — the differences found' })
  mismatches!: ReconciliationMismatchType[];
}
