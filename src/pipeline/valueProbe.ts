import { quoteIdent, quoteLiteral } from '../catalog';
import { type Entity, isFunctionWord, type SemanticLookup, textWords } from '../semantic';
import { isChatShorthand, splitIdentifier, WordNet } from '../text';
import { TEXT_TYPE, type ProbeRunner } from './valueSplits';

/** A phrase of the question that reads like a name (a person, a place, a title) no profiled value matched. */
export interface NamePhrase {
  /** The phrase's words, lower case, diacritics removed. */
  words: string[];
  /** Index of its first word in the question's words (`SemanticLookup.resolve(question).words`). */
  start: number;
  end: number;
  /** True when every word of it is written with a capital inside the question: a proper name. */
  proper: boolean;
}

/** Where a probed phrase was found: one column (or a first and last name pair) of one table. */
export interface ProbeHit {
  phrase: NamePhrase;
  /** `schema.table`. */
  table: string;
  /** The column that holds the phrase, or the first and last name columns of a full name. */
  columns: string[];
  /** The distinct stored values that match (a full name as "first last"), at most a few. */
  values: string[];
  /** True when a value equals the phrase (case and accents ignored); false when it holds it among other words. */
  whole: boolean;
  /** True when the phrase is one part (first or last name) of the people listed in {@link ProbeHit.values}. */
  person?: boolean;
}

/** What {@link probeNames} looked up and found. */
export interface NameProbe {
  /** The name phrases of the question that were looked up. */
  phrases: NamePhrase[];
  /** Where they were found (none for a phrase the probed tables do not hold). */
  hits: ProbeHit[];
}

/** Longest phrase probed, in words. */
const MAX_PHRASE_WORDS = 3;
/** Most phrases probed per question and most tables per phrase: the probe stays bounded. */
const MAX_PHRASES = 2;
const MAX_TABLES = 40;
/** Distinct values read per probe (the match is checked again in code, accents folded). */
const MAX_VALUES = 50;

/**
 * Words of a column's name (its model name or its own, "stock keeping unit" or "sku") saying its values are
 * contact details or codes (an order, ticket or tracking number), never a name a question says.
 */
const NOT_NAMES: ReadonlySet<string> = new Set(
  'email mail phone fax url website web address street postal zip password hash token sku code id uuid number'.split(
    ' ',
  ),
);

/** True when the column's model name or its own name says it holds contact details or codes. */
function notNames(dimension: { name: string; column: string }): boolean {
  return [...dimension.name.split(' '), ...splitIdentifier(dimension.column)].some((w) => NOT_NAMES.has(w));
}

/** Letters a value may carry with an accent the question typed without ("Sao" for "São"). */
const ACCENTABLE = /[aeiouycn]/g;

/** Lower case, diacritics removed, words separated by single spaces. */
export function foldText(text: string): string {
  return textWords(text).join(' ');
}

/**
 * Where a phrase's words (folded, as {@link foldText} gives them) stand in the question, accents removed
 * (`folded`): consecutive, case ignored, separated by anything that is not a letter or digit.
 */
export function findPhrase(
  question: string,
  words: readonly string[],
): { folded: string; index: number; length: number } | null {
  const pattern = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^\\p{L}\\p{N}]+');
  const folded = question.normalize('NFKD').replace(/\p{M}/gu, '');
  const match = new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, 'iu').exec(folded);
  return match ? { folded, index: match.index, length: match[0].length } : null;
}

/** A phrase as the question writes it ("Harvest Moon Fair"), or its folded words when it is not found. */
export function phraseAsWritten(question: string, words: readonly string[]): string {
  const found = findPhrase(question, words);
  return found ? found.folded.slice(found.index, found.index + found.length) : words.join(' ');
}

/** An ILIKE pattern of a word that matches it with or without accents (checked again in code). */
function wordPattern(word: string): string {
  return word.replace(/[%_\\]/g, '').replace(ACCENTABLE, '_');
}

