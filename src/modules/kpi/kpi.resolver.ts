import { Arg, Ctx, Field, Float, Int, ObjectType, Resolver } from 'type-graphql';
import { KpiIndicatorName } from './kpi.indicators.js';
import { normaliseAgencyCode } from '../../common/agency-code.js';
import { BadUserInputError } from '../../common/errors.js';
import { parseIsoDate, vietnamDays } from '../../common/time.js';
import type { HubContext } from '../../core/context.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { AgencyLevel } from '../../generated/prisma/enums.js';
import {
  documentIndicators,
  dossierIndicators,
  kpiTargetRepository,
  procedureIndicators,
  type KpiRow,
} from './kpi.repository.js';
import { DateScalar } from '../../graphql/scalars.js';

const ONLINE_RATE = 'ONLINE_RATE';
const ON_TIME_RATE = 'ON_TIME_RATE';
const PAID_ONLINE_RATE = 'PAID_ONLINE_RATE';
const PORTAL_SYNCED_RATE = 'PORTAL_SYNCED_RATE';
const ONLINE_PROCEDURE_RATE = 'ONLINE_PROCEDURE_RATE';
const PORTAL_INTEGRATED_RATE = 'PORTAL_INTEGRATED_RATE';

@ObjectType('KpiIndicator', { description: 'Chỉ số — one indicator beside its target' })
export class KpiIndicator {
  @Field(() => Float, { nullable: true, description: 'Giá trị — value in percent (null: nothing to measure)' }) value!:
    number | null;
  @Field(() => Float, { nullable: true, description: 'Chỉ tiêu — target in percent, if one is set' }) target!:
    number | null;
  @Field(() => Boolean, { nullable: true, description: 'Đạt — value ≥ target' }) met!: boolean | null;
}

@ObjectType('KpiRow', { description: 'Chỉ số theo cấp — the indicators of one level of government (or of all levels)' })
export class KpiRowType {
  @Field(() => AgencyLevel, { nullable: true, description: 'Cấp — the level of government; null: all levels together' })
  level!: AgencyLevel | null;
  @Field(() => Int, { description: 'Hồ sơ tiếp nhận — dossiers received in the period' }) received!: number;
  @Field(() => Int, {
    description: 'Hồ sơ trực tuyến — received online (channel 2, with an electronic result where required)',
  })
  online!: number;
  @Field(() => KpiIndicator, { description: 'Tỷ lệ hồ sơ trực tuyến — online rate' }) onlineRate!: KpiIndicator;
  @Field(() => Int, {
    description: 'Hồ sơ đã giải quyết — finished in the period (processed, returned, stopped, not accepted)',
  })
  finished!: number;
  @Field(() => Int, { description: 'Đúng hạn — finished on time, supplement time excluded' }) onTime!: number;
  @Field(() => KpiIndicator, { description: 'Tỷ lệ đúng hạn — on-time rate' }) onTimeRate!: KpiIndicator;
  @Field(() => Int, { description: 'Quá hạn — finished late in the period, or open and past due at its end' })
  overdue!: number;
  @Field(() => Float, { nullable: true, description: 'Thời gian xử lý trung bình — days, supplement time excluded' })
  avgProcessingDays!: number | null;
  @Field(() => Int, {
    description: 'Hồ sơ có phí, lệ phí — received in the period with a fee to pay (as synced: DanhSachLePhi)',
  })
  feeBearing!: number;
  @Field(() => Int, {
    description: 'Hồ sơ thanh toán trực tuyến — of those, paid online (DuocThanhToanTrucTuyen 1 or 2)',
  })
  paidOnline!: number;
  @Field(() => KpiIndicator, {
    description: 'Tỷ lệ hồ sơ thanh toán trực tuyến — share of fee-bearing dossiers paid online',
  })
  paidOnlineRate!: KpiIndicator;
  @Field(() => Int, {
    description:
      'Đồng bộ lên Cổng DVCQG — received in the period and known to the National Public Service Portal (a version synced)',
  })
  portalSynced!: number;
  @Field(() => KpiIndicator, { description: 'Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG — portalSynced / received' })
  portalSyncedRate!: KpiIndicator;
  @Field(() => Int, {
    description: "Thủ tục hành chính — procedures in force at the period's end that agencies of the level handle",
  })
  procedures!: number;
  @Field(() => Int, {
    description: 'TTHC cung cấp trực tuyến — of those, offered online: level 3 or 4, or full-process (toàn trình)',
  })
  onlineProcedures!: number;
  @Field(() => KpiIndicator, { description: 'Tỷ lệ TTHC cung cấp trực tuyến — onlineProcedures / procedures' })
  onlineProcedureRate!: KpiIndicator;
  @Field(() => Int, {
    description:
      "TTHC tích hợp trên Cổng DVCQG — online procedures the portal's catalog lists (imported with LayThuTuc)",
  })
  portalIntegrated!: number;
  @Field(() => KpiIndicator, {
    description: 'Tỷ lệ dịch vụ công mức độ 3, 4 tích hợp trên Cổng DVCQG — portalIntegrated / onlineProcedures',
  })
  portalIntegratedRate!: KpiIndicator;
  @Field(() => Int, { description: 'Văn bản điện tử đi — documents the agencies sent in the period' })
  documentsSent!: number;
  @Field(() => Int, {
    description:
      'Văn bản điện tử đến — deliveries to the agencies in the period that arrived (status 01 or later) of documents not revoked',
  })
  documentsReceived!: number;
  /** what other modules' fields of the row read: the report's period and scope (not a field) */
  period!: KpiPeriod;
}

