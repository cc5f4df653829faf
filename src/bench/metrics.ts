import type { AskJson } from '../pipeline/askJson';
import type { SpiderQuestionSet } from './spiderDataset';

/** One benchmark question with the product's answer and its scoring inputs. */
export interface BenchRecord {
  /** Question id (`original:17`, `syn:17`). */
  id: string;
  set: SpiderQuestionSet;
  dbId: string;
  question: string;
  goldSql: string;
  /** `<schema>.<table>` read by the gold SQL. */
  goldTables: string[];
  /** True when the database is left out of the index: the right answer is a decline. */
  leftOut: boolean;
  /** The product's `ask --json` line. */
  answer: AskJson;
  /**
   * Execution match for indexed questions (a clarify or decline is false); null for left-out questions
   * and when the gold query itself failed on SQLite.
   */
  ex: boolean | null;
  /**
   * Execution match with the product's columns in any order (Spider's test-suite evaluation permutes
   * columns); null when `ex` is null.
   */
  exAnyColumnOrder: boolean | null;
  /** Why `ex` is false or null, when there is more to say (gold failed, product error, row mismatch). */
  exNote?: string;
}

/** Scores of one group of questions (a database, or a whole question set). */
export interface Metrics {
  /** All questions in the group. */
  questions: number;
  /** Questions about indexed databases. */
  indexed: number;
  /** Questions about left-out databases. */
  leftOut: number;
  /** Top candidate is a gold table (indexed questions). */
  r1: number | null;
  /** Every gold table is among the top 3 candidates (indexed questions). */
  r3All: number | null;
  /** Mean reciprocal rank of the first gold table among the candidates (0 when absent). */
  mrr: number | null;
  /** The answer's `tables` equal the gold tables as a set (non-answers count as misses). */
  tablesExact: number | null;
  /** Decision rates on indexed questions. */
  answerRate: number | null;
  clarifyRate: number | null;
  declineRate: number | null;
  /** Share of left-out questions declined. */
  leftOutDeclineRate: number | null;
  /** Execution accuracy on indexed questions whose gold query ran, columns compared by position. */
  ex: number | null;
  /** Execution accuracy with columns matched in any order. */
  exAnyColumnOrder: number | null;
  /** Indexed questions scored for EX. */
  exScored: number;
  /** Answers that carry an error code (all questions). */
  errors: number;
  /** Latency percentiles of `timings_ms.total` over all questions, ms. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyMaxMs: number | null;
}

/** Metrics of one question set: overall and per database. */
export interface SetMetrics {
  overall: Metrics;
  databases: Record<string, Metrics>;
}

/** Nearest-rank percentile (`p` in 0..100) of unsorted values; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;

const share = <T>(items: readonly T[], test: (item: T) => boolean): number | null =>
  items.length === 0 ? null : items.filter(test).length / items.length;

/** 1-based rank of the first candidate that is a gold table, or null. */
function firstGoldRank(record: BenchRecord): number | null {
  const gold = new Set(record.goldTables);
  const index = record.answer.candidates.findIndex((c) => gold.has(c.table));
  return index < 0 ? null : index + 1;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** Scores a group of records (see {@link Metrics} for each definition). */
export function computeMetrics(records: readonly BenchRecord[]): Metrics {
  const indexed = records.filter((r) => !r.leftOut);
  const leftOut = records.filter((r) => r.leftOut);
  const withGold = indexed.filter((r) => r.goldTables.length > 0);
  const scored = indexed.filter((r) => r.ex !== null);
  const latencies = records.map((r) => r.answer.timings_ms.total).filter((t) => Number.isFinite(t));
  return {
    questions: records.length,
    indexed: indexed.length,
    leftOut: leftOut.length,
    r1: share(withGold, (r) => firstGoldRank(r) === 1),
    r3All: share(withGold, (r) => {
      const top3 = new Set(r.answer.candidates.slice(0, 3).map((c) => c.table));
      return r.goldTables.every((t) => top3.has(t));
    }),
    mrr: mean(withGold.map((r) => 1 / (firstGoldRank(r) ?? Infinity))),
    tablesExact: share(
      withGold,
      (r) => r.answer.decision === 'answer' && sameSet(r.answer.tables, r.goldTables),
    ),
    answerRate: share(indexed, (r) => r.answer.decision === 'answer'),
    clarifyRate: share(indexed, (r) => r.answer.decision === 'clarify'),
    declineRate: share(indexed, (r) => r.answer.decision === 'decline'),
    leftOutDeclineRate: share(leftOut, (r) => r.answer.decision === 'decline'),
    ex: share(scored, (r) => r.ex === true),
    exAnyColumnOrder: share(scored, (r) => r.exAnyColumnOrder === true),
    exScored: scored.length,
    errors: records.filter((r) => r.answer.error !== null).length,
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
    latencyMaxMs: latencies.length === 0 ? null : Math.max(...latencies),
  };
}

/** Scores each question set present in `records`, overall and per database (databases sorted by id). */
export function summarizeMetrics(
  records: readonly BenchRecord[],
): Partial<Record<SpiderQuestionSet, SetMetrics>> {
  const result: Partial<Record<SpiderQuestionSet, SetMetrics>> = {};
  const sets = [...new Set(records.map((r) => r.set))];
  for (const set of sets) {
    const inSet = records.filter((r) => r.set === set);
    const databases: Record<string, Metrics> = {};
    for (const dbId of [...new Set(inSet.map((r) => r.dbId))].sort()) {
      databases[dbId] = computeMetrics(inSet.filter((r) => r.dbId === dbId));
    }
    result[set] = { overall: computeMetrics(inSet), databases };
  }
  return result;
}
