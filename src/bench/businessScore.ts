import { errorMessage } from '../errors';
import type { AskResult, ClarificationOption } from '../pipeline/types';
import type { DataSource } from '../sources';
import { BENCH_MAX_ROWS } from './benchPlan';
import type { Decision, GoldReadings } from './businessDataset';
import { businessMatch } from './businessMatch';
import { offeredReadings, readSql, type OfferedReadings, type SqlReading } from './businessReadings';
import type { GoldResult } from './goldRunner';

/** Statement timeout for gold and alternative queries, ms. */
export const READING_TIMEOUT_MS = 60_000;

/** Which reading a result matched. */
export type ReadingName = 'gold' | 'alt';

/** A gold or alternative query: its parts and its result on the database, run right after the bot's. */
export interface RunReading {
  sql: string;
  /** Null when libpg-query could not parse it. */
  parsed: SqlReading | null;
  result: GoldResult;
}

/** The readings of one item (none for declines). */
export interface ItemReadings {
  gold: RunReading | null;
  alt: RunReading | null;
}

/** How one question or turn scored (see src/bench/README.md, "Business questions"). */
export interface ItemScore {
  /** What the bot did; `none` when the turn never reached the pipeline. */
  decision: Decision | 'none';
  /** The decision equals the expected one. */
  decisionRight: boolean;
  /** `answer` items: the result matched the gold or the alternative; null for other items. */
  match: boolean | null;
  /** The reading the bot's result matched (answer items, and clarify items the bot answered). */
  matchedReading: ReadingName | null;
  /** `answer` items the bot answered: its tables equal the gold (or alternative) tables. */
  tablesExact: boolean | null;
  /** `answer` items the bot answered: its tables contain every gold (or alternative) table. */
  tablesCovering: boolean | null;
  /** `clarify` items the bot clarified: which options name which reading; null otherwise. */
  offered: OfferedReadings | null;
  /** `clarify` items: clarified with both readings offered; null for other items. */
  bothReadings: boolean | null;
  /** The item is right: `answer` matched, `clarify` clarified, `decline` declined. */
  correct: boolean;
  /** Why it is wrong or unscored, when there is more to say. */
  note?: string;
}

/**
 * Runs a reading on the database in a read-only transaction, never throwing.
 * The statement gets the same row cap as the bot's.
 */
export async function runReading(source: DataSource, sql: string): Promise<RunReading> {
  let parsed: SqlReading | null;
  try {
    parsed = readSql(sql);
  } catch {
    parsed = null;
  }
  try {
    const r = await source.readOnly((q) => q.queryArrays(sql), { statementTimeoutMs: READING_TIMEOUT_MS });
    return { sql, parsed, result: { ok: true, columns: r.columns, rows: r.rows.slice(0, BENCH_MAX_ROWS) } };
  } catch (error) {
    return { sql, parsed, result: { ok: false, error: `runReading: ${errorMessage(error)}` } };
  }
}

