import { expandWord, type Relatedness, LINKING_STOP_WORDS as STOPWORDS } from '../../text';
import { LINKING_WORDS, synonymKeys } from './lexicon';
import type { QuestionToken } from './questionTokens';
import { spanText } from './questionTokens';
import type { SchemaColumn, SchemaModel, SchemaTable } from './schemaModel';
import { ValueLinker } from './valueLinker';
import type { ValueMention } from './valueLinker';

export type { ValueCandidate, ValueMention } from './valueLinker';

/** A column a question phrase may refer to. */
export interface ColumnCandidate {
  column: SchemaColumn;
  score: number;
  /** Some phrase words matched the column's table name rather than the column ("names of students"). */
  viaTable: boolean;
  /**
   * No phrase word matched a column word as written (or by its stem): every match went through a synonym
   * or a WordNet relation ("pay" for `yearly_salary`).
   */
  related?: boolean;
}

/** A table a question phrase may refer to. */
export interface TableCandidate {
  table: SchemaTable;
  score: number;
}

/** A phrase of the question that names schema elements. */
export interface SchemaMention {
  kind: 'schema';
  /** Token range [start, end). */
  start: number;
  end: number;
  text: string;
  columns: ColumnCandidate[];
  tables: TableCandidate[];
}

/** Either kind of mention. */
export type Mention = SchemaMention | ValueMention;

/** Words a phrase may carry without the column spelling them ("phone number" → `phone`). */
const OPTIONAL_WORDS = new Set(['number', 'numbers']);

const MAX_SPAN = 6;
const MAX_CONTENT = 4;

interface WordMatch {
  quality: number;
}

/** WordNet relatedness used as the last resort of word matching (set per linking call). */
let relateWords: Relatedness | null = null;

/** How well a question word (key and lower text) matches a schema word (key and raw text). */
function wordMatch(qKey: string, qLower: string, sKey: string, sWord: string): WordMatch | null {
  if (qKey === sKey) return { quality: 1 };
  if (synonymKeys(qKey).has(sKey)) return { quality: 0.85 };
  if (relateWords && qLower.length >= 3 && sWord.length >= 3 && !STOPWORDS.has(qLower)) {
    const q = relateWords(qLower, sWord);
    if (q > 0) return { quality: q };
  }
  if (sWord.length >= 3 && qLower.length >= sWord.length + 2 && qLower.startsWith(sWord))
    return { quality: 0.6 };
  // "advises" / "advisor", "enrolled" / "enrollment": stems where one extends the other.
  const [short, long] = qKey.length <= sKey.length ? [qKey, sKey] : [sKey, qKey];
  if (short.length >= 5 && long.startsWith(short)) return { quality: 0.75 };
  return null;
}

function bestMatch(
  qKey: string,
  qLower: string,
  keys: string[],
  words: string[],
): { index: number; quality: number } | null {
  let best: { index: number; quality: number } | null = null;
  keys.forEach((k, i) => {
    const m = wordMatch(qKey, qLower, k, words[i] ?? k);
    if (m && (!best || m.quality > best.quality)) best = { index: i, quality: m.quality };
  });
  return best;
}

/**
 * The column words one question word spells at once, or null: consecutive words run together ("CSAT" for
 * csat_score, which the segmenter split into c + sat), or a part of the column's name that was expanded as an
 * abbreviation ("SKUs" for sku, read as stock keeping unit).
 */
function spelledKeys(t: QuestionToken, column: SchemaColumn, words: readonly string[]): number[] | null {
  if (t.lower.length < 3) return null;
  for (let from = 0; from < words.length - 1; from++) {
    for (let to = from + 2; to <= Math.min(words.length, from + 3); to++) {
      if (words.slice(from, to).join('') === t.lower)
        return Array.from({ length: to - from }, (_, i) => from + i);
    }
  }
  for (const part of column.name.toLowerCase().split(/[^a-z0-9]+/)) {
    if (t.lower !== part && t.key !== part && t.lower !== `${part}s`) continue;
    const expansion = expandWord(part);
    if (!expansion || expansion.length < 2) continue;
    const from = words.findIndex((_, i) => expansion.every((w, j) => words[i + j] === w));
    if (from >= 0) return expansion.map((_, j) => from + j);
  }
  return null;
}

