import type { CatalogColumn } from '../catalog';
import { identifierWords, textWords } from './language';
import type { Aggregation } from './types';
import {
  AVG_WORDS,
  COORDINATE_WORDS,
  CURRENCY_SYMBOLS,
  CURRENCY_WORDS,
  IDENTIFIER_WORDS,
  MONEY_WORDS,
  ORDINAL_WORDS,
  PERIOD_PART_WORDS,
  SUM_WORDS,
  UNIT_WORDS,
  YEAR_WORDS,
} from './vocabulary';

/** The words of a column name and what they say. */
export interface ColumnWords {
  /** Name words, abbreviations expanded, unit and currency words removed (`weight_kg` -> `weight`). */
  words: string[];
  /** The last of {@link ColumnWords.words}: the head noun in English compounds (`unit price` -> `price`). */
  head: string;
  unit?: string;
  currency?: string;
}

/** What a column is to the semantic model. */
export type ColumnRole =
  | { kind: 'key'; reason: string }
  | {
      kind: 'measure';
      aggregation: Aggregation;
      reason: string;
      unit?: string;
      currency?: string;
      money: boolean;
    }
  | { kind: 'time'; type: 'date' | 'timestamp' }
  | { kind: 'year' }
  | { kind: 'dimension'; reason: string }
  | { kind: 'boolean' }
  | { kind: 'ignored'; reason: string };

/** What {@link classifyColumn} needs to know about the column's table. */
export interface ColumnContext {
  primaryKey: readonly string[];
  /** Columns of the table's foreign keys. */
  foreignKeyColumns: ReadonlySet<string>;
  /**
   * True when rows are events or transactions (the table has a date, references other tables and no
   * table references it): an unknown numeric column is then summed; otherwise (an attribute of a thing)
   * averaged.
   */
  transactional: boolean;
}

const NUMERIC_TYPE = /^(smallint|integer|bigint|numeric|decimal|real|double precision|money|float|int)/;
const INTEGER_TYPE = /^(smallint|integer|bigint|int)/;
const TEXT_TYPE = /^(text|character|varchar|char|citext|name|bpchar|"char")/;

/** Splits a column name into words and pulls out unit and currency words (name first, then the comment). */
export function columnWords(name: string, comment: string | null = null): ColumnWords {
  const all = identifierWords(name);
  let unit: string | undefined;
  let currency: string | undefined;
  const kept: string[] = [];
  all.forEach((word, i) => {
    // a unit or currency word counts only after the first word (`ms_played` is not milliseconds of ms)
    if (i > 0 && CURRENCY_WORDS[word] !== undefined && currency === undefined) {
      currency = CURRENCY_WORDS[word];
      return;
    }
    if (i > 0 && UNIT_WORDS[word] !== undefined && unit === undefined && all.length > 1 && word.length > 1) {
      unit = UNIT_WORDS[word];
      if (!SUM_WORDS.has(word) && !AVG_WORDS.has(word)) return;
    }
    kept.push(word);
  });
  if (all.length === 1 && UNIT_WORDS[all[0]] !== undefined && all[0].length > 2) unit = UNIT_WORDS[all[0]];
  if (comment !== null) {
    const fromComment = unitsOfText(comment);
    unit ??= fromComment.unit;
    currency ??= fromComment.currency;
  }
  const words = kept.length > 0 ? kept : all;
  return { words, head: words[words.length - 1] ?? '', unit, currency };
}

/** Unit and currency named in free text (a comment): `in USD`, `price in €`, `duration in minutes`. */
export function unitsOfText(text: string): { unit?: string; currency?: string } {
  let currency: string | undefined;
  for (const [symbol, code] of Object.entries(CURRENCY_SYMBOLS)) if (text.includes(symbol)) currency ??= code;
  let unit: string | undefined;
  for (const word of textWords(text)) {
    if (CURRENCY_WORDS[word] !== undefined && word.length === 3) currency ??= CURRENCY_WORDS[word];
    else if (CURRENCY_WORDS[word] !== undefined) currency ??= CURRENCY_WORDS[word];
    // single letters (`m`, `g`) are too ambiguous in prose
    if (UNIT_WORDS[word] !== undefined && word.length > 2) unit ??= UNIT_WORDS[word];
  }
  if (text.includes('%')) unit ??= 'percent';
  return { unit, currency };
}

/** The table type family of a catalog column. */
export function typeFamily(
  dataType: string,
): 'numeric' | 'integer' | 'text' | 'boolean' | 'date' | 'timestamp' | 'uuid' | 'other' {
  const t = dataType.toLowerCase();
  if (t === 'boolean') return 'boolean';
  if (t === 'date') return 'date';
  if (t.startsWith('timestamp')) return 'timestamp';
  if (t === 'uuid') return 'uuid';
  if (INTEGER_TYPE.test(t)) return 'integer';
  if (NUMERIC_TYPE.test(t)) return 'numeric';
  if (TEXT_TYPE.test(t) || t.startsWith('character varying')) return 'text';
  return 'other';
}

