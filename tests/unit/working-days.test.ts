/** Due times on the official calendar (2025–2026 as decided) and on the calendar derived for 2027. */
import { describe, expect, it } from 'vitest';
import { addWorkingDays, countingStart, vnDay } from '../../src/common/working-days.js';
import { WorkingCalendar, deriveYear } from '../../src/modules/calendar/calendar.rules.js';
import { DECIDED } from '../../src/modules/calendar/calendar.seed.js';

const at = (vn: string) => new Date(`${vn}+07:00`);
const official = new WorkingCalendar([...DECIDED[2025]!.days, ...DECIDED[2026]!.days, ...deriveYear(2027)]);
const due = (received: string, days: number) => addWorkingDays(at(received), days, official).toISOString();

describe('the working-day calendar', () => {
  it('skips weekends', () => {
    // Thursday 2026-11-26 10:00 + 3 working days = Tuesday 2026-12-01 10:00 (Vietnam time)
    expect(due('2026-11-26T10:00:00', 3)).toBe(at('2026-12-01T10:00:00').toISOString());
    expect(due('2026-11-28T09:00:00', 1)).toBe(at('2026-11-30T09:00:00').toISOString());
  });

  it('follows the 2026 decisions around the swapped days, worked Saturdays included', () => {
    // Fri 28/8 15:00 + 1: Mon 31/8 swapped off, 1/9 and 2/9 holidays → Thu 3/9
    expect(due('2026-08-28T15:00:00', 1)).toBe(at('2026-09-03T15:00:00').toISOString());
    // Fri 21/8 10:00 + 1: Saturday 22/8 is worked (in exchange for 31/8)
    expect(due('2026-08-21T10:00:00', 1)).toBe(at('2026-08-22T10:00:00').toISOString());
    // 31/12/2025 16:00 + 1: 1/1 holiday, 2/1 swapped off, the weekend → Mon 5/1/2026
    expect(due('2025-12-31T16:00:00', 1)).toBe(at('2026-01-05T16:00:00').toISOString());
    // Sat 10/1/2026 is worked, Giỗ Tổ on Sunday 26/4 gives Monday 27/4
    expect(due('2026-01-09T09:00:00', 1)).toBe(at('2026-01-10T09:00:00').toISOString());
    expect(due('2026-04-24T09:00:00', 1)).toBe(at('2026-04-28T09:00:00').toISOString());
    // Tết 2026: 16/2–20/2
    expect(due('2026-02-13T09:00:00', 1)).toBe(at('2026-02-23T09:00:00').toISOString());
  });

  it('follows the 2025 decisions: Tết 27–31/1, 30/4–2/5 with Saturday 26/4 worked, 1–2/9', () => {
    expect(due('2025-01-24T09:00:00', 1)).toBe(at('2025-02-03T09:00:00').toISOString());
    expect(due('2025-04-25T09:00:00', 1)).toBe(at('2025-04-26T09:00:00').toISOString());
    expect(due('2025-04-29T09:00:00', 1)).toBe(at('2025-05-05T09:00:00').toISOString());
    expect(due('2025-08-29T09:00:00', 1)).toBe(at('2025-09-03T09:00:00').toISOString());
  });

  it('derives 2027 from the Labour Code: fixed dates, Tết and Giỗ Tổ from the lunar calendar, days in lieu', () => {
    const days = Object.fromEntries(deriveYear(2027).map((d) => [d.date, d.name]));
    expect(days).toEqual({
      '2027-01-01': 'Tết Dương lịch',
      // Tết: 6/2/2027; the last day of the lunar year and the first four of the new one
      '2027-02-05': 'Tết Nguyên đán',
      '2027-02-06': 'Tết Nguyên đán',
      '2027-02-07': 'Tết Nguyên đán',
      '2027-02-08': 'Tết Nguyên đán',
      '2027-02-09': 'Tết Nguyên đán',
      // Saturday 6/2 and Sunday 7/2 give Wednesday 10/2 and Thursday 11/2
      '2027-02-10': 'Tết Nguyên đán (nghỉ bù)',
      '2027-02-11': 'Tết Nguyên đán (nghỉ bù)',
      '2027-04-16': 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
      '2027-04-30': 'Ngày Chiến thắng',
      '2027-05-01': 'Ngày Quốc tế Lao động',
      // 1/5 is a Saturday
      '2027-05-03': 'Ngày Quốc tế Lao động (nghỉ bù)',
      '2027-09-02': 'Quốc khánh',
      '2027-09-03': 'Quốc khánh (ngày liền kề)',
    });
    expect(
      deriveYear(2027).every((d) => d.provisional && d.kind === 'DAY_OFF' && /Bộ luật Lao động 2019/.test(d.source)),
    ).toBe(true);
    // a 30-working-day dossier received on 29/11/2026 is due on 11/1/2027, 1/1/2027 off
    expect(due('2026-11-30T09:00:00', 30)).toBe(at('2027-01-12T09:00:00').toISOString());
  });

  it('derives the years it has decisions for close to what was decided', () => {
    const derived = new Set(deriveYear(2026).map((d) => d.date));
    // the rules give every legal holiday of 2026 and the day in lieu of Giỗ Tổ; only the swaps need a decision
    for (const d of DECIDED[2026]!.days.filter((x) => !/hoán đổi|Làm bù/.test(x.name)))
      expect(derived.has(d.date), d.date).toBe(true);
  });

  it('counts a receipt outside office hours from the next working day when the city says so', () => {
    const next = { outsideHours: 'next-working-day', opensAtMin: 7 * 60 + 30, closesAtMin: 17 * 60 } as const;
    const same = { ...next, outsideHours: 'as-received' } as const;
    const start = (vn: string, rule: typeof next | typeof same = next) =>
      countingStart(at(vn), official, rule).toISOString();
    expect(start('2026-11-27T10:00:00')).toBe(at('2026-11-27T10:00:00').toISOString()); // in office hours
    expect(start('2026-11-27T18:00:00')).toBe(at('2026-11-30T07:30:00').toISOString()); // Friday evening → Monday's opening
    expect(start('2026-11-28T10:00:00')).toBe(at('2026-11-30T07:30:00').toISOString()); // Saturday
    expect(start('2026-08-21T20:00:00')).toBe(at('2026-08-22T07:30:00').toISOString()); // the worked Saturday opens
    expect(start('2026-11-27T06:00:00')).toBe(at('2026-11-27T07:30:00').toISOString()); // before opening
    expect(start('2026-11-28T10:00:00', same)).toBe(at('2026-11-28T10:00:00').toISOString());
    // a dossier received Friday 18:00 with one working day: due Tuesday 07:30 instead of Monday 18:00
    expect(addWorkingDays(countingStart(at('2026-11-27T18:00:00'), official, next), 1, official).toISOString()).toBe(
      at('2026-12-01T07:30:00').toISOString(),
    );
  });

  it('uses the Vietnamese calendar day, which starts at 17:00 UTC the day before', () => {
    expect(vnDay(new Date('2026-11-27T17:30:00Z'))).toBe('2026-11-28');
    expect(official.isWorkingDay('2026-11-28')).toBe(false);
    expect(official.isWorkingDay('2026-08-22')).toBe(true);
    expect(official.isWorkingDay('2026-08-31')).toBe(false);
  });
});
