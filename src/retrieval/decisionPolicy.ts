import type { JoinEdge } from '../joins';
import type { Clarification } from '../pipeline/types';
import { unrankedCandidate, type RetrievalResult, type ScoredTable } from './hybridRetriever';
import { JoinPlanner } from './joinPlanner';
import { logit, RETRIEVAL_CUTOFFS } from './scoring';
import { identifierTokens, words } from '../text';
import { type CatalogTable, qualifiedName } from '../catalog';

/** Thresholds of the decision policy (see README, "Calibration"). */
export interface DecisionThresholds {
  /** Best score below this declines. */
  decline: number;
  /** A second, different, non-joinable reading within this margin of the best (on the logit scale, times 4) asks a clarifying question. */
  clarifyMargin: number;
  /** Share of the question's informative weight a table must add to join the answer set. @default RETRIEVAL_CUTOFFS.joinGain */
  joinGain?: number;
  /** Largest answer set, bridge tables included. @default 5 */
  maxTables?: number;
}

/** What the policy decided. */
export type Decision =
  | {
      kind: 'answer';
      reason: string;
      primary: ScoredTable;
      tables: ScoredTable[];
      tableKeys: string[];
      joins: JoinEdge[];
      sourceId: string;
      /** Columns the SQL should use (`schema.table.column`), e.g. the date a time period refers to. */
      preferColumns?: string[];
    }
  | { kind: 'clarify'; reason: string; clarification: Clarification }
  | { kind: 'decline'; reason: string };

const DATE_TYPE = /^(date|timestamp)/;

/** "List/show/give me (all) the X", "which X", "what are the X": X is what the question lists. */
const LISTING_CUE =
  /^\s*(?:please\s+)?(?:list|show|give\s+me|display|find|which|what\s+are)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+)?([a-z]+)/i;

/** Words after which a noun names the entity a question is about. */
const ENTITY_CUES: ReadonlySet<string> = new Set(['which', 'what', 'each', 'every', 'per', 'by']);

/** Words that ask for identifiers rather than names. */
const ID_WORDS: ReadonlySet<string> = new Set([
  'id',
  'ids',
  'identifier',
  'code',
  'key',
  'nbr',
  'number',
  'no',
]);

/** What a rule that adds a table to the answer's set reads: the question, the set so far (grown in place) and its evidence. */
interface SetGrowth {
  question: string;
  sourceId: string;
  keys: string[];
  retrieval: RetrievalResult;
  planner: JoinPlanner;
}

/**
 * Turns ranked candidates into answer, clarify or decline, and for an answer picks the set of
 * tables joined along foreign keys.
 */
export class DecisionPolicy {
  private readonly thresholds: Required<DecisionThresholds>;

  constructor(options: { thresholds: DecisionThresholds }) {
    this.thresholds = { joinGain: RETRIEVAL_CUTOFFS.joinGain, maxTables: 5, ...options.thresholds };
  }

  /** Decides for a retrieval result; `forceTables` skips the choice (a clarification was answered). */
  decide(options: {
    question: string;
    retrieval: RetrievalResult;
    planner: JoinPlanner;
    preferColumns?: readonly string[];
    /** The semantic model's default time column of a `schema.table` (answers instead of asking which date). */
    defaultTimeColumn?: (table: string) => string | undefined;
  }): Decision {
    const { retrieval, planner } = options;
    const [best, ...rest] = retrieval.candidates;
    if (!best || best.score < this.thresholds.decline) {
      return {
        kind: 'decline',
        reason: best
          ? `best table ${best.corpusTable.key} scored ${best.score.toFixed(2)}, below ${this.thresholds.decline}`
          : 'no table shares anything with the question',
      };
    }
    const rivals = this.rivals(best, rest, planner);
    if (rivals.length > 0) {
      const readings = [best, ...rivals];
      return {
        kind: 'clarify',
        reason:
          readings.map((c) => `${c.corpusTable.key} (${c.score.toFixed(2)})`).join(' and ') +
          ' fit equally well',
        clarification: {
          question: `Do you mean ${readings.map(describe).join(' or ')}?`,
          options: readings.map((c) => ({ label: optionLabel(c), tables: [c.corpusTable.key] })),
        },
      };
    }
    const answer = this.answerSet(options.question, best, retrieval, planner);
    let preferColumns: string[] = [];
    if (answer.timeTable && !options.preferColumns?.length) {
      const t = planner.table(answer.sourceId, answer.timeTable);
      const dates = t
        ? dateChoice(options.question, t.table, options.defaultTimeColumn?.(answer.timeTable))
        : null;
      if (dates && 'clarification' in dates) {
        return {
          kind: 'clarify',
          reason: `the question names a time period and ${answer.timeTable} has several dates`,
          clarification: dates.clarification,
        };
      }
      if (dates) preferColumns = [`${answer.timeTable}.${dates.column}`];
    }
    const runnerUp = rest[0];
    return {
      ...answer,
      preferColumns,
      kind: 'answer',
      reason:
        `best table ${best.corpusTable.key} scored ${best.score.toFixed(2)}` +
        (runnerUp ? `, next ${runnerUp.corpusTable.key} ${runnerUp.score.toFixed(2)}` : '') +
        (answer.tableKeys.length > 1 ? `; joined ${answer.tableKeys.join(', ')}` : ''),
    };
  }