/** Scores a phrase (content tokens) against a column; null when some word does not fit. */
function scoreColumn(
  content: QuestionToken[],
  column: SchemaColumn,
  reserved: ReadonlySet<number>,
): ColumnCandidate | null {
  const words = column.words.filter((w) => !['of', 'the', 'and', 'a', 'in', 'for', 'to', 'per'].includes(w));
  // Every (phrase word, column word) pair that matches, best pairs assigned first (exact before synonyms).
  const pairs: { token: number; key: number; quality: number }[] = [];
  content.forEach((t, ti) => {
    column.keys.forEach((k, ki) => {
      const m = wordMatch(t.key, t.lower, k, words[ki] ?? k);
      // Loose matches (prefixes, stems that extend) only stand alone, never inside a longer phrase.
      if (m && (m.quality >= 0.8 || content.length === 1))
        pairs.push({ token: ti, key: ki, quality: m.quality });
    });
  });
  // A question word that spells several column words at once ("CSAT" for csat_score, "SKUs" for sku).
  const glued = new Map<number, number[]>();
  content.forEach((t, ti) => {
    const keys = spelledKeys(t, column, words);
    if (!keys) return;
    glued.set(ti, keys);
    pairs.push({ token: ti, key: keys[0], quality: 1 });
  });
  pairs.sort((x, y) => y.quality - x.quality || x.token - y.token);
  // "forename" / "family name" for first_name / last_name: WordNet collocations of the whole names.
  const collocation = (): ColumnCandidate | null => {
    if (!relateWords || content.length > 2 || words.length < 2 || words.length > 3) return null;
    const quality = relateWords(content.map((t) => t.lower).join('_'), words.join('_'));
    return quality > 0 ? { column, score: quality, viaTable: false, related: true } : null;
  };
  if (pairs.every((p) => p.quality < 0.8)) {
    const whole = collocation();
    if (whole) return whole;
  }
  const keyOfToken = new Map<number, { key: number; quality: number }>();
  const matched = new Set<number>();
  for (const p of pairs) {
    if (keyOfToken.has(p.token) || matched.has(p.key)) continue;
    const keys = glued.get(p.token)?.includes(p.key) ? (glued.get(p.token) ?? []) : [p.key];
    if (keys.some((k) => matched.has(k))) continue;
    keyOfToken.set(p.token, p);
    for (const k of keys) matched.add(k);
  }
  if (matched.size === 0) return collocation();
  let quality = 0;
  let viaTable = false;
  for (let ti = 0; ti < content.length; ti++) {
    const t = content[ti];
    const m = keyOfToken.get(ti);
    if (reserved.has(t.index) && (!m || m.quality < 0.85)) return null;
    if (m) {
      quality += m.quality;
      continue;
    }
    const tm = bestMatch(t.key, t.lower, column.table.keys, column.table.words);
    if (tm) {
      quality += 0.85 * tm.quality;
      viaTable = true;
      continue;
    }
    if (OPTIONAL_WORDS.has(t.lower) && content.length > 1) {
      quality += 0.8;
      continue;
    }
    return collocation();
  }
  const keyCov = matched.size / column.keys.length;
  const ownMatched = [...matched].filter((i) => column.ownKeys.includes(column.keys[i])).length;
  const ownCov = ownMatched / column.ownKeys.length;
  // The head noun (last word) of a column carries its meaning: "salary" → annual_salary, "sales" → line_amt.
  const headMatched = matched.has(column.keys.length - 1) && column.keys.length <= 3;
  const coverage = Math.max(keyCov, ownCov, headMatched ? 0.6 : 0);
  // The column's words in the phrase's order ("customer id" for customer_id rather than order_id).
  const order = content.map((_, ti) => keyOfToken.get(ti)?.key).filter((k): k is number => k !== undefined);
  const inOrder = order.length > 1 && order.every((v, i) => i === 0 || order[i - 1] < v) ? 0.02 : 0;
  const related = [...keyOfToken.values()].every((m) => m.quality < 1);
  return {
    column,
    score: Math.min(1, coverage * (quality / content.length) + inOrder),
    viaTable,
    ...(related ? { related } : {}),
  };
}

function scoreTable(
  content: QuestionToken[],
  table: SchemaTable,
  reserved: ReadonlySet<number>,
): TableCandidate | null {
  const matched = new Set<number>();
  let quality = 0;
  for (const t of content) {
    if (reserved.has(t.index)) return null;
    const m = bestMatch(t.key, t.lower, table.keys, table.words);
    if (!m || matched.has(m.index)) return null;
    matched.add(m.index);
    quality += m.quality;
  }
  return { table, score: (matched.size / table.keys.length) * (quality / content.length) };
}

