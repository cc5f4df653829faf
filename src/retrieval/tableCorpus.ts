import { type CatalogTable, identifierWords as documentWords, qualifiedName } from '../catalog';
import { contentTokens, identifierTokens, words } from '../text';
import type { WordSet } from './wordSet';

/** Lexical view of one table, used by BM25, coverage and value matching. */
export interface TableEntry {
  /** `<sourceId>|<schema>.<table>`, the corpus id. */
  key: string;
  table: CatalogTable;
  /** Stemmed tokens of the table name (abbreviations expanded). */
  nameTokens: string[];
  /** Stemmed tokens per column name (abbreviations expanded). */
  columnTokens: Map<string, string[]>;
  /** Total weighted length of the table's bag of tokens (see {@link BuiltTableEntry.bag}), for BM25. */
  length: number;
  /** Representative values per column, lower-cased, for phrase matching. */
  values: Map<string, string[]>;
  /** Stemmed tokens of names and comments (not values): what the table is about. */
  schemaTokens: WordSet;
  /** Stemmed tokens of representative values. */
  valueTokens: WordSet;
  /** Stemmed tokens of the schema name. */
  schemaNameTokens: WordSet;
  /** True when some column holds dates or times (or is named like a year or month). */
  hasTime: boolean;
}

/** Field weights of the lexical bag. */
const FIELD = { name: 3, column: 2, comment: 1, value: 0.7 } as const;

/** Stemmed words of an identifier: split, run-together words segmented, abbreviations expanded (originals kept). */
function identifierWords(name: string): string[] {
  return [...new Set(documentWords(name, { keepOriginal: true }).flatMap((w) => identifierTokens(w)))];
}

/** A table's lexical entry with its bag of tokens, which only the BM25 postings keep. */
export interface BuiltTableEntry {
  entry: TableEntry;
  /** Every stemmed token of the table with its field weight, for BM25. */
  bag: Map<string, number>;
}

/** The stemmed tokens of each column name of a table ({@link TableEntry.columnTokens}). */
export function columnTokensOf(table: CatalogTable): Map<string, string[]> {
  return new Map(table.columns.map((column) => [column.name, identifierWords(column.name)]));
}

/** Builds the lexical entry of a table. */
export function buildTableEntry(table: CatalogTable): BuiltTableEntry {
  const bag = new Map<string, number>();
  const schemaTokens = new Set<string>();
  const valueTokens = new Set<string>();
  const add = (tokens: string[], weight: number, into: Set<string> = schemaTokens) => {
    for (const t of tokens) {
      bag.set(t, (bag.get(t) ?? 0) + weight);
      into.add(t);
    }
  };
  const nameTokens = identifierWords(table.name);
  add(nameTokens, FIELD.name);
  const schemaNameTokens = new Set(identifierWords(table.schema));
  if (table.comment) add(contentTokens(table.comment), FIELD.comment);
  const columnTokens = columnTokensOf(table);
  const values = new Map<string, string[]>();
  for (const column of table.columns) {
    const tokens = columnTokens.get(column.name) ?? [];
    add(tokens, FIELD.column);
    if (column.comment) add(contentTokens(column.comment), FIELD.comment);
    const top = (column.profile?.topValues ?? []).filter(isRepresentativeValue);
    if (top.length > 0) {
      values.set(
        column.name,
        top.map((v) => v.toLowerCase()),
      );
      for (const v of top.slice(0, 20)) add(contentTokens(v), FIELD.value, valueTokens);
    }
  }
  let length = 0;
  for (const w of bag.values()) length += w;
  const hasTime = table.columns.some(
    (c) =>
      /^(date|timestamp|time)/.test(c.dataType) || /(^|_)(year|month|date|day|time)s?($|_)/i.test(c.name),
  );
  return {
    entry: {
      key: `${table.sourceId}|${qualifiedName(table)}`,
      table,
      nameTokens,
      columnTokens,
      length,
      values,
      schemaTokens,
      valueTokens,
      schemaNameTokens,
      hasTime,
    },
    bag,
  };
}

/** A value worth matching against question text: not a number, id, uuid or long free text. */
export function isRepresentativeValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 2 || v.length > 40) return false;
  if (v.split(/\s+/).length > 4) return false;
  if (/^[-+]?\d+([.,]\d+)?$/.test(v)) return false;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(v)) return false;
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) return false;
  return words(v).some((w) => /[a-z]/.test(w));
}

/**
 * BM25 postings as typed arrays: token `tokens[i]` occurs in the entries `docs[offsets[i]..offsets[i+1])`
 * (positions in the entry list, ascending) with the field-weighted frequencies `tfs[...]` at the same places.
 * Compact (no object per posting) and written as is into the retrieval snapshot (`corpusSnapshot.ts`).
 */
export interface Bm25Postings {
  tokens: readonly string[];
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Float64Array;
  /** Mean weighted length of the entries. */
  avgLength: number;
}

/** A table among the k best of {@link Bm25Index.rank}. */
interface Scored {
  doc: number;
  sum: number;
  /** The first query word (in query order) that the table has. */
  first: number;
}

