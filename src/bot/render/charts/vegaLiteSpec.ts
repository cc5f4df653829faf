import type { TopLevelSpec } from 'vega-lite';
import type { ChartChoice, TimeUnit } from './chartChoice';

/** Options for {@link toVegaLite}. */
export interface VegaLiteOptions {
  /** Plot width in pixels. @default 560 */
  width?: number;
  /** Plot height in pixels. @default 260 */
  height?: number;
}

/** Vega-Lite time units and axis label formats per time unit. */
const TIME: Readonly<Record<TimeUnit, { unit: string; format: string }>> = {
  year: { unit: 'year', format: '%Y' },
  quarter: { unit: 'yearquarter', format: 'Q%q %Y' },
  month: { unit: 'yearmonth', format: '%b %Y' },
  day: { unit: 'yearmonthdate', format: '%b %d' },
  time: { unit: 'yearmonthdatehoursminutes', format: '%b %d %H:%M' },
};

/**
 * The Vega-Lite spec for a chart choice: a line over time or bars per category, one colour per measure
 * (with a legend when there are two), axis titles from the column headers.
 */
export function toVegaLite(choice: ChartChoice, options: VegaLiteOptions = {}): TopLevelSpec {
  const two = choice.measures.length > 1;
  const values = choice.points.flatMap((p, order) =>
    choice.measures.map((m, i) => ({
      x: p.time ?? p.label,
      label: p.label,
      order,
      series: m.label,
      value: p.values[i],
    })),
  );
  const yTitle = two ? '' : choice.measures[0].label;
  const y = {
    field: 'value',
    type: 'quantitative' as const,
    title: yTitle,
    axis: { format: '~s', grid: true },
  };
  const color = two
    ? { field: 'series', type: 'nominal' as const, title: null, legend: { orient: 'top' as const } }
    : { value: '#2563eb' };
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: options.width ?? 560,
    height: options.height ?? 260,
    background: '#ffffff',
    padding: 8,
    data: { values },
    config: {
      font: 'DejaVu Sans, Arial, sans-serif',
      axis: { labelFontSize: 11, titleFontSize: 12, labelColor: '#374151', titleColor: '#111827' },
      legend: { labelFontSize: 11 },
      view: { stroke: null },
    },
  };
  if (choice.kind === 'line') {
    const time = TIME[choice.x.unit ?? 'day'];
    return {
      ...base,
      mark: { type: 'line', point: choice.points.length <= 60, strokeWidth: 2 },
      encoding: {
        x: {
          field: 'x',
          type: 'temporal',
          timeUnit: time.unit,
          title: choice.x.label,
          axis: { format: time.format, labelAngle: 0, labelOverlap: true },
        },
        y,
        color,
      },
    } as TopLevelSpec;
  }
  const longLabels = choice.points.some((p) => p.label.length > 10) || choice.points.length > 8;
  return {
    ...base,
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      x: {
        field: 'label',
        type: 'nominal',
        sort: { field: 'order', op: 'min' },
        title: choice.x.label,
        axis: { labelAngle: longLabels ? -35 : 0, labelLimit: 220 },
      },
      ...(two ? { xOffset: { field: 'series' } } : {}),
      y,
      color,
    },
  } as TopLevelSpec;
}
