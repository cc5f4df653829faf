import { addCondition } from './valuePhase';
import type { TimeUnit } from '../cuePatterns';
import { periodRange } from '../calendar';
import { MONTHS } from '../lexicon';
import type { Condition, DateBound, Expr } from '../queryPlan';
import type { SchemaColumn } from '../schemaModel';
import { addNegatedCondition, negatedDateColumn, subjectDateColumn } from './antiJoinPhase';
import { ReadingState, isYearColumn, yearInPeriodContext, type CueOf } from './readingState';

/** Words that open a bounded period ("since 2020", "before 2019"). */
const YEAR_BOUNDS: Record<string, 'since' | 'after' | 'before' | 'until'> = {
  since: 'since',
  after: 'after',
  before: 'before',
  until: 'until',
  till: 'until',
};
const QUARTER_WORDS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, last: 4 };

/** A period the question spells with calendar literals, over tokens [start, end). */
interface CalendarSpan {
  start: number;
  end: number;
  from?: string;
  to?: string;
  label: string;
  /** Two years set side by side ("2024 or 2025", "2023 vs 2024"): the range over both, one group per year. */
  compared?: true;
}

/** Words that set two periods side by side ("2024 or 2025", "2023 vs 2024", "2022 compared with 2023"). */
const PERIOD_CONNECTORS: Readonly<Record<string, 'or' | 'versus' | 'and'>> = {
  or: 'or',
  vs: 'versus',
  versus: 'versus',
  v: 'versus',
  against: 'versus',
  and: 'and',
};

/** Words that make "A and B" a comparison of A with B rather than one period over both. */
const COMPARISON_WORDS: ReadonlySet<string> = new Set(['compare', 'compared', 'comparing', 'comparison']);

