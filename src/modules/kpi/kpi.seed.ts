/**
 * The seed's targets (2020 plan, domain.md): dossiers processed online 80% ministry, 60% province,
 * 30% district; 30% of level-3/4 online services integrated on the national portal. Since the
 * 2025 reform communes do what districts did: until a plan names a commune target, the district's
 * 30% is carried to communes from the reform (a choice, written in its source, replaceable with
 * setKpiTarget).
 */
import type { Db } from '../../db/client.js';

const PLAN_2020 = 'Kế hoạch 2020 (seed)';
const COMMUNE_CARRIED = 'Chỉ tiêu cấp huyện mang sang cấp xã từ 1/7/2025 (seed; chờ kế hoạch mới)';

const SEED_TARGETS = [
  { indicator: 'ONLINE_RATE', level: 'MINISTRY', value: 80, from: '2020-01-01', source: PLAN_2020 },
  { indicator: 'ONLINE_RATE', level: 'PROVINCE', value: 60, from: '2020-01-01', source: PLAN_2020 },
  { indicator: 'ONLINE_RATE', level: 'DISTRICT', value: 30, from: '2020-01-01', source: PLAN_2020 },
  { indicator: 'ONLINE_RATE', level: 'COMMUNE', value: 30, from: '2025-07-01', source: COMMUNE_CARRIED },
  ...['MINISTRY', 'PROVINCE', 'DISTRICT', 'COMMUNE'].map((level) => ({
    indicator: 'PORTAL_INTEGRATED_RATE',
    level,
    value: 30,
    from: '2020-01-01',
    source: PLAN_2020,
  })),
];

/** Add the seed's targets that are missing; a target an administrator changed stays changed. */
export async function seedKpiTargets(db: Db): Promise<void> {
  await db.kpiTarget.createMany({
    data: SEED_TARGETS.map((t) => ({
      indicator: t.indicator,
      level: t.level as never,
      value: t.value,
      periodStart: new Date(`${t.from}T00:00:00Z`),
      periodEnd: null,
      source: t.source,
    })),
    skipDuplicates: true,
  });
}
