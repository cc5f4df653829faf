import type { Embedder } from '../embeddings';
import type { VectorIndex } from '../vector';
import { tableId, type CorpusTable, type RetrievalCorpus } from './retrievalCorpus';
import { identifierWords } from '../catalog';
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
import { matchValues, phraseCount, settleTwinNames, type ValueMatch } from './questionEvidence';
import {
  combine,
  DEFAULT_SCORE_WEIGHTS,
  MATCH_STRENGTH,
  RETRIEVAL_CUTOFFS,
  semanticStrength,
  type CandidateFeatures,
  type ScoreWeights,
} from './scoring';

export { DEFAULT_SCORE_WEIGHTS, type CandidateFeatures, type ScoreWeights } from './scoring';
export { matchValues, type ValueMatch } from './questionEvidence';

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

/** How a table accounts for the question's tokens. */
export interface TableMatch {
  /** Informativeness-weighted share of the question the table accounts for (0..1). */
  coverage: number;
  /** Tokens matched with strength 0.5 or more. */
  matched: Set<string>;
  /** Strength per question token (0..1), in token order. */
  strengths: number[];
}

/** A content token of the question. */
export interface QuestionToken {
  token: string;
  /** Informativeness (BM25 idf; words no table has get the highest). */
  weight: number;
  /** The question word as written (lower case, unstemmed), for WordNet look-ups. */
  word: string;
  /** A time word (year, month, past...): any table with a date column accounts for it. */
  time: boolean;
  vector: Float32Array;
}

/**
 * A word of the question that the content tokens leave out as filler ("entry", "details", "record") but that
 * some table's name has: it counts only for how well the question names a table (`ledger entry details` names
 * `ledger_entry_detail`, not `ledger_entry_history`), never for coverage or BM25.
 */