/** Options of {@link Bm25Index.rank}. */
export interface RankOptions {
  /** How many tables to rank. */
  k: number;
  /** Keys whose scores are wanted even when they are not ranked. */
  wanted: ReadonlySet<string>;
  accept?: (e: TableEntry, doc: number) => boolean;
  /** A factor on a query word's idf (1 when not given): words added to the question count less. */
  weights?: ReadonlyMap<string, number>;
}

/** BM25 over table entries, with an inverted index so scoring touches only tables that share a token. */
export class Bm25Index {
  /** Token -> its position in {@link Bm25Postings.tokens}. */
  private readonly tokenIndex = new Map<string, number>();
  /** Scratch per entry for scoring: the sum, and 0 unseen / 1 reached / 2 not accepted (zeroed after each call). */
  private scratch: { sums: Float64Array; state: Uint8Array } | null = null;
  /**
   * Scratch for {@link Bm25Index.rank}, per entry: the first query word that reached it (1-based, 0 when none)
   * and the entries reached, in order (zeroed after each call).
   */
  private rankScratch: { first: Uint16Array; reached: Uint32Array } | null = null;
  /** Entry position per key (for the scores of wanted keys). */
  private positions: Map<string, number> | null = null;
  /** See {@link Bm25Index.lengthNorms}. */
  private norms: Float64Array | null = null;

  private constructor(
    private readonly entries: readonly TableEntry[],
    private readonly postings: Bm25Postings,
    private readonly k1 = 1.2,
    private readonly b = 0.5,
  ) {
    postings.tokens.forEach((token, i) => this.tokenIndex.set(token, i));
  }

  /** Builds the inverted index from each entry's bag of tokens. */
  static build(built: readonly BuiltTableEntry[]): Bm25Index {
    const lists = new Map<string, number[]>();
    let total = 0;
    let count = 0;
    built.forEach(({ entry, bag }, doc) => {
      total += entry.length;
      for (const token of bag.keys()) {
        let list = lists.get(token);
        if (!list) lists.set(token, (list = []));
        list.push(doc);
        count++;
      }
    });
    const tokens = [...lists.keys()];
    const offsets = new Uint32Array(tokens.length + 1);
    const docs = new Uint32Array(count);
    const tfs = new Float64Array(count);
    let at = 0;
    tokens.forEach((token, i) => {
      offsets[i] = at;
      for (const doc of lists.get(token) ?? []) {
        docs[at] = doc;
        tfs[at++] = built[doc].bag.get(token) ?? 0;
      }
    });
    offsets[tokens.length] = at;
    const avgLength = built.length ? total / built.length : 1;
    return new Bm25Index(
      built.map((b) => b.entry),
      { tokens, offsets, docs, tfs, avgLength },
    );
  }

  /**
   * The index over `entries` from postings built earlier over the same entries in the same order (the
   * retrieval snapshot).
   * @throws RangeError when the postings do not fit the entries
   */
  static fromPostings(entries: readonly TableEntry[], postings: Bm25Postings): Bm25Index {
    const { tokens, offsets, docs, tfs } = postings;
    if (
      offsets.length !== tokens.length + 1 ||
      docs.length !== tfs.length ||
      offsets[tokens.length] !== docs.length ||
      docs.some((doc) => doc >= entries.length)
    ) {
      throw new RangeError('Bm25Index.fromPostings: the postings do not fit the entries');
    }
    return new Bm25Index(entries, postings);
  }

  /** The inverted index as typed arrays (for the retrieval snapshot). */
  toPostings(): Bm25Postings {
    return this.postings;
  }

  private documentFrequency(token: string): number {
    const i = this.tokenIndex.get(token);
    return i === undefined ? 0 : this.postings.offsets[i + 1] - this.postings.offsets[i];
  }

