import type { Embedder } from '../embeddings';
import type { VectorIndex } from '../vector';
import { CoverageScorer, dot, type QuestionToken, type TableMatch } from './coverageScoring';
import { nameMatch as matchName, settleNestedNames, type FillerWord, type NamedBy } from './nameMatch';
import { tableId, type CorpusTable, type RetrievalCorpus } from './retrievalCorpus';
import type { TableEntry } from './tableCorpus';
import {
  contentTokens,
  FUNCTION_WORDS,
  identifierTokens,
  RETRIEVAL_RELATIONS,
  TIME_WORDS,
  WordRelations,
  words,
} from '../text';
import { JoinPlanner } from './joinPlanner';
import { matchValues, PreparedValues, settleTwinNames, type ValueMatch } from './questionEvidence';
import {
  combine,
  DEFAULT_SCORE_WEIGHTS,
  RETRIEVAL_CUTOFFS,
  type CandidateFeatures,
  type ScoreWeights,
} from './scoring';

export { DEFAULT_SCORE_WEIGHTS, type CandidateFeatures, type ScoreWeights } from './scoring';
export { matchValues, type ValueMatch } from './questionEvidence';
export { NEIGHBOURHOOD_LIMIT, type QuestionToken, type TableMatch } from './coverageScoring';

/** One ranked table. */
export interface ScoredTable {
  corpusTable: CorpusTable;
  /** Calibrated relevance 0..1. */
  score: number;
  features: CandidateFeatures;
  /** Question tokens this table accounts for. */
  matchedTokens: Set<string>;
  /** How strongly the table accounts for each question token (0..1, in the order of the result's tokens). */
  strengths: readonly number[];
  valueMatches: ValueMatch[];
  /**
   * Set when the table is ranked right after the best one because the answer needs it too (a join
   * partner or bridge, see {@link HybridRetriever.retrieve}): its score before it took the best's.
   */
  joinsBest?: { ownScore: number };
}

/** The result of {@link HybridRetriever.retrieve}. */
export interface RetrievalResult {
  candidates: ScoredTable[];
  /** Stemmed content tokens of the question with their informativeness weights. */
  tokens: QuestionToken[];
  /** The question vector. */
  questionVector: Float32Array;
  /** Matches any corpus table against this question (for tables that were not candidates). */
  match: (t: CorpusTable) => TableMatch;
  timings: { embed: number; retrieve: number };
}

/** Options for {@link HybridRetriever}. */
export interface HybridRetrieverOptions {
  embedder: Embedder;
  index: VectorIndex;
  corpus: RetrievalCorpus;
  /** Candidates taken from each of the vector and BM25 rankings. @default 30 */
  topK?: number;
  /** Score combination. @default DEFAULT_SCORE_WEIGHTS */
  weights?: ScoreWeights;
  /** Cosine similarity at which a question word counts as matching a table or column name by meaning. @default RETRIEVAL_CUTOFFS.semanticFloor */
  semanticMatchFloor?: number;
  /** WordNet links between question words and table or column names. @default new WordRelations(RETRIEVAL_RELATIONS) */
  wordRelations?: WordRelations;
  /**
   * Share of the question's informative weight a foreign-key neighbour of the best table must account for
   * (beyond what the set already does) to be ranked right after it as part of the answer. @default RETRIEVAL_CUTOFFS.joinGain
   */
  joinGain?: number;
}

/** One question to {@link HybridRetriever.retrieve}. */
export interface RetrieveRequest {
  question: string;
  sourceIds?: readonly string[];
  /**
   * The tables the asking user may see (from the access file); nothing else is ever a candidate, a join
   * partner or a bridge. @default every table
   */
  allow?: (sourceId: string, table: string) => boolean;
  /** Tables of the previous answer (`schema.table`), boosted for follow-ups. */
  previousTables?: readonly string[];
}

const now = () => performance.now();

/** Most words the lexical search adds for one question word no table has ({@link HybridRetriever.widen}). */
const WIDENED_PER_WORD = 4;

/**
 * Candidates the widened lexical search adds at most: a few, so its second pass over the postings stops
 * early (it is run only for questions with a word no table has).
 */
const WIDENED_CANDIDATES = 10;

/** Weight on the idf of an added word, times its WordNet link strength: below a word the question says. */
const WIDENED_WEIGHT = 0.6;