/**
 * True when WordNet has the word (or its base forms) only as a proper name (an instance: a person, a city)
 * or not at all.
 */
function properOrUnknown(word: string, wordNet: WordNet | null): boolean {
  if (wordNet === null) return false;
  // an inflected word ("issued", "months") is known through its base forms
  const senses = wordNet
    .baseForms(word)
    .flatMap((f) => wordNet.senses(f.lemma).filter((s) => s.pos === f.pos));
  return senses.every(
    (s) => s.pos === 'n' && wordNet.synset('n', s.offset).pointers.some((p) => p.symbol === '@i'),
  );
}

let sharedNet: WordNet | null | undefined;
function wordNet(): WordNet | null {
  if (sharedNet === undefined) {
    try {
      sharedNet = WordNet.shared();
    } catch {
      sharedNet = null;
    }
  }
  return sharedNet;
}

/** Words that are parts of a code written with digits ("KT-20417", "AB12"): a code is no name. */
function codeWords(question: string): Set<string> {
  const found = new Set<string>();
  for (const code of question.match(/[\p{L}\p{N}]+(?:[-_/][\p{L}\p{N}]+)+|\p{L}+\p{N}+[\p{L}\p{N}]*/gu) ?? [])
    if (/\p{N}/u.test(code)) for (const w of textWords(code)) found.add(w);
  return found;
}