  /** Inverse document frequency of a token; unseen tokens get the highest value. */
  idf(token: string): number {
    const df = this.documentFrequency(token);
    const n = this.entries.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** True when some table has the token. */
  has(token: string): boolean {
    return this.tokenIndex.has(token);
  }

  /** BM25 scores of every table sharing a query token. */
  score(
    queryTokens: readonly string[],
    accept?: (e: TableEntry, doc: number) => boolean,
  ): Map<string, number> {
    const scores = new Map<string, number>();
    this.accumulate(queryTokens, accept, undefined, (doc, sum) => scores.set(this.entries[doc].key, sum));
    return scores;
  }

  /**
   * The `k` best-scoring accepted tables, best first (equal scores: the table whose first query word comes
   * first, then entry order), with the scores of those and of the `wanted` keys: the same figures as
   * {@link Bm25Index.score}. Term at a time: each query word's postings are read once, straight through, adding
   * its terms into one typed array of sums (a few nanoseconds a posting, nothing allocated per table), then
   * the tables reached are compared with the k-th best, and `accept` is asked only of a table that would
   * enter the k best. A threshold algorithm over impact-ordered postings reads fewer postings when the k best
   * share every word, but when none holds them all (most questions) it reads on through the postings of the
   * common words with a look-up per list for each table met: ~25 ms a question at 100,000 tables.
   */
  rank(
    queryTokens: readonly string[],
    options: RankOptions,
  ): { ranked: [string, number][]; scores: Map<string, number> } {
    const { k, wanted, accept } = options;
    const { offsets, docs } = this.postings;
    const n = this.entries.length;
    const { sums } = (this.scratch ??= { sums: new Float64Array(n), state: new Uint8Array(n) });
    const { first, reached } = (this.rankScratch ??= {
      first: new Uint16Array(n),
      reached: new Uint32Array(n),
    });
    let count = 0;
    let word = 0;
    try {
      for (const token of new Set(queryTokens)) {
        const i = this.tokenIndex.get(token);
        if (i === undefined) continue;
        // 1-based position among the words some table has; the order of the sums' additions is the query's
        word = Math.min(word + 1, 0xffff);
        const idf = this.idf(token) * (options.weights?.get(token) ?? 1);
        for (let p = offsets[i]; p < offsets[i + 1]; p++) {
          const doc = docs[p];
          if (first[doc] === 0) {
            first[doc] = word;
            reached[count++] = doc;
          }
          sums[doc] += this.term(idf, p);
        }
      }
      /** The best found so far, best first: by score, then the first word that has it, then entry order. */
      const top: Scored[] = [];
      const before = (sum: number, f: number, doc: number, b: Scored) =>
        sum > b.sum || (sum === b.sum && (f < b.first || (f === b.first && doc < b.doc)));
      for (let r = 0; k > 0 && r < count; r++) {
        const doc = reached[r];
        const sum = sums[doc];
        const f = first[doc];
        if (top.length === k && !before(sum, f, doc, top[k - 1])) continue;
        if (accept && !accept(this.entries[doc], doc)) continue;
        // an object only for a table that enters the k best (most of those reached do not)
        let at = top.length;
        while (at > 0 && before(sum, f, doc, top[at - 1])) at--;
        top.splice(at, 0, { doc, sum, first: f });
        if (top.length > k) top.pop();
      }
      const ranked = top.map((x): [string, number] => [this.entries[x.doc].key, x.sum]);
      const scores = new Map<string, number>();
      for (const key of wanted) {
        const doc = this.docOf(key);
        if (doc === undefined || first[doc] === 0) continue;
        if (!accept || accept(this.entries[doc], doc)) scores.set(key, sums[doc]);
      }
      for (const [key, sum] of ranked) scores.set(key, sum);
      return { ranked, scores };
    } finally {
      for (let r = 0; r < count; r++) {
        const doc = reached[r];
        sums[doc] = 0;
        first[doc] = 0;
      }
    }
  }

  /** The BM25 term of posting `p` of a word with inverse document frequency `idf`. */
  private term(idf: number, p: number): number {
    const tf = this.postings.tfs[p];
    const norm = tf + this.lengthNorms()[this.postings.docs[p]];
    return (idf * (tf * (this.k1 + 1))) / norm;
  }

  /**
   * Per entry, the length part of a BM25 term's denominator, `k1 * (1 - b + b * length / avgLength)` (made on
   * first use): a term then reads two typed arrays, not the entry object of every posting it scores.
   */
  private lengthNorms(): Float64Array {
    if (this.norms === null) {
      const norms = new Float64Array(this.entries.length);
      const { avgLength } = this.postings;
      this.entries.forEach((e, doc) => {
        norms[doc] = this.k1 * (1 - this.b + (this.b * e.length) / avgLength);
      });
      this.norms = norms;
    }
    return this.norms;
  }

  /** The entry position of a key (map built on first use). */
  private docOf(key: string): number | undefined {
    if (!this.positions) {
      this.positions = new Map();
      this.entries.forEach((e, doc) => this.positions?.set(e.key, doc));
    }
    return this.positions.get(key);
  }

  /** Sums each accepted entry's BM25 terms and reports the entries in the order the postings first reach them. */
  private accumulate(
    queryTokens: readonly string[],
    accept: ((e: TableEntry, doc: number) => boolean) | undefined,
    weights: ReadonlyMap<string, number> | undefined,
    report: (doc: number, sum: number) => void,
  ): void {
    const { offsets, docs } = this.postings;
    const n = this.entries.length;
    const { sums, state } = (this.scratch ??= { sums: new Float64Array(n), state: new Uint8Array(n) });
    const reached: number[] = [];
    try {
      for (const token of new Set(queryTokens)) {
        const i = this.tokenIndex.get(token);
        if (i === undefined) continue;
        const idf = this.idf(token) * (weights?.get(token) ?? 1);
        for (let p = offsets[i]; p < offsets[i + 1]; p++) {
          const doc = docs[p];
          if (state[doc] === 0) {
            state[doc] = accept && !accept(this.entries[doc], doc) ? 2 : 1;
            reached.push(doc);
          }
          if (state[doc] === 1) sums[doc] += this.term(idf, p);
        }
      }
      for (const doc of reached) if (state[doc] === 1) report(doc, sums[doc]);
    } finally {
      for (const doc of reached) {
        sums[doc] = 0;
        state[doc] = 0;
      }
    }
  }
}