function isContent(t: QuestionToken): boolean {
  return t.kind === 'word' && !t.stop && t.number === undefined;
}

/**
 * Candidate phrases: runs of up to MAX_SPAN tokens that start and end with a content word. A function word the
 * schema uses ("display" in display_name) may start a phrase when a content word follows it directly.
 */
function* phraseSpans(tokens: QuestionToken[], schemaKeys: ReadonlySet<string>): Generator<[number, number]> {
  for (let i = 0; i < tokens.length; i++) {
    const schemaStop =
      tokens[i].kind === 'word' &&
      tokens[i].stop &&
      schemaKeys.has(tokens[i].key) &&
      !!tokens[i + 1] &&
      isContent(tokens[i + 1]);
    if (!isContent(tokens[i]) && !schemaStop) continue;
    let content = 0;
    for (let j = i; j < Math.min(tokens.length, i + MAX_SPAN); j++) {
      const t = tokens[j];
      if (isContent(t)) content++;
      else if (j === i) content++;
      else if (!(t.kind === 'word' && LINKING_WORDS.has(t.lower)) && t.text !== "'s") break;
      if (content > MAX_CONTENT) break;
      if (isContent(t)) yield [i, j + 1];
    }
  }
}

/** Links question phrases to tables, columns and stored values. */
export class SchemaLinker {
  private readonly values: ValueLinker;

  private constructor(
    private readonly model: SchemaModel,
    private readonly relate: Relatedness | null,
  ) {
    this.values = new ValueLinker(model);
  }

  /** A linker over one request's tables; `relate` adds WordNet synonyms and hypernyms as weaker matches. */
  static forModel(model: SchemaModel, options: { relate?: Relatedness } = {}): SchemaLinker {
    return new SchemaLinker(model, options.relate ?? null);
  }

  /**
   * Finds non-overlapping mentions, left to right: profile values, schema phrases (longest well-matching
   * phrase first), then literals (numbers, quoted strings, dates, capitalised names, codes).
   */
  link(
    tokens: QuestionToken[],
    options: {
      preferColumns?: ReadonlySet<string>;
      /** Cue words a phrase may contain only when a column spells them ("max temperature"). */
      reserved?: ReadonlySet<number>;
      /** Cue words no phrase may contain ("number of"). */
      blocked?: ReadonlySet<number>;
    } = {},
  ): Mention[] {
    relateWords = this.relate;
    try {
      return this.linkTokens(tokens, options);
    } finally {
      relateWords = null;
    }
  }

  private linkTokens(
    tokens: QuestionToken[],
    options: {
      preferColumns?: ReadonlySet<string>;
      reserved?: ReadonlySet<number>;
      blocked?: ReadonlySet<number>;
    },
  ): Mention[] {
    const preferColumns = options.preferColumns ?? new Set<string>();
    const reserved = options.reserved ?? new Set<number>();
    const blocked = options.blocked ?? new Set<number>();
    const taken = new Array<boolean>(tokens.length).fill(false);
    const mentions: Mention[] = [];
    const free = (s: number, e: number) => taken.slice(s, e).every((x) => !x);
    const take = (s: number, e: number) => {
      for (let i = s; i < e; i++) taken[i] = true;
    };

    // 1. Quoted strings and dates are literals no matter what.
    for (const t of tokens) {
      if (t.kind === 'quoted' || t.kind === 'date') {
        mentions.push(
          this.values.literal(tokens, t.index, t.index + 1, t.kind === 'date' ? 'date' : 'string', true),
        );
        take(t.index, t.index + 1);
      }
    }

    // 2. Multi-word profile values ("Boise, ID", "New York") and single capitalised ones.
    const valueSpans = this.values
      .valueSpans(tokens)
      .filter(
        (v) => !tokens.slice(v.start, v.end).some((t) => reserved.has(t.index) || blocked.has(t.index)),
      );
    const schemaSpans = this.schemaSpans(tokens, preferColumns, reserved).filter(
      (s) => !tokens.slice(s.start, s.end).some((t) => blocked.has(t.index)),
    );
    const bestSchemaAt = new Map<number, number>();
    for (const s of schemaSpans)
      for (let i = s.start; i < s.end; i++)
        bestSchemaAt.set(i, Math.max(bestSchemaAt.get(i) ?? 0, s.strength));
    for (const v of valueSpans) {
      if (!free(v.start, v.end)) continue;
      const span = tokens.slice(v.start, v.end);
      const strongSchema = Math.max(...span.map((t) => bestSchemaAt.get(t.index) ?? 0));
      const capitalised = span.some((t) => t.capitalized);
      const multiWord = v.end - v.start > 1;
      if (!(multiWord || capitalised) && strongSchema >= 0.9 * v.score) continue;
      mentions.push(v);
      take(v.start, v.end);
    }

    // 3. Schema phrases, strongest first.
    for (const s of schemaSpans) {
      if (!free(s.start, s.end)) continue;
      mentions.push(s.mention);
      take(s.start, s.end);
    }

    // 4. Lower-case profile values that lost to nothing.
    for (const v of valueSpans) {
      if (!free(v.start, v.end)) continue;
      mentions.push(v);
      take(v.start, v.end);
    }

    // 5. Remaining literals: numbers, capitalised runs, codes.
    mentions.push(...this.values.literalRuns(tokens, taken, reserved, blocked));
    return mentions.sort((a, b) => a.start - b.start);
  }

