import { DECISIONS, type Decision } from './businessDataset';
import type { BusinessGroupMetrics, BusinessMetrics, Confusion } from './businessMetrics';
import type { ItemScore } from './businessScore';
import { markdownTable, ms, padTable, rate, resultTimestamp, writeResultFiles } from './report';

/** One question of a business run, as written to the results file. */
export interface BusinessQuestionLine {
  id: string;
  db: string;
  category: string;
  expect: Decision;
  question: string;
  decision: ItemScore['decision'];
  correct: boolean;
  /** `answer` items: execution match. */
  match: boolean | null;
  matchedReading: ItemScore['matchedReading'];
  tables: string[];
  goldTables: string[];
  tablesExact: boolean | null;
  tablesCovering: boolean | null;
  /** `clarify` items: clarified with both readings. */
  bothReadings: boolean | null;
  clarification: { question: string; options: { label: string; tables: string[]; column?: string }[] } | null;
  sql: string | null;
  goldSql: string | null;
  rowCount: number | null;
  reason: string;
  error: string | null;
  note?: string;
  totalMs: number;
}

/** One conversation turn of a business run, as written to the results file. */
export interface BusinessTurnLine {
  conversation: string;
  db: string;
  turn: number;
  say: string;
  /** The question the pipeline was last asked (the follow-up as the bot rewrote it). */
  asked: string | null;
  forcedTables: string[] | null;
  expect: Decision;
  decision: ItemScore['decision'];
  correct: boolean;
  match: boolean | null;
  matchedReading: ItemScore['matchedReading'];
  swapped: boolean;
  bothReadings: boolean | null;
  clarification: BusinessQuestionLine['clarification'];
  sql: string | null;
  goldSql: string | null;
  note?: string;
}

/** One target of issue 8 and whether the run meets it. */
export interface BusinessTarget {
  label: string;
  comparison: '>=' | '<=';
  target: number;
  value: number | null;
  met: boolean;
}

/** Everything a business run measured; written as `bench/results/<timestamp>.json`. */
export interface BusinessResult {
  suite: 'business';
  startedAt: string;
  finishedAt: string;
  command: string;
  businessDir: string;
  /** Where each database lives (redacted URL or `pglite:<dir>`, `demo` seeded on `startedAt`'s day). */
  targets: Record<string, string>;
  filters: { only: string[] | null; dbs: string[] | null };
  load: Record<string, { seconds: number }>;
  reindex: Record<string, { seconds: number; tables: number; columns: number; embedder: string }>;
  rules: { decimals: number; readingsRule: string };
  metrics: BusinessMetrics;
  /** Single questions and how many were right, per category. */
  categories: Record<string, { questions: number; right: number }>;
  checks: BusinessTarget[];
  questions: BusinessQuestionLine[];
  conversations: BusinessTurnLine[];
}

/** Issue 8's targets on the business set (overall). */
const TARGETS: readonly {
  label: string;
  comparison: '>=' | '<=';
  target: number;
  value: (m: BusinessGroupMetrics) => number | null;
}[] = [
  {
    label: 'execution match of answerable',
    comparison: '>=',
    target: 0.8,
    value: (m) => m.questions.executionMatch,
  },
  {
    label: 'ambiguous clarified with both readings',
    comparison: '>=',
    target: 0.75,
    value: (m) => m.questions.clarifyBothReadings,
  },
  {
    label: 'must-decline declined',
    comparison: '>=',
    target: 0.9,
    value: (m) => m.questions.declineAccuracy,
  },
  {
    label: 'answerable declined',
    comparison: '<=',
    target: 0.05,
    value: (m) => m.questions.answerableDeclined,
  },
  {
    label: 'conversations right on every turn',
    comparison: '>=',
    target: 0.8,
    value: (m) => m.conversations.allRightRate,
  },
  { label: 'p95 ms', comparison: '<=', target: 100, value: (m) => m.questions.latencyP95Ms },
];

/** Checks issue 8's targets against the overall figures. */
export function checkBusinessTargets(metrics: BusinessMetrics): BusinessTarget[] {
  return TARGETS.map((t) => {
    const value = t.value(metrics.overall);
    const met = value !== null && (t.comparison === '>=' ? value >= t.target : value <= t.target);
    return { label: t.label, comparison: t.comparison, target: t.target, value, met };
  });
}

/** The columns of the summary table. */
const COLUMNS: readonly { header: string; cell: (m: BusinessGroupMetrics) => string }[] = [
  { header: 'n', cell: (m) => String(m.questions.questions) },
  { header: 'answer', cell: (m) => rate(m.questions.answerAccuracy) },
  { header: 'clarify', cell: (m) => rate(m.questions.clarifyAccuracy) },
  { header: 'decline', cell: (m) => rate(m.questions.declineAccuracy) },
  { header: 'EX', cell: (m) => rate(m.questions.executionMatch) },
  { header: 'tbl exact', cell: (m) => rate(m.questions.tablesExact) },
  { header: 'tbl cover', cell: (m) => rate(m.questions.tablesCovering) },
  { header: 'both rdg', cell: (m) => rate(m.questions.clarifyBothReadings) },
  {
    header: 'clar→ans ok',
    cell: (m) => `${m.questions.clarifyAnsweredMatched}/${m.questions.clarifyAnswered}`,
  },
  { header: 'ans declined', cell: (m) => rate(m.questions.answerableDeclined) },
  { header: 'turns', cell: (m) => rate(m.conversations.turnAccuracy) },
  {
    header: 'conv all',
    cell: (m) => `${m.conversations.allRight}/${m.conversations.conversations}`,
  },
  { header: 'p50 ms', cell: (m) => ms(m.questions.latencyP50Ms) },
  { header: 'p95 ms', cell: (m) => ms(m.questions.latencyP95Ms) },
  { header: 'errors', cell: (m) => String(m.questions.errors) },
];

