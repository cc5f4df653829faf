import { parseSync } from 'libpg-query';
import type { ClarificationOption } from '../pipeline/types';
import { topLevelSorted, walkParseTree } from './goldTables';

/**
 * What a reading (a gold or alternative query in PostgreSQL) is made of, and whether a clarifying
 * question's options name both readings of an ambiguous question.
 *
 * "Offers both readings" (the README's secondary clarify measure, made precise): each reading's
 * distinguishing features are the features of its SQL that the other reading's SQL lacks — tables
 * (`schema.table`), columns (bare names), string literals (and the year of a date literal) and aggregate
 * functions. An option *names* a reading when one of that reading's distinguishing features appears in
 * the option: a table among the option's tables; a column as the option's column or, its words split on
 * `_`, as a phrase of the label; a literal in the label (case and accents ignored); an aggregate by one of
 * its words in the label (plurals allowed; count: number/count/how many; sum: total/sum/amount; avg: average/avg/mean;
 * max: maximum/max/highest/largest/most; min: minimum/min/lowest/smallest/least). A reading with no
 * distinguishing feature (its SQL's features are all in the other's: "Folk" vs "Folk or Indie Folk")
 * is named by an option that shows any of its features and none of the other's distinguishing ones. The clarification
 * offers both readings when two different options name one reading each. The gold reading's option is
 * the first option that names only it (else the first that names it), likewise the alternative's among
 * the other options; when the alternative's option comes first the bot offered them "the other way round"
 * (README rule 6).
 */

/** The parts of one SQL reading. */
export interface SqlReading {
  /** Lower-case `schema.table` read (CTE names excluded); unqualified names get the default schema. */
  tables: string[];
  /** True when the top level has ORDER BY. */
  ordered: boolean;
  /** Lower-case column names referenced anywhere. */
  columns: string[];
  /** String literals, lower-cased; a date literal adds its year. */
  literals: string[];
  /** Lower-case names of the functions called. */
  functions: string[];
}

const lastString = (list: unknown): string | null => {
  if (!Array.isArray(list) || list.length === 0) return null;
  const last: unknown = list[list.length - 1];
  if (last !== null && typeof last === 'object' && 'String' in last) {
    const s: unknown = last.String;
    if (s !== null && typeof s === 'object' && 'sval' in s && typeof s.sval === 'string') return s.sval;
  }
  return null;
};

const field = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;

/**
 * Parses one PostgreSQL query (libpg-query's `loadModule()` must have completed).
 * @throws Error from the parser for SQL it cannot read
 */
export function readSql(sql: string, defaultSchema = 'public'): SqlReading {
  const tree: unknown = parseSync(sql);
  const tables: string[] = [];
  const ctes = new Set<string>();
  const columns = new Set<string>();
  const literals = new Set<string>();
  const functions = new Set<string>();
  walkParseTree(tree, (key, value) => {
    if (key === 'RangeVar') {
      const rel = field(value, 'relname');
      const schema = field(value, 'schemaname');
      if (typeof rel === 'string')
        tables.push(`${typeof schema === 'string' ? schema : ''}.${rel}`.toLowerCase());
    } else if (key === 'CommonTableExpr') {
      const name = field(value, 'ctename');
      if (typeof name === 'string') ctes.add(name.toLowerCase());
    } else if (key === 'ColumnRef') {
      const name = lastString(field(value, 'fields'));
      if (name) columns.add(name.toLowerCase());
    } else if (key === 'A_Const') {
      const s = field(field(value, 'sval'), 'sval');
      if (typeof s === 'string') {
        literals.add(s.toLowerCase());
        const year = /^(\d{4})-\d{2}-\d{2}/.exec(s);
        if (year) literals.add(year[1]);
      }
    } else if (key === 'FuncCall') {
      const name = lastString(field(value, 'funcname'));
      if (name) functions.add(name.toLowerCase());
    }
  });
  const qualified = tables
    .filter((t) => !(t.startsWith('.') && ctes.has(t.slice(1))))
    .map((t) => (t.startsWith('.') ? `${defaultSchema}${t}` : t));
  return {
    tables: [...new Set(qualified)].sort(),
    ordered: topLevelSorted(tree),
    columns: [...columns].sort(),
    literals: [...literals].sort(),
    functions: [...functions].sort(),
  };
}

