import { conservativeStem, createCompoundSegmenter, expandWords, splitIdentifier } from '../text';
import { qualifiedName, type CatalogColumn, type CatalogTable } from './types';

/** The kinds of key entities of a table. */
export type TableEntityKind =
  'table_name' | 'schema_name' | 'table_comment' | 'column_name' | 'column_comment' | 'value';

/** One key entity of a table: a name, a comment or a representative value, as readable text. */
export interface TableEntity {
  kind: TableEntityKind;
  /** Readable text: identifiers split into words with abbreviations expanded (`cust_nbr` -> `customer number`). */
  text: string;
  /** The column the entity belongs to (column names, column comments, values). */
  column?: string;
  /**
   * Relative importance within its kind (1 by default; lower for key and foreign-key columns, which mostly
   * repeat other tables' names). The table embedding multiplies it by a per-kind weight.
   */
  weight: number;
}

/** A table described as text, for lexical (BM25) and vector retrieval. */
export interface TableDocument {
  /** `schema.table`. */
  table: string;
  entities: TableEntity[];
  /** All entity texts, one per line (the readable form; `tokens` also keeps the raw identifier words). */
  text: string;
  /** Lower-case word tokens of `text` (identifiers split, abbreviations both kept and expanded). */
  tokens: string[];
}

/** Options of {@link buildTableDocument}. */
export interface TableDocumentOptions {
  /**
   * Splits an unknown run-together word (`roomnumber`, `stuid`) into words, `false` to keep words whole.
   * @default the WordNet segmenter of `src/text/compoundSegmenter.ts` (WordNet loads once per process)
   */
  segment?: ((word: string) => string[]) | false;
  /** Representative values kept per column. @default 5 */
  maxValuesPerColumn?: number;
  /** Representative values kept per table. @default 40 */
  maxValues?: number;
  /** Longest value kept, in characters. @default 40 */
  maxValueLength?: number;
}

/** Relative weight of a key column and of a foreign-key column among the table's column entities. */
const KEY_COLUMN_WEIGHT = 0.7;
const FOREIGN_KEY_COLUMN_WEIGHT = 0.5;

/** Values that say nothing about what a table holds: numbers, dates, ids, codes, URLs, e-mail addresses. */
const UNINFORMATIVE_VALUE_PATTERNS: readonly RegExp[] = [
  /^[-+]?[0-9.,\s%$€£]+$/,
  /^\d{4}-\d{2}-\d{2}/,
  /^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^(?=.*\d)[A-Za-z0-9_-]{6,}$/,
  /^[a-z][a-z0-9+.-]*:\/\//i,
  /^[^\s@]+@[^\s@]+$/,
  /^(true|false|t|f|y|n|null)$/i,
];

const TEXT_TYPES = /char|text|citext|name|enum|^user-defined$/i;

let sharedSegmenter: ((word: string) => string[]) | undefined;

function defaultSegmenter(): (word: string) => string[] {
  sharedSegmenter ??= createCompoundSegmenter();
  return sharedSegmenter;
}

/** Splits an identifier into readable words: split, segmented, abbreviations expanded. */
export function identifierWords(
  name: string,
  options: { segment?: ((word: string) => string[]) | false; keepOriginal?: boolean } = {},
): string[] {
  const segment = options.segment === false ? undefined : (options.segment ?? defaultSegmenter());
  const split = splitIdentifier(name).flatMap((word) => segment?.(word) ?? [word]);
  return expandWords(split, { keepOriginal: options.keepOriginal, context: 'identifier' });
}

/**
 * A column's words without a leading repetition of the table name (`emp_lname` in `employee` ->
 * `last name`, `building_id` in `apartment_buildings` -> `identifier`), as long as a word remains.
 */
function columnWords(name: string, tableWords: ReadonlySet<string>, options: TableDocumentOptions): string {
  const words = identifierWords(name, options);
  let start = 0;
  while (start < words.length - 1 && tableWords.has(conservativeStem(words[start]))) start++;
  return words.slice(start).join(' ');
}

/** Builds a table's document: its key entities and a flat text for lexical search. */
export function buildTableDocument(table: CatalogTable, options: TableDocumentOptions = {}): TableDocument {
  const words = (name: string): string => identifierWords(name, options).join(' ');
  const entities: TableEntity[] = [];
  const push = (entity: TableEntity): void => {
    if (entity.text.trim() !== '') entities.push(entity);
  };
  push({ kind: 'table_name', text: words(table.name), weight: 1 });
  push({ kind: 'schema_name', text: words(table.schema), weight: 1 });
  if (table.comment !== null) push({ kind: 'table_comment', text: table.comment.trim(), weight: 1 });

  const tableWords = new Set(identifierWords(table.name, options).map(conservativeStem));
  const keyColumns = new Set(table.primaryKey);
  const foreignKeyColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
  for (const column of table.columns) {
    const weight = foreignKeyColumns.has(column.name)
      ? FOREIGN_KEY_COLUMN_WEIGHT
      : keyColumns.has(column.name)
        ? KEY_COLUMN_WEIGHT
        : 1;
    push({
      kind: 'column_name',
      text: columnWords(column.name, tableWords, options),
      column: column.name,
      weight,
    });
    if (column.comment !== null) {
      push({ kind: 'column_comment', text: column.comment.trim(), column: column.name, weight });
    }
  }

  let valueBudget = options.maxValues ?? 40;
  for (const column of table.columns) {
    if (valueBudget <= 0) break;
    for (const value of representativeValues(column, options).slice(0, valueBudget)) {
      push({ kind: 'value', text: value, column: column.name, weight: 1 });
      valueBudget--;
    }
  }

  const lines = entities.map((entity) => entity.text);
  const rawNames = [table.schema, table.name, ...table.columns.map((column) => column.name)];
  const tokens = [
    ...rawNames.flatMap((name) => identifierWords(name, { ...options, keepOriginal: true })),
    ...entities
      .filter(
        (entity) =>
          entity.kind === 'table_comment' || entity.kind === 'column_comment' || entity.kind === 'value',
      )
      .flatMap((entity) => splitIdentifier(entity.text)),
  ];
  return { table: qualifiedName(table), entities, text: lines.join('\n'), tokens };
}

/**
 * The values of a column worth embedding: the profile's most frequent values of a text column, minus
 * numbers, dates, ids, codes and long strings.
 */
export function representativeValues(column: CatalogColumn, options: TableDocumentOptions = {}): string[] {
  const profile = column.profile;
  if (profile === null || !TEXT_TYPES.test(column.dataType)) return [];
  const maxLength = options.maxValueLength ?? 40;
  const out: string[] = [];
  for (const raw of profile.topValues) {
    const value = raw.trim();
    if (value.length < 2 || value.length > maxLength) continue;
    if (UNINFORMATIVE_VALUE_PATTERNS.some((pattern) => pattern.test(value))) continue;
    if (out.includes(value)) continue;
    out.push(value);
    if (out.length >= (options.maxValuesPerColumn ?? 5)) break;
  }
  return out;
}