/** True when the column's values (when profiled) all lie in a plausible year range. */
function yearRange(column: CatalogColumn): boolean {
  const min = Number(column.profile?.min ?? NaN);
  const max = Number(column.profile?.max ?? NaN);
  if (Number.isNaN(min) || Number.isNaN(max)) return true;
  return min >= 1000 && max <= 2999;
}

/**
 * Classifies one column: key, measure (with its default aggregation and why), time dimension, year column,
 * categorical dimension, boolean or ignored. General rules over names and types; see the README's
 * "Semantic model" section for the list.
 */
export function classifyColumn(column: CatalogColumn, context: ColumnContext): ColumnRole {
  const family = typeFamily(column.dataType);
  const { words, head, unit, currency } = columnWords(column.name, column.comment);
  const isPk = context.primaryKey.includes(column.name);
  const isFk = context.foreignKeyColumns.has(column.name);
  if (family === 'boolean') return { kind: 'boolean' };
  if (family === 'date' || family === 'timestamp') return { kind: 'time', type: family };
  // a single-column primary key is an identifier; a part of a composite key (`fiscal_year`, `channel`)
  // that is not a foreign key still means what its name says
  const soleKey = isPk && context.primaryKey.length === 1;
  if (soleKey || isFk) {
    return { kind: 'key', reason: isFk ? 'foreign key' : 'primary key' };
  }
  if (family === 'uuid' || ['id', 'identifier', 'identifiers', 'key', 'uuid', 'guid'].includes(head)) {
    return { kind: 'key', reason: 'identifier name' };
  }
  if (family === 'text') return { kind: 'dimension', reason: 'text column' };
  if (isPk && !words.includes('year') && !PERIOD_PART_WORDS.has(head)) {
    return { kind: 'key', reason: 'part of the primary key' };
  }
  if (family !== 'numeric' && family !== 'integer')
    return { kind: 'ignored', reason: `type ${column.dataType}` };

  const has = (set: ReadonlySet<string>) => words.some((w) => set.has(w));
  if (family === 'integer' && words.includes('year') && !words.includes('years') && yearRange(column)) {
    return { kind: 'year' };
  }
  if (family === 'integer' && has(YEAR_WORDS) && words.length <= 2 && yearRange(column))
    return { kind: 'year' };
  const countPrefix = ['number', 'count', 'num', 'n'].includes(words[0] ?? '') && words.length > 1;
  if (!countPrefix && family === 'integer' && PERIOD_PART_WORDS.has(head)) {
    return { kind: 'dimension', reason: `a ${head} number is a part of a date` };
  }
  if (!countPrefix && IDENTIFIER_WORDS.has(head)) {
    return { kind: 'key', reason: `"${head}" names an identifier, not a quantity` };
  }
  if (has(COORDINATE_WORDS) && words.length <= 2) {
    return { kind: 'dimension', reason: 'a coordinate is not a business figure' };
  }
  if (!countPrefix && ORDINAL_WORDS.has(head)) {
    return { kind: 'dimension', reason: `"${head}" names a position or ordinal, not a quantity` };
  }
  const money = has(MONEY_WORDS) || currency !== undefined;
  const base = { kind: 'measure' as const, unit, currency, money };
  if (countPrefix) {
    return { ...base, aggregation: 'sum', reason: `"${words[0]} of …" counts something: summed` };
  }
  if (words.some((w) => ['average', 'avg', 'mean', 'median'].includes(w))) {
    return { ...base, aggregation: 'avg', reason: 'the name says average: averaged' };
  }
  const perUnit = words.includes('per') || (words[0] === 'unit' && words.length > 1);
  if (perUnit) return { ...base, aggregation: 'avg', reason: 'a per-unit figure: averaged' };
  if (words.includes('total') || words.includes('sum') || (words.includes('amount') && head !== 'rate')) {
    return { ...base, aggregation: 'sum', reason: 'a total or amount: summed' };
  }
  if (unit === 'percent') return { ...base, aggregation: 'avg', reason: 'a percentage: averaged' };
  if (SUM_WORDS.has(head))
    return { ...base, aggregation: 'sum', reason: `"${head}" is an amount or count: summed` };
  if (AVG_WORDS.has(head)) {
    return { ...base, aggregation: 'avg', reason: `"${head}" is a price, rate, score or size: averaged` };
  }
  for (const word of [...words].reverse()) {
    if (SUM_WORDS.has(word))
      return { ...base, aggregation: 'sum', reason: `"${word}" is an amount or count: summed` };
    if (AVG_WORDS.has(word)) {
      return { ...base, aggregation: 'avg', reason: `"${word}" is a price, rate, score or size: averaged` };
    }
  }
  if (unit !== undefined) {
    const summed = ['minutes', 'hours', 'seconds', 'milliseconds'].includes(unit) && context.transactional;
    return {
      ...base,
      aggregation: summed ? 'sum' : 'avg',
      reason: summed ? `time spent (${unit}) per event: summed` : `a size in ${unit}: averaged`,
    };
  }
  return context.transactional
    ? { ...base, aggregation: 'sum', reason: 'a number on an event or transaction row: summed' }
    : { ...base, aggregation: 'avg', reason: 'a number describing a thing: averaged' };
}
