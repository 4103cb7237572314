/**
 * The working calendar the hub computes due dates with: the decided and provisional days stored,
 * and for a year nobody entered, the days derived from the Labour Code's rules. The horizon is the
 * end of the last confirmed year: a due date beyond it still gets an answer, from the provisional
 * calendar, and a warning (the log, `calendarStatus`) — from 60 days before the horizon on.
 */
import type { Db } from '../../db/client.js';
import { type CalendarEntry, WorkingCalendar, deriveYear } from './calendar.rules.js';
import { calendarRepository } from './calendar.repository.js';

/** Warn this many days before the confirmed calendar ends. */
const HORIZON_WARNING_DAYS = 60;

export interface CalendarSpan {
  calendar: WorkingCalendar;
  /** yyyy-MM-dd: the last day of the last confirmed year (null: none confirmed) */
  horizon: string | null;
  /** years of the span that are provisional (stored unconfirmed, or derived on the fly) */
  provisionalYears: number[];
}

/**
 * The last day of the unbroken run of confirmed years from the current year on (2026 and 2028
 * confirmed, 2027 not: the horizon is 31/12/2026). Null when the current year is not confirmed.
 */
function horizonOf(confirmed: Set<number>, now: Date): string | null {
  let y = Number(new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 4));
  if (!confirmed.has(y)) return null;
  while (confirmed.has(y + 1)) y++;
  return `${y}-12-31`;
}

export const calendarService = {
  /** The calendar from `from` to `to` (yyyy-MM-dd, inclusive). */
  async span(db: Db, from: string, to: string): Promise<CalendarSpan> {
    const [stored, years] = await Promise.all([calendarRepository.days(db, from, to), calendarRepository.years(db)]);
    const known = new Map(years.map((y) => [y.year, y.confirmed]));
    const derived: CalendarEntry[] = [];
    const provisionalYears: number[] = [];
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
      if (!known.has(y)) derived.push(...deriveYear(y));
      if (known.get(y) !== true) provisionalYears.push(y);
    }
    return {
      calendar: new WorkingCalendar([...derived, ...stored]),
      horizon: horizonOf(new Set(years.filter((y) => y.confirmed).map((y) => y.year)), new Date()),
      provisionalYears,
    };
  },

  /** What an operator should know: the horizon, how near it is, the years still provisional. */
  async status(db: Db, now = new Date()) {
    const years = await calendarRepository.years(db);
    const confirmed = years.filter((y) => y.confirmed).map((y) => y.year);
    const horizon = horizonOf(new Set(confirmed), now);
    const daysToHorizon = horizon
      ? Math.floor((Date.parse(`${horizon}T17:00:00Z`) - now.getTime()) / 86_400_000)
      : null;
    const next = horizon ? Number(horizon.slice(0, 4)) + 1 : now.getUTCFullYear();
    const warning =
      daysToHorizon === null
        ? 'This year of the calendar is not confirmed: due dates are computed on the provisional calendar'
        : daysToHorizon <= HORIZON_WARNING_DAYS
          ? `The confirmed calendar ends on ${horizon} (${Math.max(daysToHorizon, 0)} days): enter the decided days off of ${next} and confirm it; due dates after ${horizon} are provisional`
          : null;
    return {
      horizon,
      daysToHorizon,
      warning,
      confirmedYears: confirmed,
      provisionalYears: years.filter((y) => !y.confirmed).map((y) => y.year),
    };
  },
};