/**
 * Hybrid table retrieval: HNSW nearest neighbours of the question embedding, united with BM25
 * candidates, then re-ranked with lexical, column, value and conversation evidence combined into
 * one calibrated score in [0, 1].
 */
export class HybridRetriever {
  private readonly embedder: Embedder;
  private readonly index: VectorIndex;
  public readonly corpus: RetrievalCorpus;
  private readonly topK: number;
  private readonly weights: ScoreWeights;
  private readonly relations: WordRelations;
  private readonly joinGain: number;
  private readonly planner: JoinPlanner;
  /** Coverage and schema coverage of tables for a question, with their caches. */
  private readonly coverage: CoverageScorer;
  /** What value matching derives of the representative values met (kept across questions). */
  private readonly values = new PreparedValues();

  constructor(options: HybridRetrieverOptions) {
    this.embedder = options.embedder;
    this.index = options.index;
    this.corpus = options.corpus;
    this.topK = options.topK ?? 30;
    this.weights = options.weights ?? DEFAULT_SCORE_WEIGHTS;
    this.relations = options.wordRelations ?? new WordRelations(RETRIEVAL_RELATIONS);
    this.coverage = new CoverageScorer(
      options.corpus,
      this.relations,
      options.semanticMatchFloor ?? RETRIEVAL_CUTOFFS.semanticFloor,
    );
    this.joinGain = options.joinGain ?? RETRIEVAL_CUTOFFS.joinGain;
    this.planner = new JoinPlanner(options.corpus);
  }

  /** Ranks the visible tables for a question. */
  async retrieve(request: RetrieveRequest): Promise<RetrievalResult> {
    const t0 = now();
    this.coverage.startQuestion();
    const written = new Map<string, string>();
    for (const w of words(request.question)) {
      const [token] = contentTokens(w);
      if (token !== undefined && !written.has(token)) written.set(token, w);
    }
    const tokenList = [...written.keys()];
    const vectors = await this.embedder.embed([request.question, ...tokenList]);
    const questionVector = vectors[0];
    const tokenVectors = vectors.slice(1);
    const t1 = now();

    const visible = this.corpus.visible({ sourceIds: request.sourceIds, allow: request.allow });
    const ids = new Set<string>();
    for (const hit of await this.index.search(questionVector, this.topK, {
      sourceIds: request.sourceIds,
      allow: request.allow,
    })) {
      if (this.corpus.byId.has(hit.key)) ids.add(hit.key);
    }
    const fillers = new Set<FillerWord>();
    const sequence: string[] = [];
    for (const w of words(request.question)) {
      for (const token of identifierTokens(w)) {
        sequence.push(token);
        if (!written.has(token) && !FUNCTION_WORDS.has(w)) fillers.add(token);
      }
    }
    // a table whose whole name the question says is always a candidate: in a large catalog many tables
    // share its words, and neither the vector nor the BM25 top k is sure to hold it
    for (const id of this.corpus.idsNamed(sequence, this.topK)) {
      const t = this.corpus.byId.get(id);
      if (t && visible(t)) ids.add(id);
    }
    const previous = new Set(request.previousTables ?? []);
    const previousIds: string[] = [];
    for (const key of previous) {
      for (const id of this.corpus.idsOfKey(key)) {
        const t = this.corpus.byId.get(id);
        if (t && visible(t)) previousIds.push(id);
      }
    }
    const lexicalTokens = tokenList.filter((t) => !TIME_WORDS.has(t));
    const accept = (e: TableEntry, doc: number) => {
      const t = this.corpus.tableOfEntry(e, doc);
      return t !== undefined && visible(t);
    };
    // words no table has widen the search for candidates only: the lexical feature stays the question's own
    const widened = this.widen(lexicalTokens, written);
    if (widened.size > 0) {
      const { ranked } = this.corpus.bm25.rank([...lexicalTokens, ...widened.keys()], {
        k: Math.min(this.topK, WIDENED_CANDIDATES),
        weights: widened,
        wanted: new Set(),
        accept,
      });
      for (const [key] of ranked) ids.add(key);
    }
    const { ranked: bm25Ranked, scores: bm25 } = this.corpus.bm25.rank(lexicalTokens, {
      k: this.topK,
      wanted: new Set([...ids, ...previousIds]),
      accept,
    });
    for (const [key] of bm25Ranked) ids.add(key);
    for (const id of previousIds) ids.add(id);
    let maxBm25 = 1e-9;
    for (const id of ids) maxBm25 = Math.max(maxBm25, bm25.get(id) ?? 0);

    const maxIdf = this.corpus.bm25.idf('\u0000unseen');
    const tokens: QuestionToken[] = tokenList.map((token, i) => {
      const time = TIME_WORDS.has(token);
      const seen = this.corpus.bm25.has(token);
      const idf = seen ? this.corpus.bm25.idf(token) : maxIdf;
      return {
        token,
        word: written.get(token) ?? token,
        weight: time ? RETRIEVAL_CUTOFFS.timeWordWeight : idf,
        time,
        unseen: !seen,
        vector: tokenVectors[i],
      };
    });
    const questionText = ` ${words(request.question).join(' ')} `;
    const tokenSet = new Set(tokenList);
    const named = new Map<ScoredTable, NamedBy>();

    const candidates: ScoredTable[] = [];
    for (const id of ids) {
      const t = this.corpus.byId.get(id);
      if (!t || !visible(t)) continue;
      const { coverage, matched, strengths } = this.coverage.match(t, tokens);
      const valueMatches = matchValues(t, questionText, tokenSet, this.values);
      const { nameMatch, exact } = matchName(t, tokens, fillers, (q) => this.coverage.tableNameMeaning(q, t));
      const features: CandidateFeatures = {
        similarity: dot(questionVector, t.vector),
        lexical: (bm25.get(id) ?? 0) / maxBm25,
        coverage,
        nameMatch,
        valueMatch: valueMatches.reduce((m, v) => Math.max(m, v.strength), 0),
        context: previous.has(t.key) ? 1 : 0,
        schemaCoverage: 0,
      };
      const candidate: ScoredTable = {
        corpusTable: t,
        score: 0,
        features,
        matchedTokens: matched,
        strengths,
        valueMatches,
      };
      candidates.push(candidate);
      named.set(candidate, { words: new Set(t.entry.nameTokens), exact });
    }
    settleNestedNames(named, sequence, tokens, this.relations);
    settleTwinNames(candidates, sequence);
    this.coverage.addSchemaCoverage(candidates, tokens, visible);
    for (const c of candidates) c.score = this.combine(c.features);
    candidates.sort((a, b) => b.score - a.score || b.features.similarity - a.features.similarity);
    return {
      candidates: this.completeSet(candidates, tokens, visible),
      tokens,
      questionVector,
      match: (t) => this.coverage.match(t, tokens),
      timings: { embed: t1 - t0, retrieve: now() - t1 },
    };
  }

