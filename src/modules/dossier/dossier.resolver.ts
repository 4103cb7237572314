import type { GraphQLResolveInfo } from 'graphql';
import { BrowseArgs, nodeFields } from '../../graphql/connection.js';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import { BadUserInputError, ForbiddenError } from '../../common/errors.js';
import type { HubContext } from '../../core/context.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { toAgencyType } from '../agency/agency.service.js';
import { AgencyType } from '../agency/agency.type.js';
import { ProcedureType } from '../procedure/procedure.type.js';
import { toProcedureType } from '../procedure/procedure.resolver.js';
import { DOSSIER_STATUS } from './dossier-status.js';
import { Channel, DossierStatus } from './dossier-codes.type.js';
import { PaymentType, toPaymentType } from '../payment/payment.type.js';
import { dossierRepository } from './dossier.repository.js';
import { dossierService, maySeeApplicant } from './dossier.service.js';
import {
  ApplicantType,
  PortalSyncType,
  DossierConnection,
  DossierResultType,
  DossierStepInput,
  DossierStepType,
  DossierSupplementType,
  DossierType,
  PublicDossierStatus,
  SubmitDossierInput,
} from './dossier.type.js';
import { EVERY_AGENCY } from '../../core/access.js';
import type { Parent } from '../../graphql/connection.js';
import { DateScalar } from '../../graphql/scalars.js';

@ArgsType()
class DossiersArgs extends BrowseArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Cơ quan — the receiving or handling agency (default: yours; ADMIN and LEADER: all)',
  })
  agencyCode?: string | null;
  @Field(() => DossierStatus, {
    nullable: true,
    description: 'Trạng thái hồ sơ (TrangThaiHoSo) — only dossiers at this status',
  })
  status?: number | null;
  @Field(() => Channel, { nullable: true, description: 'Kênh thực hiện (KenhThucHien) — only this channel' })
  channel?: number | null;
  @Field(() => String, { nullable: true, description: 'Mã thủ tục (MaTTHC) — only dossiers of this procedure' })
  procedureCode?: string | null;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'Tiếp nhận từ ngày — received on or after this day (Vietnam time)',
  })
  receivedFrom?: string | null;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'Tiếp nhận đến ngày — received on or before this day, inclusive',
  })
  receivedTo?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Quá hạn — only open dossiers past their due time now (supplement time excluded)',
  })
  overdue?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Sắp đến hạn — only open dossiers due within N days' })
  dueWithinDays?: number | null;
}

/** The public lookup's limits (see publicDossierStatus). */
const LOOKUP = { perAddress: 20, wrongPerAddressAndCode: 5, wrongBeforeSlow: 10, wrongBeforeClosed: 100 };

@Resolver(() => DossierType)
export class DossierResolver {
  @HubQuery(() => DossierType, {
    nullable: true,
    description: 'Hồ sơ — the dossier with this code, if your agency receives or handles it',
  })
  dossier(
    @Arg('code', () => String, { description: "Mã hồ sơ (MaHoSo) — the dossier's code" }) code: string,
    @Ctx() ctx: HubContext,
  ): Promise<DossierType | null> {
    return dossierService.get(ctx, code);
  }

