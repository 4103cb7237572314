/** Asking for a payment (fees, charges, taxes, fines, insurance) and reading payments. */
import { askedAgency } from '../agency/agency.service.js';
import { pageOf, timeCursorKey, timeWindow, type Page, type PageArgs } from '../../common/cursor.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors.js';
import { parseIsoDate, vietnamDays } from '../../common/time.js';
import type { PaymentRoute } from '../../generated/prisma/enums.js';
import { callerOf, type HubContext } from '../../core/context.js';
import { scopeOf } from '../../core/access.js';
import { paymentGateway } from '../../integrations/payment/gateway.js';
import { actingAgency, checkText } from '../document/document.rules.js';
import { dossierRepository } from '../dossier/dossier.repository.js';
import { dossierService } from '../dossier/dossier.service.js';
import { outboxService } from '../outbox/outbox.service.js';
import { paymentRepository, type PaymentFilter, type PaymentRow } from './payment.repository.js';

/** The largest amount accepted, in đồng: above the largest administrative fine. */
const MAX_PAYMENT = 2_000_000_000;

export interface RequestPaymentInput {
  agencyCode?: string | null;
  kind: string;
  amount: number;
  payerName: string;
  /** SoCMNDNguoiNop (default: the dossier applicant's ID number), DiaChiNguoiNop, HuyenNguoiNop, TinhNguoiNop */
  payerIdNumber?: string | null;
  payerAddress: string;
  payerDistrict?: string | null;
  payerProvince?: string | null;
  description?: string | null;
  dossierCode?: string | null;
  fineDecisionNumber?: string | null;
  fineDecisionDate?: string | null;
  /** fines: MaLoaiHinhThuPhat, TenLoaiHinhThuPhat, KhoBac, ThoiGianViPham, DiaDiemViPham, TenNguoiViPham */
  fineTypeCode?: string | null;
  fineTypeName?: string | null;
  treasury?: string | null;
  violationAt?: Date | null;
  violationPlace?: string | null;
  violatorName?: string | null;
  lines?: Array<{ kind: string; amount: number; description: string }> | null;
  route?: PaymentRoute | null;
}

export interface PaymentQuery {
  agencyCode?: string | null;
  reference?: string | null;
  dossierCode?: string | null;
  payer?: string | null;
  kind?: string | null;
  status?: string | null;
  from?: string | null;
  to?: string | null;
}

/** A route the hub can start attempts on (PayGov is off in production unless configured). */
function checkRoute(ctx: HubContext, route: PaymentRoute): PaymentRoute {
  const problem = paymentGateway(route).offered(ctx.config);
  if (problem) throw new BadUserInputError(problem, { field: 'route' });
  return route;
}

const ID_NUMBER = /^[0-9A-Za-z]{6,20}$/;

/** A fine's decision and violation, every field the platform's receipt needs for MaDichVu 1 (§6.5). */
function checkFine(input: RequestPaymentInput) {
  if (!input.fineDecisionNumber || !input.fineDecisionDate)
    throw new BadUserInputError('A fine needs the decision number and date', { field: 'fineDecisionNumber' });
  if (!input.violationAt)
    throw new BadUserInputError('A fine needs the time of the violation (violationAt)', { field: 'violationAt' });
  if (input.violationAt.getTime() > Date.now())
    throw new BadUserInputError('"violationAt" is in the future', { field: 'violationAt' });
  return {
    fineDecisionNumber: checkText(input.fineDecisionNumber, 'fineDecisionNumber', 100, true),
    fineDecisionDate: parseIsoDate(input.fineDecisionDate),
    fineTypeCode: checkText(input.fineTypeCode, 'fineTypeCode', 50, true),
    fineTypeName: checkText(input.fineTypeName, 'fineTypeName', 300, true),
    treasury: checkText(input.treasury, 'treasury', 200, true),
    violationAt: input.violationAt,
    violationPlace: checkText(input.violationPlace, 'violationPlace', 500, true),
    violatorName: checkText(input.violatorName, 'violatorName', 300, true),
  };
}

const wholeDong = (n: number, field: string) => {
  if (!Number.isInteger(n) || n <= 0 || n > MAX_PAYMENT)
    throw new BadUserInputError(`"${field}" must be whole đồng from 1 to ${MAX_PAYMENT.toLocaleString('en')}`, {
      field,
    });
  return BigInt(n);
};