type FillerWord = string;

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
  private readonly semanticFloor: number;
  private readonly relations: WordRelations;
  private readonly joinGain: number;
  private readonly planner: JoinPlanner;
  private readonly nameSynsets = new Map<string, { table: ReadonlySet<string>; all: ReadonlySet<string> }>();
  /** WordNet synsets of each table or column name's words (names recur across a catalog: `id`, `status`). */
  private readonly synsetsOfName = new Map<string, readonly string[]>();
  /**
   * Per question (keyed by its token list), each token's best similarity to a name vector. Equal names share
   * one vector (the corpus embeds each distinct name once), so a column name repeated across the catalog
   * (`id`, `status`, `created_at`) is compared with a question word once per question, not once per table.
   */
  private readonly nameSimilarity = new WeakMap<readonly QuestionToken[], Map<Float32Array, number>[]>();

  constructor(options: HybridRetrieverOptions) {
    this.embedder = options.embedder;
    this.index = options.index;
    this.corpus = options.corpus;
    this.topK = options.topK ?? 30;
    this.weights = options.weights ?? DEFAULT_SCORE_WEIGHTS;
    this.semanticFloor = options.semanticMatchFloor ?? RETRIEVAL_CUTOFFS.semanticFloor;
    this.relations = options.wordRelations ?? new WordRelations(RETRIEVAL_RELATIONS);
    this.joinGain = options.joinGain ?? RETRIEVAL_CUTOFFS.joinGain;
    this.planner = new JoinPlanner(options.corpus);
  }

  /** Ranks the visible tables for a question. */
  async retrieve(request: RetrieveRequest): Promise<RetrievalResult> {
    const t0 = now();
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
    const { ranked: bm25Ranked, scores: bm25 } = this.corpus.bm25.rank(
      tokenList.filter((t) => !TIME_WORDS.has(t)),
      {
        k: this.topK,
        wanted: new Set([...ids, ...previousIds]),
        accept: (e) => {
          const t = this.corpus.byId.get(e.key);
          return t !== undefined && visible(t);
        },
      },
    );
    for (const [key] of bm25Ranked) ids.add(key);
    for (const id of previousIds) ids.add(id);
    let maxBm25 = 1e-9;
    for (const id of ids) maxBm25 = Math.max(maxBm25, bm25.get(id) ?? 0);

    const maxIdf = this.corpus.bm25.idf('\u0000unseen');
    const tokens: QuestionToken[] = tokenList.map((token, i) => {
      const time = TIME_WORDS.has(token);
      const idf = this.corpus.bm25.has(token) ? this.corpus.bm25.idf(token) : maxIdf;
      return {
        token,
        word: written.get(token) ?? token,
        weight: time ? RETRIEVAL_CUTOFFS.timeWordWeight : idf,
        time,
        vector: tokenVectors[i],
      };
    });
    const questionText = ` ${words(request.question).join(' ')} `;
    const named = new Map<ScoredTable, NamedBy>();

    const candidates: ScoredTable[] = [];
    for (const id of ids) {
      const t = this.corpus.byId.get(id);
      if (!t || !visible(t)) continue;
      const { coverage, matched, strengths } = this.match(t, tokens);
      const valueMatches = matchValues(t, questionText, tokenList);
      const { nameMatch, exact } = this.nameMatch(t, tokens, fillers);
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
    this.settleNestedNames(named, sequence, tokens);
    settleTwinNames(candidates, sequence);
    this.addSchemaCoverage(candidates, tokens, visible);
    for (const c of candidates) c.score = this.combine(c.features);
    candidates.sort((a, b) => b.score - a.score || b.features.similarity - a.features.similarity);
    return {
      candidates: this.completeSet(candidates, tokens, visible),
      tokens,
      questionVector,
      match: (t) => this.match(t, tokens),
      timings: { embed: t1 - t0, retrieve: now() - t1 },
    };
  }

  /** Logistic combination of the features, in [0, 1] (`scoring.ts`). */
  combine(f: CandidateFeatures): number {
    return combine(this.weights, f);
  }

  /**
   * How well the question names the table: the share of the name's words the question says, else the best
   * word-to-name similarity (name vector or WordNet); `exact` is the share said.
   * A filler word of the question ("entries", "details") counts as said when it is a word of the name and
   * the question says another word of that name with content (`ledger entry details` says all of
   * `ledger_entry_detail`, not all of `ledger_entry_history`); alone ("list the records") it names nothing.
   */
  private nameMatch(
    t: CorpusTable,
    tokens: readonly QuestionToken[],
    fillers: ReadonlySet<FillerWord>,
  ): { nameMatch: number; exact: number } {
    const words = t.entry.nameTokens;
    if (words.length === 0) return { nameMatch: 0, exact: 0 };
    const said = words.filter((w) => tokens.some((q) => q.token === w)).length;
    const saidFillers = said === 0 ? 0 : words.filter((w) => fillers.has(w)).length;
    const exact = (said + saidFillers) / words.length;
    let semantic = 0;
    const synsets = this.synsetsOf(t).table;
    for (const q of tokens) {
      if (q.time) continue;
      semantic = Math.max(
        semantic,
        dot(q.vector, t.nameVectors[0]),
        this.relations.strength(q.word, synsets),
      );
    }
    return { nameMatch: Math.max(exact, Math.min(1, semantic)), exact };
  }

  /**
   * How much of the question a table accounts for: each content token is matched by the table's names
   * and comments, its representative values, its schema name, a date column for time words, or
   * semantically (strengths in `MATCH_STRENGTH`, `scoring.ts`) by a column or table vector; coverage is the informativeness-weighted share.
   */
  match(t: CorpusTable, tokens: readonly QuestionToken[]): TableMatch {
    const matched = new Set<string>();
    const strengths = new Array<number>(tokens.length).fill(0);
    const total = tokens.reduce((s, q) => s + q.weight, 0);
    if (total <= 0) return { coverage: 0, matched, strengths };
    const similarities = this.similaritiesOf(tokens);
    let covered = 0;
    for (const [i, q] of tokens.entries()) {
      const strength = this.listedStrength(t, q) ?? this.meaningStrength(t, q, similarities[i]);
      if (strength >= RETRIEVAL_CUTOFFS.matched) matched.add(q.token);
      strengths[i] = strength;
      covered += q.weight * strength;
    }
    return { coverage: covered / total, matched, strengths };
  }

  /** Per question token, its cache of similarities to name vectors (see `nameSimilarity`). */
  private similaritiesOf(tokens: readonly QuestionToken[]): Map<Float32Array, number>[] {
    let similarities = this.nameSimilarity.get(tokens);
    if (!similarities) {
      similarities = tokens.map(() => new Map<Float32Array, number>());
      this.nameSimilarity.set(tokens, similarities);
    }
    return similarities;
  }

  /**
   * A token's strength when the table lists it (a name or comment word, a date column for a time word, a
   * representative value); `undefined` when it must be matched by meaning ({@link meaningStrength}).
   */
  private listedStrength(t: CorpusTable, q: QuestionToken): number | undefined {
    const e = t.entry;
    if (e.schemaTokens.has(q.token)) return MATCH_STRENGTH.name;
    if (q.time && e.hasTime) return MATCH_STRENGTH.name;
    if (e.valueTokens.has(q.token)) return MATCH_STRENGTH.value;
    return undefined;
  }

  /**
   * A token's strength by meaning: the best name vector's similarity, a WordNet link to a name word, or the
   * schema's name; never above {@link meaningCeiling}.
   */
  private meaningStrength(t: CorpusTable, q: QuestionToken, similarities: Map<Float32Array, number>): number {
    let best = 0;
    for (const v of t.nameVectors) best = Math.max(best, cachedDot(similarities, q.vector, v));
    let strength = semanticStrength(best, this.semanticFloor);
    if (!q.time) strength = Math.max(strength, this.relations.strength(q.word, this.synsetsOf(t).all));
    if (t.entry.schemaNameTokens.has(q.token)) strength = Math.max(strength, MATCH_STRENGTH.schemaName);
    return strength;
  }

  /** The highest strength {@link meaningStrength} can give. */
  private get meaningCeiling(): number {
    return Math.max(MATCH_STRENGTH.semanticMax, this.relations.maxStrength, MATCH_STRENGTH.schemaName);
  }

  /**
   * Sets each candidate's `schemaCoverage`: how much of the question the table explains together with
   * the tables it belongs with — the other candidates of its schema and its foreign-key neighbours up to
   * two hops — taking for each question word the strongest match among them. A table whose database
   * explains the whole question outranks an equally named table of a database that does not.
   */
  private addSchemaCoverage(
    candidates: readonly ScoredTable[],
    tokens: readonly QuestionToken[],
    visible: (t: CorpusTable) => boolean,
  ): void {
    const total = tokens.reduce((sum, q) => sum + q.weight, 0);
    if (total <= 0) return;
    const strengthsById = new Map<string, readonly number[]>();
    const bySchema = new Map<string, ScoredTable[]>();
    for (const c of candidates) {
      strengthsById.set(c.corpusTable.id, c.strengths);
      const schema = `${c.corpusTable.sourceId}|${c.corpusTable.table.schema}`;
      const list = bySchema.get(schema);
      if (list) list.push(c);
      else bySchema.set(schema, [c]);
    }
    // A neighbour's strength for a token is worked out only while it could still raise the candidate's best
    // for that token (the meaning match, the costly part, only below its ceiling), and remembered per
    // question: the result is the same as matching every neighbour in full, at a bounded cost per question.
    const ceiling = this.meaningCeiling;
    const top = Math.max(MATCH_STRENGTH.name, MATCH_STRENGTH.value, ceiling);
    const similarities = this.similaritiesOf(tokens);
    const known = new Map<string, Float64Array>();
    const raise = (best: number[], t: CorpusTable): void => {
      let s = known.get(t.id);
      if (!s) known.set(t.id, (s = new Float64Array(tokens.length).fill(Number.NaN)));
      for (let i = 0; i < best.length; i++) {
        if (best[i] >= top) continue;
        let v = s[i];
        if (Number.isNaN(v)) {
          const listed = this.listedStrength(t, tokens[i]);
          if (listed === undefined && best[i] >= ceiling) continue;
          v = s[i] = listed ?? this.meaningStrength(t, tokens[i], similarities[i]);
        }
        if (v > best[i]) best[i] = v;
      }
    };
    for (const c of candidates) {
      const best = [...c.strengths];
      const take = (s: readonly number[]) => {
        for (let i = 0; i < best.length; i++) best[i] = Math.max(best[i], s[i]);
      };
      for (const other of bySchema.get(`${c.corpusTable.sourceId}|${c.corpusTable.table.schema}`) ?? [])
        take(other.strengths);
      for (const id of this.neighbourhood(c.corpusTable, 2)) {
        if (best.every((b) => b >= top)) break;
        const t = this.corpus.byId.get(id);
        if (!t || !visible(t)) continue;
        const s = strengthsById.get(id);
        if (s) take(s);
        else raise(best, t);
      }
      c.features.schemaCoverage = tokens.reduce((sum, q, i) => sum + q.weight * best[i], 0) / total;
    }
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

  /**
   * Settles candidates whose names nest (one name's words all in another's) when the question says a name
   * as one phrase: it names that table. When the longer name is said as a phrase (`budget_line` beside
   * `budget_line_audit` for "budget line audits"), the shorter is named only as far as its share of the
   * longer; when only the shorter is (`fuel_purchase_summary` for "each fuel purchase"), the longer is named
   * only as far as the question says its words, unless it says its other words by meaning ("division" for
   * the `department` of `staff_department_assignments`). Only a table that accounts for no more of the
   * question than the other yields (`dorm_amenity` holds the "TV Lounge" of "a dorm with a TV Lounge"); names
   * whose words are apart in the question ("customers ... orders") are not settled.
   */
  private settleNestedNames(
    named: ReadonlyMap<ScoredTable, NamedBy>,
    sequence: readonly string[],
    tokens: readonly QuestionToken[],
  ): void {
    const phrases = [...named].filter(([, n]) => n.exact >= 1 && phraseCount(n.words, sequence) > 0);
    for (const [c, own] of named) {
      for (const [inner, by] of phrases) {
        if (inner === c || by.words.size >= own.words.size) continue;
        if (![...by.words].every((x) => own.words.has(x))) continue;
        // the name that yields accounts for no more of the question than the one the question names
        if (own.exact >= 1) {
          // ...and the question does not also say the shorter name on its own ("department store chains
          // with the most department stores" names both)
          const longer = phraseCount(own.words, sequence);
          if (
            longer > 0 &&
            phraseCount(by.words, sequence) <= longer &&
            inner.features.coverage <= c.features.coverage
          ) {
            inner.features.nameMatch = Math.min(inner.features.nameMatch, by.words.size / own.words.size);
          }
        } else if (
          c.features.coverage <= inner.features.coverage &&
          !this.saysOtherWordsByMeaning(c.corpusTable, by.words, tokens)
        ) {
          c.features.nameMatch = Math.min(c.features.nameMatch, own.exact);
        }
      }
    }
  }

  /** Whether a question word is linked by WordNet to a word of the table name outside `said`. */
  private saysOtherWordsByMeaning(
    t: CorpusTable,
    said: ReadonlySet<string>,
    tokens: readonly QuestionToken[],
  ): boolean {
    for (const w of identifierWords(t.table.name, { keepOriginal: true })) {
      if (identifierTokens(w).every((x) => said.has(x))) continue;
      const synsets = this.relations.synsets(w);
      for (const q of tokens) {
        if (!q.time && this.relations.strength(q.word, synsets) >= RETRIEVAL_CUTOFFS.matched) return true;
      }
    }
    return false;
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
    return unrankedCandidate(t, { score: 0, match: this.match(t, tokens) });
  }

  /** WordNet synsets of the table's name words and of all its name and column words (cached). */
  private synsetsOf(t: CorpusTable): { table: ReadonlySet<string>; all: ReadonlySet<string> } {
    let cached = this.nameSynsets.get(t.id);
    if (!cached) {
      const of = (name: string): readonly string[] => {
        let synsets = this.synsetsOfName.get(name);
        if (!synsets) {
          synsets = identifierWords(name, { keepOriginal: true }).flatMap((w) => [
            ...this.relations.synsets(w),
          ]);
          this.synsetsOfName.set(name, synsets);
        }
        return synsets;
      };
      const table = new Set(of(t.table.name));
      cached = { table, all: new Set([...table, ...t.table.columns.flatMap((c) => of(c.name))]) };
      this.nameSynsets.set(t.id, cached);
    }
    return cached;
  }

  /**
   * Ids of the tables within `hops` foreign keys of a table (itself excluded), nearest first, at most
   * {@link NEIGHBOURHOOD_LIMIT}: a hub table of a large catalog does not make a question's work grow with it.
   */
  private neighbourhood(t: CorpusTable, hops: number): string[] {
    const seen = new Set<string>([t.id]);
    let frontier = [t];
    for (let hop = 0; hop < hops && seen.size <= NEIGHBOURHOOD_LIMIT; hop++) {
      const next: CorpusTable[] = [];
      for (const f of frontier) {
        for (const edge of this.corpus.edgesOf(f.id)) {
          for (const key of [edge.from, edge.to]) {
            const id = tableId(f.sourceId, key);
            const n = this.corpus.byId.get(id);
            if (seen.has(id) || !n || seen.size > NEIGHBOURHOOD_LIMIT) continue;
            seen.add(id);
            next.push(n);
          }
        }
      }
      frontier = next;
    }
    seen.delete(t.id);
    return [...seen];
  }
}

/** A candidate's name words and the share of them the question says. */
interface NamedBy {
  words: ReadonlySet<string>;
  exact: number;
}

/**
 * Most foreign-key neighbours a candidate's schema coverage looks at. Hand-written schemas and the
 * benchmarks' databases stay far below it; it bounds the work per question on generated catalogs where
 * one table is referenced by hundreds.
 */
export const NEIGHBOURHOOD_LIMIT = 64;

/** `dot(q, v)`, remembered per name vector `v` in the token's cache. */
function cachedDot(cache: Map<Float32Array, number>, q: Float32Array, v: Float32Array): number {
  let s = cache.get(v);
  if (s === undefined) {
    s = dot(q, v);
    cache.set(v, s);
  }
  return s;
}

function dot(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
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
