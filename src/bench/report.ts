import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchRecord, Metrics, SetMetrics } from './metrics';
import type { SpiderQuestionSet } from './spiderDataset';

/** A per-question line of the results file: the record without the product's rows. */
export interface CompactRecord {
  id: string;
  dbId: string;
  question: string;
  goldSql: string;
  goldTables: string[];
  leftOut: boolean;
  decision: BenchRecord['answer']['decision'];
  /** Top 5 candidates. */
  candidates: { table: string; score: number }[];
  tables: string[];
  sql: string | null;
  rowCount: number | null;
  reason: string;
  error: string | null;
  ex: boolean | null;
  exAnyColumnOrder: boolean | null;
  exNote?: string;
  totalMs: number;
}

/** One target of the benchmark issue and whether this run meets it. */
export interface TargetCheck {
  set: SpiderQuestionSet;
  metric: keyof Metrics;
  label: string;
  comparison: '>=' | '<=';
  target: number;
  value: number | null;
  met: boolean;
}

/** Everything one benchmark run measured; written as `bench/results/<timestamp>.json`. */
export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  /** The command line that reproduces the run. */
  command: string;
  spiderDir: string;
  /** Where the databases were loaded (redacted URL or `pglite:<dir>`). */
  target: string;
  questionSets: SpiderQuestionSet[];
  limit: number | null;
  databases: { indexed: string[]; leftOut: string[] };
  load: { seconds: number; schemas: number; tables: number; rows: number; skipped: string[] };
  reindex: { seconds: number; tables: number; columns: number; embedder: string; indexBytes: number };
  /** Numbers are rounded to this many decimals before comparing. */
  exRules: { decimals: number };
  metrics: Partial<Record<SpiderQuestionSet, SetMetrics>>;
  targets: TargetCheck[];
  records: Partial<Record<SpiderQuestionSet, CompactRecord[]>>;
}

/** The targets, per question set. */
export const BENCH_TARGETS: readonly Omit<TargetCheck, 'value' | 'met'>[] = [
  { set: 'original', metric: 'r1', label: 'R@1', comparison: '>=', target: 0.95 },
  { set: 'original', metric: 'r3All', label: 'R@3-all', comparison: '>=', target: 0.95 },
  { set: 'original', metric: 'ex', label: 'EX', comparison: '>=', target: 0.6 },
  {
    set: 'original',
    metric: 'leftOutDeclineRate',
    label: 'left-out declined',
    comparison: '>=',
    target: 0.95,
  },
  { set: 'original', metric: 'declineRate', label: 'indexed declined', comparison: '<=', target: 0.05 },
  { set: 'original', metric: 'latencyP95Ms', label: 'p95 ms', comparison: '<=', target: 100 },
  { set: 'syn', metric: 'r1', label: 'R@1', comparison: '>=', target: 0.85 },
  { set: 'syn', metric: 'leftOutDeclineRate', label: 'left-out declined', comparison: '>=', target: 0.95 },
  { set: 'syn', metric: 'declineRate', label: 'indexed declined', comparison: '<=', target: 0.05 },
  { set: 'syn', metric: 'latencyP95Ms', label: 'p95 ms', comparison: '<=', target: 100 },
];

/** Checks the targets of the sets present in `metrics`. */
export function checkTargets(metrics: Partial<Record<SpiderQuestionSet, SetMetrics>>): TargetCheck[] {
  return BENCH_TARGETS.flatMap((t) => {
    const overall = metrics[t.set]?.overall;
    if (!overall) return [];
    const raw = overall[t.metric];
    const value = typeof raw === 'number' ? raw : null;
    const met = value !== null && (t.comparison === '>=' ? value >= t.target : value <= t.target);
    return [{ ...t, value, met }];
  });
}

/** Drops the product's rows and keeps the top 5 candidates. */
export function compactRecord(record: BenchRecord): CompactRecord {
  const a = record.answer;
  return {
    id: record.id,
    dbId: record.dbId,
    question: record.question,
    goldSql: record.goldSql,
    goldTables: record.goldTables,
    leftOut: record.leftOut,
    decision: a.decision,
    candidates: a.candidates.slice(0, 5),
    tables: a.tables,
    sql: a.sql,
    rowCount: a.rows === null ? null : a.rows.length,
    reason: a.reason,
    error: a.error,
    ex: record.ex,
    exAnyColumnOrder: record.exAnyColumnOrder,
    ...(record.exNote === undefined ? {} : { exNote: record.exNote }),
    totalMs: Math.round(a.timings_ms.total * 10) / 10,
  };
}

/** The columns of the metrics tables: header and how to print a {@link Metrics}. */
const COLUMNS: readonly { header: string; cell: (m: Metrics) => string }[] = [
  { header: 'n', cell: (m) => String(m.questions) },
  { header: 'R@1', cell: (m) => rate(m.r1) },
  { header: 'R@3all', cell: (m) => rate(m.r3All) },
  { header: 'MRR', cell: (m) => rate(m.mrr) },
  { header: 'exact', cell: (m) => rate(m.tablesExact) },
  { header: 'answer', cell: (m) => rate(m.answerRate) },
  { header: 'clarify', cell: (m) => rate(m.clarifyRate) },
  { header: 'decline', cell: (m) => rate(m.declineRate) },
  { header: 'left-out decl', cell: (m) => rate(m.leftOutDeclineRate) },
  { header: 'EX', cell: (m) => rate(m.ex) },
  { header: 'EX any-col', cell: (m) => rate(m.exAnyColumnOrder) },
  { header: 'p50 ms', cell: (m) => ms(m.latencyP50Ms) },
  { header: 'p95 ms', cell: (m) => ms(m.latencyP95Ms) },
  { header: 'errors', cell: (m) => String(m.errors) },
];

