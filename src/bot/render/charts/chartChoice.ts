import { type ColumnFormat, type ColumnKind, isNumericCell } from '../format';
import { type ShapedResult, timeOf } from '../resultShape';

/** Line for a time axis, bar for categories. */
export type ChartKind = 'line' | 'bar';

/** How finely a time axis is labelled. */
export type TimeUnit = 'year' | 'quarter' | 'month' | 'day' | 'time';

/** One measure drawn on the chart. */
export interface ChartMeasure {
  /** Index of the column in the result. */
  column: number;
  label: string;
  format: ColumnFormat;
}

/** One point along the x axis: its label, its instant (time axes), and one value per measure. */
export interface ChartPoint {
  label: string;
  /** ISO timestamp (UTC) on a time axis. */
  time?: string;
  values: (number | null)[];
}

/** What to draw: which kind, which columns, and the points. */
export interface ChartChoice {
  kind: ChartKind;
  /** The x axis: its title, the columns it is read from, and the time unit when it is time. */
  x: { label: string; columns: number[]; unit?: TimeUnit };
  /** One or two measures. */
  measures: ChartMeasure[];
  points: ChartPoint[];
}

/** Options for {@link chooseChart}. */
export interface ChartChoiceOptions {
  /** Most points on a line. @default 400 */
  maxLinePoints?: number;
  /** Most bars. @default 30 */
  maxBars?: number;
}

/** Kinds drawn as a measure. */
const MEASURE_KINDS: ReadonlySet<ColumnKind> = new Set(['integer', 'decimal', 'money', 'percent']);
/** Kinds that name a category. */
const CATEGORY_KINDS: ReadonlySet<ColumnKind> = new Set(['text', 'boolean', 'identifier']);

/** The unit a time axis is labelled in. */
function timeUnit(kinds: ColumnKind[]): TimeUnit {
  const [first, second] = kinds;
  if (first === 'year') return second === 'quarter' ? 'quarter' : second === 'monthNumber' ? 'month' : 'year';
  if (first === 'month') return 'month';
  if (first === 'quarterStart') return 'quarter';
  if (first === 'date') return 'day';
  return 'time';
}

const toNumber = (v: unknown): number | null => (isNumericCell(v) ? Number(v) : null);

/**
 * Picks a chart for a result, or null when none would help. A result gets a chart when it holds every row
 * (a chart of part of a result misleads), has at least two rows, and is either
 * - a time series: a time axis (a date, or a year with a month or quarter number), each instant once, and one
 *   or two measures → a line; or
 * - one category column (each value once) and one or two measures → bars.
 * Any other column (a second category, a free-text note) means no chart: the table says it better.
 */
export function chooseChart(
  result: ShapedResult,
  labels: (column: number, value: unknown) => string,
  options: ChartChoiceOptions = {},
): ChartChoice | null {
  if (result.truncated || result.rows.length < 2) return null;
  const formats = result.columns.map((c) => c.format);
  const axis = result.timeAxis ?? [];
  const measures: ChartMeasure[] = [];
  const others: number[] = [];
  formats.forEach((f, i) => {
    if (axis.includes(i)) return;
    if (MEASURE_KINDS.has(f.kind)) measures.push({ column: i, label: result.columns[i].header, format: f });
    else others.push(i);
  });
  if (measures.length < 1 || measures.length > 2) return null;
  const values = (row: unknown[]) => measures.map((m) => toNumber(row[m.column]));

  if (axis.length > 0 && others.length === 0) {
    if (result.rows.length > (options.maxLinePoints ?? 400)) return null;
    const points: ChartPoint[] = [];
    for (const row of result.rows) {
      const t = timeOf(row, axis, formats);
      if (!t) return null;
      points.push({
        // "Jan 2024", "Q3 2024": the part within the year first.
        label: [...axis]
          .reverse()
          .map((i) => labels(i, row[i]))
          .join(' '),
        time: t.toISOString(),
        values: values(row),
      });
    }
    if (new Set(points.map((p) => p.time)).size !== points.length) return null;
    points.sort((a, b) => Date.parse(a.time ?? '') - Date.parse(b.time ?? ''));
    return {
      kind: 'line',
      x: {
        // The finest part names the axis: "Month" for a year and a month number.
        label: result.columns[axis[axis.length - 1]].header,
        columns: axis,
        unit: timeUnit(axis.map((i) => formats[i].kind)),
      },
      measures,
      points,
    };
  }

  if (axis.length === 0 && others.length === 1 && CATEGORY_KINDS.has(formats[others[0]].kind)) {
    const category = others[0];
    if (result.rows.length > (options.maxBars ?? 30)) return null;
    const points = result.rows.map((row) => ({
      label: labels(category, row[category]),
      values: values(row),
    }));
    if (new Set(points.map((p) => p.label)).size !== points.length) return null;
    return {
      kind: 'bar',
      x: { label: result.columns[category].header, columns: [category] },
      measures,
      points,
    };
  }
  return null;
}
