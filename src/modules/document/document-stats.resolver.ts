import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { normaliseAgencyCode } from '../../common/agency-code.js';
import { vietnamDays } from '../../common/time.js';
import type { HubContext } from '../../core/context.js';
import { HubQuery } from '../../graphql/guard.js';
import { AgencyLevel } from '../../generated/prisma/enums.js';
import { toAgencyType } from '../agency/agency.service.js';
import { AgencyType } from '../agency/agency.type.js';
import { documentCounts, type AgencyDocumentCounts } from './document-stats.repository.js';
import type { Parent } from '../../graphql/connection.js';
import { DateScalar } from '../../graphql/scalars.js';
import { DeliveryStatus } from './document-codes.type.js';

@ObjectType('StatusCount', { description: 'Số lượt gửi theo trạng thái — deliveries at one status' })
class StatusCount {
  @Field(() => DeliveryStatus, { description: 'Trạng thái — where the deliveries stand now' }) status!: string;
  @Field(() => Int, { description: 'Số lượt — how many deliveries' }) count!: number;
}

@ObjectType('DocumentCounts', { description: 'Thống kê văn bản điện tử — documents sent and received electronically' })
class DocumentCounts {
  @Field(() => Int, { description: 'Văn bản đi — documents sent' }) sent!: number;
  @Field(() => Int, { description: 'Văn bản đến — deliveries received' }) received!: number;
  @Field(() => [StatusCount], { description: 'Theo trạng thái — deliveries received, by where they stand now' })
  byStatus!: StatusCount[];
}

@ObjectType('AgencyDocumentCounts', { description: "Thống kê của một cơ quan — one agency's counts" })
class AgencyDocumentCountsType extends DocumentCounts {
  agencyId!: string;
}

@ObjectType('LevelDocumentCounts', { description: 'Thống kê theo cấp — counts of one level of government' })
class LevelDocumentCounts extends DocumentCounts {
  @Field(() => AgencyLevel, { description: 'Cấp — the level of government' }) level!: AgencyLevel;
}

@ObjectType('DocumentStats', {
  description: 'Báo cáo văn bản điện tử — documents exchanged in a period, per level and per agency',
})
class DocumentStats {
  @Field(() => DateScalar, { description: 'Từ ngày — first day of the period' }) from!: string;
  @Field(() => DateScalar, { description: 'Đến ngày — last day of the period, inclusive' }) to!: string;
  @Field(() => [LevelDocumentCounts], { description: 'Theo cấp — per level of government' })
  byLevel!: LevelDocumentCounts[];
  @Field(() => [AgencyDocumentCountsType], { description: 'Theo cơ quan — per agency' })
  byAgency!: AgencyDocumentCountsType[];
}

const statusList = (m: Record<string, number>) =>
  Object.entries(m)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => ({ status, count }));

@Resolver(() => AgencyDocumentCountsType)
export class DocumentStatsResolver {
  @HubQuery(() => DocumentStats, {
    roles: ['ADMIN', 'LEADER'],
    description:
      'Thống kê văn bản — documents sent and received in a period (Vietnam days, inclusive), per level and agency (ADMIN, LEADER)',
  })
  async documentStats(
    @Arg('from', () => DateScalar, { description: 'Từ ngày — first day (Vietnam time)' }) from: string,
    @Arg('to', () => DateScalar, { description: 'Đến ngày — last day, inclusive' })
    to: string,
    @Arg('level', () => AgencyLevel, { nullable: true, description: 'Cấp — only agencies of this level' })
    level: AgencyLevel | null,
    @Arg('agencyCode', () => String, { nullable: true, description: 'Cơ quan — only this agency' })
    agencyCode: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<DocumentStats> {
    const { start, end } = vietnamDays(from, to) as { start: Date; end: Date };
    let ids: string[] | null = null;
    if (agencyCode) {
      const agency = await ctx.loaders.agencyByCode.load(normaliseAgencyCode(agencyCode));
      ids = agency ? [agency.id] : [];
    }
    const rows = (await documentCounts(ctx.db, start, end, ids)).filter((r) => !level || r.level === level);
    const levels = new Map<string, { sent: number; received: number; byStatus: Record<string, number> }>();
    for (const r of rows) {
      const l = levels.get(r.level) ?? { sent: 0, received: 0, byStatus: {} };
      l.sent += r.sent;
      l.received += r.received;
      for (const [s, n] of Object.entries(r.byStatus)) l.byStatus[s] = (l.byStatus[s] ?? 0) + n;
      levels.set(r.level, l);
    }
    return {
      from,
      to,
      byLevel: [...levels].map(([l, c]) => ({
        level: l as AgencyLevel,
        sent: c.sent,
        received: c.received,
        byStatus: statusList(c.byStatus),
      })),
      byAgency: rows.map((r: AgencyDocumentCounts) => ({
        agencyId: r.agencyId,
        sent: r.sent,
        received: r.received,
        byStatus: statusList(r.byStatus),
      })),
    };
  }

  @FieldResolver(() => AgencyType, { description: 'Cơ quan — the agency counted' })
  async agency(@Root() r: Parent<AgencyDocumentCountsType>, @Ctx() ctx: HubContext): Promise<AgencyType> {
    return toAgencyType((await ctx.loaders.agencyById.load(r.agencyId))!);
  }
}
