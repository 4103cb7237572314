/**
 * Due times in working days (all in Vietnam time): a dossier's due time is its received time of day
 * on the Nth working day after the day it was received. Which days are worked is the calendar's
 * business (src/modules/calendar): this only counts.
 */
const VN = 7 * 3600_000;
const DAY = 86_400_000;

/** yyyy-MM-dd of the Vietnam calendar day holding this instant. */
export const vnDay = (d: Date) => new Date(d.getTime() + VN).toISOString().slice(0, 10);

export interface WorkingDays {
  isWorkingDay(isoDay: string): boolean;
}

export function addWorkingDays(receivedAt: Date, days: number, calendar: WorkingDays): Date {
  if (!Number.isInteger(days) || days < 0) throw new Error(`working days must be a whole number ≥ 0, not ${days}`);
  let t = receivedAt.getTime();
  let left = days;
  while (left > 0) {
    t += DAY;
    if (calendar.isWorkingDay(vnDay(new Date(t)))) left -= 1;
  }
  return new Date(t);
}
