import {
  canonicalValue,
  columnValues,
  pairColumns,
  type CanonicalRules,
  type ColumnView,
} from './executionMatch';

/**
 * Execution match of the business-question set (its README, scoring rule 3):
 * - the bot returns as many rows as the gold query;
 * - each gold column is paired with a different column of the bot's result so that the bot's rows,
 *   reduced to the paired columns, equal the gold rows as a multiset (a sequence when order matters);
 *   extra bot columns are ignored, missing ones fail;
 * - values: numbers (numeric strings too) rounded to 2 decimals, dates and timestamps as calendar values
 *   (midnight equals the date), a `YYYY-MM` text is the first of that month, booleans 1/0, text trimmed
 *   and exact, NULL equals only NULL;
 * - month buckets: when a gold column holds first-of-month dates all in one calendar year, a bot column
 *   of month numbers 1-12 also matches it;
 * - person names: where gold returns `first_name` and `last_name`, one bot column holding
 *   `first_name || ' ' || last_name` matches both.
 */

/** The value rules of the business set. */
export const BUSINESS_RULES: Readonly<CanonicalRules> = { decimals: 2, trimText: true, monthText: true };

/** A result: column names and rows. */
export interface ResultTable {
  columns: readonly string[];
  rows: readonly (readonly unknown[])[];
}

const FIRST_OF_MONTH = /^d:(\d{4})-(\d{2})-01$/;
const MONTH_NUMBER = /^n:(\d{1,2})$/;

/** The year shared by every value of a gold column of first-of-month dates, else null. */
function monthBucketYear(values: readonly string[]): string | null {
  let year: string | null = null;
  for (const v of values) {
    const m = FIRST_OF_MONTH.exec(v);
    if (!m || (year !== null && m[1] !== year)) return null;
    year = m[1];
  }
  return year;
}

/** A bot column of month numbers read as first-of-month dates of `year`, or null when it is not one. */
function asMonthBuckets(values: readonly string[], year: string): string[] | null {
  const out: string[] = [];
  for (const v of values) {
    const m = MONTH_NUMBER.exec(v);
    const month = m ? Number(m[1]) : NaN;
    if (!(month >= 1 && month <= 12)) return null;
    out.push(`d:${year}-${String(month).padStart(2, '0')}-01`);
  }
  return out;
}

const NAME_COLUMNS = { first: 'first_name', last: 'last_name' } as const;

/**
 * The gold result itself, and (when it has `first_name` and `last_name` columns) the same result with
 * those two joined into one `first last` column, as the person-name rule allows.
 */
function goldVariants(gold: ResultTable): ResultTable[] {
  const lower = gold.columns.map((c) => c.toLowerCase());
  const first = lower.indexOf(NAME_COLUMNS.first);
  const last = lower.indexOf(NAME_COLUMNS.last);
  if (first < 0 || last < 0) return [gold];
  const keep = gold.columns.map((_, i) => i).filter((i) => i !== first && i !== last);
  const join = (row: readonly unknown[]) =>
    row[first] === null || row[last] === null
      ? null
      : `${String(row[first]).trim()} ${String(row[last]).trim()}`;
  return [
    gold,
    {
      columns: ['full_name', ...keep.map((i) => gold.columns[i])],
      rows: gold.rows.map((row) => [join(row), ...keep.map((i) => row[i])]),
    },
  ];
}

/** True when the bot's result matches the gold result under the rules of the module comment. */
export function businessMatch(options: { bot: ResultTable; gold: ResultTable; ordered: boolean }): boolean {
  const { bot, ordered } = options;
  if (bot.rows.length !== options.gold.rows.length) return false;
  if (bot.rows.length === 0) return true;
  const botWidth = bot.rows[0].length;
  const botCanonical = bot.rows.map((r) => r.map((v) => canonicalValue(v, BUSINESS_RULES)));
  const botColumns = columnValues(botCanonical, botWidth);
  return goldVariants(options.gold).some((gold) => {
    const width = gold.rows[0].length;
    if (width > botWidth) return false;
    const goldCanonical = gold.rows.map((r) => r.map((v) => canonicalValue(v, BUSINESS_RULES)));
    const candidates = columnValues(goldCanonical, width).map((goldValues) => {
      const year = monthBucketYear(goldValues);
      const views: ColumnView[] = [];
      botColumns.forEach((values, column) => {
        views.push({ column, values });
        const months = year === null ? null : asMonthBuckets(values, year);
        if (months) views.push({ column, values: months });
      });
      return views;
    });
    return pairColumns({ gold: goldCanonical, candidates, ordered });
  });
}