/** A rate with 3 decimals, `-` for none. */
export function rate(value: number | null): string {
  return value === null ? '-' : value.toFixed(3);
}

/** Milliseconds with 1 decimal, `-` for none. */
export function ms(value: number | null): string {
  return value === null ? '-' : value.toFixed(1);
}

function tableRows(set: SetMetrics, leftOut: readonly string[]): string[][] {
  const rows = Object.entries(set.databases).map(([db, m]) => [
    leftOut.includes(db) ? `${db} (left out)` : db,
    ...COLUMNS.map((c) => c.cell(m)),
  ]);
  rows.push(['ALL', ...COLUMNS.map((c) => c.cell(set.overall))]);
  return rows;
}

/** A plain-text table with aligned columns (first left, the rest right). */
export function padTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function targetLine(t: TargetCheck, format: (v: number | null) => string): string {
  return `${t.met ? 'met ' : 'MISS'}  ${t.set} ${t.label} ${t.comparison} ${t.target}: ${format(t.value)}`;
}

function formatValue(t: TargetCheck): (v: number | null) => string {
  return t.metric === 'latencyP95Ms' ? ms : rate;
}

/** The readable terminal report: one table per question set, then the load/reindex figures and targets. */
export function formatReport(result: BenchResult): string {
  const out: string[] = [];
  const header = ['database', ...COLUMNS.map((c) => c.header)];
  for (const set of result.questionSets) {
    const metrics = result.metrics[set];
    if (!metrics) continue;
    out.push(`${set === 'original' ? 'Original' : 'Synonym (Spider-Syn)'} questions`);
    out.push(padTable(header, tableRows(metrics, result.databases.leftOut)), '');
  }
  out.push(
    `load: ${result.load.schemas} databases, ${result.load.tables} tables, ${result.load.rows} rows in ${result.load.seconds.toFixed(2)} s (${result.target})`,
    `reindex: ${result.reindex.tables} tables, ${result.reindex.columns} columns in ${result.reindex.seconds.toFixed(2)} s (${result.reindex.embedder})`,
    `left out of the index: ${result.databases.leftOut.join(', ') || 'none'}`,
    '',
    ...result.targets.map((t) => targetLine(t, formatValue(t))),
  );
  return out.join('\n');
}

/** A markdown table, first column left-aligned, the rest right-aligned. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** The markdown summary written next to the JSON results. */
export function formatMarkdown(result: BenchResult): string {
  const header = ['database', ...COLUMNS.map((c) => c.header)];
  const out: string[] = [
    `# tablebot benchmark ${result.startedAt}`,
    '',
    `- command: \`${result.command}\``,
    `- data: ${result.spiderDir}; target: ${result.target}; limit: ${result.limit ?? 'none'}`,
    `- load: ${result.load.schemas} databases, ${result.load.tables} tables, ${result.load.rows} rows, ${result.load.seconds.toFixed(2)} s`,
    `- reindex: ${result.reindex.tables} tables, ${result.reindex.columns} columns, ${result.reindex.seconds.toFixed(2)} s, embedder ${result.reindex.embedder}`,
    `- left out of the index (must be declined): ${result.databases.leftOut.join(', ') || 'none'}`,
    `- EX: row tuples with columns by position (EX any-col: columns in any order), numbers rounded to ${result.exRules.decimals} decimals, order only when the gold query orders; clarify/decline count as wrong`,
    '',
    '## Targets',
    '',
    ...result.targets.map((t) => `- ${targetLine(t, formatValue(t))}`),
  ];
  for (const set of result.questionSets) {
    const metrics = result.metrics[set];
    if (!metrics) continue;
    out.push('', `## ${set === 'original' ? 'Original' : 'Synonym (Spider-Syn)'} questions`, '');
    out.push(markdownTable(header, tableRows(metrics, result.databases.leftOut)));
  }
  return `${out.join('\n')}\n`;
}

/** A file-name-safe timestamp: `2025-01-31T12-34-56-789Z`. */
export function resultTimestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** Writes `<dir>/<stamp>.json` (the result) and `<dir>/<stamp>.md` (its summary); returns their paths. */
export async function writeResultFiles(options: {
  dir: string;
  stamp: string;
  result: unknown;
  markdown: string;
}): Promise<{ jsonPath: string; markdownPath: string }> {
  await mkdir(options.dir, { recursive: true });
  const jsonPath = path.join(options.dir, `${options.stamp}.json`);
  const markdownPath = path.join(options.dir, `${options.stamp}.md`);
  await writeFile(jsonPath, `${JSON.stringify(options.result, null, 1)}\n`);
  await writeFile(markdownPath, options.markdown);
  return { jsonPath, markdownPath };
}

/** Writes `<dir>/<timestamp>.json` and `<dir>/<timestamp>.md`; returns their paths. */
export async function writeReport(options: {
  result: BenchResult;
  dir: string;
  /** @default resultTimestamp(new Date(result.startedAt)) */
  timestamp?: string;
}): Promise<{ jsonPath: string; markdownPath: string }> {
  return writeResultFiles({
    dir: options.dir,
    stamp: options.timestamp ?? resultTimestamp(new Date(options.result.startedAt)),
    result: options.result,
    markdown: formatMarkdown(options.result),
  });
}
