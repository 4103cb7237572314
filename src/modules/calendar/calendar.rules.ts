/**
 * The civil service's working calendar. A day is worked Monday to Friday, unless the calendar says
 * it is a day off (a public holiday, a day in lieu, a swapped day), and a Saturday or Sunday is
 * worked when the calendar says so (the make-up day of a swap, "làm bù").
 *
 * What the government decides is entered as data with its source. For a year without a decision
 * the rules of the Labour Code 2019 give a provisional calendar:
 * - Art. 112(1): 1/1; five days of Tết Nguyên đán (here: the last day of the lunar year and the
 *   first four of the new one — the government places them each year); 10/3 lunar (Giỗ Tổ Hùng
 *   Vương); 30/4; 1/5; 2/9 and one adjacent day (here: the one that joins a weekend, else 1/9);
 * - Art. 111(3): a holiday that falls on the weekly rest day (Saturday or Sunday for civil
 *   servants) gives a day off in lieu on the next working day.
 * Swaps (a weekday off against a worked Saturday) are never derived: only a decision makes them.
 */
import { lunarToSolar } from '../../common/lunar.js';

export type CalendarDayKind = 'DAY_OFF' | 'WORKING_DAY';

export interface CalendarEntry {
  /** yyyy-MM-dd */
  date: string;
  kind: CalendarDayKind;
  name: string;
  source: string;
  provisional: boolean;
}

const dayOfWeek = (isoDay: string) => new Date(`${isoDay}T00:00:00Z`).getUTCDay();
const isWeekend = (isoDay: string) => dayOfWeek(isoDay) === 0 || dayOfWeek(isoDay) === 6;
const plusDays = (isoDay: string, n: number) =>
  new Date(Date.parse(`${isoDay}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** A calendar over some days: the entries it holds, Monday to Friday for the rest. */
export class WorkingCalendar {
  private readonly days = new Map<string, CalendarEntry>();

  constructor(entries: Iterable<CalendarEntry>) {
    for (const e of entries) this.days.set(e.date, e);
  }

  isWorkingDay(isoDay: string): boolean {
    const e = this.days.get(isoDay);
    if (e) return e.kind === 'WORKING_DAY';
    return !isWeekend(isoDay);
  }

  entry(isoDay: string): CalendarEntry | undefined {
    return this.days.get(isoDay);
  }
}

const LABOUR_CODE_112 = 'Bộ luật Lao động 2019, Điều 112 (suy ra theo quy tắc, chờ quyết định)';
const LABOUR_CODE_111 = 'Bộ luật Lao động 2019, Điều 111 khoản 3 — nghỉ bù (suy ra theo quy tắc, chờ quyết định)';

/** The day that joins 2/9 to a weekend: Monday's 2/9 → 3/9, Thursday's → 3/9 (Friday), else 1/9. */
function nationalDayNeighbour(year: number): string {
  const dow = dayOfWeek(iso(year, 9, 2));
  return dow === 1 || dow === 4 ? iso(year, 9, 3) : iso(year, 9, 1);
}

/** The provisional calendar of a year from the Labour Code's rules (Art. 112 and 111). */
export function deriveYear(year: number): CalendarEntry[] {
  const tet = lunarToSolar(1, 1, year);
  const holidays: Array<[string, string]> = [
    [iso(year, 1, 1), 'Tết Dương lịch'],
    ...[-1, 0, 1, 2, 3].map((n): [string, string] => [plusDays(tet, n), 'Tết Nguyên đán']),
    [lunarToSolar(10, 3, year), 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'],
    [iso(year, 4, 30), 'Ngày Chiến thắng'],
    [iso(year, 5, 1), 'Ngày Quốc tế Lao động'],
    [iso(year, 9, 2), 'Quốc khánh'],
    [nationalDayNeighbour(year), 'Quốc khánh (ngày liền kề)'],
  ];
  const off = new Set(holidays.map(([d]) => d));
  const entries: CalendarEntry[] = holidays.map(([date, name]) => ({
    date,
    kind: 'DAY_OFF',
    name,
    source: LABOUR_CODE_112,
    provisional: true,
  }));
  // Art. 111(3): each holiday on a Saturday or Sunday gives the next working day off
  for (const [date, name] of [...holidays].sort(([a], [b]) => a.localeCompare(b))) {
    if (!isWeekend(date)) continue;
    let d = plusDays(date, 1);
    while (isWeekend(d) || off.has(d)) d = plusDays(d, 1);
    off.add(d);
    entries.push({ date: d, kind: 'DAY_OFF', name: `${name} (nghỉ bù)`, source: LABOUR_CODE_111, provisional: true });
  }
  return entries.sort((a, b) => a.date.localeCompare(b.date));
}
