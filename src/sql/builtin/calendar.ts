import type { TimeUnit } from './cuePatterns';

/** Calendar arithmetic in UTC for the period phrases of questions ("past 5 years", "last month"). */

/** Midnight (UTC) of the day of `d`. */
export function startOfDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** `YYYY-MM-DD` of `d` (UTC). */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** `d` moved by `n` calendar units. */
export function addUnits(d: Date, unit: TimeUnit, n: number): Date {
  const r = new Date(d.getTime());
  if (unit === 'year') r.setUTCFullYear(r.getUTCFullYear() + n);
  else if (unit === 'quarter') r.setUTCMonth(r.getUTCMonth() + 3 * n);
  else if (unit === 'month') r.setUTCMonth(r.getUTCMonth() + n);
  else if (unit === 'week') r.setUTCDate(r.getUTCDate() + 7 * n);
  else r.setUTCDate(r.getUTCDate() + n);
  return r;
}

/** The start of the calendar unit holding `d` (weeks start on Monday). */
export function truncate(d: Date, unit: TimeUnit): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (unit === 'year') return new Date(Date.UTC(y, 0, 1));
  if (unit === 'quarter') return new Date(Date.UTC(y, m - (m % 3), 1));
  if (unit === 'month') return new Date(Date.UTC(y, m, 1));
  if (unit === 'week') {
    const day = (d.getUTCDay() + 6) % 7;
    return new Date(Date.UTC(y, m, d.getUTCDate() - day));
  }
  return startOfDay(d);
}

/** The half-open date range [from, to) a period phrase means, relative to `now`. */
export function periodRange(
  now: Date,
  unit: TimeUnit,
  anchor: 'past' | 'previous' | 'current',
  count: number,
): { from: string; to: string } {
  const tomorrow = addUnits(startOfDay(now), 'day', 1);
  if (anchor === 'past')
    return { from: isoDate(addUnits(startOfDay(now), unit, -count)), to: isoDate(tomorrow) };
  if (anchor === 'previous') {
    const to = truncate(now, unit);
    return { from: isoDate(addUnits(to, unit, -1)), to: isoDate(to) };
  }
  return { from: isoDate(truncate(now, unit)), to: isoDate(tomorrow) };
}
