/**
 * Turns query results into text people read: grouped numbers, short dates, cut tables with a clear note.
 * Channel renderers share these helpers so Teams, Slack and plain text agree on every value.
 */

/** How a column's values are shown. */
export type ColumnKind =
  'integer' | 'decimal' | 'identifier' | 'year' | 'month' | 'date' | 'datetime' | 'boolean' | 'json' | 'text';

/** Column names that mark numbers which are labels, not quantities (no digit grouping). */
const IDENTIFIER_NAMES: RegExp[] = [
  /(^|_)(id|code|zip|zipcode|postcode|postal_code|phone|sku|ean|upc|isbn|number|no|num|ref)$/i,
  /[a-z](Id|ID|Code|Number)$/,
];
/** Column names of calendar years. */
const YEAR_NAMES: RegExp[] = [/year/i, /(^|_)(yr|fy)$/i];
/** Column names of calendar months (dates shown as `Mar 2024`). */
const MONTH_NAMES: RegExp[] = [/(^|_)(month|mon|yyyymm|year_month|month_start)$/i];

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
    if (matchesAny(IDENTIFIER_NAMES, name)) return 'identifier';
    if (
      matchesAny(YEAR_NAMES, name) &&
      present.every((v) => isIntegral(v) && Number(v) >= 1000 && Number(v) <= 9999)
    ) {
      return 'year';
    }
    return present.every(isIntegral) ? 'integer' : 'decimal';
  }
  const dates = present.map(asDate);
  if (dates.every((d): d is Date => d !== null)) {
    const parts = dates.map(calendar);
    if (!parts.every((p) => p.midnight)) return 'datetime';
    const firstOfMonth = parts.every((p) => p.day === 1);
    const distinct = new Set(parts.map((p) => p.y * 12 + p.m)).size;
    if (firstOfMonth && (matchesAny(MONTH_NAMES, name) || distinct > 1)) return 'month';
    return 'date';
  }
  if (present.every((v) => typeof v === 'object')) return 'json';
  return 'text';
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Groups the digits of an integer string of any length: `12345678901234567890` → `12,345,678,901,234,567,890`. */
function groupDigits(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** Formats numbers, dates and the rest for one locale. */
export class CellFormatter {
  private readonly integer: Intl.NumberFormat;
  private readonly decimal: Intl.NumberFormat;
  private readonly small: Intl.NumberFormat;
  private readonly monthName: Intl.DateTimeFormat;
  private readonly groupSeparator: string;

  /** @param locale BCP 47 locale of the reader (the activity's locale). @default en-US */
  constructor(locale = 'en-US') {
    const safe = CellFormatter.supportedLocale(locale);
    this.integer = new Intl.NumberFormat(safe, { maximumFractionDigits: 0 });
    this.decimal = new Intl.NumberFormat(safe, { minimumFractionDigits: 0, maximumFractionDigits: 2 });
    this.small = new Intl.NumberFormat(safe, { maximumSignificantDigits: 3 });
    this.monthName = new Intl.DateTimeFormat(safe, { month: 'short', timeZone: 'UTC' });
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

  /** One cell as text. */
  format(value: unknown, kind: ColumnKind): string {
    if (value === null || value === undefined) return '—';
    switch (kind) {
      case 'integer':
        return this.formatInteger(value);
      case 'decimal': {
        const n = Number(value);
        return Math.abs(n) > 0 && Math.abs(n) < 0.01 ? this.small.format(n) : this.decimal.format(n);
      }
      case 'identifier':
      case 'year':
        return String(value);
      case 'boolean':
        return value ? 'yes' : 'no';
      case 'month':
      case 'date':
      case 'datetime':
        return this.formatDate(value, kind);
      case 'json':
        return this.cut(JSON.stringify(value));
      case 'text':
        return this.cut(value instanceof Date ? value.toISOString() : String(value));
    }
  }

  private formatInteger(value: unknown): string {
    const text = String(value).replace(/\.0+$/, '');
    if (Number.isSafeInteger(Number(text))) return this.integer.format(Number(text));
    const sign = text.startsWith('-') ? '-' : '';
    return sign + groupDigits(text.replace(/^[-+]/, ''), this.groupSeparator);
  }

  private formatDate(value: unknown, kind: 'month' | 'date' | 'datetime'): string {
    const d = asDate(value);
    if (!d) return this.cut(String(value));
    const p = calendar(d);
    if (kind === 'month') return `${this.monthName.format(Date.UTC(p.y, p.m, 1))} ${p.y}`;
    const day = `${p.y}-${pad2(p.m + 1)}-${pad2(p.day)}`;
    return kind === 'date' ? day : `${day} ${pad2(p.hh)}:${pad2(p.mm)}`;
  }

  private cut(text: string): string {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    return oneLine.length > MAX_CELL_CHARS ? `${oneLine.slice(0, MAX_CELL_CHARS - 1)}…` : oneLine;
  }
}

/** A result cut to what a chat message can show, every cell already formatted. */
export interface TableView {
  columns: string[];
  rows: string[][];
  /** Per shown column: right-align (numbers). */
  numeric: boolean[];
  /** Rows the query returned in total (before any cap). */
  totalRows: number;
  /** Columns left out because the message would be too wide. */
  hiddenColumns: number;
  /** What a reader needs to know about the cut, e.g. `Showing 10 of 1,234 rows.`; empty when nothing was cut. */
  note: string;
}

/** Options for {@link buildTableView}. */
export interface TableViewOptions {
  maxRows: number;
  /** @default 8 */
  maxColumns?: number;
  formatter: CellFormatter;
}

const RIGHT_ALIGNED: ReadonlySet<ColumnKind> = new Set(['integer', 'decimal']);

/**
 * Cuts a result to the first rows and columns and formats every cell.
 * @param truncated the pipeline stopped reading at its row cap, so the total is a lower bound
 */
export function buildTableView(
  result: { columns: string[]; rows: unknown[][]; rowCount: number | null; truncated: boolean },
  options: TableViewOptions,
): TableView {
  const maxColumns = options.maxColumns ?? 8;
  const shownColumns = result.columns.slice(0, maxColumns);
  const shownRows = result.rows.slice(0, Math.max(0, options.maxRows));
  const kinds = shownColumns.map((name, i) =>
    inferColumnKind(
      name,
      result.rows.map((r) => r[i]),
    ),
  );
  const rows = shownRows.map((r) => kinds.map((kind, i) => options.formatter.format(r[i], kind)));
  const totalRows = Math.max(result.rowCount ?? result.rows.length, result.rows.length);
  const hiddenColumns = result.columns.length - shownColumns.length;
  const f = options.formatter;
  const totalText = `${f.count(totalRows)}${result.truncated ? '+' : ''}`;
  const notes: string[] = [];
  if (totalRows === 0) notes.push('No rows matched.');
  else if (rows.length < totalRows || result.truncated) {
    notes.push(`Showing ${f.count(rows.length)} of ${totalText} rows.`);
  }
  if (hiddenColumns > 0) {
    notes.push(`${f.count(hiddenColumns)} more ${hiddenColumns === 1 ? 'column' : 'columns'} not shown.`);
  }
  const note = notes.join(' ');
  return {
    columns: shownColumns,
    rows,
    numeric: kinds.map((k) => RIGHT_ALIGNED.has(k)),
    totalRows,
    hiddenColumns,
    note,
  };
}

/** Lays a table view out as fixed-width text (for monospace blocks), numbers right-aligned. */
export function monospaceTable(view: TableView, maxCellWidth = 24): string {
  const clip = (s: string) => (s.length > maxCellWidth ? `${s.slice(0, maxCellWidth - 1)}…` : s);
  const header = view.columns.map(clip);
  const body = view.rows.map((r) => r.map(clip));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (view.numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