  /**
   * Other readings as good as the best: candidates that account for exactly the same question words,
   * score within the clarify margin and cannot simply be joined to the best table (a foreign-key
   * neighbour is part of the same answer, not a rival). The margin is compared on the logit scale —
   * `clarifyMargin` times 4, the logistic's slope at 0.5 — so near-certain scores (0.99 against 0.98)
   * are still told apart. Copies of the same table in several schemas are not rivals. At most three
   * rivals (four options).
   */
  private rivals(best: ScoredTable, rest: readonly ScoredTable[], planner: JoinPlanner): ScoredTable[] {
    const margin = 4 * this.thresholds.clarifyMargin;
    const neighbours = new Set(planner.neighbours(best.corpusTable.sourceId, best.corpusTable.key));
    const result: ScoredTable[] = [];
    for (const c of rest.slice(0, 6)) {
      if (logit(best.score) - logit(c.score) >= margin) break;
      if (!sameReading(best, c) || c.joinsBest) continue;
      if (c.corpusTable.sourceId === best.corpusTable.sourceId && neighbours.has(c.corpusTable.key)) continue;
      // Copies of one table (same columns, same data profile) give the same answer: nothing to ask.
      if (c.corpusTable.contentSignature === best.corpusTable.contentSignature) continue;
      if (result.some((r) => r.corpusTable.contentSignature === c.corpusTable.contentSignature)) continue;
      result.push(c);
      if (result.length === 3) break;
    }
    return result;
  }

  /** The answer set for a fixed choice of tables (after a clarification). */
  forced(options: { tables: readonly ScoredTable[]; planner: JoinPlanner }): Decision {
    const [primary] = options.tables;
    const sourceId = primary.corpusTable.sourceId;
    const keys = [primary.corpusTable.key];
    for (const t of options.tables.slice(1)) {
      const path = options.planner.path({ sourceId, from: keys, target: t.corpusTable.key, maxHops: 3 });
      for (const k of path ?? [t.corpusTable.key]) if (!keys.includes(k)) keys.push(k);
    }
    return {
      kind: 'answer',
      reason: `tables chosen by the user: ${keys.join(', ')}`,
      primary,
      tables: [...options.tables],
      tableKeys: keys,
      joins: options.planner.edgesWithin({ sourceId, tables: keys }),
      sourceId,
    };
  }