  @HubQuery(() => DossierConnection, { description: 'Danh sách hồ sơ — dossiers, newest received first' })
  async dossiers(
    @Args(() => DossiersArgs) args: DossiersArgs,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DossierConnection> {
    const asked = nodeFields(info);
    const joins = {
      procedure: asked.has('procedure'),
      receivingAgency: asked.has('receivingAgency'),
      handlingAgency: asked.has('handlingAgency'),
      payments: asked.has('payments'),
    };
    return (await dossierService.list(ctx, args, joins)) as DossierConnection;
  }

  @HubQuery(() => PublicDossierStatus, {
    nullable: true,
    public: true,
    description:
      'Tra cứu hồ sơ — for the applicant, without an account: the status of a dossier by its code and the last 4 digits of the phone number on file; rate-limited',
  })
  async publicDossierStatus(
    @Arg('code', () => String, { description: 'Mã hồ sơ (MaHoSo) — as printed on the receipt' }) code: string,
    @Arg('phoneLast4', () => String, {
      description: '4 số cuối điện thoại — the last 4 digits of the phone number on file',
    })
    phoneLast4: string,
    @Ctx() ctx: HubContext,
  ): Promise<PublicDossierStatus | null> {
    if (!/^\d{4}$/.test(phoneLast4))
      throw new BadUserInputError('"phoneLast4" is the last 4 digits of the phone number', { field: 'phoneLast4' });
    const key = code.trim().slice(0, 60);
    const ip = ctx.clientIp;
    // Guessing is stopped per address, never for the code as a whole, so the applicant who knows
    // the digits is not locked out by someone else's guesses: an address has 20 lookups per 10
    // minutes over all codes (sequential codes are not a list to walk) and 5 wrong answers per hour
    // on one code; once a code has drawn many wrong answers (from many addresses), every address
    // gets one try per 15 minutes at it — the applicant's first try still answers. A code that drew
    // 100 wrong answers in a day (a guesser with that many addresses) answers nobody until the
    // day's window passes: the applicant asks the agency instead (README, Security).
    // Addresses are counted by IPv4 address or IPv6 /64 (addressBucket).
    await ctx.rateLimiter.hit(`lookup:ip:${ip}`, LOOKUP.perAddress, 600);
    await ctx.rateLimiter.assertBelow(`lookup:miss:${key}:${ip}`, LOOKUP.wrongPerAddressAndCode);
    const wrong = await ctx.rateLimiter.peek(`lookup:miss:${key}`);
    if (wrong >= LOOKUP.wrongBeforeClosed)
      throw new ForbiddenError('Too many lookups of this dossier today: ask the agency that received it');
    if (wrong >= LOOKUP.wrongBeforeSlow) await ctx.rateLimiter.hit(`lookup:slow:${key}:${ip}`, 1, 900);
    // anyone's dossier: the applicant proves it is theirs with the phone's last digits
    const d = await dossierRepository.findByCode(EVERY_AGENCY, ctx.db, key);
    const digits = d?.applicantPhone?.replace(/\D/g, '') ?? '';
    if (!d || digits.length < 4 || !digits.endsWith(phoneLast4)) {
      await ctx.rateLimiter.hit(`lookup:miss:${key}:${ip}`, Number.MAX_SAFE_INTEGER, 3600);
      await ctx.rateLimiter.hit(`lookup:miss:${key}`, Number.MAX_SAFE_INTEGER, 86_400);
      return null;
    }
    const procedure = (await ctx.loaders.procedureById.load(d.procedureId))!;
    return {
      code: d.code,
      procedureName: procedure.name,
      status: d.status,
      statusName: DOSSIER_STATUS[d.status]!,
      receivedAt: d.receivedAt,
      dueAt: d.effectiveDueAt,
      finishedAt: d.finishedAt,
    };
  }

  @HubMutation(() => DossierType, {
    description: 'Tiếp nhận hồ sơ — submit a dossier (idempotent on its code; the code is generated when absent)',
  })
  submitDossier(
    @Arg('input', () => SubmitDossierInput, { description: 'Hồ sơ — the dossier' }) input: SubmitDossierInput,
    @Ctx() ctx: HubContext,
  ): Promise<DossierType> {
    return dossierService.submit(ctx, input);
  }

  @HubMutation(() => DossierType, {
    description: 'Cập nhật tiến độ — move a dossier to a status (the national transition table applies)',
  })
  moveDossier(
    @Arg('code', () => String, { description: "Mã hồ sơ (MaHoSo) — the dossier's code" }) code: string,
    @Arg('input', () => DossierStepInput, { description: 'Bước xử lý — the new status, with who, when and why' })
    input: DossierStepInput,
    @Ctx() ctx: HubContext,
  ): Promise<DossierType> {
    return dossierService.step(ctx, code, input);
  }

  @HubMutation(() => DossierResultType, {
    description: 'Đính kèm kết quả — attach an electronic result document, uploaded to /attachments first',
  })
  async attachDossierResult(
    @Arg('code', () => String, { description: "Mã hồ sơ (MaHoSo) — the dossier's code" }) code: string,
    @Arg('sha256', () => String, { description: 'Mã băm — the SHA-256 (hex) that POST /attachments answered' })
    sha256: string,
    @Arg('name', () => String, { description: 'Tên giấy tờ — file name' }) name: string,
    @Arg('contentType', () => String, {
      nullable: true,
      description: "Kiểu nội dung — MIME type (default: the upload's)",
    })
    contentType: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<DossierResultType> {
    const r = await dossierService.attachResult(ctx, code, { sha256, name, contentType });
    return { ...r, downloadPath: `/attachments/${r.sha256}` };
  }

  @FieldResolver(() => Int, {
    description:
      'Mã trạng thái (TrangThaiHoSo) — the official code, as the portal counts it: 1 newly registered online (mới đăng ký trực tuyến), 2 accepted (đã tiếp nhận), 3 not accepted (không được tiếp nhận), 4 in process (đang xử lý), 5 supplement requested (yêu cầu bổ sung), 6 financial obligation requested (yêu cầu thực hiện nghĩa vụ tài chính), 7 withdrawn (công dân yêu cầu rút hồ sơ), 8 processing stopped (dừng xử lý), 9 processed (đã xử lý xong), 10 result returned (đã trả kết quả)',
  })
  statusCode(@Root() d: Parent<DossierType>): number {
    return d.status;
  }

  @FieldResolver(() => String, { description: 'Tên trạng thái — the status in words' })
  statusName(@Root() d: Parent<DossierType>): string {
    return DOSSIER_STATUS[d.status]!;
  }

  @FieldResolver(() => Boolean, {
    description: 'Quá hạn — open and past its due time now, or finished late (supplement time excluded)',
  })
  overdue(@Root() d: Parent<DossierType>): boolean {
    const clock = d.finishedAt ?? d.supplementOpenSince ?? new Date();
    return clock > d.effectiveDueAt;
  }

  @FieldResolver(() => ApplicantType, {
    nullable: true,
    description: 'Chủ hồ sơ — null unless you are the handling agency, LEADER or ADMIN',
  })
  applicant(@Root() d: Parent<DossierType> & Record<string, unknown>, @Ctx() ctx: HubContext): ApplicantType | null {
    if (!maySeeApplicant(ctx, d as never)) return null;
    return {
      type: d['applicantType'] as number,
      name: d['applicantName'] as string,
      idNumber: (d['applicantIdNumber'] as string) ?? null,
      phone: (d['applicantPhone'] as string) ?? null,
      email: (d['applicantEmail'] as string) ?? null,
    };
  }

  @FieldResolver(() => ProcedureType, { description: 'Thủ tục hành chính — the procedure (MaTTHC, TenTTHC)' })
  async procedure(@Root() d: Parent<DossierType>, @Ctx() ctx: HubContext): Promise<ProcedureType> {
    return toProcedureType((await ctx.loaders.procedureById.load(d.procedureId))!);
  }

  @FieldResolver(() => AgencyType, { description: 'Cơ quan tiếp nhận — receiving agency' })
  async receivingAgency(@Root() d: Parent<DossierType>, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(d.receivingAgencyId))!);
  }