  /**
   * Words a question's lexical search adds for each of its words no table has (the catalog says it
   * otherwise): the words WordNet links it to ({@link WordRelations.relatedWords}) that some table has, at
   * most {@link WIDENED_PER_WORD} a word, the strongest and then the rarest first, each with a weight on its
   * idf of {@link WIDENED_WEIGHT} times its link strength. "Blossom" adds "flower" and "bloom".
   */
  private widen(tokens: readonly string[], written: ReadonlyMap<string, string>): Map<string, number> {
    const bm25 = this.corpus.bm25;
    const asked = new Set(tokens);
    const widened = new Map<string, number>();
    for (const token of tokens) {
      if (bm25.has(token)) continue;
      const word = written.get(token) ?? token;
      const found = new Map<string, number>();
      for (const [w, strength] of this.relations.relatedWords(word)) {
        for (const t of contentTokens(w)) {
          if (asked.has(t) || !bm25.has(t)) continue;
          found.set(t, Math.max(found.get(t) ?? 0, strength));
        }
      }
      const best = [...found].sort(
        (a, b) => b[1] - a[1] || bm25.idf(b[0]) - bm25.idf(a[0]) || (a[0] < b[0] ? -1 : 1),
      );
      for (const [t, strength] of best.slice(0, WIDENED_PER_WORD)) {
        const weight = WIDENED_WEIGHT * strength;
        if ((widened.get(t) ?? 0) < weight) widened.set(t, weight);
      }
    }
    return widened;
  }

  /** Logistic combination of the features, in [0, 1] (`scoring.ts`). */
  combine(f: CandidateFeatures): number {
    return combine(this.weights, f);
  }

