/**
 * Turns query results into text people read: grouped numbers, short dates, cut tables with a clear note.
 * Channel renderers share these helpers so Teams, Slack and plain text agree on every value.
 */

/** How a column's values are shown. */
export type ColumnKind =
  | 'integer'
  | 'decimal'
  | 'money'
  | 'percent'
  | 'identifier'
  | 'year'
  | 'quarter'
  | 'monthNumber'
  | 'month'
  | 'quarterStart'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'json'
  | 'text';

/** Everything needed to show one column's cells the same way: its kind and a fixed number of decimals. */
export interface ColumnFormat {
  kind: ColumnKind;
  /** Digits after the decimal point, the same for every cell of the column. */
  decimals: number;
  /** ISO 4217 code shown with money, when known. */
  currency?: string;
  /** Percent values stored as fractions (0.25 → 25%). */
  fractionPercent?: boolean;
}

/** Column names that mark numbers which are labels, not quantities (no digit grouping). */
const IDENTIFIER_NAMES: RegExp[] = [
  /(^|_)(id|code|zip|zipcode|postcode|postal_code|phone|sku|ean|upc|isbn|number|no|num|ref)$/i,
  /[a-z](Id|ID|Code|Number)$/,
];
/** Column names of calendar years. */
const YEAR_NAMES: RegExp[] = [/year/i, /(^|_)(yr|fy)$/i];
/** Column names of calendar months (dates shown as `Mar 2024`, numbers 1–12 as `Mar`). */
const MONTH_NAMES: RegExp[] = [
  /(^|[_\s])(month|mon|mm|yyyymm|year_month|month_start|month_num|month_number)$/i,
];
/** Column names of quarters (numbers 1–4 shown as `Q1`). */
const QUARTER_NAMES: RegExp[] = [/(^|[_\s])(quarter|qtr|q)$/i];
/** Column names of amounts of money. */
const MONEY_NAMES: RegExp[] = [
  /(^|[_\s])(price|prices|amount|amt|revenue|revenues|sales|cost|costs|spend|spent|paid|payment|payments|salary|salaries|wage|wages|fee|fees|income|profit|profits|budget|balance|subtotal|tax|discount|charge|charges|earnings|turnover|msrp|pay|refund|refunds)([_\s]|$)/i,
  /[a-z](Price|Amount|Revenue|Cost|Salary|Total)$/,
];
/** Column names of counts, which win over money words ("number of sales"). */
const COUNT_NAMES: RegExp[] = [
  /(^|[_\s])(count|cnt|number|num|qty|quantity|units|how many)([_\s]|$)/i,
  /^n_/i,
];
/** Column names of percentages already scaled to 100. */
const PERCENT_NAMES: RegExp[] = [/(percent|percentage|pct|%)/i];
/** Column names of shares that are fractions of one when every value is within [-1, 1]. */
const FRACTION_NAMES: RegExp[] = [/(^|[_\s])(share|ratio|fraction|proportion)([_\s]|$)/i];
/** ISO 4217 codes that name a currency inside a column name (`price_usd`, `Total (EUR)`). */
const CURRENCY_IN_NAME =
  /(?:^|[_\s(])(usd|eur|gbp|jpy|chf|cad|aud|nzd|sek|nok|dkk|inr|cny|brl|mxn|zar|sgd|hkd|krw|pln)(?:[_\s)]|$)/i;
const NUMERIC_TEXT = /^[-+]?\d+(\.\d+)?$/;
const ISO_DATE_TEXT = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
/** Longest cell text before it is cut with an ellipsis. */
const MAX_CELL_CHARS = 80;

const matchesAny = (patterns: RegExp[], name: string) => patterns.some((p) => p.test(name));

/** A numeric cell: a JS number or bigint, or a numeric string as pg returns for numeric and bigint. */
function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'bigint') return true;
  return typeof value === 'string' && NUMERIC_TEXT.test(value) && !/^[-+]?0\d/.test(value);
}

function isIntegral(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value);
  if (typeof value === 'bigint') return true;
  return typeof value === 'string' && /^[-+]?\d+(\.0+)?$/.test(value);
}

function asDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' && ISO_DATE_TEXT.test(value)) {
    const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** Calendar parts of a date: UTC when it is exactly UTC midnight (pg `date`), else local time. */
function calendar(d: Date): { y: number; m: number; day: number; hh: number; mm: number; midnight: boolean } {
  const utcMidnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0;
  if (utcMidnight) {
    return { y: d.getUTCFullYear(), m: d.getUTCMonth(), day: d.getUTCDate(), hh: 0, mm: 0, midnight: true };
  }
  const localMidnight = d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0;
  return {
    y: d.getFullYear(),
    m: d.getMonth(),
    day: d.getDate(),
    hh: d.getHours(),
    mm: d.getMinutes(),
    midnight: localMidnight,
  };
}

