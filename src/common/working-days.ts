/**
 * Working days in Vietnam: Monday to Friday, minus the public holidays of the calendar (table
 * `holiday`). A dossier's due time is its received time of day on the Nth working day after the
 * day it was received (all in Vietnam time).
 */
const VN = 7 * 3600_000;
const DAY = 86_400_000;

/** yyyy-MM-dd of the Vietnam calendar day holding this instant. */
export const vnDay = (d: Date) => new Date(d.getTime() + VN).toISOString().slice(0, 10);

export function isWorkingDay(isoDay: string, holidays: ReadonlySet<string>): boolean {
  const dow = new Date(`${isoDay}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !holidays.has(isoDay);
}

export function addWorkingDays(receivedAt: Date, days: number, holidays: ReadonlySet<string>): Date {
  if (!Number.isInteger(days) || days < 0) throw new Error(`working days must be a whole number ≥ 0, not ${days}`);
  let t = receivedAt.getTime();
  let left = days;
  while (left > 0) {
    t += DAY;
    if (isWorkingDay(vnDay(new Date(t)), holidays)) left -= 1;
  }
  return new Date(t);
}
