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

/**
 * When counting starts for a dossier received at `receivedAt`: the same instant, or — when the
 * city counts receipts outside office hours from the next working day — the opening of the next
 * working day (minutes after midnight, Vietnam time), when it came after closing or on a day off.
 */
export function countingStart(
  receivedAt: Date,
  calendar: WorkingDays,
  rule: { outsideHours: 'as-received' | 'next-working-day'; opensAtMin: number; closesAtMin: number },
): Date {
  if (rule.outsideHours === 'as-received') return receivedAt;
  const day = vnDay(receivedAt);
  const minute = Math.floor(((receivedAt.getTime() + VN) % DAY) / 60_000);
  const opening = (isoDay: string) => new Date(Date.parse(`${isoDay}T00:00:00Z`) - VN + rule.opensAtMin * 60_000);
  if (calendar.isWorkingDay(day) && minute >= rule.opensAtMin && minute < rule.closesAtMin) return receivedAt;
  // before opening on a working day: that day's opening; otherwise the next working day's
  if (calendar.isWorkingDay(day) && minute < rule.opensAtMin) return opening(day);
  let t = Date.parse(`${day}T00:00:00Z`);
  do t += DAY;
  while (!calendar.isWorkingDay(new Date(t).toISOString().slice(0, 10)));
  return opening(new Date(t).toISOString().slice(0, 10));
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
