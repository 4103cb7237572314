/** The Vietnamese lunar calendar against published dates (Tết, Giỗ Tổ Hùng Vương). */
import { describe, expect, it } from 'vitest';
import { lunarToSolar, solarToLunar } from '../../src/common/lunar.js';

describe('the Vietnamese lunar calendar', () => {
  it('puts Tết where Vietnamese calendars print it, including the years it differs from the Chinese calendar', () => {
    expect(
      Object.fromEntries([1985, 2007, 2023, 2024, 2025, 2026, 2027, 2028, 2030].map((y) => [y, lunarToSolar(1, 1, y)])),
    ).toEqual({
      1985: '1985-01-21', // China: 20/2
      2007: '2007-02-17', // China: 18/2
      2023: '2023-01-22',
      2024: '2024-02-10',
      2025: '2025-01-29',
      2026: '2026-02-17',
      2027: '2027-02-06',
      2028: '2028-01-26',
      2030: '2030-02-02', // China: 3/2
    });
  });

  it('finds Giỗ Tổ (10/3 lunar) and reads dates back', () => {
    expect(lunarToSolar(10, 3, 2025)).toBe('2025-04-07');
    expect(lunarToSolar(10, 3, 2026)).toBe('2026-04-26');
    expect(lunarToSolar(10, 3, 2027)).toBe('2027-04-16');
    expect(solarToLunar(17, 2, 2026)).toEqual({ day: 1, month: 1, year: 2026, leap: false });
    expect(solarToLunar(26, 4, 2026)).toEqual({ day: 10, month: 3, year: 2026, leap: false });
    // 2025 has a leap 6th month, from 25/7
    expect(solarToLunar(25, 7, 2025)).toMatchObject({ day: 1, month: 6, leap: true });
  });
});
