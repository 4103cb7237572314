/** The seed's targets (2020 plan): dossiers processed online 80% ministry, 60% province, 30% district. */
import type { Db } from '../../db/client.js';
import { kpiTargetRepository } from './kpi.repository.js';

export const SEED_TARGETS = [
  { indicator: 'ONLINE_RATE', level: 'MINISTRY', value: 80 },
  { indicator: 'ONLINE_RATE', level: 'PROVINCE', value: 60 },
  { indicator: 'ONLINE_RATE', level: 'DISTRICT', value: 30 },
];

export async function seedKpiTargets(db: Db): Promise<void> {
  for (const t of SEED_TARGETS) {
    await kpiTargetRepository.upsert(db, { ...t, periodStart: new Date('2020-01-01T00:00:00Z'), periodEnd: null, source: 'Kế hoạch 2020 (seed)' });
  }
}
