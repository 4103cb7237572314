/**
 * Public holidays of the working-day calendar for 2026 (Labour Code 2019, art. 112): New Year,
 * Tết Nguyên đán (five days), Hùng Kings' day, 30/4, 1/5 and National Day with the day before.
 * Admins correct and extend it with `setHoliday` / `removeHoliday` as the government announces
 * compensatory days.
 */
import type { Db } from '../../db/client.js';
import { procedureRepository } from './procedure.repository.js';

export const SEED_HOLIDAYS: Array<[string, string]> = [
  ['2026-01-01', 'Tết Dương lịch'],
  ['2026-02-16', 'Tết Nguyên đán'],
  ['2026-02-17', 'Tết Nguyên đán'],
  ['2026-02-18', 'Tết Nguyên đán'],
  ['2026-02-19', 'Tết Nguyên đán'],
  ['2026-02-20', 'Tết Nguyên đán'],
  ['2026-04-27', 'Giỗ Tổ Hùng Vương (nghỉ bù)'],
  ['2026-04-30', 'Ngày Chiến thắng'],
  ['2026-05-01', 'Ngày Quốc tế Lao động'],
  ['2026-09-01', 'Quốc khánh'],
  ['2026-09-02', 'Quốc khánh'],
];

export async function seedHolidays(db: Db): Promise<void> {
  await procedureRepository.upsertHolidays(db, SEED_HOLIDAYS);
}
