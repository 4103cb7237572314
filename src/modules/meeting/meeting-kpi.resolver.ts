/**
 * The meetings' indicators in the KPI report (a field this module adds to each of its rows), per
 * level of government, beside their targets (set as data with setKpiTarget):
 * - paperless meetings: meetings held in the period (published or concluded, starting in it) whose
 *   programme hands out no document on paper, per the convening agency's level;
 * - opinions answered on time: persons asked by opinion forms whose deadline falls in the period,
 *   answered by the deadline, per the level of the person's agency;
 * - tasks finished on time: conclusion tasks due in the period, finished by the end of their due
 *   date (Vietnam time), per the owner agency's level.
 * One statement per report, whatever the number of rows.
 */
import { Ctx, Field, Int, ObjectType, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context.js';
import type { Db } from '../../db/client.js';
import { scopeCte, kpiTargetRepository } from '../kpi/kpi.repository.js';
import { indicator, KpiIndicator, KpiRowType, pct, type KpiPeriod } from '../kpi/kpi.resolver.js';
import { parseIsoDate } from '../../common/time.js';

@ObjectType('MeetingKpi', { description: 'Chỉ số họp và điều hành — meetings, opinion forms and tasks' })
class MeetingKpiType {
  @Field(() => Int, { description: 'Cuộc họp đã tổ chức — meetings held in the period' }) meetingsHeld!: number;
  @Field(() => Int, { description: 'Cuộc họp không giấy — of those, with no document on paper' }) paperless!: number;
  @Field(() => KpiIndicator, { description: 'Tỷ lệ cuộc họp không giấy — paperless / held' })
  paperlessRate!: KpiIndicator;
  @Field(() => Int, { description: 'Lượt lấy ý kiến — persons asked by forms due in the period' })
  opinionsAsked!: number;
  @Field(() => Int, { description: 'Trả lời đúng hạn — of those, answered by the deadline' }) opinionsOnTime!: number;
  @Field(() => KpiIndicator, { description: 'Tỷ lệ trả lời phiếu lấy ý kiến đúng hạn — on time / asked' })
  opinionOnTimeRate!: KpiIndicator;
  @Field(() => Int, { description: 'Nhiệm vụ đến hạn — conclusion tasks due in the period' }) tasksDue!: number;
  @Field(() => Int, { description: 'Hoàn thành đúng hạn — of those, finished by their due date' })
  tasksOnTime!: number;
  @Field(() => KpiIndicator, { description: 'Tỷ lệ nhiệm vụ hoàn thành đúng hạn — on time / due' })
  taskOnTimeRate!: KpiIndicator;
}

interface Counts {
  level: string;
  held: number;
  paperless: number;
  asked: number;
  answered: number;
  due: number;
  done: number;
}

async function meetingIndicators(db: Db, p: KpiPeriod): Promise<Counts[]> {
  const rows = await db.$queryRaw<Array<Record<keyof Counts, bigint | string>>>`
    WITH RECURSIVE ${scopeCte(p.rootAgencyId)},
    held AS (
      SELECT a.level::text AS level, count(*) AS held,
        count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM agenda_item i WHERE i.meeting_id = m.id AND i.paper_documents)) AS paperless
      FROM meeting m JOIN agency a ON a.id = m.convening_agency_id
      WHERE m.status IN ('PUBLISHED', 'CONCLUDED') AND m.starts_at >= ${p.start} AND m.starts_at < ${p.end}
        AND m.convening_agency_id IN (SELECT id FROM scope)
      GROUP BY a.level
    ), asked AS (
      SELECT a.level::text AS level, count(*) AS asked, count(*) FILTER (WHERE r.answered_at <= f.deadline) AS answered
      FROM opinion_recipient r JOIN opinion_form f ON f.id = r.form_id JOIN agency a ON a.id = r.agency_id
      WHERE f.deadline >= ${p.start} AND f.deadline < ${p.end} AND r.agency_id IN (SELECT id FROM scope)
      GROUP BY a.level
    ), tasks AS (
      SELECT a.level::text AS level, count(*) AS due,
        count(*) FILTER (WHERE t.status = 'DONE' AND (t.done_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= t.due_date) AS done
      FROM meeting_task t JOIN agency a ON a.id = t.owner_agency_id
      WHERE t.due_date >= ${parseIsoDate(p.from)}::date AND t.due_date <= ${parseIsoDate(p.to)}::date
        AND t.owner_agency_id IN (SELECT id FROM scope)
      GROUP BY a.level
    ), levels AS (SELECT level FROM held UNION SELECT level FROM asked UNION SELECT level FROM tasks)
    SELECT l.level, coalesce(h.held, 0) AS held, coalesce(h.paperless, 0) AS paperless,
      coalesce(o.asked, 0) AS asked, coalesce(o.answered, 0) AS answered, coalesce(t.due, 0) AS due, coalesce(t.done, 0) AS done
    FROM levels l LEFT JOIN held h ON h.level = l.level LEFT JOIN asked o ON o.level = l.level LEFT JOIN tasks t ON t.level = l.level`;
  return rows.map((r) => ({
    level: String(r.level),
    held: Number(r.held),
    paperless: Number(r.paperless),
    asked: Number(r.asked),
    answered: Number(r.answered),
    due: Number(r.due),
    done: Number(r.done),
  }));
}

/** One computation per report (its rows share the period): per request, by period. */
const computed = new WeakMap<HubContext, Map<string, Promise<{ counts: Counts[]; targets: Map<string, number> }>>>();

function reportOf(ctx: HubContext, p: KpiPeriod) {
  let byPeriod = computed.get(ctx);
  if (!byPeriod) computed.set(ctx, (byPeriod = new Map()));
  const key = `${p.from}|${p.to}|${p.rootAgencyId ?? ''}`;
  let r = byPeriod.get(key);
  if (!r) {
    r = Promise.all([meetingIndicators(ctx.db, p), kpiTargetRepository.inForce(ctx.db, parseIsoDate(p.from))]).then(
      ([counts, targets]) => ({
        counts,
        targets: new Map(targets.map((t) => [`${t.indicator}:${t.level}`, t.value])),
      }),
    );
    byPeriod.set(key, r);
  }
  return r;
}

@Resolver(() => KpiRowType)
export class MeetingKpiResolver {
  @FieldResolver(() => MeetingKpiType, {
    description:
      'Họp và điều hành — paperless meetings, opinion forms answered on time and conclusion tasks finished on time',
  })
  async meetings(@Root() row: KpiRowType, @Ctx() ctx: HubContext): Promise<MeetingKpiType> {
    const { counts, targets } = await reportOf(ctx, row.period);
    const mine = counts.filter((c) =>
      row.level ? c.level === row.level : !row.period.level || c.level === row.period.level,
    );
    const sum = (k: keyof Omit<Counts, 'level'>) => mine.reduce((n, c) => n + c[k], 0);
    const target = (name: string) => targets.get(`${name}:${row.level}`) ?? null;
    const [held, paperless, asked, answered, due, done] = (
      ['held', 'paperless', 'asked', 'answered', 'due', 'done'] as const
    ).map(sum) as [number, number, number, number, number, number];
    return {
      meetingsHeld: held,
      paperless,
      paperlessRate: indicator(pct(paperless, held), target('MEETING_PAPERLESS_RATE')),
      opinionsAsked: asked,
      opinionsOnTime: answered,
      opinionOnTimeRate: indicator(pct(answered, asked), target('OPINION_ON_TIME_RATE')),
      tasksDue: due,
      tasksOnTime: done,
      taskOnTimeRate: indicator(pct(done, due), target('TASK_ON_TIME_RATE')),
    };
  }
}