/** Infers how to show a column from its name and its non-null values. */
export function inferColumnKind(name: string, values: unknown[]): ColumnKind {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return 'text';
  if (present.every((v) => typeof v === 'boolean')) return 'boolean';
  if (present.every(isNumeric)) {
    if (matchesAny(IDENTIFIER_NAMES, name) && !matchesAny(COUNT_NAMES, name)) return 'identifier';
    const integral = present.every(isIntegral);
    const within = (lo: number, hi: number) =>
      integral && present.every((v) => Number(v) >= lo && Number(v) <= hi);
    if (matchesAny(YEAR_NAMES, name) && within(1000, 9999)) return 'year';
    if (matchesAny(MONTH_NAMES, name) && within(1, 12)) return 'monthNumber';
    if (matchesAny(QUARTER_NAMES, name) && within(1, 4)) return 'quarter';
    if (matchesAny(COUNT_NAMES, name)) return integral ? 'integer' : 'decimal';
    if (matchesAny(PERCENT_NAMES, name)) return 'percent';
    if (matchesAny(FRACTION_NAMES, name) && present.every((v) => Math.abs(Number(v)) <= 1)) return 'percent';
    if (matchesAny(MONEY_NAMES, name) || CURRENCY_IN_NAME.test(name)) return 'money';
    return integral ? 'integer' : 'decimal';
  }
  const dates = present.map(asDate);
  if (dates.every((d): d is Date => d !== null)) {
    const parts = dates.map(calendar);
    if (!parts.every((p) => p.midnight)) return 'datetime';
    const firstOfMonth = parts.every((p) => p.day === 1);
    const distinct = new Set(parts.map((p) => p.y * 12 + p.m)).size;
    // A quarter as its first day (`date_trunc('quarter', d)`): shown as "Q3 2024".
    if (firstOfMonth && matchesAny(QUARTER_NAMES, name) && parts.every((p) => p.m % 3 === 0))
      return 'quarterStart';
    if (firstOfMonth && (matchesAny(MONTH_NAMES, name) || distinct > 1)) return 'month';
    return 'date';
  }
  if (present.every((v) => typeof v === 'object')) return 'json';
  return 'text';
}

/** Digits after the decimal point a numeric value is written with (trailing zeros ignored). */
function fractionDigits(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : String(value ?? '');
  if (/e/i.test(text)) return 4;
  const m = /\.(\d*?)0*$/.exec(text);
  return m ? m[1].length : 0;
}

/** Options for {@link describeColumn}. */
export interface DescribeColumnOptions {
  /** ISO 4217 code of money columns whose name names no currency. */
  currency?: string;
}

