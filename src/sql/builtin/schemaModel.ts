import { type CatalogColumn, type CatalogTable, qualifiedName } from '../../catalog';
import type { JoinEdge } from '../types';
import { expandWord, isAbbreviation, lemma, splitIdentifier } from '../../text';
import { wordKey } from './lexicon';

/** The kind of values a column holds, from its Postgres type. */
export type ColumnKind = 'number' | 'text' | 'date' | 'boolean' | 'other';

/** A column with the words the generator matches questions against. */
export interface SchemaColumn {
  table: SchemaTable;
  column: CatalogColumn;
  name: string;
  kind: ColumnKind;
  /** Words of the identifier after splitting and abbreviation expansion, e.g. `first name`. */
  words: string[];
  /** Comparison keys of `words` (stopwords dropped). */
  keys: string[];
  /** `keys` without the words of the table's own name (`dorm_name` in `dorm` → `name`), or `keys`. */
  ownKeys: string[];
  isPrimaryKey: boolean;
  isForeignKey: boolean;
  /** Looks like an identifier column (`id`, `*_id`, `code` keys, primary or foreign key). */
  isIdentifier: boolean;
  /** Profile top values, most frequent first. */
  values: string[];
  /** Normalised value text → stored value. */
  valueIndex: Map<string, string>;
  /** Word keys of a value joined by spaces (`Movies` → `movi`) → stored value. */
  valueKeys: Map<string, string>;
  distinct: number | null;
  /** Column holds date-like text (ISO dates) even though its type is text. */
  textDate: boolean;
  /** Position of the column in the request (tables in order, columns in order). */
  order: number;
}

/** A table with its columns and words. */
export interface SchemaTable {
  table: CatalogTable;
  qname: string;
  words: string[];
  keys: string[];
  columns: SchemaColumn[];
  primaryKey: SchemaColumn[];
  /** Columns a person would call this row by (name, title, first/last name), best first. */
  labelColumns: SchemaColumn[];
  /** Position of the table in the request (retrieval rank). */
  rank: number;
}

/** All tables of a request, indexed for linking and join planning. */
export interface SchemaModel {
  tables: SchemaTable[];
  columns: SchemaColumn[];
  byName: Map<string, SchemaTable>;
  joins: JoinEdge[];
}

/**
 * A category of the table's rows: a column whose values repeat across rows (at most one distinct value per
 * two rows by the profile), neither a key nor the name the rows are called by, nor a date (`region`,
 * `status`, `billing_country`; not `title` or `order_id`).
 */
export function isCategoryColumn(c: SchemaColumn): boolean {
  if (c.isPrimaryKey || c.isForeignKey || c.table.labelColumns.includes(c) || c.kind === 'date') return false;
  const rows = c.table.table.rowEstimate ?? null;
  return c.distinct !== null && rows !== null && rows > 0 && c.distinct <= rows * 0.5;
}

/** Normalised form of a value or phrase for value matching: lower case, alphanumerics separated by one space. */
export function normalizeValueText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9\u00C0-\u024F]+/g, ' ')
    .trim();
}

/** Word keys of a normalised value or phrase, joined by spaces. */
export function valueKeyOf(normalized: string): string {
  return normalized
    .split(' ')
    .filter(Boolean)
    .map((w) => wordKey(w))
    .join(' ');
}

/** Suffixes identifiers glue to an abbreviation (`stuid`, `empnum`, `custno`). */
const KEY_SUFFIXES = ['id', 'num', 'no', 'nbr', 'code', 'name', 'type', 'date'];

const LETTER_PREFIX_NAMES: Record<string, string> = { f: 'first', l: 'last', m: 'middle' };
const SHORT_SUFFIXES = ['name', 'id'];

/** Splits a run-together lower-case word into known words (`roomnumber` → `room`, `number`). */
export type Segmenter = (word: string) => string[];

/**
 * Expands identifier parts: abbreviations, run-together words (through `segment`), `fname`-style one-letter
 * prefixes, and single letters from context words (`cName` in `college` → `college name`).
 */