  /**
   * Ranks the tables that answer together with the best one right after it: repeatedly the candidate
   * joinable to the set (at most two foreign keys away) that accounts for the most question weight the
   * set does not yet account for, with the bridge tables of its join path. A table needed for the best
   * reading is as likely as that reading, so it takes the best table's score (when its own is lower).
   * "Students in each dorm" ranks `dorm`, then `lives_in` and `student`.
   */
  private completeSet(
    candidates: ScoredTable[],
    tokens: readonly QuestionToken[],
    visible: (t: CorpusTable) => boolean,
  ): ScoredTable[] {
    const [best] = candidates;
    if (!best) return candidates;
    const total = tokens.reduce((sum, q) => sum + q.weight, 0);
    if (total <= 0) return candidates;
    const sourceId = best.corpusTable.sourceId;
    const covered = best.strengths.map((s) => s >= RETRIEVAL_CUTOFFS.matched);
    const byKey = new Map<string, ScoredTable>();
    for (const c of candidates) if (c.corpusTable.sourceId === sourceId) byKey.set(c.corpusTable.key, c);
    const keys = [best.corpusTable.key];
    const setNames = new Set(best.corpusTable.entry.nameTokens);
    const members: ScoredTable[] = [];
    const pool = candidates.slice(1, 15).filter((c) => c.corpusTable.sourceId === sourceId);
    while (keys.length < 3) {
      let pick: { c: ScoredTable; path: string[]; gain: number } | null = null;
      for (const c of pool) {
        if (keys.includes(c.corpusTable.key)) continue;
        // A word the set holds only as a column (`employees.department_id`) is still gained by the table
        // it names (`departments`).
        const named = new Set(c.corpusTable.entry.nameTokens);
        let gain = 0;
        tokens.forEach((q, i) => {
          if (q.time || c.strengths[i] < RETRIEVAL_CUTOFFS.matched) return;
          if (!covered[i] || (named.has(q.token) && !setNames.has(q.token))) gain += q.weight;
        });
        if (gain / total < this.joinGain) continue;
        const path = this.planner.path({ sourceId, from: keys, target: c.corpusTable.key, maxHops: 2 });
        if (!path || !path.every((key) => this.isVisible(tableId(sourceId, key), visible))) continue;
        const better =
          !pick ||
          gain > pick.gain + 1e-9 ||
          (Math.abs(gain - pick.gain) <= 1e-9 &&
            (path.length < pick.path.length || (path.length === pick.path.length && c.score > pick.c.score)));
        if (better) pick = { c, path, gain };
      }
      if (!pick) break;
      for (const key of pick.path.slice(1)) {
        if (keys.includes(key)) continue;
        keys.push(key);
        const member = byKey.get(key) ?? this.bridge(tableId(sourceId, key), tokens, visible);
        if (member) members.push(member);
      }
      pick.c.strengths.forEach((s, i) => {
        if (s >= RETRIEVAL_CUTOFFS.matched) covered[i] = true;
      });
      for (const w of pick.c.corpusTable.entry.nameTokens) setNames.add(w);
    }
    if (members.length === 0) return candidates;
    for (const m of members) {
      m.joinsBest = { ownScore: m.score };
      m.score = Math.max(m.score, best.score);
    }
    const inSet = new Set(members);
    return [best, ...members, ...candidates.slice(1).filter((c) => !inSet.has(c))];
  }

  private isVisible(id: string, visible: (t: CorpusTable) => boolean): boolean {
    const t = this.corpus.byId.get(id);
    return t !== undefined && visible(t);
  }

  /** A bridge table of a join path that was not a candidate, scored by its match alone. */
  private bridge(
    id: string,
    tokens: readonly QuestionToken[],
    visible: (t: CorpusTable) => boolean,
  ): ScoredTable | null {
    const t = this.corpus.byId.get(id);
    if (!t || !visible(t)) return null;
    return unrankedCandidate(t, { score: 0, match: this.coverage.match(t, tokens) });
  }
}

/**
 * A table as a candidate without ranking evidence: a join partner reached along a foreign key, or a table
 * the user chose. Only its coverage (from `match`, when given) is known.
 */
export function unrankedCandidate(
  t: CorpusTable,
  options: { score: number; match?: TableMatch },
): ScoredTable {
  return {
    corpusTable: t,
    score: options.score,
    features: {
      similarity: 0,
      lexical: 0,
      coverage: options.match?.coverage ?? 0,
      nameMatch: 0,
      valueMatch: 0,
      context: 0,
      schemaCoverage: 0,
    },
    matchedTokens: options.match?.matched ?? new Set(),
    strengths: options.match?.strengths ?? [],
    valueMatches: [],
  };
}