/** How to show a column: its kind, and the decimals that make every cell line up. */
export function describeColumn(
  name: string,
  values: unknown[],
  options: DescribeColumnOptions = {},
): ColumnFormat {
  const kind = inferColumnKind(name, values);
  const numbers = values.filter((v) => v !== null && v !== undefined && isNumeric(v));
  const most = Math.max(0, ...numbers.map(fractionDigits));
  const largest = Math.max(0, ...numbers.map((v) => Math.abs(Number(v))));
  switch (kind) {
    case 'money': {
      const named = CURRENCY_IN_NAME.exec(name)?.[1]?.toUpperCase() ?? options.currency;
      return { kind, decimals: 2, ...(named ? { currency: named } : {}) };
    }
    case 'percent': {
      const fraction = !matchesAny(PERCENT_NAMES, name);
      return {
        kind,
        decimals: Math.min(1, Math.max(0, most - (fraction ? 2 : 0))),
        fractionPercent: fraction,
      };
    }
    case 'decimal':
      return { kind, decimals: Math.min(most, largest >= 1 ? 2 : 4) };
    case 'integer':
    case 'identifier':
    case 'year':
    case 'quarter':
    case 'monthNumber':
    case 'month':
    case 'quarterStart':
    case 'date':
    case 'datetime':
    case 'boolean':
    case 'json':
    case 'text':
      return { kind, decimals: 0 };
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Groups the digits of an integer string of any length: `12345678901234567890` → `12,345,678,901,234,567,890`. */
function groupDigits(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** Formats numbers, dates and the rest for one locale. */
export class CellFormatter {
  readonly locale: string;
  private readonly integer: Intl.NumberFormat;
  private readonly monthName: Intl.DateTimeFormat;
  private readonly groupSeparator: string;
  private readonly numberFormats = new Map<string, Intl.NumberFormat>();

  /** @param locale BCP 47 locale of the reader (the activity's locale). @default en-US */
  constructor(locale = 'en-US') {
    this.locale = CellFormatter.supportedLocale(locale);
    this.integer = new Intl.NumberFormat(this.locale, { maximumFractionDigits: 0 });
    this.monthName = new Intl.DateTimeFormat(this.locale, { month: 'short', timeZone: 'UTC' });
    this.groupSeparator = this.integer.formatToParts(1000).find((p) => p.type === 'group')?.value ?? ',';
  }

  /** The locale when Intl knows it, else `en-US`. */
  static supportedLocale(locale: string | undefined): string {
    if (!locale) return 'en-US';
    try {
      return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en-US';
    } catch {
      return 'en-US';
    }
  }

  /** A count such as `1,234`. */
  count(n: number): string {
    return this.integer.format(n);
  }

  /**
   * One cell as text.
   * @param format the column's format (from {@link describeColumn}), or just a kind (decimals as needed, up to 2)
   */
  format(value: unknown, format: ColumnKind | ColumnFormat): string {
    const spec: ColumnFormat = typeof format === 'string' ? { kind: format, decimals: -1 } : format;
    if (value === null || value === undefined) return '—';
    switch (spec.kind) {
      case 'integer':
        return this.formatInteger(value);
      case 'decimal':
        return this.formatDecimal(Number(value), spec.decimals);
      case 'money':
        return this.number(
          Number(value),
          spec.currency
            ? {
                style: 'currency',
                currency: spec.currency,
                minimumFractionDigits: 2,
                maximumFractionDigits: 2,
              }
            : { minimumFractionDigits: 2, maximumFractionDigits: 2 },
        );
      case 'percent': {
        const decimals = Math.max(0, spec.decimals);
        const n = Number(value) * (spec.fractionPercent ? 1 : 0.01);
        return this.number(n, {
          style: 'percent',
          minimumFractionDigits: decimals,
          maximumFractionDigits: decimals,
        });
      }
      case 'identifier':
      case 'year':
        return String(value);
      case 'quarter':
        return `Q${Number(value)}`;
      case 'monthNumber':
        return this.monthName.format(Date.UTC(2000, Number(value) - 1, 1));
      case 'boolean':
        return value ? 'yes' : 'no';
      case 'month':
      case 'quarterStart':
      case 'date':
      case 'datetime':
        return this.formatDate(value, spec.kind);
      case 'json':
        return this.cut(JSON.stringify(value));
      case 'text':
        return this.cut(value instanceof Date ? value.toISOString() : String(value));
    }
  }

  private number(n: number, options: Intl.NumberFormatOptions): string {
    const key = JSON.stringify(options);
    let f = this.numberFormats.get(key);
    if (!f) {
      f = new Intl.NumberFormat(this.locale, options);
      this.numberFormats.set(key, f);
    }
    return f.format(n);
  }

  /** A decimal with exactly `decimals` digits, or (when negative) as many as needed up to 2. */
  private formatDecimal(n: number, decimals: number): string {
    if (decimals < 0) {
      return Math.abs(n) > 0 && Math.abs(n) < 0.01
        ? this.number(n, { maximumSignificantDigits: 3 })
        : this.number(n, { minimumFractionDigits: 0, maximumFractionDigits: 2 });
    }
    return this.number(n, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }

  private formatInteger(value: unknown): string {
    const text = String(value).replace(/\.0+$/, '');
    if (Number.isSafeInteger(Number(text))) return this.integer.format(Number(text));
    if (!/^[-+]?\d+$/.test(text)) return this.integer.format(Number(value));
    const sign = text.startsWith('-') ? '-' : '';
    return sign + groupDigits(text.replace(/^[-+]/, ''), this.groupSeparator);
  }

  private formatDate(value: unknown, kind: 'month' | 'quarterStart' | 'date' | 'datetime'): string {
    const d = asDate(value);
    if (!d) return this.cut(String(value));
    const p = calendar(d);
    if (kind === 'quarterStart') return `Q${Math.floor(p.m / 3) + 1} ${p.y}`;
    if (kind === 'month') return `${this.monthName.format(Date.UTC(p.y, p.m, 1))} ${p.y}`;
    const day = `${p.y}-${pad2(p.m + 1)}-${pad2(p.day)}`;
    return kind === 'date' ? day : `${day} ${pad2(p.hh)}:${pad2(p.mm)}`;
  }

  private cut(text: string): string {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    return oneLine.length > MAX_CELL_CHARS ? `${oneLine.slice(0, MAX_CELL_CHARS - 1)}…` : oneLine;
  }
}

/** Kinds shown right-aligned (quantities), headers included. */
const RIGHT_ALIGNED: ReadonlySet<ColumnKind> = new Set(['integer', 'decimal', 'money', 'percent']);

/** True for kinds that are right-aligned. */
export function isRightAligned(kind: ColumnKind): boolean {
  return RIGHT_ALIGNED.has(kind);
}

/** The instant a cell of a date-like column stands for, or null. */
export function cellDate(value: unknown): Date | null {
  return asDate(value);
}

/** True when a cell is a number (JS number, bigint or numeric text). */
export function isNumericCell(value: unknown): boolean {
  return isNumeric(value);
}