const LEGEND = [
  'answer/clarify/decline: share of the items expecting that decision that got it;',
  'EX: execution match of answerable items; tbl exact/cover: of answerable items answered;',
  'both rdg: ambiguous items clarified with options naming both readings; clar→ans ok: ambiguous items',
  'answered instead whose answer matched one reading / answered; ans declined: answerable items declined;',
  'turns: conversation turns right; conv all: conversations right on every turn; p50/p95: pipeline ms.',
].join('\n');

function summaryRows(metrics: BusinessMetrics): string[][] {
  const rows = Object.entries(metrics.databases).map(([db, m]) => [db, ...COLUMNS.map((c) => c.cell(m))]);
  rows.push(['ALL', ...COLUMNS.map((c) => c.cell(metrics.overall))]);
  return rows;
}

function confusionRows(confusion: Confusion): string[][] {
  return DECISIONS.map((expect) => [
    `expected ${expect}`,
    ...DECISIONS.map((d) => String(confusion[expect][d])),
    String(confusion[expect].none),
  ]);
}

const CONFUSION_HEADER = ['', 'answered', 'clarified', 'declined', 'none'];

function targetLine(t: BusinessTarget): string {
  const value = t.label === 'p95 ms' ? ms(t.value) : rate(t.value);
  return `${t.met ? 'met ' : 'MISS'}  ${t.label} ${t.comparison} ${t.target}: ${value}`;
}

/** Ids of the wrong items, grouped by expected decision. */
function failures(result: BusinessResult): string[] {
  const lines: string[] = [];
  for (const expect of DECISIONS) {
    const wrong = result.questions.filter((q) => q.expect === expect && !q.correct).map((q) => q.id);
    if (wrong.length > 0) lines.push(`wrong ${expect} (${wrong.length}): ${wrong.join(' ')}`);
  }
  const turns = result.conversations.filter((t) => !t.correct).map((t) => `${t.conversation}#${t.turn}`);
  if (turns.length > 0) lines.push(`wrong turns (${turns.length}): ${turns.join(' ')}`);
  return lines;
}

/** The terminal report of a business run. */
export function formatBusinessReport(result: BusinessResult): string {
  const header = ['database', ...COLUMNS.map((c) => c.header)];
  const out = ['Business questions', padTable(header, summaryRows(result.metrics)), '', LEGEND, ''];
  out.push(
    'Decisions (all questions)',
    padTable(CONFUSION_HEADER, confusionRows(result.metrics.overall.questions.confusion)),
    '',
  );
  for (const [db, r] of Object.entries(result.reindex)) {
    out.push(
      `${db}: ${result.targets[db]}; load ${(result.load[db]?.seconds ?? 0).toFixed(2)} s; reindex ${r.tables} tables, ${r.columns} columns in ${r.seconds.toFixed(2)} s (${r.embedder})`,
    );
  }
  out.push('', ...failures(result), '', ...result.checks.map(targetLine));
  return out.join('\n');
}

/** The markdown summary written next to the JSON results. */
export function formatBusinessMarkdown(result: BusinessResult): string {
  const header = ['database', ...COLUMNS.map((c) => c.header)];
  const out = [
    `# tablebot business benchmark ${result.startedAt}`,
    '',
    `- command: \`${result.command}\``,
    `- data: ${result.businessDir}`,
    ...Object.entries(result.targets).map(([db, t]) => `- ${db}: ${t}`),
    `- filters: only ${result.filters.only?.join(', ') ?? 'none'}; databases ${result.filters.dbs?.join(', ') ?? 'all'}`,
    `- values: numbers rounded to ${result.rules.decimals} decimals; see src/bench/README.md for every rule`,
    '',
    '## Targets (issue 8)',
    '',
    ...result.checks.map((t) => `- ${targetLine(t)}`),
    '',
    '## Summary',
    '',
    markdownTable(header, summaryRows(result.metrics)),
    '',
    LEGEND,
    '',
    '## Decisions (all questions)',
    '',
    markdownTable(
      ['expected', ...CONFUSION_HEADER.slice(1)],
      confusionRows(result.metrics.overall.questions.confusion),
    ),
    '',
    '## Right per category',
    '',
    markdownTable(
      ['category', 'right', 'questions'],
      Object.entries(result.categories).map(([c, v]) => [c, String(v.right), String(v.questions)]),
    ),
    '',
    '## Wrong items',
    '',
    ...failures(result).map((l) => `- ${l}`),
  ];
  return `${out.join('\n')}\n`;
}

/** Writes `<dir>/<timestamp>-business.json` and `.md`; returns their paths. */
export async function writeBusinessReport(options: {
  result: BusinessResult;
  dir: string;
}): Promise<{ jsonPath: string; markdownPath: string }> {
  return writeResultFiles({
    dir: options.dir,
    stamp: `${resultTimestamp(new Date(options.result.startedAt))}-business`,
    result: options.result,
    markdown: formatBusinessMarkdown(options.result),
  });
}