/** Words that name an aggregate in an option's label. */
const AGGREGATE_WORDS: Readonly<Record<string, readonly string[]>> = {
  count: ['number', 'count', 'how many'],
  sum: ['total', 'sum', 'amount'],
  avg: ['average', 'avg', 'mean'],
  max: ['maximum', 'max', 'highest', 'largest', 'most'],
  min: ['minimum', 'min', 'lowest', 'smallest', 'least'],
};

const fold = (text: string) =>
  text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim();

/** True when `phrase` occurs in `text` as whole words, a plural `s`/`es` allowed (both folded). */
function hasPhrase(text: string, phrase: string): boolean {
  const p = fold(phrase);
  if (p.length < 2) return false;
  const escaped = p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?:e?s)?(?![\\p{L}\\p{N}])`, 'u').test(fold(text));
}

/** The features of `reading` that `other` lacks. */
function distinguishing(reading: SqlReading, other: SqlReading): SqlReading {
  const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
  return {
    tables: minus(reading.tables, other.tables),
    ordered: reading.ordered,
    columns: minus(reading.columns, other.columns),
    literals: minus(reading.literals, other.literals),
    functions: minus(reading.functions, other.functions),
  };
}

const isEmpty = (f: SqlReading) =>
  f.tables.length + f.columns.length + f.literals.length + f.functions.length === 0;

/** True when the option names one of the distinguishing features (see the module comment). */
function names(option: ClarificationOption, features: SqlReading): boolean {
  const label = option.label;
  const optionColumn = option.column?.split('.').pop()?.toLowerCase();
  return (
    features.tables.some((t) => option.tables.map((x) => x.toLowerCase()).includes(t)) ||
    features.columns.some((c) => c === optionColumn || hasPhrase(label, c.replace(/_/g, ' '))) ||
    features.literals.some((l) => hasPhrase(label, l)) ||
    features.functions.some((f) => (AGGREGATE_WORDS[f] ?? []).some((w) => hasPhrase(label, w)))
  );
}

/** Which options of a clarification name the gold and the alternative reading. */
export interface OfferedReadings {
  /** Index of the option taken as the gold reading, or null. */
  gold: number | null;
  /** Index of the option taken as the alternative reading, or null. */
  alt: number | null;
  /** Two different options name one reading each. */
  both: boolean;
  /** Both offered, the alternative's option first. */
  swapped: boolean;
}

/** Matches a clarification's options to two readings (the rule of the module comment). */
export function offeredReadings(
  options: readonly ClarificationOption[],
  gold: SqlReading,
  alt: SqlReading,
): OfferedReadings {
  const goldOnly = distinguishing(gold, alt);
  const altOnly = distinguishing(alt, gold);
  // A reading with nothing of its own (its SQL is part of the other's) is named by an option that shows
  // one of its features and none of the other reading's own.
  const namesReading = (o: ClarificationOption, own: SqlReading, all: SqlReading, others: SqlReading) =>
    isEmpty(own) ? names(o, all) && !names(o, others) : names(o, own);
  const named = options.map((o) => ({
    gold: namesReading(o, goldOnly, gold, altOnly),
    alt: namesReading(o, altOnly, alt, goldOnly),
  }));
  const pick = (want: 'gold' | 'alt', exclude: number | null): number | null => {
    const other = want === 'gold' ? 'alt' : 'gold';
    const only = named.findIndex((n, i) => i !== exclude && n[want] && !n[other]);
    if (only >= 0) return only;
    const any = named.findIndex((n, i) => i !== exclude && n[want]);
    return any >= 0 ? any : null;
  };
  const goldIndex = pick('gold', null);
  const altIndex = pick('alt', goldIndex);
  const both = goldIndex !== null && altIndex !== null;
  return { gold: goldIndex, alt: altIndex, both, swapped: both && (altIndex ?? 0) < (goldIndex ?? 0) };
}
