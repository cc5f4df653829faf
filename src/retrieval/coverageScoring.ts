import { identifierWords } from '../catalog';
import type { NameSynsets, WordRelations } from '../text';
import { FirstInFirstOut } from '../text';
import { IdCache, NameIds } from './nameIds';
import { schemaAndName, tableId, type CorpusTable, type RetrievalCorpus } from './retrievalCorpus';
import { MATCH_STRENGTH, RETRIEVAL_CUTOFFS, semanticStrength } from './scoring';

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
  /**
   * True when no table has the word: the catalog says it otherwise, so it is also linked through WordNet
   * bridges and definitions (`WordRelations`), which a word the catalog uses does not need.
   */
  unseen?: boolean;
  vector: Float32Array;
}

/** What one question token was compared with, by {@link NameIds} id. */
interface TokenCache {
  /** The {@link NameIds.generation} the ids are of. */
  generation: number;
  /** Similarity per name vector (equal names share one vector, so `id` or `status` is compared once). */
  similarity: IdCache;
  /** WordNet link strength per column name. */
  link: IdCache;
  /** WordNet link strength per table name (definitions count there too). */
  tableLink: IdCache;
}

/** A candidate as schema coverage sees it: its table, its strength per question token, the feature it sets. */
export interface CoverageCandidate {
  corpusTable: CorpusTable;
  strengths: readonly number[];
  features: { schemaCoverage: number };
}

/**
 * How tables account for a question's tokens (coverage), alone and with the tables they belong with (schema
 * coverage), with the per-table and per-question caches that keep it cheap: WordNet synsets per table name,
 * similarities per name vector per question.
 */
export class CoverageScorer {
  /**
   * WordNet synsets of the words of the table and column names met last (names recur across a catalog: `id`,
   * `status`; a large catalog's table names do not, so they are not all kept).
   */
  private readonly synsetsOfName = new FirstInFirstOut<string, NameSynsets>(SYNSETS_KEPT);
  /** Per question token, what it was compared with so far (see {@link TokenCache}). */
  private readonly tokenCaches = new WeakMap<QuestionToken, TokenCache>();
  /** Ids of the names and name vectors met, for the token caches. */
  private readonly ids = new NameIds();
  /** The foreign-key neighbourhoods of the tables met last ({@link neighbourhood}). */
  private readonly neighbourhoods = new FirstInFirstOut<string, readonly CorpusTable[]>(NEIGHBOURHOODS_KEPT);

