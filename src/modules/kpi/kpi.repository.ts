/**
 * The KPI indicators in SQL aggregates (definitions in domain.md and the README, formula by
 * formula). A dossier belongs to the level of its receiving agency. An open dossier is overdue
 * when its due time (plus supplement time) is before both the period's end and now. "Finished" is the first of processed (9), result returned (10),
 * stopped (8) or not accepted (3); a withdrawal (7) is not counted. Supplement time is
 * subtracted from the elapsed time before comparing with the due time. A dossier is fee-bearing
 * when the fee list the portal sync sends has an amount (its payments' lines, or the catalog's fees
 * until a payment is asked), and paid online when one of its payments succeeded on either route
 * (DuocThanhToanTrucTuyen 1 or 2): the report counts what the hub sent.
 */
import { Prisma, type Db } from '../../db/client.js';

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
  /** received in the period and known to the portal (a version of it synced) */
  portalSynced: number;
}

/** What the indicators read of a dossier. */
const PERIOD_COLUMNS = Prisma.raw(
  'id, procedure_id, receiving_agency_id, received_at, channel, status, due_at, finished_at',
);

export async function dossierIndicators(db: Db, from: Date, to: Date, rootAgencyId: string | null): Promise<KpiRow[]> {
  const rows = await db.$queryRaw<
    Array<{
      level: string;
      received: bigint;
      online: bigint;
      finished: bigint;
      on_time: bigint;
      overdue: bigint;
      avg_days: number | null;
      fee_bearing: bigint;
      paid_online: bigint;
      portal_synced: bigint;
    }>
  >`
    WITH RECURSIVE ${scopeCte(rootAgencyId)},
    -- the dossiers the period can count, each found by an index: received in it, finished in or
    -- after it, or still open (a bounded set in a working city): never the whole history; the
    -- columns read come with them (UNION keeps one row per dossier: its rows are equal)
    cand AS (
      SELECT ${PERIOD_COLUMNS} FROM dossier WHERE received_at >= ${from} AND received_at < ${to}
      UNION
      SELECT ${PERIOD_COLUMNS} FROM dossier WHERE finished_at >= ${from} AND received_at < ${to}
      UNION
      SELECT ${PERIOD_COLUMNS} FROM dossier WHERE finished_at IS NULL AND received_at < ${to}
    ),
    -- each dossier's facts read by its own index lookups (LATERAL), so that they cost the same
    -- whatever the size of the payment, supplement, result and portal tables
    d AS MATERIALIZED (
      SELECT d.received_at, d.channel, d.status, d.due_at, d.finished_at, a.level::text AS level,
             (NOT p.result_required OR r.has_result IS NOT NULL) AS result_ok,
             coalesce(sup.secs, 0) AS supplement_s,
             (d.finished_at >= ${from} AND d.finished_at < ${to} AND d.status <> 7) AS finished_in_period,
             (y.payments > 0
               OR EXISTS (SELECT 1 FROM procedure_fee f WHERE f.procedure_id = d.procedure_id AND f.amount > 0)) AS fee_bearing,
             y.paid_online,
             coalesce(ps.synced, false) AS portal_synced
      FROM cand d
      JOIN agency a ON a.id = d.receiving_agency_id
      JOIN procedure p ON p.id = d.procedure_id
      -- supplement time, once per dossier, cut at the earlier of the period's end and now
      CROSS JOIN LATERAL (
        SELECT sum(extract(epoch FROM (least(coalesce(s.completed_at, least(${to}::timestamptz, now())), ${to}) - s.requested_at))) AS secs
        FROM dossier_supplement s WHERE s.dossier_id = d.id AND s.requested_at < ${to}
      ) sup
      CROSS JOIN LATERAL (
        SELECT count(*) AS payments, coalesce(bool_or(pa.id IS NOT NULL), false) AS paid_online
        FROM payment pay LEFT JOIN payment_attempt pa ON pa.payment_id = pay.id AND pa.status = 'SUCCEEDED'
        WHERE pay.dossier_id = d.id
      ) y
      LEFT JOIN LATERAL (SELECT true AS has_result FROM dossier_result r WHERE r.dossier_id = d.id LIMIT 1) r ON true
      LEFT JOIN LATERAL (
        SELECT ps.synced_version > 0 AS synced FROM portal_sync ps WHERE ps.dossier_id = d.id LIMIT 1
      ) ps ON true
      WHERE d.receiving_agency_id IN (SELECT id FROM scope)
    )
    SELECT level,
      count(*) FILTER (WHERE received_at >= ${from}) AS received,
      count(*) FILTER (WHERE received_at >= ${from} AND channel = 2 AND result_ok) AS online,
      count(*) FILTER (WHERE finished_in_period) AS finished,
      count(*) FILTER (WHERE finished_in_period AND finished_at - make_interval(secs => supplement_s) <= due_at) AS on_time,
      count(*) FILTER (
        WHERE (finished_in_period AND finished_at - make_interval(secs => supplement_s) > due_at)
           OR ((finished_at IS NULL OR finished_at >= ${to}) AND least(${to}::timestamptz, now()) - make_interval(secs => supplement_s) > due_at)
      ) AS overdue,
      (avg(extract(epoch FROM (finished_at - received_at)) - supplement_s) FILTER (WHERE finished_in_period) / 86400)::float8 AS avg_days,
      count(*) FILTER (WHERE received_at >= ${from} AND fee_bearing) AS fee_bearing,
      count(*) FILTER (WHERE received_at >= ${from} AND fee_bearing AND paid_online) AS paid_online,
      count(*) FILTER (WHERE received_at >= ${from} AND portal_synced) AS portal_synced
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
    portalSynced: Number(r.portal_synced),
  }));
}

/** The agency `root` and those below it (every agency when null), as a recursive CTE named `scope`. */
export function scopeCte(rootAgencyId: string | null) {
  return Prisma.sql`scope AS (
      SELECT id FROM agency WHERE ${rootAgencyId}::uuid IS NULL OR id = ${rootAgencyId}::uuid
      UNION
      SELECT a.id FROM agency a JOIN scope s ON a.parent_id = s.id WHERE ${rootAgencyId}::uuid IS NOT NULL
    )`;
}

export interface KpiDocumentRow {
  level: string;
  sent: number;
  received: number;
}

/**
 * Documents per level, within the scope: sent = documents the agencies sent in the period;
 * received = deliveries to them in the period that arrived (a status 01 or later reported) of
 * documents not revoked.
 */
export async function documentIndicators(
  db: Db,
  from: Date,
  to: Date,
  rootAgencyId: string | null,
): Promise<KpiDocumentRow[]> {
  const rows = await db.$queryRaw<Array<{ level: string; sent: bigint; received: bigint }>>`
    WITH RECURSIVE ${scopeCte(rootAgencyId)},
    sent AS (
      SELECT a.level::text AS level, count(*) AS n FROM document doc JOIN agency a ON a.id = doc.sender_id
      WHERE doc.created_at >= ${from} AND doc.created_at < ${to} AND doc.sender_id IN (SELECT id FROM scope) GROUP BY a.level
    ), received AS (
      SELECT a.level::text AS level, count(*) AS n FROM delivery dl JOIN agency a ON a.id = dl.recipient_id JOIN document doc ON doc.id = dl.document_id
      WHERE dl.created_at >= ${from} AND dl.created_at < ${to} AND dl.recipient_id IN (SELECT id FROM scope)
        AND dl.status IS NOT NULL AND doc.revoked_at IS NULL AND dl.taken_back_at IS NULL
      GROUP BY a.level
    )
    SELECT coalesce(s.level, r.level) AS level, coalesce(s.n, 0) AS sent, coalesce(r.n, 0) AS received
    FROM sent s FULL JOIN received r ON r.level = s.level`;
  return rows.map((r) => ({ level: r.level, sent: Number(r.sent), received: Number(r.received) }));
}

export interface KpiProcedureRow {
  level: string;
  /** procedures in force at the period's end that agencies of the level handle */
  procedures: number;
  /** of those, offered online: level 3 or 4 (Decree 43/2011), or full-process (toàn trình, Decree 42/2022) */
  onlineProcedures: number;
  /** of the online ones, integrated on the National Public Service Portal (its catalog lists them: LayThuTuc's ID) */
  portalIntegrated: number;
}

export async function procedureIndicators(
  db: Db,
  to: Date,
  rootAgencyId: string | null,
  allLevels = false,
): Promise<KpiProcedureRow[]> {
  const rows = await db.$queryRaw<Array<{ level: string; procedures: bigint; online: bigint; integrated: bigint }>>`
    WITH RECURSIVE ${scopeCte(rootAgencyId)},
    p AS (
      SELECT DISTINCT CASE WHEN ${allLevels} THEN 'ALL' ELSE a.level::text END AS level, p.id, (p.online_level >= 3 OR p.online_type = 'FULL') AS online, p.portal_id IS NOT NULL AS integrated
      FROM procedure p JOIN procedure_agency pa ON pa.procedure_id = p.id JOIN agency a ON a.id = pa.agency_id
      WHERE pa.agency_id IN (SELECT id FROM scope) AND p.valid_from < ${to} AND (p.valid_to IS NULL OR p.valid_to >= ${to})
    )
    SELECT level, count(*) AS procedures, count(*) FILTER (WHERE online) AS online, count(*) FILTER (WHERE online AND integrated) AS integrated
    FROM p GROUP BY level`;
  return rows.map((r) => ({
    level: r.level,
    procedures: Number(r.procedures),
    onlineProcedures: Number(r.online),
    portalIntegrated: Number(r.integrated),
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
  upsert: (
    db: Db,
    t: {
      indicator: string;
      level: string | null;
      periodStart: Date;
      periodEnd: Date | null;
      value: number;
      source: string | null;
    },
  ) =>
    db.kpiTarget.upsert({
      where: {
        indicator_level_periodStart: { indicator: t.indicator, level: t.level as never, periodStart: t.periodStart },
      },
      create: { ...t, level: t.level as never },
      update: { value: t.value, periodEnd: t.periodEnd, source: t.source },
    }),
};
