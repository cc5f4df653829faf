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

/** One query word's postings as {@link Bm25Index.rank} reads them: in impact order, from `at`. */
interface ImpactList {
  /** The word's position in the postings. */
  i: number;
  idf: number;
  /** Posting positions, highest term first. */
  order: Uint32Array;
  /** How many of `order` were read. */
  at: number;
  /** The term of the next posting to read (valid while `at < order.length`). */
  next: number;
}

/** A table scored in full by {@link Bm25Index.rank}. */
interface Scored {
  doc: number;
  sum: number;
  /** The first query word (in query order) that the table has. */
  first: number;
}

/** BM25 over table entries, with an inverted index so scoring touches only tables that share a token. */
export class Bm25Index {
  /** Token -> its position in {@link Bm25Postings.tokens}. */
  private readonly tokenIndex = new Map<string, number>();
  /** Scratch per entry for scoring: the sum, and 0 unseen / 1 reached / 2 not accepted (zeroed after each call). */
  private scratch: { sums: Float64Array; state: Uint8Array } | null = null;
  /** Per word (position in the postings), its postings in impact order, once a question used it. */
  private readonly impacts = new Map<number, Uint32Array>();
  /** Entry position per key (for the scores of wanted keys). */
  private positions: Map<string, number> | null = null;
  /** See {@link Bm25Index.lengthNorms}. */
  private norms: Float64Array | null = null;
  /** The first word of the last {@link Bm25Index.exactSum}. */
  private firstWord = -1;

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
    this.accumulate(queryTokens, accept, (doc, sum) => scores.set(this.entries[doc].key, sum));
    return scores;
  }

  /**
   * The `k` best-scoring accepted tables (ties in the order the postings first reach them), with the scores
   * of those and of the `wanted` keys: the same figures as {@link Bm25Index.score}. Each word's postings are
   * read in impact order (highest BM25 term first, see `impactOrder`), always from the word whose next term
   * is highest; a table met for the first time is scored in full by looking its other words up (binary
   * search). Reading stops once the k-th best score is above what a table not yet met could still reach (the
   * next terms summed: the threshold algorithm), so the work follows how deep the k best lie in the
   * postings, not how many tables share a word.
   */
  rank(
    queryTokens: readonly string[],
    options: { k: number; wanted: ReadonlySet<string>; accept?: (e: TableEntry, doc: number) => boolean },
  ): { ranked: [string, number][]; scores: Map<string, number> } {
    const { k, wanted, accept } = options;
    const lists: ImpactList[] = [];
    for (const token of new Set(queryTokens)) {
      const i = this.tokenIndex.get(token);
      if (i === undefined) continue;
      const idf = this.idf(token);
      const order = this.impactOrder(i, idf);
      if (order === null) return this.rankAll(queryTokens, options);
      lists.push({ i, idf, order, at: 0, next: order.length > 0 ? this.term(idf, order[0]) : 0 });
    }
    const n = this.entries.length;
    const { sums, state } = (this.scratch ??= { sums: new Float64Array(n), state: new Uint8Array(n) });
    const reached: number[] = [];
    /** The best found so far, best first: by score, then the first word that has it, then entry order. */
    const top: Scored[] = [];
    const before = (sum: number, first: number, doc: number, b: Scored) =>
      sum > b.sum || (sum === b.sum && (first < b.first || (first === b.first && doc < b.doc)));
    try {
      while (k > 0) {
        let threshold = 0;
        let from: ImpactList | undefined;
        for (const list of lists) {
          if (list.at >= list.order.length) continue;
          threshold += list.next;
          if (from === undefined || list.next > from.next) from = list;
        }
        if (from === undefined) break;
        if (top.length === k && top[k - 1].sum > threshold * (1 + 1e-9)) break;
        const doc = this.postings.docs[from.order[from.at++]];
        if (from.at < from.order.length) from.next = this.term(from.idf, from.order[from.at]);
        if (state[doc] !== 0) continue;
        reached.push(doc);
        if (accept && !accept(this.entries[doc], doc)) {
          state[doc] = 2;
          continue;
        }
        state[doc] = 1;
        const sum = this.exactSum(lists, doc);
        sums[doc] = sum;
        const first = this.firstWord;
        if (top.length === k && !before(sum, first, doc, top[k - 1])) continue;
        // an object only for a table that enters the k best (most of those read do not)
        const x = { doc, sum, first };
        let at = top.length;
        while (at > 0 && before(sum, first, doc, top[at - 1])) at--;
        top.splice(at, 0, x);
        if (top.length > k) top.pop();
      }
      const ranked = top.map((x): [string, number] => [this.entries[x.doc].key, x.sum]);
      const scores = new Map<string, number>();
      for (const key of wanted) {
        const doc = this.docOf(key);
        if (doc === undefined) continue;
        if (state[doc] === 1) scores.set(key, sums[doc]);
        else if (state[doc] === 0 && !(accept && !accept(this.entries[doc], doc))) {
          const sum = this.exactSum(lists, doc);
          if (this.firstWord >= 0) scores.set(key, sum);
        }
      }
      for (const [key, sum] of ranked) scores.set(key, sum);
      return { ranked, scores };
    } finally {
      for (const doc of reached) {
        sums[doc] = 0;
        state[doc] = 0;
      }
    }
  }

  /** {@link Bm25Index.rank} by reading every posting of every query word. */
  private rankAll(
    queryTokens: readonly string[],
    options: { k: number; wanted: ReadonlySet<string>; accept?: (e: TableEntry, doc: number) => boolean },
  ): { ranked: [string, number][]; scores: Map<string, number> } {
    const ranked: [string, number][] = [];
    const scores = new Map<string, number>();
    this.accumulate(queryTokens, options.accept, (doc, sum) => {
      const key = this.entries[doc].key;
      if (options.wanted.has(key)) scores.set(key, sum);
      if (options.k <= 0 || (ranked.length === options.k && sum <= ranked[options.k - 1][1])) return;
      let at = ranked.length;
      while (at > 0 && ranked[at - 1][1] < sum) at--;
      ranked.splice(at, 0, [key, sum]);
      if (ranked.length > options.k) ranked.pop();
    });
    for (const [key, sum] of ranked) scores.set(key, sum);
    return { ranked, scores };
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

  /**
   * A document's score summed in query order (as {@link Bm25Index.score} sums it); the first word that has it
   * (its position in `lists`, -1 when none) is left in {@link firstWord}, so scoring allocates nothing.
   */
  private exactSum(lists: readonly { i: number; idf: number }[], doc: number): number {
    const { offsets, docs } = this.postings;
    let sum = 0;
    let first = -1;
    for (let j = 0; j < lists.length; j++) {
      const { i, idf } = lists[j];
      let lo = offsets[i];
      let hi = offsets[i + 1];
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (docs[mid] < doc) lo = mid + 1;
        else hi = mid;
      }
      if (lo < offsets[i + 1] && docs[lo] === doc) {
        sum += this.term(idf, lo);
        if (first < 0) first = j;
      }
    }
    this.firstWord = first;
    return sum;
  }

  /**
   * The positions of a word's postings in impact order: highest BM25 term first, entry order among equal
   * terms (computed on first use and kept: only the words questions use are ever sorted). Null when the
   * word's entries are not ascending (the binary search of `exact` needs them so).
   */
  private impactOrder(i: number, idf: number): Uint32Array | null {
    const known = this.impacts.get(i);
    if (known !== undefined) return known;
    const { offsets, docs } = this.postings;
    const start = offsets[i];
    const count = offsets[i + 1] - start;
    const terms = new Float64Array(count);
    for (let j = 0; j < count; j++) {
      if (j > 0 && docs[start + j] <= docs[start + j - 1]) return null;
      terms[j] = this.term(idf, start + j);
    }
    const order = descendingOrder(terms);
    for (let j = 0; j < count; j++) order[j] += start;
    this.impacts.set(i, order);
    return order;
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
        const idf = this.idf(token);
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

/**
 * The positions of `values` ordered by value, highest first, equal values in position order: what sorting
 * the positions with a comparator gives, without calling one per comparison (the values are sorted natively,
 * then the positions are placed by the rank of their value, in position order). A common word's postings
 * run to a share of the catalog.
 */
function descendingOrder(values: Float64Array): Uint32Array {
  const n = values.length;
  const ascending = Float64Array.from(values).sort();
  // the distinct values, highest first
  const sorted = new Float64Array(n);
  let distinct = 0;
  for (let j = n - 1; j >= 0; j--) {
    if (distinct === 0 || ascending[j] !== sorted[distinct - 1]) sorted[distinct++] = ascending[j];
  }
  const rank = new Uint32Array(n);
  const starts = new Uint32Array(distinct + 1);
  for (let j = 0; j < n; j++) {
    // binary search in the descending distinct values
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] > values[j]) lo = mid + 1;
      else hi = mid;
    }
    rank[j] = lo;
    starts[lo + 1]++;
  }
  for (let r = 0; r < distinct; r++) starts[r + 1] += starts[r];
  const order = new Uint32Array(n);
  for (let j = 0; j < n; j++) order[starts[rank[j]]++] = j;
  return order;
}
