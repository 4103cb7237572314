/**
 * Everything `npm start` and `npm run db:migrate` seed, idempotently, in a few batched statements
 * (no long interactive transaction: a slow machine must not hit its time limit; a seed cut short
 * is completed by the next run).
 */
import type { Db } from './client.js';
import { seedDirectory } from '../modules/agency/agency.seed.js';
import { seedKpiTargets } from '../modules/kpi/kpi.seed.js';
import { seedCalendar } from '../modules/calendar/calendar.seed.js';

export async function seedDemo(db: Db): Promise<{ agencies: number }> {
  const agencies = await seedDirectory(db);
  await seedKpiTargets(db);
  await seedCalendar(db);
  return { agencies };
}