  @FieldResolver(() => AgencyType, { description: 'Cơ quan xử lý (DonViXuLy) — handling agency' })
  async handlingAgency(@Root() d: Parent<DossierType>, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(d.handlingAgencyId))!);
  }

  @FieldResolver(() => [DossierStepType], { description: 'Quá trình xử lý — every step, oldest first' })
  async steps(@Root() d: Parent<DossierType>, @Ctx() ctx: HubContext): Promise<DossierStepType[]> {
    return (await ctx.loaders.dossierEvents.load(d.id)).map((e) => ({ ...e, statusName: DOSSIER_STATUS[e.status]! }));
  }

  @FieldResolver(() => [DossierSupplementType], {
    description: 'Yêu cầu bổ sung (DanhSachHoSoBoSung) — supplement requests',
  })
  supplements(@Root() d: Parent<DossierType>, @Ctx() ctx: HubContext): Promise<DossierSupplementType[]> {
    return ctx.loaders.dossierSupplements.load(d.id);
  }

  @FieldResolver(() => PortalSyncType, { nullable: true, description: 'Đồng bộ Cổng DVCQG — the portal sync state' })
  portalSync(@Root() d: Parent<DossierType>, @Ctx() ctx: HubContext): Promise<PortalSyncType | null> {
    return ctx.loaders.portalSyncByDossierId.load(d.id);
  }

  @FieldResolver(() => [PaymentType], {
    description: 'Thanh toán — what the dossier waits for (status 6) and what was paid',
  })
  async payments(@Root() d: Parent<DossierType>, @Ctx() ctx: HubContext): Promise<PaymentType[]> {
    return (await ctx.loaders.paymentsByDossierId.load(d.id)).map(toPaymentType);
  }

  @FieldResolver(() => [DossierResultType], {
    description: 'Giấy tờ kết quả (DanhSachGiayToKetQua) — electronic result documents',
  })
  async results(@Root() d: Parent<DossierType>, @Ctx() ctx: HubContext): Promise<DossierResultType[]> {
    return (await ctx.loaders.dossierResults.load(d.id)).map((r) => ({
      ...r,
      downloadPath: `/attachments/${r.sha256}`,
    }));
  }
}