/** The period and scope of a report's row, for the fields other modules add to it. */
export interface KpiPeriod {
  /** the first instant of the period and the first after it */
  start: Date;
  end: Date;
  /** its first and last days, inclusive (yyyy-MM-dd) */
  from: string;
  to: string;
  rootAgencyId: string | null;
  level: AgencyLevel | null;
}

@ObjectType('KpiReport', { description: 'Báo cáo chỉ số — the indicators the city is judged by, for a period' })
class KpiReport {
  @Field(() => DateScalar, { description: 'Từ ngày — first day of the period' }) from!: string;
  @Field(() => DateScalar, { description: 'Đến ngày — last day of the period, inclusive' }) to!: string;
  @Field(() => [KpiRowType], { description: 'Các dòng — one row per level, then the total (level null)' })
  rows!: KpiRowType[];
}

export const pct = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 100);
export const indicator = (value: number | null, target: number | null): KpiIndicator => ({
  value,
  target,
  met: value === null || target === null ? null : value >= target,
});

@ObjectType('KpiTarget', { description: 'Chỉ tiêu — the target of an indicator for a level from a date' })
class KpiTargetType {
  @Field(() => KpiIndicatorName, { description: 'Chỉ số — the indicator' }) indicator!: KpiIndicatorName;
  @Field(() => AgencyLevel, { description: 'Cấp — the level of government it applies to' }) level!: AgencyLevel;
  @Field(() => DateScalar, { description: 'Từ ngày — in force from this day' }) periodStart!: string;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'Đến ngày — in force until this day, inclusive; null: until replaced',
  })
  periodEnd!: string | null;
  @Field(() => Float, { description: 'Chỉ tiêu — the target, in percent' }) value!: number;
  @Field(() => String, { nullable: true, description: 'Căn cứ — where it comes from (plan, decision)' }) source!:
    string | null;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

