import type { ScoredTable } from '../retrieval';
import {
  type ModelMatch,
  type QuestionReading,
  type SemanticLookup,
  singularPhrase,
  textWords,
  wordKey,
} from '../semantic';
import { TIME_WORDS } from '../text';

/** What {@link metricHome} needs: the question, the model, the tables the policy chose, the ranking. */
export interface MetricHomeInput {
  question: string;
  lookup: SemanticLookup;
  /** `schema.table` keys the policy answers from. */
  decided: readonly ScoredTable[];
  /** Retrieval's ranked candidates of the answer's source (their matched words). */
  candidates: readonly ScoredTable[];
  /** Foreign-key hops from a set of tables to a table (null when they do not join). */
  hops: (from: readonly string[], to: string) => number | null;
  /** Whether the asking user may see a `schema.table` of the source: a metric's table they may not is no home. */
  allows: (table: string) => boolean;
}

/** The tables a named metric redirects the answer to: its home table first, then the decided tables kept. */
export interface MetricHomeChoice {
  /** `schema.table` of the metric's table. */
  home: string;
  /** Decided tables kept beside it (they account for other words of the question). */
  kept: ScoredTable[];
  /** The metric's name and the words that named it, for the reason. */
  metric: string;
  words: string[];
}

/**
 * "Monthly sales", "the country with the highest sales": a word that names one of the semantic model's
 * metrics (revenue, its synonyms sales, turnover, income ...) by name or synonym is about the table the
 * metric is computed on, with that table's date; a table retrieval preferred because the same word
 * occurs in its values or names (a job title "Sales Manager" of a staff table, whose hire date then
 * became the period) is dropped unless it accounts for other words of the question the metric's table
 * does not. Null when no metric is named, when the decided tables already include a table of a named
 * metric, or when a decided table has a measure the question names, a summed money measure or a metric over
 * its own columns (it can answer the money question itself: "clients by spend" is what the clients paid). Of
 * several tables of the metric, the one nearest the kept tables, then one with its own date, then the
 * better ranked.
 */
export function metricHome(input: MetricHomeInput): MetricHomeChoice | null {
  const reading = input.lookup.resolve(input.question);
  const decidedKeys = new Set(input.decided.map((t) => t.corpusTable.key));
  const named = reading.cover.filter(
    (m) => m.element.kind === 'metric' && m.via !== 'value' && m.via !== 'related',
  );
  if (named.length === 0) {
    const total = totalOfState(reading, decidedKeys);
    return total ? homeOf(input, total.tables, total.name, total.matches) : null;
  }
  const homes = [...new Set(named.map((m) => (m.element.kind === 'metric' ? m.element.metric.table : '')))];
  if (homes.some((h) => decidedKeys.has(h))) return null;
  if (reading.cover.some((m) => m.element.kind === 'measure' && decidedKeys.has(m.element.entity.table)))
    return null;
  const ownMoney = (table: string) =>
    input.lookup.metricsOf(table).some((m) => m.expression.kind !== 'rows') ||
    (input.lookup.entity(table)?.measures ?? []).some((m) => m.money && m.aggregation === 'sum');
  if ([...decidedKeys].some(ownMoney)) return null;
  const first = named[0];
  return homeOf(
    input,
    homes,
    first.element.kind === 'metric' ? first.element.metric.name : first.matched,
    named,
  );
}

/** Words that ask for a total of what follows ("total credits", "the sum of fines", "how much tax"). */
const TOTAL_WORDS = new Set(['total', 'sum', 'much']);

/**
 * "Total credits in 2024" where the word is a state of a decided table (an invoice's status "Credited") and,
 * written the same way, the name of a summed measure of another table (`credit_amount` of credit notes): the
 * total asks for the measure. Null unless a total word stands within two words before it, the state's own
 * table is not named too ("total credited invoices" totals invoices) and no decided table has a measure or
 * metric of those words.
 */
