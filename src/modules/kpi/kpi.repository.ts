/**
 * The KPI indicators in SQL aggregates (definitions in domain.md). A dossier belongs to the level
 * of its receiving agency. "Finished" is the first of processed (9), result returned (10),
 * stopped (8) or not accepted (3); a withdrawal (7) is not counted. Supplement time is
 * subtracted from the elapsed time before comparing with the due time. A dossier is fee-bearing
 * when the fee list the portal sync sends has an amount (its payments' lines, or the catalog's fees
 * until a payment is asked), and paid online when one of its payments succeeded on either route
 * (DuocThanhToanTrucTuyen 1 or 2): the report counts what the hub sent.
 */
import type { Db } from '../../db/client.js';

export interface KpiRow {
  level: string;
  received: number;
  online: number;
  finished: number;
  onTime: number;
  overdue: number;
  avgProcessingDays: number | null;
  feeBearing: number;
  paidOnline: number;
}

export async function dossierIndicators(db: Db, from: Date, to: Date, rootAgencyId: string | null): Promise<KpiRow[]> {
  const rows = await db.$queryRaw<Array<{ level: string; received: bigint; online: bigint; finished: bigint; on_time: bigint; overdue: bigint; avg_days: number | null; fee_bearing: bigint; paid_online: bigint }>>`
    WITH RECURSIVE scope AS (
      SELECT id FROM agency WHERE ${rootAgencyId}::uuid IS NULL OR id = ${rootAgencyId}::uuid
      UNION
      SELECT a.id FROM agency a JOIN scope s ON a.parent_id = s.id WHERE ${rootAgencyId}::uuid IS NOT NULL
    ), d AS (
      SELECT d.received_at, d.channel, d.status, d.due_at, d.finished_at, a.level::text AS level,
             (NOT p.result_required OR EXISTS (SELECT 1 FROM dossier_result r WHERE r.dossier_id = d.id)) AS result_ok,
             coalesce((
               SELECT sum(extract(epoch FROM (least(coalesce(s.completed_at, ${to}), ${to}) - s.requested_at)))
               FROM dossier_supplement s WHERE s.dossier_id = d.id AND s.requested_at < ${to}
             ), 0) AS supplement_s,
             (d.finished_at >= ${from} AND d.finished_at < ${to} AND d.status <> 7) AS finished_in_period,
             (EXISTS (SELECT 1 FROM payment pay WHERE pay.dossier_id = d.id)
               OR EXISTS (SELECT 1 FROM procedure_fee f WHERE f.procedure_id = d.procedure_id AND f.amount > 0)) AS fee_bearing,
             EXISTS (SELECT 1 FROM payment pay JOIN payment_attempt pa ON pa.payment_id = pay.id
                     WHERE pay.dossier_id = d.id AND pa.status = 'SUCCEEDED') AS paid_online
      FROM dossier d
      JOIN agency a ON a.id = d.receiving_agency_id
      JOIN procedure p ON p.id = d.procedure_id
      WHERE d.receiving_agency_id IN (SELECT id FROM scope) AND d.received_at < ${to}
    )
    SELECT level,
      count(*) FILTER (WHERE received_at >= ${from}) AS received,
      count(*) FILTER (WHERE received_at >= ${from} AND channel = 2 AND result_ok) AS online,
      count(*) FILTER (WHERE finished_in_period) AS finished,
      count(*) FILTER (WHERE finished_in_period AND finished_at - make_interval(secs => supplement_s) <= due_at) AS on_time,
      count(*) FILTER (
        WHERE (finished_in_period AND finished_at - make_interval(secs => supplement_s) > due_at)
           OR ((finished_at IS NULL OR finished_at >= ${to}) AND ${to}::timestamptz - make_interval(secs => supplement_s) > due_at)
      ) AS overdue,
      (avg(extract(epoch FROM (finished_at - received_at)) - supplement_s) FILTER (WHERE finished_in_period) / 86400)::float8 AS avg_days,
      count(*) FILTER (WHERE received_at >= ${from} AND fee_bearing) AS fee_bearing,
      count(*) FILTER (WHERE received_at >= ${from} AND fee_bearing AND paid_online) AS paid_online
    FROM d GROUP BY level ORDER BY level`;
  return rows.map((r) => ({
    level: r.level,
    received: Number(r.received),
    online: Number(r.online),
    finished: Number(r.finished),
    onTime: Number(r.on_time),
    overdue: Number(r.overdue),
    avgProcessingDays: r.avg_days === null ? null : Number(r.avg_days),
    feeBearing: Number(r.fee_bearing),
    paidOnline: Number(r.paid_online),
  }));
}

export const kpiTargetRepository = {
  /** Targets in force at `on`: per indicator and level, the one that started last. */
  async inForce(db: Db, on: Date) {
    const rows = await db.kpiTarget.findMany({
      where: { periodStart: { lte: on }, OR: [{ periodEnd: null }, { periodEnd: { gte: on } }] },
      orderBy: { periodStart: 'desc' },
    });
    const seen = new Map<string, (typeof rows)[number]>();
    for (const r of rows) if (!seen.has(`${r.indicator}:${r.level}`)) seen.set(`${r.indicator}:${r.level}`, r);
    return [...seen.values()];
  },
  upsert: (db: Db, t: { indicator: string; level: string | null; periodStart: Date; periodEnd: Date | null; value: number; source: string | null }) =>
    db.kpiTarget.upsert({
      where: { indicator_level_periodStart: { indicator: t.indicator, level: t.level as never, periodStart: t.periodStart } },
      create: { ...t, level: t.level as never },
      update: { value: t.value, periodEnd: t.periodEnd, source: t.source },
    }),
};