  private schemaSpans(
    tokens: QuestionToken[],
    preferColumns: ReadonlySet<string>,
    reserved: ReadonlySet<number>,
  ): { start: number; end: number; strength: number; mention: SchemaMention }[] {
    const out: { start: number; end: number; strength: number; mention: SchemaMention }[] = [];
    const schemaKeys = new Set(this.model.columns.flatMap((c) => c.keys));
    for (const [start, end] of phraseSpans(tokens, schemaKeys)) {
      const content = tokens
        .slice(start, end)
        .filter((t, i) => isContent(t) || (i === 0 && t.kind === 'word'));
      const columns: ColumnCandidate[] = [];
      for (const column of this.model.columns) {
        const c = scoreColumn(content, column, reserved);
        if (!c || c.score < 0.3) continue;
        if (preferColumns.has(`${column.table.qname}.${column.name}`)) c.score = Math.min(1, c.score + 0.15);
        columns.push(c);
      }
      const tables: TableCandidate[] = [];
      for (const table of this.model.tables) {
        const c = scoreTable(content, table, reserved);
        if (c && c.score >= 0.3) tables.push(c);
      }
      if (columns.length === 0 && tables.length === 0) continue;
      columns.sort((a, b) => b.score - a.score || a.column.order - b.column.order);
      tables.sort((a, b) => b.score - a.score || a.table.rank - b.table.rank);
      const best = Math.max(columns[0]?.score ?? 0, tables[0]?.score ?? 0);
      const strength = best * (1 + 0.6 * (content.length - 1));
      if (best < 0.45) continue;
      out.push({
        start,
        end,
        strength,
        mention: { kind: 'schema', start, end, text: spanText(tokens, start, end), columns, tables },
      });
    }
    return out.sort((a, b) => b.strength - a.strength || a.start - b.start);
  }
}

/**
 * "how much did we pay in claim settlements": a phrase that names a measure only through a synonym
 * or a WordNet relation ("pay" ~ a yearly salary of a joined staff table) yields to a measure another
 * phrase (no table's name) names by the column's own word (`settlement_amt`) on another table: it keeps its words (they
 * are accounted for, as the verb of that measure) but names no column. A table the synonym's candidates
 * also reach keeps the synonym.
 */
export function yieldToNamedMeasures(mentions: readonly Mention[]): Mention[] {
  const measure = (c: ColumnCandidate | undefined) =>
    !!c && c.column.kind === 'number' && !c.column.isIdentifier;
  const named = mentions.filter(
    (m): m is SchemaMention =>
      m.kind === 'schema' && m.tables.length === 0 && measure(m.columns[0]) && !m.columns[0].related,
  );
  return mentions.map((m) => {
    if (m.kind !== 'schema' || m.tables.length > 0 || !measure(m.columns[0]) || !m.columns[0].related)
      return m;
    const reached = new Set(m.columns.map((c) => c.column.table));
    const rival = named.find((n) => n !== m && !reached.has(n.columns[0].column.table));
    return rival ? { ...m, columns: [] } : m;
  });
}

/** True for words that carry no schema meaning on their own. */
export function isFunctionWord(t: QuestionToken): boolean {
  return t.kind !== 'word' || STOPWORDS.has(t.lower);
}