  /**
   * The tables that answer together: start from the best table, then repeatedly add the table (from
   * the candidates or the foreign-key neighbours of the set) that accounts for the most question
   * weight still unaccounted for, with the bridge tables its join path needs. A time period needs a
   * date on the fact side: when the tables that carry the measure have no date, the nearest table with
   * one joins the set.
   */
  private answerSet(question: string, best: ScoredTable, retrieval: RetrievalResult, planner: JoinPlanner) {
    const sourceId = best.corpusTable.sourceId;
    const contentTokens = retrieval.tokens.filter((t) => !t.time);
    const total = retrieval.tokens.reduce((s, t) => s + t.weight, 0) || 1;
    const covered = new Set(best.matchedTokens);
    const keys = [best.corpusTable.key];
    const chosen = [best];
    const byKey = new Map(retrieval.candidates.map((c) => [c.corpusTable.key, c]));
    const scored = (key: string): ScoredTable | null => {
      const existing = byKey.get(key);
      if (existing) return existing;
      const t = planner.table(sourceId, key);
      if (!t) return null;
      const s = unrankedCandidate(t, { score: 0, match: retrieval.match(t) });
      byKey.set(key, s);
      return s;
    };
    while (keys.length < this.thresholds.maxTables) {
      const pool = new Set<string>();
      for (const c of retrieval.candidates.slice(0, 10))
        if (c.corpusTable.sourceId === sourceId) pool.add(c.corpusTable.key);
      for (const k of keys) for (const n of planner.neighbours(sourceId, k)) pool.add(n);
      let pick: { c: ScoredTable; path: string[]; gain: number } | null = null;
      for (const key of pool) {
        if (keys.includes(key)) continue;
        const c = scored(key);
        if (!c) continue;
        let gain = 0;
        for (const t of contentTokens)
          if (c.matchedTokens.has(t.token) && !covered.has(t.token)) gain += t.weight;
        if (gain / total < this.thresholds.joinGain) continue;
        const path = planner.path({ sourceId, from: keys, target: key, maxHops: 2 });
        if (!path || keys.length + path.length - 1 > this.thresholds.maxTables) continue;
        const better =
          !pick ||
          gain > pick.gain + 1e-9 ||
          (Math.abs(gain - pick.gain) <= 1e-9 &&
            (path.length < pick.path.length ||
              (path.length === pick.path.length && ownScore(c) > ownScore(pick.c))));
        if (better) pick = { c, path, gain };
      }
      if (!pick) break;
      for (const k of pick.path) if (!keys.includes(k)) keys.push(k);
      chosen.push(pick.c);
      for (const token of pick.c.matchedTokens) covered.add(token);
    }
    this.addNamedReferences({ question, sourceId, keys, retrieval, planner });
    this.addListedEntity({ question, sourceId, keys, retrieval, planner });
    let timeTable: string | undefined;
    if (retrieval.tokens.some((t) => t.time)) {
      timeTable = this.timeTable({ sourceId, keys, planner });
      if (timeTable && !keys.includes(timeTable) && keys.length < this.thresholds.maxTables)
        keys.push(timeTable);
    }
    return {
      primary: best,
      tables: chosen,
      tableKeys: keys,
      joins: planner.edgesWithin({ sourceId, tables: keys }),
      sourceId,
      timeTable,
    };
  }

  /**
   * "Which brand has the most products?": a question word that a table of the set only holds as a
   * foreign key (`products.brand_id`) names the referenced table (`brands`), which carries what people
   * mean by it (the brand's name); that table joins the set. Not when the question asks for ids.
   */
  private addNamedReferences(options: SetGrowth): void {
    const { sourceId, keys, retrieval, planner } = options;
    if (retrieval.tokens.some((t) => ID_WORDS.has(t.token))) return;
    // Only entities the question picks out or groups by: "which brand", "each artist", "per region".
    const asked = new Set<string>();
    const questionWords = words(options.question);
    questionWords.forEach((w, i) => {
      if (ENTITY_CUES.has(w) && questionWords[i + 1]) asked.add(identifierTokens(questionWords[i + 1])[0]);
    });
    for (const key of [...keys]) {
      const table = planner.table(sourceId, key)?.table;
      for (const fk of table?.foreignKeys ?? []) {
        if (keys.length >= this.thresholds.maxTables) return;
        const target = `${fk.referencedSchema}.${fk.referencedTable}`;
        if (keys.includes(target)) continue;
        const referenced = planner.table(sourceId, target);
        if (!referenced) continue;
        const fkWords = fk.columns.flatMap((c) => identifierTokens(c)).filter((w) => !ID_WORDS.has(w));
        const named = fkWords.some((w) => asked.has(w) && referenced.entry.nameTokens.includes(w));
        if (named) keys.push(target);
      }
    }
  }

  /**
   * "List the stores in the Pacific region": the thing a question lists is a table of the answer even
   * when another table accounts for more of the words (regions holds 'Pacific'). The listed noun is the
   * first word after a listing cue; a candidate named by it joins the set when a join path exists.
   */
  private addListedEntity(options: SetGrowth): void {
    const { question, sourceId, keys, retrieval, planner } = options;
    const match = LISTING_CUE.exec(question);
    if (!match || keys.length >= this.thresholds.maxTables) return;
    const head = identifierTokens(match[1])[0];
    if (!head) return;
    const named = retrieval.candidates.find(
      (c) =>
        c.corpusTable.sourceId === sourceId &&
        !keys.includes(c.corpusTable.key) &&
        c.corpusTable.entry.nameTokens[c.corpusTable.entry.nameTokens.length - 1] === head,
    );
    if (!named) return;
    if (keys.some((k) => planner.table(sourceId, k)?.entry.nameTokens.includes(head))) return;
    const path = planner.path({ sourceId, from: keys, target: named.corpusTable.key, maxHops: 2 });
    if (!path || keys.length + path.length - 1 > this.thresholds.maxTables) return;
    for (const k of path) if (!keys.includes(k)) keys.push(k);
  }

