/**
 * Growth of the scale bench's figures with the catalog's size: from two or more scale results (different table
 * counts, the same store kind) it fits each figure both as a power law (`y = a·N^b`, least squares on logs; `b`
 * is the growth exponent) and as a straight line (`y = c + d·N`: a fixed cost plus a cost per table), projects
 * both to a larger catalog, and holds the less favourable projection against the goal of issue 12.
 */
import type { ScaleResult } from './scaleBench';

/** One figure of a scale result, how to read it and its goal. */
interface GrowthMetric {
  label: string;
  unit: string;
  read: (r: ScaleResult) => number | null | undefined;
  /** `max`: the figure must stay at or below the goal; `min`: at or above. */
  goal: { kind: 'max' | 'min'; value: number };
}

/** The figures the issue sets goals for, with those goals. */
export const GROWTH_METRICS: readonly GrowthMetric[] = [
  { label: 'server ready', unit: 's', read: (r) => r.server.readySeconds, goal: { kind: 'max', value: 10 } },
  {
    label: '/healthz after spawn',
    unit: 's',
    read: (r) => r.server.healthzSeconds,
    goal: { kind: 'max', value: 1 },
  },
  {
    label: 'answering RSS (peak)',
    unit: 'MiB',
    read: (r) => r.server.peakRssMiB,
    goal: { kind: 'max', value: 1536 },
  },
  {
    label: 'retrieve p95',
    unit: 'ms',
    read: (r) => r.ask.stages.retrieve.p95,
    goal: { kind: 'max', value: 50 },
  },
  { label: 'ask p95', unit: 'ms', read: (r) => r.ask.stages.total.p95, goal: { kind: 'max', value: 100 } },
  {
    label: 'full reindex',
    unit: 'tables/s',
    read: (r) => r.reindex.tablesPerSecond,
    goal: { kind: 'min', value: 200 },
  },
  {
    label: 'reindex peak RSS',
    unit: 'MiB',
    read: (r) => r.reindex.peakRssMiB,
    goal: { kind: 'max', value: 2048 },
  },
  {
    label: 'incremental reindex',
    unit: 's',
    read: (r) => r.incremental?.seconds,
    goal: { kind: 'max', value: 30 },
  },
];

/** A fitted figure and its projections. */
export interface GrowthRow {
  label: string;
  unit: string;
  /** The measured values, by table count. */
  points: { tables: number; value: number }[];
  /** Power-law exponent `b` of `y = a·N^b`. */
  exponent: number;
  /** Fixed part `c` and per-table part `d` of `y = c + d·N`. */
  linear: { fixed: number; perTable: number };
  projected: { power: number; linear: number; worse: number };
  goal: GrowthMetric['goal'];
  meetsGoal: boolean;
}

/** The growth report: one row per figure measured at two or more sizes. */
export interface GrowthReport {
  at: number;
  sizes: number[];
  stores: string[];
  rows: GrowthRow[];
}

/** Least-squares slope and intercept of `y` on `x`. */
function leastSquares(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Fits every goal figure over `results` and projects it to `at` tables.
 * @throws RangeError (naming `scaleGrowth`) when fewer than two distinct table counts are given
 */
export function scaleGrowth(results: readonly ScaleResult[], at: number): GrowthReport {
  const sizes = [...new Set(results.map((r) => r.tables))].sort((a, b) => a - b);
  if (sizes.length < 2)
    throw new RangeError(
      `scaleGrowth: needs results at two or more table counts, got ${sizes.join(', ') || 'none'}`,
    );
  const rows: GrowthRow[] = [];
  for (const metric of GROWTH_METRICS) {
    const points = results
      .map((r) => ({ tables: r.tables, value: metric.read(r) }))
      .filter((p): p is { tables: number; value: number } => typeof p.value === 'number' && p.value > 0)
      .sort((a, b) => a.tables - b.tables);
    if (new Set(points.map((p) => p.tables)).size < 2) continue;
    const power = leastSquares(
      points.map((p) => Math.log(p.tables)),
      points.map((p) => Math.log(p.value)),
    );
    const line = leastSquares(
      points.map((p) => p.tables),
      points.map((p) => p.value),
    );
    const projectedPower = Math.exp(power.intercept) * at ** power.slope;
    const projectedLinear = line.intercept + line.slope * at;
    const worse =
      metric.goal.kind === 'max'
        ? Math.max(projectedPower, projectedLinear)
        : Math.min(projectedPower, projectedLinear);
    rows.push({
      label: metric.label,
      unit: metric.unit,
      points,
      exponent: round(power.slope),
      linear: { fixed: round(line.intercept), perTable: line.slope },
      projected: {
        power: round(projectedPower, 1),
        linear: round(projectedLinear, 1),
        worse: round(worse, 1),
      },
      goal: metric.goal,
      meetsGoal: metric.goal.kind === 'max' ? worse <= metric.goal.value : worse >= metric.goal.value,
    });
  }
  return { at, sizes, stores: [...new Set(results.map((r) => r.store))], rows };
}

/** The growth report as markdown. */
export function formatGrowthReport(report: GrowthReport): string {
  const lines = [
    `# scale growth: ${report.sizes.join(' / ')} tables → ${report.at} (store ${report.stores.join(', ')})`,
    '',
    `| figure | measured | exponent b (y ∝ N^b) | per 1,000 tables | power law at ${report.at} | linear at ${report.at} | goal | within |`,
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of report.rows) {
    const measured = row.points.map((p) => `${p.value} @ ${p.tables}`).join(', ');
    const goal = `${row.goal.kind === 'max' ? '≤' : '≥'} ${row.goal.value} ${row.unit}`;
    lines.push(
      `| ${row.label} (${row.unit}) | ${measured} | ${row.exponent} | ${round(row.linear.perTable * 1000, 2)} | ${row.projected.power} | ${row.projected.linear} | ${goal} | ${row.meetsGoal ? 'yes' : 'no'} |`,
    );
  }
  lines.push(
    '',
    'A figure is within its goal when the less favourable of the two projections is; both fits extrapolate, so a',
    'projection far beyond the largest measured size is a forecast, not a measurement.',
  );
  return lines.join('\n');
}