function totalOfState(
  reading: QuestionReading,
  decided: ReadonlySet<string>,
): { tables: string[]; name: string; matches: ModelMatch[] } | null {
  for (const state of reading.cover) {
    if (state.element.kind !== 'flagState' && state.element.kind !== 'value') continue;
    if (!decided.has(state.element.entity.table)) continue;
    const before = reading.words.slice(Math.max(0, state.start - 2), state.start);
    if (!before.some((w) => TOTAL_WORDS.has(w))) continue;
    // "total credited invoices": the state names which rows of its own table are totalled.
    const stateTable = state.element.entity.table;
    if (reading.cover.some((m) => m.element.kind === 'entity' && m.element.entity.table === stateTable))
      continue;
    const same = reading.matches.filter((m) => m.start === state.start && m.end === state.end);
    // Written as the measure's name is written ("credits"), not as the state's participle ("credited").
    const measures = same.filter(
      (m) =>
        m.element.kind === 'measure' &&
        m.element.measure.aggregation === 'sum' &&
        (m.via === 'name' || m.via === 'synonym') &&
        singularPhrase(textWords(m.text)) === singularPhrase(textWords(m.matched)),
    );
    const tables = [
      ...new Set(measures.map((m) => (m.element.kind === 'measure' ? m.element.entity.table : ''))),
    ];
    if (tables.length === 0 || tables.some((t) => decided.has(t))) continue;
    if (same.some((m) => m.element.kind === 'metric' && decided.has(m.element.metric.table))) continue;
    const first = measures[0];
    return {
      tables,
      name: first.element.kind === 'measure' ? first.element.measure.name : first.matched,
      matches: measures,
    };
  }
  return null;
}

/** The home among `homes` (nearest the kept tables, then dated, then better ranked) and the decided tables kept. */
function homeOf(
  input: MetricHomeInput,
  homes: readonly string[],
  name: string,
  named: readonly ModelMatch[],
): MetricHomeChoice | null {
  const visible = homes.filter((h) => input.allows(h));
  // A metric's table with its own date answers "monthly" and "in 2023"; then the better-ranked one.
  const rank = (table: string) => {
    const i = input.candidates.findIndex((c) => c.corpusTable.key === table);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const dated = (table: string) => (input.lookup.entity(table)?.defaultTimeDimension ? 0 : 1);
  const metricWords = new Set(named.flatMap((m) => textWords(m.text)).map(wordKey));
  const homeWordsOf = (home: string) =>
    new Set(
      [...(input.candidates.find((c) => c.corpusTable.key === home)?.matchedTokens ?? [])].map(wordKey),
    );
  const keptFor = (home: string) => {
    const homeWords = homeWordsOf(home);
    return input.decided.filter((t) =>
      [...t.matchedTokens].some((token) => {
        const key = wordKey(token);
        return !metricWords.has(key) && !homeWords.has(key) && !TIME_WORDS.has(token) && !/^\d+$/.test(token);
      }),
    );
  };
  const distance = (table: string) => {
    const kept = keptFor(table).map((t) => t.corpusTable.key);
    return kept.length === 0 ? 0 : (input.hops(kept, table) ?? Number.MAX_SAFE_INTEGER);
  };
  // each home's distance, date and rank computed once, on first need: a metric of a common name lives in
  // thousands of tables, a sort compares each many times, and a distance is a path search
  const memo = <T>(f: (table: string) => T) => {
    const known = new Map<string, T>();
    return (table: string): T => {
      if (!known.has(table)) known.set(table, f(table));
      return known.get(table) as T;
    };
  };
  const byDistance = memo(distance);
  const byDate = memo(dated);
  const byRank = memo(rank);
  const home = visible.sort(
    (a, b) => byDistance(a) - byDistance(b) || byDate(a) - byDate(b) || byRank(a) - byRank(b),
  )[0];
  if (home === undefined || input.lookup.entity(home)?.hidden === true) return null;
  return {
    home,
    kept: keptFor(home),
    metric: name,
    words: [...new Set(named.map((m) => m.text))],
  };
}
