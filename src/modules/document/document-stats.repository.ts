/** Document counts for reports, computed by PostgreSQL aggregates (no rows loaded into Node). */
import type { Db } from '../../db/client.js';

export interface AgencyDocumentCounts {
  agencyId: string;
  level: string;
  sent: number;
  received: number;
  /** deliveries received in the period by their current status ('SENT' = not yet arrived) */
  byStatus: Record<string, number>;
}

export async function documentCounts(
  db: Db,
  from: Date,
  to: Date,
  agencyIds: string[] | null,
): Promise<AgencyDocumentCounts[]> {
  const rows = await db.$queryRaw<
    Array<{
      agency_id: string;
      level: string;
      sent: bigint;
      received: bigint | string;
      by_status: Record<string, number> | null;
    }>
  >`
    WITH sent AS (
      SELECT sender_id AS agency_id, count(*) AS n FROM document
      WHERE created_at >= ${from} AND created_at < ${to} GROUP BY sender_id
    ), received AS (
      SELECT recipient_id AS agency_id, sum(c) AS n, jsonb_object_agg(st, c) AS by_status
      FROM (
        SELECT recipient_id, coalesce(status, 'SENT') AS st, count(*) AS c FROM delivery
        WHERE created_at >= ${from} AND created_at < ${to} GROUP BY recipient_id, coalesce(status, 'SENT')
      ) s GROUP BY recipient_id
    )
    SELECT a.id AS agency_id, a.level::text AS level, coalesce(s.n, 0) AS sent, coalesce(r.n, 0) AS received, r.by_status
    FROM agency a
    LEFT JOIN sent s ON s.agency_id = a.id
    LEFT JOIN received r ON r.agency_id = a.id
    WHERE (s.n IS NOT NULL OR r.agency_id IS NOT NULL)
      AND (${agencyIds}::uuid[] IS NULL OR a.id = ANY(${agencyIds}::uuid[]))
    ORDER BY a.code`;
  return rows.map((r) => ({
    agencyId: r.agency_id,
    level: r.level,
    sent: Number(r.sent),
    received: Number(r.received),
    byStatus: Object.fromEntries(Object.entries(r.by_status ?? {}).map(([k, v]) => [k, Number(v)])),
  }));
}
