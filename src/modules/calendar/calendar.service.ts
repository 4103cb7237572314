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
export const HORIZON_WARNING_DAYS = 60;

export interface CalendarSpan {
  calendar: WorkingCalendar;
  /** yyyy-MM-dd: the last day of the last confirmed year (null: none confirmed) */
  horizon: string | null;
  /** years of the span that are provisional (stored unconfirmed, or derived on the fly) */
  provisionalYears: number[];
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
    const confirmed = years.filter((y) => y.confirmed).map((y) => y.year);
    return {
      calendar: new WorkingCalendar([...derived, ...stored]),
      horizon: confirmed.length ? `${Math.max(...confirmed)}-12-31` : null,
      provisionalYears,
    };
  },

  /** What an operator should know: the horizon, how near it is, the years still provisional. */
  async status(db: Db, now = new Date()) {
    const years = await calendarRepository.years(db);
    const confirmed = years.filter((y) => y.confirmed).map((y) => y.year);
    const horizon = confirmed.length ? `${Math.max(...confirmed)}-12-31` : null;
    const daysToHorizon = horizon
      ? Math.floor((Date.parse(`${horizon}T17:00:00Z`) - now.getTime()) / 86_400_000)
      : null;
    const next = horizon ? Number(horizon.slice(0, 4)) + 1 : now.getUTCFullYear();
    const warning =
      daysToHorizon === null
        ? 'No year of the calendar is confirmed: every due date is computed on the derived calendar'
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