function expandParts(
  parts: string[],
  contextWords: string[],
  segment: Segmenter | undefined,
  depth = 0,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const abbreviation = expandWord(p, 'identifier', 'matching');
    if (abbreviation) {
      // `zip_code` -> `zip code`, not `zip code code`
      out.push(...abbreviation.filter((w, k) => k > 0 || w !== out[out.length - 1]));
      continue;
    }
    if (segment && depth === 0 && p.length > 3 && /^[a-z]+$/.test(p)) {
      const pieces = segment(p);
      if (pieces.length > 1) {
        out.push(...expandParts(pieces, contextWords, segment, depth + 1));
        continue;
      }
    }
    // `stuid`, `custno`: a known abbreviation followed by a common key suffix.
    const keySuffix =
      depth === 0
        ? KEY_SUFFIXES.find((x) => p.endsWith(x) && isAbbreviation(p.slice(0, -x.length)))
        : undefined;
    if (keySuffix) {
      out.push(
        ...expandParts([p.slice(0, -keySuffix.length), keySuffix], contextWords, undefined, depth + 1),
      );
      continue;
    }
    const suffix = SHORT_SUFFIXES.find((s) => p.length === s.length + 1 && p.endsWith(s) && s === 'name');
    if (suffix) {
      out.push(...expandParts([p[0], suffix], contextWords, undefined, depth + 1));
      continue;
    }
    if (p.length === 1 && /[a-z]/.test(p)) {
      const next = parts[i + 1];
      if (next === 'name' && LETTER_PREFIX_NAMES[p]) {
        out.push(LETTER_PREFIX_NAMES[p]);
        continue;
      }
      const word = contextWords.find((w) => w.startsWith(p) && w.length > 2);
      out.push(word ?? p);
      continue;
    }
    out.push(p);
  }
  return out;
}

/**
 * `rid`, `mid`, `stid`: a lower-cased key of one to two letters and `id` whose letters start a table word
 * (`reviewer`, `movie`) is `<letters> id`, so the letters expand from context like `cName`.
 */
function splitKeyAbbreviation(parts: string[], contextWords: string[]): string[] {
  if (parts.length !== 1) return parts;
  const p = parts[0];
  const m = /^([a-z]{1,2})id$/.exec(p);
  if (!m || !contextWords.some((w) => w.startsWith(m[1]) && w.length > 2)) return parts;
  const word = contextWords.find((w) => w.startsWith(m[1]) && w.length > 2) as string;
  return [word, 'id'];
}

function columnKind(dataType: string): ColumnKind {
  const t = dataType.toLowerCase();
  if (/^(small|big)?int|integer|numeric|decimal|real|double|float|money|serial/.test(t)) return 'number';
  if (/^(date|timestamp|time)/.test(t)) return 'date';
  if (/^bool/.test(t)) return 'boolean';
  if (/char|text|citext|uuid|name|enum/.test(t)) return 'text';
  return 'other';
}

const STOP_KEYS = new Set(['of', 'the', 'and', 'a', 'in', 'for', 'to', 'per']);

function keysOf(words: string[]): string[] {
  return words.filter((w) => !STOP_KEYS.has(w)).map(wordKey);
}

const ISO_DATE_VALUE = /^\d{4}-\d{2}-\d{2}/;