function iso(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

function monthEnd(year: number, month: number, months: number): string {
  const index = year * 12 + (month - 1) + months;
  return iso(Math.floor(index / 12), (index % 12) + 1);
}

/** The span of quarter `quarter` of `year` over question tokens `start`..`end` (exclusive). */
function quarterSpan(q: { start: number; end: number; quarter: number; year: number }): CalendarSpan {
  const firstMonth = 3 * q.quarter - 2;
  return {
    start: q.start,
    end: q.end,
    from: iso(q.year, firstMonth),
    to: monthEnd(q.year, firstMonth, 3),
    label: `in Q${q.quarter} ${q.year}`,
  };
}

/** A year token (1900..2100, integer). */
function yearAt(s: ReadingState, i: number): number | null {
  const t = s.tokens[i];
  if (!t || t.kind !== 'number' || t.number === undefined || !Number.isInteger(t.number)) return null;
  return t.number >= 1900 && t.number <= 2100 ? t.number : null;
}

/** "Q4" → 4. */
function quarterAt(s: ReadingState, i: number): number | null {
  const m = /^q([1-4])$/i.exec(s.tokens[i]?.text ?? '');
  return m ? Number(m[1]) : null;
}

function monthAt(s: ReadingState, i: number): number | null {
  const t = s.tokens[i];
  if (!t || t.kind !== 'word' || t.text.length < 3) return null;
  return MONTHS[t.lower] ?? null;
}

/** The calendar period starting at token `i`, if one does. */
function spanAt(s: ReadingState, i: number): CalendarSpan | null {
  const lower = (k: number) => s.tokens[k]?.lower ?? '';
  const skipOf = (k: number) => (lower(k) === 'of' ? k + 1 : k);
  // "between 2021 and 2023", "from 2021 to 2023": whole years, both included.
  if (['between', 'from'].includes(lower(i))) {
    const y1 = yearAt(s, i + 1);
    const y2 = yearAt(s, i + 3);
    if (
      y1 !== null &&
      y2 !== null &&
      ['and', 'to', 'through', 'till', 'until'].includes(lower(i + 2)) &&
      y2 >= y1
    )
      return {
        start: i,
        end: i + 4,
        from: iso(y1, 1),
        to: iso(y2 + 1, 1),
        label: `from ${y1} through ${y2}`,
      };
  }
  // "Q4 2025", "Q4 of 2025", "2025 Q4".
  const q = quarterAt(s, i);
  if (q !== null) {
    const k = skipOf(i + 1);
    const y = yearAt(s, k);
    if (y !== null) return quarterSpan({ start: i, end: k + 1, quarter: q, year: y });
  }
  const y0 = yearAt(s, i);
  if (y0 !== null && quarterAt(s, i + 1) !== null) {
    const q2 = quarterAt(s, i + 1) as number;
    return quarterSpan({ start: i, end: i + 2, quarter: q2, year: y0 });
  }
  // "the fourth quarter of 2024".
  const ordinal = QUARTER_WORDS[lower(i)];
  if (ordinal !== undefined && lower(i + 1) === 'quarter') {
    const k = skipOf(i + 2);
    const y = yearAt(s, k);
    if (y !== null) return quarterSpan({ start: i, end: k + 1, quarter: ordinal, year: y });
  }
  // "March 2024", "March of 2024".
  const month = monthAt(s, i);
  if (month !== null) {
    const k = skipOf(i + 1);
    const y = yearAt(s, k);
    if (y !== null)
      return {
        start: i,
        end: k + 1,
        from: iso(y, month),
        to: monthEnd(y, month, 1),
        label: `in ${s.tokens[i].text} ${y}`,
      };
  }
  const compared = y0 !== null ? comparedYears(s, i, y0) : null;
  if (compared) return compared;
  // "in 2023", "since 2020", "before 2019".
  if (y0 !== null) {
    const prev = lower(i - 1);
    const bound = YEAR_BOUNDS[prev];
    if (bound === 'since') return { start: i - 1, end: i + 1, from: iso(y0, 1), label: `since ${y0}` };
    if (bound === 'after') return { start: i - 1, end: i + 1, from: iso(y0 + 1, 1), label: `after ${y0}` };
    if (bound === 'before') return { start: i - 1, end: i + 1, to: iso(y0, 1), label: `before ${y0}` };
    if (bound === 'until') return { start: i - 1, end: i + 1, to: iso(y0 + 1, 1), label: `until ${y0}` };
    if (yearInPeriodContext(s, i) || i === 0 || s.tokens[i - 1]?.kind === 'punct')
      return { start: i, end: i + 1, from: iso(y0, 1), to: iso(y0 + 1, 1), label: `in ${y0}` };
  }
  return null;
}

/**
 * "did we earn more in 2021 or 2022", "spend 2020 vs 2021", "compare 2019 and 2020": two years set side by
 * side are one range over both, grouped by year (each year's figure beside the other), never both years
 * required of one row. "A or B" and "A and B" compare only when the question says so (a comparison word or
 * "more/less" before them); otherwise "in 2022 or 2023" (next to each other) is one period over both, and
 * anything else is left to the other calendar and value rules.
 */
function comparedYears(s: ReadingState, i: number, y0: number): CalendarSpan | null {
  const lower = (k: number) => s.tokens[k]?.lower ?? '';
  let k = i + 1;
  let connector = PERIOD_CONNECTORS[lower(k)];
  if (lower(k) === 'compared' && ['to', 'with'].includes(lower(k + 1))) {
    connector = 'versus';
    k++;
  }
  if (!connector) return null;
  k++;
  if (lower(k) === 'in' || lower(k) === 'for') k++;
  const y1 = yearAt(s, k);
  if (y1 === null || y1 === y0) return null;
  const inPeriod = yearInPeriodContext(s, i) || i === 0 || s.tokens[i - 1]?.kind === 'punct';
  if (!inPeriod && connector !== 'versus') return null;
  const [first, last] = y0 < y1 ? [y0, y1] : [y1, y0];
  const comparing =
    connector === 'versus' ||
    s.tokens.some((t) => COMPARISON_WORDS.has(t.lower)) ||
    s.cues.some((c) => c.meaning.kind === 'compare' && c.start < i);
  if (!comparing) {
    // "in 2022 or 2023": either year, one period over both when they are next to each other.
    if (connector !== 'or' || last - first !== 1) return null;
    return {
      start: i,
      end: k + 1,
      from: iso(first, 1),
      to: iso(last + 1, 1),
      label: `in ${first} or ${last}`,
    };
  }
  return {
    start: i,
    end: k + 1,
    from: iso(first, 1),
    to: iso(last + 1, 1),
    label: `in ${y0} and in ${y1}, each year apart`,
    compared: true,
  };
}

/**
 * The column a calendar period applies to: a year column named right before it ("release year 1995"), else
 * the request's time column ({@link ReadingState.dateColumn}), else a year column of the focus table.
 */
function periodColumn(s: ReadingState, span: CalendarSpan): SchemaColumn | null {
  const before = s.mentionBefore(span.start, 2);
  if (before && before.kind === 'schema') {
    const named = s.resolveColumn(before, { kinds: ['number', 'date'] });
    if (named && (named.kind === 'date' || isYearColumn(named))) {
      s.used.add(before);
      return named;
    }
  }
  const date = s.dateColumn();
  const year = s
    .columnsInPlay()
    .find((c) => c.table === s.focus && isYearColumn(c) && !c.keys.includes('birth'));
  // The subject's own year column ("films released in 1995" over film.year) before another table's date.
  if (year && (!date || date.table !== s.focus)) return year;
  return date;
}

/**
 * Calendar literals ("in 2023", "Q4 2025", "March 2024", "between 2021 and 2023", "since 2020") become a
 * range on a date column (or a comparison with a year column): a year is never a value of an amount, a
 * key or any other number column.
 */
export function applyCalendarLiterals(s: ReadingState): void {
  for (let i = 0; i < s.tokens.length; i++) {
    const span = spanAt(s, i);
    if (!span) continue;
    const inside = s.mentions.filter((m) => m.start < span.end && span.start < m.end);
    // A year with its own comparison ("more than 2000") or unit ("2000 units") is a number, not a period.
    if (s.cueBefore(span.start, 1, (c) => c.meaning.kind === 'compare')) continue;
    // "didn't borrow anything in 2019": the period of the negated rows, inside the anti-join.
    const negated = negatedDateColumn(s, span.start);
    if (negated) {
      for (const m of inside) s.used.add(m);
      addNegatedCondition(s, calendarCondition(negated, span));
      s.notes.push(`${negated.name} ${span.label} (negated rows)`);
      i = span.end - 1;
      continue;
    }
    const column = subjectDateColumn(s, span.start) ?? periodColumn(s, span);
    // Year columns keep the value path (lists, OR, comparisons with other rows handle them there).
    if (column && column.kind === 'number') {
      i = span.end - 1;
      continue;
    }
    for (const m of inside) s.used.add(m);
    if (!column) {
      // No date or year column among the tables: the period stays unapplied (and is reported), never a value.
      s.unappliedPeriods.push(span.label);
      i = span.end - 1;
      continue;
    }
    addCondition(s, calendarCondition(column, span), column, span.start);
    s.notes.push(`${column.name} ${span.label}`);
    if (span.compared) {
      // One figure per year, side by side.
      const year: Expr = { kind: 'date-part', unit: 'year', column };
      s.plan.groupBy.push(year);
      s.addSelect(-1, { expr: year, alias: 'year' });
      s.periodsCompared = true;
    }
    i = span.end - 1;
  }
}

function calendarCondition(column: SchemaColumn, span: CalendarSpan): Condition {
  if (span.from && span.to) return { kind: 'range', column, from: span.from, to: span.to, label: span.label };
  const left: Expr = { kind: 'column', column };
  if (span.from) return { kind: 'compare', left, op: '>=', values: [{ value: span.from, type: 'date' }] };
  return { kind: 'compare', left, op: '<', values: [{ value: span.to ?? '', type: 'date' }] };
}

const ANCHOR_LABELS: Record<'past' | 'previous' | 'current', (unit: TimeUnit, n: number) => string> = {
  past: (unit, n) => `in the last ${n === 1 ? unit : `${n} ${unit}s`}`,
  previous: (unit) => `in the previous ${unit}`,
  current: (unit) => `in this ${unit} so far`,
};

/**
 * "last quarter", "the past 30 days", "this year", "year to date": a range on the time column relative to
 * today. Without a fixed `now` (tests fix one) the bounds are date arithmetic on the database's
 * `current_date`, so the SQL stays right whenever it runs.
 */
export function applyPeriod(s: ReadingState, cue: CueOf<'period'>): void {
  const { unit, anchor } = cue.meaning;
  const n = cue.number ?? 1;
  const label = ANCHOR_LABELS[anchor](unit, n);
  const negated = negatedDateColumn(s, cue.start);
  const column = negated ?? subjectDateColumn(s, cue.start) ?? s.dateColumn();
  if (!column) {
    s.unappliedPeriods.push(label);
    return;
  }
  let from: DateBound;
  let to: DateBound;
  if (s.input.relativeToDatabase) {
    const tomorrow: DateBound = { relative: true, unit: 'day', offset: 1, truncate: false };
    if (anchor === 'past') {
      from = { relative: true, unit, offset: -n, truncate: false };
      to = tomorrow;
    } else if (anchor === 'previous') {
      from = { relative: true, unit, offset: -1, truncate: true };
      to = { relative: true, unit, offset: 0, truncate: true };
    } else {
      from = { relative: true, unit, offset: 0, truncate: true };
      to = tomorrow;
    }
  } else ({ from, to } = periodRange(s.input.now, unit, anchor, n));
  const range: Condition = { kind: 'range', column, from, to, label };
  if (negated) addNegatedCondition(s, range);
  else s.plan.where.push(range);
  s.notes.push(`${column.name} ${label}`);
}

export function applyBucket(s: ReadingState, cue: CueOf<'bucket'>): void {
  addBucket(s, cue.meaning.unit, cue.start);
}

/** Groups by a calendar unit of the request's time column and shows it (false when no table has a date). */
export function addBucket(s: ReadingState, unit: TimeUnit, pos: number): boolean {
  const column = s.dateColumn();
  if (!column) return false;
  // Months, quarters and weeks are one bucket each: the first day of the unit (`date_trunc`), which orders
  // and charts as a date and keeps the same month of different years apart.
  const parts: Expr[] = [{ kind: 'date-part', unit, column }];
  s.plan.groupBy.push(...parts);
  s.addSelect(pos, ...parts.map((p) => ({ expr: p, alias: p.kind === 'date-part' ? p.unit : undefined })));
  s.notes.push(`by ${unit} of ${column.name}`);
  return true;
}
