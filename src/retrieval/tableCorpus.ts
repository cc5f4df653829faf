import type { CatalogTable } from '../catalog/types';
import { qualifiedName } from '../catalog/types';
import { identifierWords as documentWords } from '../catalog/tableDocument';
import { contentTokens, identifierTokens, words } from '../text';

/** Lexical view of one table, used by BM25, coverage and value matching. */
export interface TableEntry {
  /** `<sourceId>|<schema>.<table>`, the corpus id. */
  key: string;
  table: CatalogTable;
  /** Stemmed tokens of the table name (abbreviations expanded). */
  nameTokens: string[];
  /** Stemmed tokens per column name (abbreviations expanded). */
  columnTokens: Map<string, string[]>;
  /** Every stemmed token of the table with its field weight, for BM25. */
  bag: Map<string, number>;
  /** Total weighted length of the bag. */
  length: number;
  /** Representative values per column, lower-cased, for phrase matching. */
  values: Map<string, string[]>;
  /** Stemmed tokens of names and comments (not values): what the table is about. */
  schemaTokens: Set<string>;
  /** Stemmed tokens of representative values. */
  valueTokens: Set<string>;
  /** Stemmed tokens of the schema name. */
  schemaNameTokens: Set<string>;
  /** True when some column holds dates or times (or is named like a year or month). */
  hasTime: boolean;
}

/** Field weights of the lexical bag. */
const FIELD = { name: 3, column: 2, comment: 1, value: 0.7 } as const;

/** Stemmed words of an identifier: split, run-together words segmented, abbreviations expanded (originals kept). */
function identifierWords(name: string): string[] {
  return [...new Set(documentWords(name, { keepOriginal: true }).flatMap((w) => identifierTokens(w)))];
}

/** Builds the lexical entry of a table. */
export function buildTableEntry(table: CatalogTable): TableEntry {
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
  const columnTokens = new Map<string, string[]>();
  const values = new Map<string, string[]>();
  for (const column of table.columns) {
    const tokens = identifierWords(column.name);
    columnTokens.set(column.name, tokens);
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
    key: `${table.sourceId}|${qualifiedName(table)}`,
    table,
    nameTokens,
    columnTokens,
    bag,
    length,
    values,
    schemaTokens,
    valueTokens,
    schemaNameTokens,
    hasTime,
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

/** BM25 over table entries, with an inverted index so scoring touches only tables that share a token. */
export class Bm25Index {
  private readonly postings = new Map<string, { entry: TableEntry; tf: number }[]>();
  private readonly avgLength: number;
  private readonly n: number;

  constructor(
    entries: readonly TableEntry[],
    private readonly k1 = 1.2,
    private readonly b = 0.5,
  ) {
    this.n = entries.length;
    let total = 0;
    for (const e of entries) {
      total += e.length;
      for (const [token, tf] of e.bag) {
        let list = this.postings.get(token);
        if (!list) this.postings.set(token, (list = []));
        list.push({ entry: e, tf });
      }
    }
    this.avgLength = entries.length ? total / entries.length : 1;
  }

  /** Inverse document frequency of a token; unseen tokens get the highest value. */
  idf(token: string): number {
    const df = this.postings.get(token)?.length ?? 0;
    return Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
  }

  /** True when some table has the token. */
  has(token: string): boolean {
    return this.postings.has(token);
  }

  /** BM25 scores of every table sharing a query token. */
  score(queryTokens: readonly string[], accept?: (e: TableEntry) => boolean): Map<string, number> {
    const scores = new Map<string, number>();
    for (const token of new Set(queryTokens)) {
      const list = this.postings.get(token);
      if (!list) continue;
      const idf = this.idf(token);
      for (const { entry, tf } of list) {
        if (accept && !accept(entry)) continue;
        const norm = tf + this.k1 * (1 - this.b + (this.b * entry.length) / this.avgLength);
        scores.set(entry.key, (scores.get(entry.key) ?? 0) + (idf * (tf * (this.k1 + 1))) / norm);
      }
    }
    return scores;
  }
}
