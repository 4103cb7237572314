import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, vnDay } from '../../src/common/working-days.js';

const at = (vn: string) => new Date(`${vn}+07:00`);

describe('the working-day calendar', () => {
  const holidays = new Set(['2026-09-01', '2026-09-02']);

  it('skips weekends', () => {
    // Thursday 2026-11-26 10:00 + 3 working days = Tuesday 2026-12-01 10:00 (Vietnam time)
    expect(addWorkingDays(at('2026-11-26T10:00:00'), 3, holidays).toISOString()).toBe(at('2026-12-01T10:00:00').toISOString());
  });

  it('skips the public holidays of the calendar', () => {
    // Friday 2026-08-28 + 2 working days: Mon 31/8, then 1/9 and 2/9 are holidays -> Thursday 3/9
    expect(addWorkingDays(at('2026-08-28T15:30:00'), 2, holidays).toISOString()).toBe(at('2026-09-03T15:30:00').toISOString());
    expect(addWorkingDays(at('2026-08-28T15:30:00'), 2, new Set()).toISOString()).toBe(at('2026-09-01T15:30:00').toISOString());
  });

  it('counts from a day received on a weekend to the next working days', () => {
    expect(addWorkingDays(at('2026-11-28T09:00:00'), 1, holidays).toISOString()).toBe(at('2026-11-30T09:00:00').toISOString());
  });

  it('uses the Vietnamese calendar day, which starts at 17:00 UTC the day before', () => {
    expect(vnDay(new Date('2026-11-27T17:30:00Z'))).toBe('2026-11-28');
    expect(isWorkingDay('2026-11-28', holidays)).toBe(false);
    expect(isWorkingDay('2026-11-30', holidays)).toBe(true);
  });
});