  /**
   * @param semanticFloor cosine similarity at which a question word counts as matching a name by meaning
   */
  constructor(
    private readonly corpus: RetrievalCorpus,
    private readonly relations: WordRelations,
    private readonly semanticFloor: number,
  ) {}

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
    let covered = 0;
    for (const [i, q] of tokens.entries()) {
      const strength = this.listedStrength(t, q) ?? this.meaningStrength(t, q);
      if (strength >= RETRIEVAL_CUTOFFS.matched) matched.add(q.token);
      strengths[i] = strength;
      covered += q.weight * strength;
    }
    return { coverage: covered / total, matched, strengths };
  }

  /** Called before each question: lets the name ids start again when they grew large ({@link NameIds.startQuestion}). */
  startQuestion(): void {
    this.ids.startQuestion();
  }

  /** A question token's cache (made on first use and when the ids started again; it lives as long as the token). */
  private cacheOf(q: QuestionToken): TokenCache {
    let cache = this.tokenCaches.get(q);
    const generation = this.ids.generation;
    if (!cache || cache.generation !== generation)
      this.tokenCaches.set(
        q,
        (cache = { generation, similarity: new IdCache(), link: new IdCache(), tableLink: new IdCache() }),
      );
    return cache;
  }

  /**
   * How close a question token is to a table's own name by meaning: the larger of its name vector's cosine
   * similarity and the strength (0 when unrelated) of the WordNet link to the name's words. Both are
   * remembered per token and distinct name vector or name, so the work follows the distinct names met, not
   * the tables, and only the name's own vector is read (not the table's column name vectors).
   */
  tableNameMeaning(q: QuestionToken, t: CorpusTable): number {
    const cache = this.cacheOf(q);
    const ids = this.ids.of(t);
    const v = ids.vectors[0];
    let similarity = cache.similarity.value(v);
    if (Number.isNaN(similarity)) similarity = cache.similarity.set(v, this.ids.dot(q.vector, v));
    return Math.max(similarity, this.linkOf(cache, q, ids.names[0], true));
  }

  /**
   * The WordNet link of a question token to a table's name (`asTable`) or a column's. A word no table has
   * (`unseen`) is also linked to a table's name through bridges and definitions: loose links are evidence
   * of what a table holds, and among its many column names they would link too much (and cost a look-up
   * per column name met).
   */
  private linkOf(cache: TokenCache, q: QuestionToken, nameId: number, asTable: boolean): number {
    const links = asTable ? cache.tableLink : cache.link;
    const known = links.value(nameId);
    if (!Number.isNaN(known)) return known;
    const name = this.ids.names[nameId];
    let synsets = this.synsetsOfName.get(name);
    if (!synsets) {
      synsets = this.relations.nameSynsets(identifierWords(name, { keepOriginal: true }), {
        definitions: true,
      });
      this.synsetsOfName.set(name, synsets);
    }
    return links.set(
      nameId,
      this.relations.strength(q.word, asTable && q.unseen === true ? synsets : synsets.own),
    );
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
  private meaningStrength(t: CorpusTable, q: QuestionToken): number {
    const cache = this.cacheOf(q);
    const ids = this.ids.of(t);
    let best = 0;
    // indexed loops, not `for...of`: this runs for every name of every table a question meets
    const vectors = ids.vectors;
    for (let k = 0; k < vectors.length; k++) {
      const v = vectors[k];
      let similarity = cache.similarity.value(v);
      if (Number.isNaN(similarity)) similarity = cache.similarity.set(v, this.ids.dot(q.vector, v));
      best = Math.max(best, similarity);
    }
    let strength = semanticStrength(best, this.semanticFloor);
    if (!q.time) {
      const most = this.relations.maxStrength;
      let link = 0;
      const names = ids.names;
      for (let k = 0; k < names.length && link < most; k++)
        link = Math.max(link, this.linkOf(cache, q, names[k], k === 0));
      strength = Math.max(strength, link);
    }
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
  addSchemaCoverage(
    candidates: readonly CoverageCandidate[],
    tokens: readonly QuestionToken[],
    visible: (t: CorpusTable) => boolean,
  ): void {
    const total = tokens.reduce((sum, q) => sum + q.weight, 0);
    if (total <= 0) return;
    const strengthsById = new Map<string, readonly number[]>();
    const bySchema = new Map<string, CoverageCandidate[]>();
    for (const c of candidates) {
      strengthsById.set(c.corpusTable.id, c.strengths);
      const schema = schemaKey(c.corpusTable);
      const list = bySchema.get(schema);
      if (list) list.push(c);
      else bySchema.set(schema, [c]);
    }
    // A neighbour's strength for a token is worked out only while it could still raise the candidate's best
    // for that token (the meaning match, the costly part, only below its ceiling), and remembered per
    // question: the result is the same as matching every neighbour in full, at a bounded cost per question.
    const ceiling = this.meaningCeiling;
    const top = Math.max(MATCH_STRENGTH.name, MATCH_STRENGTH.value, ceiling);
    // per neighbour met, its row of strengths in one growing array (NaN until worked out), not an array each
    const width = tokens.length;
    const rowOf = new Map<string, number>();
    let known = new Float64Array(width * 256).fill(Number.NaN);
    const raise = (best: number[], t: CorpusTable): void => {
      let row = rowOf.get(t.id);
      if (row === undefined) {
        row = rowOf.size * width;
        rowOf.set(t.id, row);
        if (row + width > known.length) {
          const grown = new Float64Array(known.length * 2).fill(Number.NaN);
          grown.set(known);
          known = grown;
        }
      }
      for (let i = 0; i < best.length; i++) {
        if (best[i] >= top) continue;
        let v = known[row + i];
        if (Number.isNaN(v)) {
          const listed = this.listedStrength(t, tokens[i]);
          if (listed === undefined && best[i] >= ceiling) continue;
          v = known[row + i] = listed ?? this.meaningStrength(t, tokens[i]);
        }
        if (v > best[i]) best[i] = v;
      }
    };
    for (const c of candidates) {
      const best = [...c.strengths];
      const take = (s: readonly number[]) => {
        for (let i = 0; i < best.length; i++) best[i] = Math.max(best[i], s[i]);
      };
      for (const other of bySchema.get(schemaKey(c.corpusTable)) ?? []) take(other.strengths);
      for (const t of this.neighbourhood(c.corpusTable)) {
        if (best.every((b) => b >= top)) break;
        if (!visible(t)) continue;
        const s = strengthsById.get(t.id);
        if (s) take(s);
        else raise(best, t);
      }
      c.features.schemaCoverage = tokens.reduce((sum, q, i) => sum + q.weight * best[i], 0) / total;
    }
  }

  /**
   * The tables within two foreign keys of a table (itself excluded), nearest first, at most
   * {@link NEIGHBOURHOOD_LIMIT}: a hub table of a large catalog does not make a question's work grow with it.
   * Kept for the last {@link NEIGHBOURHOODS_KEPT} tables asked (the corpus does not change), so a table met
   * again costs a lookup, not a walk of the join graph.
   */
  private neighbourhood(t: CorpusTable): readonly CorpusTable[] {
    let found = this.neighbourhoods.get(t.id);
    if (found === undefined) {
      found = this.walk(t, 2);
      this.neighbourhoods.set(t.id, found);
    }
    return found;
  }

  /** The tables within `hops` foreign keys of a table, nearest first, at most {@link NEIGHBOURHOOD_LIMIT}. */
  private walk(t: CorpusTable, hops: number): CorpusTable[] {
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
    const tables: CorpusTable[] = [];
    for (const id of seen) {
      const n = this.corpus.byId.get(id);
      if (n !== undefined) tables.push(n);
    }
    return tables;
  }
}

/**
 * Neighbourhoods a {@link CoverageScorer} keeps (at most {@link NEIGHBOURHOOD_LIMIT} references each, ~0.5 KiB):
 * those of the candidates of many questions, whatever the size of the catalog.
 */
const NEIGHBOURHOODS_KEPT = 8192;

/** Names whose WordNet synsets a {@link CoverageScorer} keeps (a few KiB each). */
const SYNSETS_KEPT = 16_384;

/** A table's schema, told apart across sources. */
function schemaKey(t: CorpusTable): string {
  return `${t.sourceId}|${schemaAndName(t).schema}`;
}

/**
 * Most foreign-key neighbours a candidate's schema coverage looks at. Hand-written schemas and the
 * benchmarks' databases stay far below it; it bounds the work per question on generated catalogs where
 * one table is referenced by hundreds.
 */
export const NEIGHBOURHOOD_LIMIT = 64;

/** Dot product over the common length (cosine of unit vectors). */
export function dot(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