/** Words of the question written with a capital letter, not counting the first word (sentence case). */
function capitalisedWords(question: string): Set<string> {
  const found = new Set<string>();
  const tokens = question.match(/[\p{L}\p{N}'’]+/gu) ?? [];
  tokens.forEach((t, i) => {
    if (i > 0 && /^\p{Lu}/u.test(t)) for (const w of textWords(t.replace(/['’]s$/u, ''))) found.add(w);
  });
  return found;
}

/**
 * Words of a run of capitalised words ("Harvest Moon Fair") that only value matches of parts of it cover
 * ("Harvest" a product's name), when some word of the run nothing covers: the run is one name, and a part
 * of it that happens to be a value does not account for it.
 */
function partlyValued(
  reading: ReturnType<SemanticLookup['resolve']>,
  capitals: ReadonlySet<string>,
  codeParts: ReadonlySet<string>,
): number[] {
  const words = reading.words;
  const capital = (i: number) =>
    capitals.has(words[i]) &&
    !isFunctionWord(words[i]) &&
    !codeParts.has(words[i]) &&
    /\p{L}/u.test(words[i]);
  const matchesAt = (i: number) => reading.cover.filter((m) => m.start <= i && i < m.end);
  const found: number[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!capital(i)) continue;
    let end = i + 1;
    while (end < words.length && capital(end)) end++;
    const run = Array.from({ length: end - i }, (_, k) => i + k);
    const loose = run.some((k) => matchesAt(k).length === 0);
    const valuesOnly = run.every((k) =>
      matchesAt(k).every(
        (m) => m.element.kind === 'value' && m.start >= i && m.end <= end && m.end - m.start < run.length,
      ),
    );
    if (run.length >= 2 && loose && valuesOnly) found.push(...run);
    i = end - 1;
  }
  return found;
}

/**
 * Runs of words of the question that read like a name and that nothing of the semantic model accounts
 * for: each word is written with a capital (not the first word), or WordNet knows it only as a proper
 * name or not at all ("clapton", "cohen"); function words and numbers end a run. Up to three words a run.
 */
export function namePhrases(question: string, lookup: SemanticLookup): NamePhrase[] {
  const reading = lookup.resolve(question);
  const uncovered = new Set(reading.uncovered);
  // a person's name the model knows from one table's profile may name a person of another table too
  for (const m of reading.cover) {
    if (m.element.kind !== 'value' || m.element.entity.displayColumns.length !== 2) continue;
    if (!m.element.entity.displayColumns.includes(m.element.dimension.column)) continue;
    for (let i = m.start; i < m.end; i++) uncovered.add(i);
  }
  const capitals = capitalisedWords(question);
  const codeParts = codeWords(question);
  for (const i of partlyValued(reading, capitals, codeParts)) uncovered.add(i);
  const net = wordNet();
  const nameLike = (i: number) => {
    const w = reading.words[i];
    return (
      uncovered.has(i) &&
      w.length > 1 &&
      !isFunctionWord(w) &&
      /\p{L}/u.test(w) &&
      (capitals.has(w) || (!isChatShorthand(w) && properOrUnknown(w, net))) &&
      !codeParts.has(w)
    );
  };
  const phrases: NamePhrase[] = [];
  for (let i = 0; i < reading.words.length; i++) {
    if (!nameLike(i)) continue;
    let end = i + 1;
    while (end < reading.words.length && end - i < MAX_PHRASE_WORDS && nameLike(end)) end++;
    // a capitalised title goes on over its inner function words ("Gone with the Wind"): its words are
    // not probed one by one
    let k = end;
    while (k < reading.words.length && isFunctionWord(reading.words[k])) k++;
    if (
      k > end &&
      k < reading.words.length &&
      capitals.has(reading.words[k]) &&
      capitals.has(reading.words[i])
    ) {
      i = k;
      continue;
    }
    const words = reading.words.slice(i, end);
    phrases.push({ words, start: i, end, proper: words.every((w) => capitals.has(w)) });
    i = end - 1;
  }
  return phrases.slice(0, MAX_PHRASES);
}

/** Text columns of an entity worth probing for a name: its display columns and unprofiled text dimensions. */
function probedColumns(entity: Entity): string[] {
  const hidden = new Set(entity.hiddenColumns);
  const columns = entity.dimensions
    .filter(
      (d) =>
        TEXT_TYPE.test(d.dataType) &&
        !hidden.has(d.column) &&
        !notNames(d) &&
        // a fully profiled column's values are matched by the model already
        (d.distinctCount === null || d.values.length < d.distinctCount),
    )
    .map((d) => d.column);
  return [...new Set([...entity.displayColumns.filter((c) => !hidden.has(c)), ...columns])];
}

/** True when `words` occur in `value` as consecutive whole words (both folded). */
function containsWords(value: string, words: readonly string[]): boolean {
  const v = textWords(value);
  for (let i = 0; i + words.length <= v.length; i++) if (words.every((w, k) => v[i + k] === w)) return true;
  return false;
}

/**
 * Looks a name phrase up in the stored values of the given tables (bounded, read-only; case and accents
 * ignored): whole values and values holding the phrase as whole words ("Marlow" in "Ada Marlow,
 * Jim Gordon"), and, on a table shown by a first and a last name, a two-word phrase as first + last name.
 * Issue 8 "Honest doubt": the values a question names are checked against the data, not guessed.
 */
export async function probeNames(options: {
  question: string;
  lookup: SemanticLookup;
  tables: readonly string[];
  run: ProbeRunner;
  /** Only these phrases. @default the question's {@link namePhrases} */
  phrases?: NamePhrase[];
}): Promise<NameProbe> {
  const phrases = options.phrases ?? namePhrases(options.question, options.lookup);
  if (phrases.length === 0) return { phrases, hits: [] };
  const probed = options.tables
    .slice(0, MAX_TABLES)
    .map((table) => ({ table, entity: options.lookup.entity(table) }))
    .filter((p): p is { table: string; entity: Entity } => p.entity !== undefined && !p.entity.hidden)
    .map((p) => ({ ...p, columns: probedColumns(p.entity) }));
  const hits: ProbeHit[] = [];
  for (const phrase of phrases) {
    const branches = probed.flatMap((p, t) => probeBranches(phrase, p.entity, p.columns, t));
    if (branches.length === 0) continue;
    // one read per phrase, every table in it: each probe round trip costs far more than the scan
    const rows = (await options.run(branches.join(' UNION ALL '))).map(probeRow);
    probed.forEach((p, t) =>
      hits.push(
        ...tableHits(
          phrase,
          p,
          rows.filter((r) => r.table === t),
        ),
      ),
    );
  }
  return { phrases, hits };
}

/** One row of the probe query: a table's index, the probed column's index (-1: first + last), the value. */
interface ProbeRow {
  table: number;
  column: number;
  value: unknown;
  first: unknown;
  last: unknown;
}

function probeRow(r: unknown[]): ProbeRow {
  return { table: Number(r[0]), column: Number(r[1]), value: r[2], first: r[3], last: r[4] };
}

/**
 * The probe query's branches for one table: a two-word phrase as first + last name on a table shown by
 * a first and a last name, and the rows where any probed column holds the phrase (each matching column a
 * row, with the row's first and last name when the table has them).
 */
function probeBranches(phrase: NamePhrase, entity: Entity, columns: string[], t: number): string[] {
  const from = `${quoteIdent(entity.schema)}.${quoteIdent(entity.tableName)}`;
  const display = entity.displayColumns;
  const person = display.length === 2;
  const [first, last] = person ? display.map((d) => `${quoteIdent(d)}::text`) : ['NULL::text', 'NULL::text'];
  const branches: string[] = [];
  if (phrase.words.length === 2 && person) {
    branches.push(
      `(SELECT DISTINCT ${t}, -1, NULL::text, ${first}, ${last} FROM ${from} WHERE ${first} ILIKE ${quoteLiteral(wordPattern(phrase.words[0]))} AND ${last} ILIKE ${quoteLiteral(wordPattern(phrase.words[1]))} LIMIT ${MAX_VALUES})`,
    );
  }
  if (columns.length > 0) {
    const pattern = quoteLiteral(`%${phrase.words.map(wordPattern).join('%')}%`);
    const values = columns.map((c, k) => `(${k}, ${quoteIdent(c)}::text)`).join(', ');
    branches.push(
      `(SELECT DISTINCT ${t}, x.k, x.v, ${first}, ${last} FROM ${from} CROSS JOIN LATERAL (VALUES ${values}) AS x(k, v) WHERE x.v ILIKE ${pattern} LIMIT ${MAX_VALUES})`,
    );
  }
  return branches;
}

/** The hits of one phrase in one table, from that table's probe rows. */
function tableHits(
  phrase: NamePhrase,
  probed: { table: string; entity: Entity; columns: string[] },
  rows: ProbeRow[],
): ProbeHit[] {
  const { table, entity, columns } = probed;
  const display = entity.displayColumns;
  const joined = phrase.words.join(' ');
  const fullNames = rows
    .filter((r) => r.column === -1)
    .map((r) => `${String(r.first)} ${String(r.last)}`)
    .filter((v) => foldText(v) === joined);
  if (fullNames.length > 0)
    return [
      { phrase, table, columns: [...display], values: [...new Set(fullNames)].slice(0, 5), whole: true },
    ];
  const hits: ProbeHit[] = [];
  columns.forEach((column, k) => {
    const inColumn = rows.filter(
      (r): r is ProbeRow & { value: string } =>
        r.column === k && typeof r.value === 'string' && containsWords(r.value, phrase.words),
    );
    const values = [...new Set(inColumn.map((r) => r.value))];
    if (values.length === 0) return;
    const whole = values.filter((v) => foldText(v) === joined);
    if (display.length === 2 && display.includes(column) && whole.length > 0) {
      // one part of a person's name ("Nadia"): the people it names, as "first last"
      const people = inColumn
        .filter((r) => whole.includes(r.value))
        .map((r) => `${String(r.first)} ${String(r.last)}`);
      hits.push({
        phrase,
        table,
        columns: [column],
        values: [...new Set(people)].slice(0, 6),
        whole: true,
        person: true,
      });
      return;
    }
    // a thing's own name equals the phrase; other text (a list of credits) holds it among others
    const exact = whole.length > 0 && (display.includes(column) || whole.length === values.length);
    hits.push({
      phrase,
      table,
      columns: [column],
      values: (exact ? whole : values).slice(0, 5),
      whole: exact,
    });
  });
  return hits;
}
