/**
 * Calendar arithmetic on whole days, in UTC "day numbers" (days since 1970-01-01), so the generated
 * dates never depend on the machine's time zone.
 */

const MS_PER_DAY = 86_400_000;

/** The day number of a calendar date (month 1..12). */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** The local calendar date of `date` as a day number (what a user means by "today"). */
export function localDayNumber(date: Date): number {
  return dayNumber(date.getFullYear(), date.getMonth() + 1, date.getDate());
}

/** Year, month (1..12), day of month and weekday (0 = Sunday) of a day number. */
export function dateParts(day: number): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(day * MS_PER_DAY);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
}

/** `YYYY-MM-DD` for a day number. */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS` for a day number plus seconds into that day. */
export function isoTimestamp(day: number, secondOfDay: number): string {
  return new Date(day * MS_PER_DAY + Math.floor(secondOfDay) * 1000)
    .toISOString()
    .slice(0, 19)
    .replace('T', ' ');
}

/** Calendar quarter (1..4) of a day number. */
export function quarterOf(day: number): number {
  return Math.floor((dateParts(day).month - 1) / 3) + 1;
}

/** The first day of the quarter that contains `day`. */
export function quarterStart(day: number): number {
  const { year, month } = dateParts(day);
  return dayNumber(year, Math.floor((month - 1) / 3) * 3 + 1, 1);
}

/** `day` moved by whole months (clamped to the end of shorter months). */
export function addMonths(day: number, months: number): number {
  const { year, month, day: dom } = dateParts(day);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const last = dateParts(dayNumber(y, m + 1, 1) - 1).day;
  return dayNumber(y, m, Math.min(dom, last));
}
