/**
 * The official calendar as decided (civil servants, Hải Phòng follows the national decisions), and
 * the next year derived from the Labour Code's rules, provisional until its decision is entered.
 * A year is seeded once, when its row is first written: a later start never brings back a day an
 * administrator removed (rows carried over from the old holiday table are replaced by the decided
 * ones on that first seed).
 */
import type { Db } from '../../db/client.js';
import { type CalendarEntry, deriveYear } from './calendar.rules.js';
import { calendarRepository } from './calendar.repository.js';

const LC = 'Bộ luật Lao động 2019, Điều 112';
const TET_2025 = 'Thông báo 6150/TB-LĐTBXH ngày 14/11/2024 (lịch nghỉ Tết Âm lịch 2025)';
const SWAP_APRIL_2025 =
  'Thông báo của Bộ Nội vụ về hoán đổi ngày làm việc dịp 30/4–1/5/2025 (Thủ tướng Chính phủ đồng ý)';
const NATIONAL_DAY_2025 = `${LC}; Thông báo lịch nghỉ Quốc khánh 2025 (nghỉ 1/9 và 2/9)`;
const NEW_YEAR_2026 = 'Công văn 12729/VPCP-KGVX ngày 25/12/2025 (hoán đổi ngày làm việc dịp Tết Dương lịch 2026)';
const TET_2026 = `${LC}; lịch nghỉ Tết Âm lịch 2026 (16/2–20/2)`;
const HUNG_2026 = 'Bộ luật Lao động 2019, Điều 111 khoản 3 (Giỗ Tổ 26/4/2026 là Chủ nhật: nghỉ bù thứ Hai 27/4)';
const NATIONAL_DAY_2026 =
  'Ý kiến đồng ý của Thủ tướng Chính phủ ngày 13/10/2025 (hoán đổi ngày làm việc dịp Quốc khánh 2026)';

const off = (date: string, name: string, source: string): CalendarEntry => ({
  date,
  kind: 'DAY_OFF',
  name,
  source,
  provisional: false,
});
const worked = (date: string, name: string, source: string): CalendarEntry => ({
  date,
  kind: 'WORKING_DAY',
  name,
  source,
  provisional: false,
});

export const DECIDED: Record<number, { source: string; days: CalendarEntry[] }> = {
  2025: {
    source: 'Lịch nghỉ lễ, Tết năm 2025 của cán bộ, công chức, viên chức',
    days: [
      off('2025-01-01', 'Tết Dương lịch', LC),
      ...['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'].map((d) =>
        off(d, 'Tết Nguyên đán', TET_2025),
      ),
      off('2025-04-07', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', LC),
      worked('2025-04-26', 'Làm bù cho ngày 2/5', SWAP_APRIL_2025),
      off('2025-04-30', 'Ngày Chiến thắng', LC),
      off('2025-05-01', 'Ngày Quốc tế Lao động', LC),
      off('2025-05-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)', SWAP_APRIL_2025),
      off('2025-09-01', 'Quốc khánh (ngày liền kề)', NATIONAL_DAY_2025),
      off('2025-09-02', 'Quốc khánh', LC),
    ],
  },
  2026: {
    source: 'Lịch nghỉ lễ, Tết năm 2026 của cán bộ, công chức, viên chức',
    days: [
      off('2026-01-01', 'Tết Dương lịch', LC),
      off('2026-01-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 10/1)', NEW_YEAR_2026),
      worked('2026-01-10', 'Làm bù cho ngày 2/1', NEW_YEAR_2026),
      ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((d) =>
        off(d, 'Tết Nguyên đán', TET_2026),
      ),
      off('2026-04-27', 'Giỗ Tổ Hùng Vương (nghỉ bù)', HUNG_2026),
      off('2026-04-30', 'Ngày Chiến thắng', LC),
      off('2026-05-01', 'Ngày Quốc tế Lao động', LC),
      worked('2026-08-22', 'Làm bù cho ngày 31/8', NATIONAL_DAY_2026),
      off('2026-08-31', 'Nghỉ hoán đổi (làm bù thứ Bảy 22/8)', NATIONAL_DAY_2026),
      off('2026-09-01', 'Quốc khánh (ngày liền kề)', NATIONAL_DAY_2026),
      off('2026-09-02', 'Quốc khánh', LC),
    ],
  },
};

/** The first year that is only derived (provisional) in a fresh hub. */
const FIRST_DERIVED_YEAR = 2027;

export async function seedCalendar(db: Db): Promise<void> {
  // a year's days are seeded once, with the year's row: what an administrator changed later stays
  for (const [year, decided] of Object.entries(DECIDED)) {
    if (await calendarRepository.seedYear(db, Number(year), true, decided.source))
      await calendarRepository.seedDays(db, decided.days);
  }
  if (await calendarRepository.seedYear(db, FIRST_DERIVED_YEAR, false, null))
    await calendarRepository.seedDays(db, deriveYear(FIRST_DERIVED_YEAR));
}