/** Runs the gold and alternative queries of an item (none for a decline). */
export async function runReadings(source: DataSource, item: GoldReadings): Promise<ItemReadings> {
  return {
    gold: item.goldSql === null ? null : await runReading(source, item.goldSql),
    alt: item.altSql === null ? null : await runReading(source, item.altSql),
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const sb = new Set(b);
  return new Set(a).size === sb.size && a.every((x) => sb.has(x));
};

/** Which reading the bot's rows match, trying gold first. */
function matchedReading(result: AskResult, readings: ItemReadings, ordered: boolean): ReadingName | null {
  if (result.decision !== 'answer' || result.rows === null) return null;
  const bot = { columns: result.columns ?? [], rows: result.rows };
  for (const name of ['gold', 'alt'] as const) {
    const reading = readings[name];
    if (reading?.result.ok && businessMatch({ bot, gold: reading.result, ordered })) return name;
  }
  return null;
}

/** The first rows of a result, as short text for a note. */
function preview(rows: readonly (readonly unknown[])[]): string {
  const text = JSON.stringify(rows.slice(0, 3), (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
  const shown = text.length > 160 ? `${text.slice(0, 157)}...` : text;
  return rows.length > 3 ? `${shown} (+${rows.length - 3} rows)` : shown;
}

const shape = (rows: readonly (readonly unknown[])[]) =>
  `${rows.length}x${rows.length === 0 ? 0 : rows[0].length}`;

/** Why an item is wrong, for developers reading the results. */
function whyWrong(
  item: GoldReadings,
  result: AskResult | null,
  readings: ItemReadings,
  matched: ReadingName | null,
): string {
  const failed = (['gold', 'alt'] as const).flatMap((n) => {
    const r = readings[n]?.result;
    return r && !r.ok ? [`${n} reading failed: ${r.error}`] : [];
  });
  if (failed.length > 0) return failed.join('; ');
  if (!result) return 'the turn never reached the pipeline';
  if (item.expect !== 'answer') {
    const answered =
      result.decision === 'answer'
        ? `; the answer matched ${matched === null ? 'neither reading' : `the ${matched} reading`}`
        : '';
    return `expected ${item.expect}, got ${result.decision}${answered}`;
  }
  if (result.decision !== 'answer') return `expected answer, got ${result.decision}`;
  if (result.rows === null) return `no rows (${result.error ?? 'no SQL'})`;
  const gold = readings.gold?.result;
  return gold?.ok
    ? `rows differ: bot ${shape(result.rows)} ${preview(result.rows)}, gold ${shape(gold.rows)} ${preview(gold.rows)}`
    : 'rows differ';
}

/**
 * Scores one item against its readings (run by {@link runReadings} on the same database right after the
 * bot answered). `result` is the pipeline's last answer for the item, or null when none was asked.
 */
export function scoreItem(options: {
  item: GoldReadings;
  result: AskResult | null;
  readings: ItemReadings;
}): ItemScore {
  const { item, result, readings } = options;
  const decision: ItemScore['decision'] = result?.decision ?? 'none';
  const decisionRight = decision === item.expect;
  const ordered = item.orderMatters;
  const matched = result ? matchedReading(result, readings, ordered) : null;
  const answered = decision === 'answer' && result !== null;

  const acceptedTables = [item.goldTables];
  const altTables = readings.alt?.parsed?.tables;
  if (item.expect === 'answer' && altTables && !sameSet(altTables, item.goldTables))
    acceptedTables.push(altTables);
  const botTables = (result?.tables ?? []).map((t) => t.toLowerCase());
  const tablesExact =
    item.expect === 'answer' && answered ? acceptedTables.some((t) => sameSet(botTables, t)) : null;
  const tablesCovering =
    item.expect === 'answer' && answered
      ? acceptedTables.some((t) => t.every((x) => botTables.includes(x)))
      : null;

  let offered: OfferedReadings | null = null;
  if (item.expect === 'clarify' && decision === 'clarify') {
    const gold = readings.gold?.parsed;
    const alt = readings.alt?.parsed;
    const choices: ClarificationOption[] = result?.clarification?.options ?? [];
    offered = gold && alt ? offeredReadings(choices, gold, alt) : null;
  }

  const match = item.expect === 'answer' ? matched !== null : null;
  const correct = item.expect === 'answer' ? matched !== null : decisionRight;
  const note = !correct
    ? whyWrong(item, result, readings, matched)
    : item.expect === 'clarify' && !offered?.both
      ? 'clarified, but the options do not name both readings'
      : undefined;
  return {
    decision,
    decisionRight,
    match,
    matchedReading: item.expect === 'decline' ? null : matched,
    tablesExact,
    tablesCovering,
    offered,
    bothReadings: item.expect === 'clarify' ? (offered?.both ?? false) : null,
    correct,
    ...(note === undefined ? {} : { note }),
  };
}