  /**
   * The table whose dates a time period refers to: a fact table of the set (one that references
   * another table of the set) with a date column, else the nearest table with dates that a fact table
   * references, else any table of the set with a date column.
   */
  private timeTable(options: { sourceId: string; keys: string[]; planner: JoinPlanner }): string | undefined {
    const { sourceId, keys, planner } = options;
    const table = (k: string) => planner.table(sourceId, k);
    const hasDates = (k: string) => (table(k)?.table.columns ?? []).some((c) => DATE_TYPE.test(c.dataType));
    const facts = keys.filter((k) =>
      (table(k)?.table.foreignKeys ?? []).some((fk) =>
        keys.includes(`${fk.referencedSchema}.${fk.referencedTable}`),
      ),
    );
    const withDates = facts.find(hasDates);
    if (withDates) return withDates;
    for (const f of facts) {
      const parent = (table(f)?.table.foreignKeys ?? [])
        .map((fk) => `${fk.referencedSchema}.${fk.referencedTable}`)
        .find((k) => hasDates(k));
      if (parent) return parent;
    }
    return keys.find(hasDates);
  }
}

/** Two candidates are rival readings when they account for the same question words. */
function sameReading(a: ScoredTable, b: ScoredTable): boolean {
  if (a.matchedTokens.size === 0 || b.matchedTokens.size === 0) return false;
  for (const t of a.matchedTokens) if (!b.matchedTokens.has(t)) return false;
  for (const t of b.matchedTokens) if (!a.matchedTokens.has(t)) return false;
  return true;
}

function humanName(key: string): string {
  const name = key.split('.').pop() ?? key;
  return words(name).join(' ');
}

function describe(c: ScoredTable): string {
  return humanName(c.corpusTable.key);
}

function optionLabel(c: ScoredTable): string {
  const name = humanName(c.corpusTable.key);
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} (${c.corpusTable.key})`;
}

/**
 * Which date column a time period refers to: the only one; or the one the question names; or the table's
 * natural date (the one named like the table, `order_date` of `online_orders`); or the semantic model's
 * default time dimension of the table. When several remain, a clarifying question ("by order date or by ship date?").
 */
function dateChoice(
  question: string,
  table: CatalogTable,
  defaultColumn?: string,
): { column: string } | { clarification: Clarification } | null {
  const dates = table.columns.filter((c) => DATE_TYPE.test(c.dataType));
  if (dates.length === 0) return null;
  if (dates.length === 1) return { column: dates[0].name };
  const generic = new Set(['date', 'at', 'time', 'dt', 'on', 'timestamp', 'day']);
  const distinctive = (name: string) => identifierTokens(name).filter((w) => !generic.has(w));
  const questionTokens = new Set(identifierTokens(question));
  const named = dates.filter((c) => distinctive(c.name).some((w) => questionTokens.has(w)));
  if (named.length === 1) return { column: named[0].name };
  const tableWords = new Set(identifierTokens(table.name));
  const natural = dates.filter((c) => distinctive(c.name).some((w) => tableWords.has(w)));
  if (natural.length === 1) return { column: natural[0].name };
  // The semantic model's default time dimension (order date, not ship date) when the question names none.
  if (defaultColumn && dates.some((c) => c.name === defaultColumn)) return { column: defaultColumn };
  const key = qualifiedName(table);
  const options = dates.slice(0, 4).map((c) => ({
    label: `By ${words(c.name).join(' ')}`,
    tables: [key],
    column: `${key}.${c.name}`,
  }));
  return {
    clarification: {
      question: `Which date should I use: ${dates
        .slice(0, 4)
        .map((c) => words(c.name).join(' '))
        .join(' or ')}?`,
      options,
    },
  };
}

/** A candidate's score before retrieval ranked it with the best table. */
function ownScore(c: ScoredTable): number {
  return c.joinsBest?.ownScore ?? c.score;
}
