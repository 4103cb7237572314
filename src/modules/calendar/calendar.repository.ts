/** The calendar's days and years (tables `calendar_day`, `calendar_year`). */
import type { Db } from '../../db/client.js';
import type { CalendarDayKind, CalendarEntry } from './calendar.rules.js';

/** The source of rows carried over from the old holiday table (the migration writes it). */
const LEGACY_SOURCE = 'ngày nghỉ nhập trước khi lịch ghi nguồn';

const toEntry = (r: {
  date: Date;
  kind: CalendarDayKind;
  name: string;
  source: string;
  provisional: boolean;
}): CalendarEntry => ({
  date: r.date.toISOString().slice(0, 10),
  kind: r.kind,
  name: r.name,
  source: r.source,
  provisional: r.provisional,
});

export const calendarRepository = {
  async days(db: Db, from: string, to: string): Promise<CalendarEntry[]> {
    const rows = await db.calendarDay.findMany({
      where: { date: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) } },
      orderBy: { date: 'asc' },
    });
    return rows.map(toEntry);
  },

  years: (db: Db) => db.calendarYear.findMany({ orderBy: { year: 'asc' } }),

  upsertDay: async (db: Db, e: CalendarEntry) =>
    toEntry(
      await db.calendarDay.upsert({
        where: { date: new Date(`${e.date}T00:00:00Z`) },
        create: {
          date: new Date(`${e.date}T00:00:00Z`),
          kind: e.kind,
          name: e.name,
          source: e.source,
          provisional: e.provisional,
        },
        update: { kind: e.kind, name: e.name, source: e.source, provisional: e.provisional },
      }),
    ),

  removeDay: (db: Db, date: string) => db.calendarDay.deleteMany({ where: { date: new Date(`${date}T00:00:00Z`) } }),

  /** Remove a year's provisional days (before its decision or a new derivation is entered). */
  removeProvisional: (db: Db, year: number) =>
    db.calendarDay.deleteMany({
      where: {
        provisional: true,
        date: { gte: new Date(Date.UTC(year, 0, 1)), lte: new Date(Date.UTC(year, 11, 31)) },
      },
    }),

  upsertYear: (db: Db, year: number, confirmed: boolean, source: string | null) =>
    db.calendarYear.upsert({ where: { year }, create: { year, confirmed, source }, update: { confirmed, source } }),

  /** Add the days missing; replace only rows carried over from the old holiday table. */
  async seedDays(db: Db, days: CalendarEntry[]): Promise<void> {
    if (!days.length) return;
    await db.$executeRaw`
      INSERT INTO calendar_day (date, kind, name, source, provisional)
      SELECT x.d::date, x.k::"CalendarDayKind", x.n, x.s, x.p
      FROM unnest(${days.map((d) => d.date)}::text[], ${days.map((d) => d.kind)}::text[], ${days.map((d) => d.name)}::text[], ${days.map((d) => d.source)}::text[], ${days.map((d) => d.provisional)}::boolean[]) AS x(d, k, n, s, p)
      ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = EXCLUDED.source, provisional = EXCLUDED.provisional, updated_at = now()
      WHERE calendar_day.source = ${LEGACY_SOURCE}`;
  },

  /** Record a year once (true: it was new); what an administrator set later stays. */
  seedYear: async (db: Db, year: number, confirmed: boolean, source: string | null): Promise<boolean> =>
    (await db.$executeRaw`INSERT INTO calendar_year (year, confirmed, source) VALUES (${year}, ${confirmed}, ${source}) ON CONFLICT (year) DO NOTHING`) >
    0,
};