export const paymentService = {
  async request(ctx: HubContext, input: RequestPaymentInput): Promise<PaymentRow> {
    const agency = await actingAgency(ctx, input.agencyCode);
    const route = checkRoute(ctx, input.route ?? 'PLATFORM');
    const amount = wholeDong(input.amount, 'amount');
    const lines = (input.lines ?? []).map((l, i) => ({
      kind: l.kind,
      amount: wholeDong(l.amount, `lines[${i}].amount`),
      description: checkText(l.description, `lines[${i}].description`, 500, true)!,
    }));
    if (lines.length && lines.reduce((s, l) => s + l.amount, 0n) !== amount) {
      throw new BadUserInputError('The fee lines must add up to the amount', { field: 'lines' });
    }
    let dossierId: string | null = null;
    let payerIdNumber = input.payerIdNumber?.trim() || null;
    const fine = input.kind === 'FINE' ? checkFine(input) : null;
    if (input.kind === 'FINE') {
      if (input.dossierCode)
        throw new BadUserInputError('A fine belongs to a decision, not to a dossier', { field: 'dossierCode' });
    } else {
      if (!input.dossierCode)
        throw new BadUserInputError('Name the dossier the payment belongs to (dossierCode)', { field: 'dossierCode' });
      // the portal's fee list and the platform's receipt classify every amount as phí or lệ phí: the asker says which
      if (input.kind !== 'FEE' && input.kind !== 'CHARGE' && !lines.length) {
        throw new BadUserInputError(
          `A ${input.kind} payment lists its lines, each a phí (FEE) or a lệ phí (CHARGE), as the portal's fee list needs`,
          { field: 'lines' },
        );
      }
      const d = await dossierRepository.findByCode(scopeOf(callerOf(ctx)), ctx.db, input.dossierCode.trim());
      if (!d)
        throw new BadUserInputError(`No dossier ${input.dossierCode} that your agency receives or handles`, {
          field: 'dossierCode',
        });
      dossierId = d.id;
      payerIdNumber ??= d.applicantIdNumber;
      // the receipt names where the money goes (TKThuHuong, MaNHThuHuong, TenTKThuHuong, §6.5)
      if (!agency.collectionAccount || !agency.collectionBankCode || !agency.collectionAccountName) {
        throw new BadUserInputError(
          `${agency.code} has no collection account for the payment platform's receipts: an ADMIN sets it with setCollectionAccount`,
          { field: 'agencyCode' },
        );
      }
    }
    if (!payerIdNumber)
      throw new BadUserInputError(
        '"payerIdNumber" is required: the payment platform\'s receipt names the payer\'s ID (SoCMNDNguoiNop)',
        { field: 'payerIdNumber' },
      );
    if (!ID_NUMBER.test(payerIdNumber))
      throw new BadUserInputError('"payerIdNumber" is not an identity number', { field: 'payerIdNumber' });
    const caller = callerOf(ctx);
    const row = await paymentRepository.create(
      ctx.db,
      {
        agencyId: agency.id,
        kind: input.kind as never,
        amount,
        route,
        payerName: checkText(input.payerName, 'payerName', 300, true)!,
        payerIdNumber,
        payerAddress: checkText(input.payerAddress, 'payerAddress', 500, true)!,
        payerDistrict: checkText(input.payerDistrict, 'payerDistrict', 200),
        payerProvince: checkText(input.payerProvince, 'payerProvince', 200),
        ...fine,
        description: checkText(input.description, 'description', 1000),
        dossierId,
        createdBy: `${caller.kind}:${caller.id}`,
      },
      lines,
    );
    await outboxService.add(ctx, 'payment.start', { paymentId: row.id, attempt: 1 });
    // the fee list the portal shows is the dossier's payments'
    if (dossierId) await dossierService.changedForPortal(ctx, dossierId);
    ctx.auditTargets.push(row.id);
    return row;
  },

  /** A new attempt (a new reference) after a failure or an expiry. */
  async retry(ctx: HubContext, id: string, route?: PaymentRoute | null): Promise<PaymentRow> {
    const caller = callerOf(ctx);
    const payment = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
      ? await paymentRepository.lockById(scopeOf(caller), ctx.db, id)
      : null;
    if (!payment) throw new NotFoundError(`No payment ${id} of your agency`);
    if (payment.status !== 'FAILED' && payment.status !== 'EXPIRED') {
      throw new ConflictError(`A payment ${payment.status.toLowerCase()} cannot be started again`, {
        status: payment.status,
      });
    }
    const next = (await paymentRepository.lastAttemptNumber(ctx.db, payment.id)) + 1;
    const row = await paymentRepository.update(ctx.db, payment.id, {
      status: 'REQUESTED',
      paymentUrl: null,
      route: checkRoute(ctx, route ?? payment.route),
    });
    await outboxService.add(ctx, 'payment.start', { paymentId: payment.id, attempt: next });
    ctx.auditTargets.push(payment.id);
    return row;
  },

  /** Totals per kind and status in a period, in SQL, over the payments the caller reads. */
  async totals(ctx: HubContext, args: PaymentQuery) {
    const f = await this.filter(ctx, args);
    return f ? paymentRepository.totals(scopeOf(callerOf(ctx)), ctx.db, f) : [];
  },

  async filter(ctx: HubContext, args: PaymentQuery): Promise<PaymentFilter | null> {
    const caller = callerOf(ctx);
    const agencyId = await askedAgency(ctx, args.agencyCode);
    if (agencyId === undefined) return null;
    let dossierId: string | undefined;
    if (args.dossierCode) {
      const d = await dossierRepository.findByCode(scopeOf(caller), ctx.db, args.dossierCode.trim());
      if (!d) return null;
      dossierId = d.id;
    }
    let id: string | undefined;
    if (args.reference) {
      const attempt = await paymentRepository.findAttemptByReference(ctx.db, args.reference.trim());
      if (!attempt) return null;
      id = attempt.paymentId;
    }
    const days = vietnamDays(args.from, args.to);
    return {
      agencyId,
      id,
      dossierId,
      payer: checkText(args.payer, 'payer', 200) ?? undefined,
      kind: args.kind ?? undefined,
      status: args.status ?? undefined,
      from: days.start,
      to: days.end,
    };
  },

  async list(ctx: HubContext, args: PaymentQuery & PageArgs): Promise<Page<PaymentRow>> {
    const w = timeWindow(args, ctx.config.graphql.maxPageSize);
    const f = await this.filter(ctx, args);
    if (!f) return pageOf([], w, 0, () => []);
    const [rows, total] = await paymentRepository.list(scopeOf(callerOf(ctx)), ctx.db, f, w);
    return pageOf(rows, w, total, timeCursorKey);
  },
};