@Resolver()
export class KpiResolver {
  @HubQuery(() => [KpiTargetType], {
    description: 'Chỉ tiêu đang áp dụng — the targets in force on a date (default today)',
  })
  async kpiTargets(
    @Arg('on', () => DateScalar, {
      nullable: true,
      description: 'Ngày — the day (default: today, Vietnam time)',
    })
    on: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<KpiTargetType[]> {
    const rows = await kpiTargetRepository.inForce(ctx.db, on ? parseIsoDate(on) : new Date());
    return rows.map((t) => ({
      ...t,
      indicator: t.indicator as KpiIndicatorName,
      level: t.level!,
      periodStart: day(t.periodStart)!,
      periodEnd: day(t.periodEnd),
    }));
  }

  @HubMutation(() => KpiTargetType, {
    roles: ['ADMIN'],
    description:
      'Đặt chỉ tiêu — set the target of an indicator for a level from a date (ADMIN); targets change with plans and reforms',
  })
  async setKpiTarget(
    @Arg('indicator', () => KpiIndicatorName, { description: 'Chỉ số — the indicator' }) indicator: KpiIndicatorName,
    @Arg('level', () => AgencyLevel, { description: 'Cấp — the level of government' }) level: AgencyLevel,
    @Arg('periodStart', () => DateScalar, { description: 'Từ ngày — first day in force' })
    periodStart: string,
    @Arg('value', () => Float, { description: 'Chỉ tiêu — target in percent, 0 to 100' }) value: number,
    @Arg('periodEnd', () => DateScalar, {
      nullable: true,
      description: 'Đến ngày — last day in force, inclusive; null: until replaced',
    })
    periodEnd: string | null,
    @Arg('source', () => String, { nullable: true, description: 'Căn cứ — the plan or decision' })
    source: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<KpiTargetType> {
    if (!Number.isFinite(value) || value < 0 || value > 100)
      throw new BadUserInputError('"value" is a percentage from 0 to 100', { field: 'value' });
    const start = parseIsoDate(periodStart);
    const end = periodEnd ? parseIsoDate(periodEnd) : null;
    if (end && end < start)
      throw new BadUserInputError('"periodEnd" must not be before "periodStart"', { field: 'periodEnd' });
    ctx.auditTargets.push(`${indicator}:${level}:${periodStart}`);
    const t = await kpiTargetRepository.upsert(ctx.db, {
      indicator,
      level,
      periodStart: start,
      periodEnd: end,
      value,
      source: source?.trim().slice(0, 300) || null,
    });
    return { ...t, indicator, level, periodStart: day(t.periodStart)!, periodEnd: day(t.periodEnd) };
  }

  @HubQuery(() => KpiReport, {
    roles: ['ADMIN', 'LEADER'],
    description:
      'Báo cáo KPI — dossiers received, online and on-time rates, overdue, processing time, fee-bearing dossiers paid online, dossiers synced to the portal, procedures offered online and integrated on the portal, and documents, per level, beside the targets (ADMIN, LEADER); a period of at most 5 years',
  })
  async kpiReport(
    @Arg('from', () => DateScalar, { description: 'Từ ngày — the first day of the period (Vietnam time)' })
    from: string,
    @Arg('to', () => DateScalar, { description: 'Đến ngày — the last day of the period, inclusive' }) to: string,
    @Arg('level', () => AgencyLevel, { nullable: true, description: 'Cấp — only this level of government' })
    level: AgencyLevel | null,
    @Arg('agencyCode', () => String, { nullable: true, description: 'Cơ quan — only this agency and those below it' })
    agencyCode: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<KpiReport> {
    const { start, end } = vietnamDays(from, to) as { start: Date; end: Date };
    if (end <= start) throw new BadUserInputError('"to" must not be before "from"', { field: 'to' });
    if (end.getTime() - start.getTime() > 5 * 366 * 86_400_000)
      throw new BadUserInputError('A report covers at most 5 years', { field: 'to' });
    let rootId: string | null = null;
    if (agencyCode) {
      const root = await ctx.loaders.agencyByCode.load(normaliseAgencyCode(agencyCode));
      if (!root)
        throw new BadUserInputError(`The agency ${agencyCode} is not in the agencies directory`, {
          field: 'agencyCode',
        });
      rootId = root.id;
    }
    const [dossiers, documents, procedures, targets] = await Promise.all([
      dossierIndicators(ctx.db, start, end, rootId),
      documentIndicators(ctx.db, start, end, rootId),
      procedureIndicators(ctx.db, end, rootId),
      kpiTargetRepository.inForce(ctx.db, parseIsoDate(from)),
    ]);
    const docByLevel = new Map(documents.map((d) => [d.level, d]));
    const procByLevel = new Map(procedures.map((p) => [p.level, p]));
    type Procs = { procedures: number; onlineProcedures: number; portalIntegrated: number };
    const noProcs: Procs = { procedures: 0, onlineProcedures: 0, portalIntegrated: 0 };
    const targetOf = (ind: string, l: string | null) =>
      targets.find((t) => t.indicator === ind && t.level === l)?.value ?? null;
    const levels = (Object.keys(AgencyLevel) as AgencyLevel[]).filter((l) => !level || l === level);
    const rowOf = (
      l: AgencyLevel | null,
      r: KpiRow | undefined,
      docs: { sent: number; received: number },
      procs: Procs,
    ): KpiRowType => {
      const k = r ?? {
        received: 0,
        online: 0,
        finished: 0,
        onTime: 0,
        overdue: 0,
        avgProcessingDays: null,
        feeBearing: 0,
        paidOnline: 0,
        portalSynced: 0,
      };
      return {
        level: l,
        period: { start, end, from, to, rootAgencyId: rootId, level },
        received: k.received,
        online: k.online,
        onlineRate: indicator(pct(k.online, k.received), targetOf(ONLINE_RATE, l)),
        finished: k.finished,
        onTime: k.onTime,
        onTimeRate: indicator(pct(k.onTime, k.finished), targetOf(ON_TIME_RATE, l)),
        overdue: k.overdue,
        avgProcessingDays: k.avgProcessingDays === null ? null : Math.round(k.avgProcessingDays * 100) / 100,
        feeBearing: k.feeBearing,
        paidOnline: k.paidOnline,
        paidOnlineRate: indicator(pct(k.paidOnline, k.feeBearing), targetOf(PAID_ONLINE_RATE, l)),
        portalSynced: k.portalSynced,
        portalSyncedRate: indicator(pct(k.portalSynced, k.received), targetOf(PORTAL_SYNCED_RATE, l)),
        procedures: procs.procedures,
        onlineProcedures: procs.onlineProcedures,
        portalIntegrated: procs.portalIntegrated,
        onlineProcedureRate: indicator(
          pct(procs.onlineProcedures, procs.procedures),
          targetOf(ONLINE_PROCEDURE_RATE, l),
        ),
        portalIntegratedRate: indicator(
          pct(procs.portalIntegrated, procs.onlineProcedures),
          targetOf(PORTAL_INTEGRATED_RATE, l),
        ),
        documentsSent: docs.sent,
        documentsReceived: docs.received,
      };
    };
    const rows = levels.map((l) =>
      rowOf(
        l,
        dossiers.find((d) => d.level === l),
        docByLevel.get(l) ?? { sent: 0, received: 0 },
        procByLevel.get(l) ?? noProcs,
      ),
    );
    const inScope = dossiers.filter((d) => !level || d.level === level);
    const finished = inScope.reduce((n, d) => n + d.finished, 0);
    const total: KpiRow = {
      level: 'ALL',
      received: inScope.reduce((n, d) => n + d.received, 0),
      online: inScope.reduce((n, d) => n + d.online, 0),
      finished,
      onTime: inScope.reduce((n, d) => n + d.onTime, 0),
      overdue: inScope.reduce((n, d) => n + d.overdue, 0),
      // a weighted mean of the levels' means
      avgProcessingDays: finished
        ? inScope.reduce((n, d) => n + (d.avgProcessingDays ?? 0) * d.finished, 0) / finished
        : null,
      feeBearing: inScope.reduce((n, d) => n + d.feeBearing, 0),
      paidOnline: inScope.reduce((n, d) => n + d.paidOnline, 0),
      portalSynced: inScope.reduce((n, d) => n + d.portalSynced, 0),
    };
    const docsTotal = rows.reduce(
      (a, r) => ({ sent: a.sent + r.documentsSent, received: a.received + r.documentsReceived }),
      { sent: 0, received: 0 },
    );
    // a procedure handled at several levels counts once in the total
    const procsTotal = level
      ? (procByLevel.get(level) ?? noProcs)
      : await procedureIndicators(ctx.db, end, rootId, true).then((r) => r[0] ?? noProcs);
    return { from, to, rows: [...rows, rowOf(null, total, docsTotal, procsTotal)] };
  }
}