/** Builds the generator's view of the request tables; `segment` splits run-together identifier words. */
export function buildSchemaModel(
  tables: CatalogTable[],
  joins: JoinEdge[],
  options: { segment?: Segmenter } = {},
): SchemaModel {
  const segment = options.segment;
  const tableWordsAll = tables.flatMap((t) =>
    expandParts(splitIdentifier(t.name), [], segment).map((w) => lemma(w)),
  );
  const model: SchemaModel = { tables: [], columns: [], byName: new Map(), joins };
  let order = 0;
  tables.forEach((table, rank) => {
    const words = expandParts(splitIdentifier(table.name), [], segment).map((w) => lemma(w));
    const st: SchemaTable = {
      table,
      qname: qualifiedName(table),
      words,
      keys: keysOf(words),
      columns: [],
      primaryKey: [],
      labelColumns: [],
      rank,
    };
    const fkColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
    for (const column of table.columns) {
      const parts = splitIdentifier(column.name);
      // A key's letters stand for the table it refers to (`rating.rid` → reviewer id), else its own table.
      const referenced = table.foreignKeys
        .filter((fk) => fk.columns.includes(column.name))
        .flatMap((fk) => expandParts(splitIdentifier(fk.referencedTable), [], segment).map((w) => lemma(w)));
      const isKey = referenced.length > 0 || table.primaryKey.includes(column.name);
      const keyParts = isKey
        ? splitKeyAbbreviation(parts, [...referenced, ...words, ...tableWordsAll])
        : parts;
      const colWords = expandParts(keyParts, [...referenced, ...words, ...tableWordsAll], segment);
      const keys = keysOf(colWords);
      // `dorm_name` in `dorm` is a name: drop a leading table name (all its words, or its head noun).
      const head = st.keys[st.keys.length - 1];
      const startsWithTable = st.keys.length > 0 && st.keys.every((k, i) => keys[i] === k);
      const own = startsWithTable
        ? keys.slice(st.keys.length)
        : keys[0] === head && keys.length > 1
          ? keys.slice(1)
          : keys;
      const values = column.profile?.topValues ?? [];
      const valueIndex = new Map<string, string>();
      const valueKeys = new Map<string, string>();
      for (const v of values) {
        const norm = normalizeValueText(v);
        if (norm && !valueIndex.has(norm)) valueIndex.set(norm, v);
        const k = valueKeyOf(norm);
        if (k && !valueKeys.has(k)) valueKeys.set(k, v);
      }
      const isPrimaryKey = table.primaryKey.includes(column.name);
      const isForeignKey = fkColumns.has(column.name);
      const kind = columnKind(column.dataType);
      const sc: SchemaColumn = {
        table: st,
        column,
        name: column.name,
        kind,
        words: colWords,
        keys,
        ownKeys: own.length > 0 ? own : keys,
        isPrimaryKey,
        isForeignKey,
        isIdentifier:
          isPrimaryKey ||
          isForeignKey ||
          keys.includes('id') ||
          (keys[keys.length - 1] === 'code' && kind !== 'number'),
        values,
        valueIndex,
        valueKeys,
        distinct: column.profile?.distinctEstimate ?? null,
        textDate: kind === 'text' && values.length > 0 && values.every((v) => ISO_DATE_VALUE.test(v)),
        order: order++,
      };
      st.columns.push(sc);
      model.columns.push(sc);
    }
    st.primaryKey = st.columns.filter((c) => c.isPrimaryKey);
    st.labelColumns = labelColumns(st);
    model.tables.push(st);
    model.byName.set(st.qname, st);
  });
  return model;
}

/** Columns that name a row: `name`, `<table>_name`, `title`, then first + last name. */
function labelColumns(table: SchemaTable): SchemaColumn[] {
  const text = table.columns.filter((c) => c.kind === 'text' || c.kind === 'other');
  const exactName = text.filter((c) => c.ownKeys.length === 1 && c.ownKeys[0] === 'name');
  if (exactName.length > 0) return [exactName[0]];
  const first = text.find((c) => c.keys.includes('first') && c.keys.includes('name'));
  const last = text.find((c) => c.keys.includes('last') && c.keys.includes('name'));
  if (first && last) return [first, last];
  const exact = text.filter((c) => c.ownKeys.length === 1 && c.ownKeys[0] === 'titl');
  if (exact.length > 0) return [exact[0]];
  const named = text.filter(
    (c) => c.keys[c.keys.length - 1] === 'name' || c.keys[c.keys.length - 1] === 'titl',
  );
  if (named.length > 0) return [named[0]];
  return [];
}
