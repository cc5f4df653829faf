import { type ForeignKey, quoteIdent, quoteLiteral } from '../catalog';
import type { ClarificationOption } from './types';
import type { AlternativeReadings } from '../retrieval';
import { type SemanticLookup, textWords, wordKey } from '../semantic';
import { findPhrase, phraseAsWritten, probeNames, type NamePhrase, type ProbeHit } from './valueProbe';
import type { ProbeRunner } from './valueSplits';

/** Words that make a question about many rows at once: a name then filters a set, it does not pick one row. */
const MANY_ROWS: ReadonlySet<string> = new Set(
  'how many much count number total sum average avg all every each list named called'.split(' '),
);

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The question with a phrase (matched word by word, case and accents ignored) replaced. */
function restate(question: string, words: readonly string[], by: string): string {
  const found = findPhrase(question, words);
  if (!found) return question;
  return `${found.folded.slice(0, found.index)}${by}${found.folded.slice(found.index + found.length)}`;
}

/** The business name of a column of a table (`composer`, `first name`). */
function columnName(lookup: SemanticLookup, table: string, column: string): string {
  return lookup.entity(table)?.dimensions.find((d) => d.column === column)?.name ?? column.replace(/_/g, ' ');
}

/** Initials of a value's words, upper case ("Bâton Rouge" -> "BR"). */
function initials(value: string): string {
  return textWords(value)
    .map((w) => w.charAt(0))
    .join('')
    .toUpperCase();
}

/**
 * Readings of a question that names a value found in the data by {@link probeNames} (decision rule 6 of
 * src/retrieval/README.md), first that applies:
 * - the same name in two places (two tables, or two columns: a performer's name and a composer credit, a
 *   customer and an employee of one name) → one option per place;
 * - one part of a person's name ("Nadia") that names several people, in a question about one of them →
 *   one option per person, the question restated with the full name;
 * - a place typed without its accents whose rows carry, in a coarser column of the same table, a code made
 *   of its initials (the town "Bâton Rouge" in the district "BR") → the place itself, or the coarser one.
 */
export async function nameReadings(options: {
  question: string;
  lookup: SemanticLookup;
  hits: readonly ProbeHit[];
  answerTables: readonly string[];
  run: ProbeRunner;
  /** Tables one foreign key away from a table. */
  neighbours: (table: string) => readonly string[];
  /**
   * Only places the question's other words point to (a model element within two foreign keys): when
   * retrieval declined, a name alone ("how old is <name>") does not make the data fit the question.
   */
  pointedOnly?: boolean;
  /** Foreign keys of a table: a place named after another one is found along them. @default none */
  foreignKeys?: (table: string) => readonly ForeignKey[];
  /** Receives the one place a phrase names, when that is all there is to it. */
  onSolePlace?: (hit: ProbeHit) => void;
}): Promise<AlternativeReadings | null> {
  const { question, lookup, hits } = options;
  const tablesFor = tablesToPlace(options.answerTables, options.neighbours);
  const words = new Set(textWords(question));
  for (const phraseText of [...new Set(hits.map((h) => h.phrase.words.join(' ')))]) {
    let places = ownNames(
      rankPlaces(
        hits.filter((h) => h.phrase.words.join(' ') === phraseText),
        options,
      ),
      lookup,
    );
    if (places.length >= 2 && options.foreignKeys)
      places = await namedAfter(places, lookup, options.run, options.foreignKeys);
    if (places.length === 1) options.onSolePlace?.(places[0]);
    if (places.length >= 2) {
      const options_: ClarificationOption[] = places
        .slice(0, 4)
        .map((h) => placeOption(h, { question, lookup, answerTables: options.answerTables, tablesFor }));
      return {
        reason: `"${phraseText}" is found in ${places.map((h) => `${h.table}.${h.columns.join('+')}`).join(' and ')}`,
        clarification: {
          question: `Which do you mean: ${options_.map((o) => o.label).join(', or ')}?`,
          options: options_,
        },
      };
    }
    const hit = places[0];
    if (!hit) continue;
    const people = [...new Set(hit.values)];
    if (
      hit.person === true &&
      hit.phrase.words.length === 1 &&
      people.length >= 2 &&
      people.every((p) => textWords(p).length >= 2) &&
      ![...words].some((w) => MANY_ROWS.has(w))
    ) {
      const entity = lookup.entity(hit.table);
      return {
        reason: `"${phraseText}" is the ${columnName(lookup, hit.table, hit.columns[0])} of ${people.length} ${entity?.plural ?? hit.table}`,
        clarification: {
          question: `Which ${cap(phraseText)} do you mean: ${people.slice(0, 4).join(' or ')}?`,
          options: people.slice(0, 4).map((p) => ({
            label: p,
            tables: tablesFor(hit.table),
            question: restate(question, hit.phrase.words, p),
          })),
        },
      };
    }
    if (hit.whole && hit.columns.length === 1 && hit.values.length === 1) {
      const coded = await codedPlace(hit, lookup, options.run);
      if (coded) {
        const value = hit.values[0];
        const entity = lookup.entity(hit.table);
        const of = entity?.plural ?? hit.table;
        const own = columnName(lookup, hit.table, hit.columns[0]);
        const coarse = columnName(lookup, hit.table, coded.column);
        return {
          reason: `"${phraseText}" is the ${own} ${value} of ${hit.table}, whose ${coarse} ${coded.code} has the same initials`,
          clarification: {
            question: `Do you mean the ${own} ${value} or the ${coarse} ${coded.code} (${value})?`,
            options: [
              {
                label: `${cap(own)} ${value} (${of})`,
                tables: tablesFor(hit.table),
                column: `${hit.table}.${hit.columns[0]}`,
                question: restate(question, hit.phrase.words, `${own} ${value}`),
              },
              {
                label: `${cap(coarse)} ${coded.code} (${of} anywhere in ${value})`,
                tables: tablesFor(hit.table),
                column: `${hit.table}.${coded.column}`,
                question: restate(question, hit.phrase.words, `${coarse} ${coded.code}`),
              },
            ],
          },
        };
      }
    }
  }
  return null;
}

/**
 * The reading of a name as one place: its label, the tables it reads (the answer's and the path to the
 * place), the column, and the question restated so the generator filters that column ("... whose composer
 * contains 'X'", "... whose maker name is 'X'").
 */
export function placeOption(
  h: ProbeHit,
  options: {
    question: string;
    lookup: SemanticLookup;
    answerTables: readonly string[];
    tablesFor: (table: string) => string[];
  },
): ClarificationOption {
  const { lookup, question } = options;
  const phraseText = h.phrase.words.join(' ');
  const entity = lookup.entity(h.table);
  const of = entity?.plural ?? h.table;
  const shown = h.whole ? (h.values[0] ?? phraseText) : cap(phraseText);
  const label =
    h.columns.length === 2
      ? `${shown} among ${of}`
      : h.whole
        ? `${shown} as ${columnName(lookup, h.table, h.columns[0])} of ${of}`
        : `${of} whose ${columnName(lookup, h.table, h.columns[0])} includes ${shown}`;
  const column = h.columns.length === 1 ? columnName(lookup, h.table, h.columns[0]) : null;
  const named =
    column === null
      ? null
      : options.answerTables.includes(h.table) || column.includes(entity?.name ?? h.table)
        ? column
        : `${entity?.name ?? h.table} ${column}`;
  const rest = restate(question, h.phrase.words, '')
    .replace(/\s+/g, ' ')
    .replace(/[?.!\s]+$/, '');
  return {
    label: cap(label),
    tables: options.tablesFor(h.table),
    ...(h.columns.length === 1 ? { column: `${h.table}.${h.columns[0]}` } : {}),
    ...(named
      ? {
          question: h.whole
            ? `${rest} whose ${named} is '${h.values[0] ?? phraseText}'`
            : `${rest} whose ${named} contains '${cap(phraseText)}'`,
        }
      : {}),
  };
}

/** The tables a reading of a place reads: the answer's, and a shortest foreign-key path to the place. */
export function tablesToPlace(
  answerTables: readonly string[],
  neighbours: (table: string) => readonly string[],
): (table: string) => string[] {
  return (table) =>
    answerTables.includes(table)
      ? [...answerTables]
      : [...new Set([...answerTables, ...pathTo(answerTables, table, neighbours)])];
}

/** True when the hit is in the entity's own name: its display column(s). */
function onDisplay(hit: ProbeHit, lookup: SemanticLookup): boolean {
  const display = lookup.entity(hit.table)?.displayColumns ?? [];
  return hit.columns.every((c) => display.includes(c));
}

/**
 * A name that is one thing's own name (a whole value of its display column: a maker) beats names of
 * other things that merely contain it (titles holding the name among other words): those are other things.
 * Credits and other text columns that hold it are kept (a composer credit is a reading of its own).
 */
function ownNames(places: readonly ProbeHit[], lookup: SemanticLookup): ProbeHit[] {
  if (!places.some((h) => h.whole && onDisplay(h, lookup))) return [...places];
  return places.filter((h) => h.whole || !onDisplay(h, lookup));
}

/** The foreign keys from one table to another, at most `hops` of them, following their direction. */
function keyPath(
  from: string,
  to: string,
  foreignKeys: (table: string) => readonly ForeignKey[],
  hops = 2,
): ForeignKey[] | null {
  const target = (fk: ForeignKey) => `${fk.referencedSchema}.${fk.referencedTable}`;
  let level: { table: string; path: ForeignKey[] }[] = [{ table: from, path: [] }];
  for (let h = 0; h < hops; h++) {
    level = level.flatMap((l) =>
      foreignKeys(l.table)
        .filter((fk) => target(fk) !== l.table)
        .map((fk) => ({ table: target(fk), path: [...l.path, fk] })),
    );
    const found = level.find((l) => l.table === to);
    if (found) return found.path;
  }
  return null;
}

/** Share of a place's rows with a name that must lead to the other place's row of that name. */
const NAMED_AFTER_SHARE = 0.75;

/**
 * Things named after another thing of the same name (a maker's namesake product line, its namesake model):
 * of whole own-name places along foreign keys, a place whose rows with the name (at least three in four
 * of them) lead, one or two keys on, to a row of the other place with the name is named after it, and is
 * dropped (one bounded read-only count per pair).
 */
async function namedAfter(
  places: readonly ProbeHit[],
  lookup: SemanticLookup,
  run: ProbeRunner,
  foreignKeys: (table: string) => readonly ForeignKey[],
): Promise<ProbeHit[]> {
  const own = places.filter((h) => h.whole && h.columns.length === 1 && onDisplay(h, lookup));
  const dropped = new Set<ProbeHit>();
  for (const child of own) {
    for (const parent of own) {
      if (parent === child || dropped.has(parent) || parent.table === child.table) continue;
      const path = keyPath(child.table, parent.table, foreignKeys);
      const entity = lookup.entity(child.table);
      if (!path || !entity) continue;
      let sql = `FROM ${quoteIdent(entity.schema)}.${quoteIdent(entity.tableName)} AS t0`;
      path.forEach((fk, k) => {
        const on = fk.columns
          .map((c, i) => `t${k + 1}.${quoteIdent(fk.referencedColumns[i])} = t${k}.${quoteIdent(c)}`)
          .join(' AND ');
        sql += ` JOIN ${quoteIdent(fk.referencedSchema)}.${quoteIdent(fk.referencedTable)} AS t${k + 1} ON ${on}`;
      });
      const lower = (alias: string, column: string, values: readonly string[]) =>
        `lower(${alias}.${quoteIdent(column)}::text) IN (${values.map((v) => quoteLiteral(v.toLowerCase())).join(', ')})`;
      const rows = await run(
        `SELECT count(*), count(*) FILTER (WHERE ${lower(`t${path.length}`, parent.columns[0], parent.values)}) ${sql} WHERE ${lower('t0', child.columns[0], child.values)}`,
      );
      const [all, named] = (rows[0] ?? []).map(Number);
      // nearly all: a namesake model another maker also sells is still named after the maker
      if (all > 0 && named >= NAMED_AFTER_SHARE * all) {
        dropped.add(child);
        break;
      }
    }
  }
  return places.filter((h) => !dropped.has(h));
}

/** The tables on a shortest foreign-key path from any of `from` to `to` (`to` alone when none). */
function pathTo(
  from: readonly string[],
  to: string,
  neighbours: (table: string) => readonly string[],
): string[] {
  const previous = new Map<string, string | null>(from.map((t) => [t, null]));
  const queue = [...from];
  while (queue.length > 0) {
    const t = queue.shift() as string;
    if (t === to) {
      const path: string[] = [];
      for (let at: string | null = t; at !== null; at = previous.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const n of neighbours(t)) {
      if (previous.has(n)) continue;
      previous.set(n, t);
      queue.push(n);
    }
  }
  return [to];
}

/** Tables within `hops` foreign keys of a table (itself included). */
function reach(table: string, hops: number, neighbours: (table: string) => readonly string[]): Set<string> {
  const seen = new Set([table]);
  let level = [table];
  for (let h = 0; h < hops; h++) {
    level = level.flatMap((t) => neighbours(t)).filter((t) => !seen.has(t));
    for (const t of level) seen.add(t);
  }
  return seen;
}

/**
 * The places a name was found, those the question's other words point to, most telling first:
 * - a place is kept only when a table the question's other words name (model elements that are not
 *   values: "email", "tracks") is within two foreign keys of it, when some place is;
 * - a copy of a column one foreign key away (a billing city next to the customer's city: the same last
 *   word of the name) is one place with it: the answer's table (else the first found) keeps it;
 * - places on the answer's tables, then whole values, then values holding the name, come first.
 */
function rankPlaces(
  found: readonly ProbeHit[],
  options: {
    question: string;
    lookup: SemanticLookup;
    answerTables: readonly string[];
    neighbours: (table: string) => readonly string[];
    pointedOnly?: boolean;
  },
): ProbeHit[] {
  const { lookup, answerTables, neighbours } = options;
  const cover = lookup.resolve(options.question).cover.filter((m) => m.element.kind !== 'value');
  const pointed = new Set(
    cover.map((m) => (m.element.kind === 'metric' ? m.element.metric.table : m.element.entity.table)),
  );
  let places = [...found];
  const supported = places.filter((h) => [...pointed].some((t) => reach(t, 2, neighbours).has(h.table)));
  if (supported.length > 0 || options.pointedOnly) places = supported;
  const score = (h: ProbeHit) => (answerTables.includes(h.table) ? 2 : 0) + (h.whole ? 1 : 0);
  places.sort((a, b) => score(b) - score(a));
  const head = (h: ProbeHit) =>
    columnName(lookup, h.table, h.columns[h.columns.length - 1])
      .split(' ')
      .pop();
  return places.filter(
    (h, i) =>
      !places
        .slice(0, i)
        .some(
          (k) =>
            head(k) === head(h) &&
            k.columns.length === h.columns.length &&
            neighbours(k.table).includes(h.table),
        ),
  );
}

/**
 * A coarser text column of the hit's table (fewer distinct values) whose value on the hit's rows is the
 * initials of the hit's value ("BR" on the rows of "Bâton Rouge") and covers more rows than the value does.
 */
async function codedPlace(
  hit: ProbeHit,
  lookup: SemanticLookup,
  run: ProbeRunner,
): Promise<{ column: string; code: string } | null> {
  const entity = lookup.entity(hit.table);
  if (!entity) return null;
  const own = entity.dimensions.find((d) => d.column === hit.columns[0]);
  const value = hit.values[0];
  const code = initials(value);
  if (!own || code.length < 2) return null;
  const from = `${quoteIdent(entity.schema)}.${quoteIdent(entity.tableName)}`;
  for (const d of entity.dimensions) {
    if (d.column === own.column || d.distinctCount === null || own.distinctCount === null) continue;
    if (d.distinctCount >= own.distinctCount || !d.values.some((v) => v.toUpperCase() === code)) continue;
    const rows = await run(
      `SELECT count(*) FILTER (WHERE ${quoteIdent(own.column)} = '${value.replace(/'/g, "''")}'), count(*) FILTER (WHERE ${quoteIdent(d.column)} = '${code.replace(/'/g, "''")}'), count(*) FILTER (WHERE ${quoteIdent(own.column)} = '${value.replace(/'/g, "''")}' AND ${quoteIdent(d.column)} = '${code.replace(/'/g, "''")}') FROM ${from}`,
    );
    const [inValue, inCode, both] = (rows[0] ?? []).map(Number);
    if (inValue > 0 && both === inValue && inCode > inValue) return { column: d.column, code };
  }
  return null;
}

/**
 * "How many people report to <person>": a table with a foreign key to itself (a manager, a parent) whose
 * column's words the question uses, and a row of it the question names → the rows directly under it, or
 * every row under it at any depth. Decision rule 6 of src/retrieval/README.md.
 */
export function selfReference(options: {
  question: string;
  lookup: SemanticLookup;
  answerTables: readonly string[];
  foreignKeys: (table: string) => readonly ForeignKey[];
  /** The row of the table the question names (model values or probed names) and its first word's index. */
  named: (table: string) => { name: string; start: number } | null;
}): AlternativeReadings | null {
  const keys = new Set(textWords(options.question).map(wordKey));
  for (const table of options.answerTables) {
    const entity = options.lookup.entity(table);
    if (!entity) continue;
    for (const fk of options.foreignKeys(table)) {
      if (`${fk.referencedSchema}.${fk.referencedTable}` !== table || fk.columns.length !== 1) continue;
      const column = fk.columns[0];
      const columnWords = textWords(column.replace(/_/g, ' ')).filter((w) => w !== 'id');
      if (!columnWords.some((w) => keys.has(wordKey(w)))) continue;
      const named = options.named(table);
      if (!named) continue;
      // "who does <person> report to" asks for one row above; "report to <person>" for the rows below
      // ("the mentor of <person>" is one row above too)
      const words = textWords(options.question);
      const at = words.findIndex((w) => columnWords.some((c) => wordKey(c) === wordKey(w)));
      if (at < 0 || named.start < at || words[at + 1] === 'of') continue;
      const name = named.name;
      const relation = columnWords.join(' ');
      return {
        reason: `${table}.${column} refers to ${table} itself and the question names ${name}`,
        clarification: {
          question: `Do you mean the ${entity.plural} whose ${relation} is ${name} directly, or everyone under ${name} at any level?`,
          options: [
            {
              label: `Direct: ${entity.plural} whose ${relation} is ${name}`,
              tables: [table],
              column: `${table}.${column}`,
            },
            {
              label: `Everyone under ${name} at any level (the whole chain of ${relation})`,
              tables: [table],
              column: `${table}.${column}`,
            },
          ],
        },
      };
    }
  }
  return null;
}

/** What {@link nameDoubt} found: the readings to ask about and the probed names behind them. */
export interface NameDoubt {
  /** The readings to ask about; null when the question's names have one reading. */
  readings: AlternativeReadings | null;
  hits: ProbeHit[];
  /** The name phrases that were looked up (each with its hits in {@link NameDoubt.hits}, if any). */
  phrases: NamePhrase[];
  /** The one place a name phrase names, when it names one (after the rules of {@link nameReadings}). */
  sole: ProbeHit | null;
}

/**
 * A proper name of the question (two or more words, each written with a capital, that the model does not
 * account for) that none of the tables the answer reads holds: found nowhere ("the Harvest Moon Fair"), or
 * only in a table the answer does not read (a promotion's name, read as a person's first and last name).
 * Filtering on it, or answering without it, would answer another question: the bot says what it lacks.
 * Decision rule 9 of src/retrieval/README.md.
 */
export function unreadName(options: {
  question: string;
  names: NameDoubt;
  /** The tables the generated answer reads. */
  read: readonly string[];
  lookup?: SemanticLookup;
}): { message: string; reason: string } | null {
  for (const phrase of options.names.phrases) {
    if (!phrase.proper || phrase.words.length < 2) continue;
    const hits = options.names.hits.filter((h) => h.phrase === phrase);
    if (hits.some((h) => options.read.includes(h.table))) continue;
    const name = phraseAsWritten(options.question, phrase.words);
    if (hits.length === 0)
      return {
        message: `Sorry, I don't have data about ${name}.`,
        reason: `the question names ${name}, which none of the probed tables holds`,
      };
    const places = hits.map((h) => {
      const of = options.lookup?.entity(h.table)?.plural ?? h.table;
      return options.lookup ? `${columnName(options.lookup, h.table, h.columns[0])} of ${of}` : of;
    });
    return {
      message: `Sorry, I can't answer that: I found ${name} only in the ${listWords([...new Set(places)])}, which I could not connect to the rest of your question.`,
      reason: `the question names ${name}, found only in ${hits.map((h) => h.table).join(', ')}, which the answer (${options.read.join(', ')}) does not read`,
    };
  }
  return null;
}

function listWords(ws: readonly string[]): string {
  return ws.length <= 1 ? (ws[0] ?? '') : `${ws.slice(0, -1).join(', ')} and ${ws[ws.length - 1]}`;
}

/**
 * Probes the names of a question in the given tables and applies {@link nameReadings}, then
 * {@link selfReference} on the answer's tables (the named row from the model's values or the probe).
 */
export async function nameDoubt(options: {
  question: string;
  lookup: SemanticLookup;
  answerTables: readonly string[];
  /** Tables whose values are probed (the answer's and its neighbours, or every table when none). */
  probeTables: readonly string[];
  /**
   * Tables where a proper name the probed tables do not hold is looked for, to say where it is (asked for only
   * then: it may be every table of the catalog). @default none
   */
  otherTables?: () => readonly string[];
  run: ProbeRunner;
  foreignKeys: (table: string) => readonly ForeignKey[];
  neighbours: (table: string) => readonly string[];
  pointedOnly?: boolean;
}): Promise<NameDoubt> {
  const { question, lookup } = options;
  const { phrases, hits } = await probeNames({
    question,
    lookup,
    tables: options.probeTables,
    run: options.run,
  });
  let sole: ProbeHit | null = null;
  const readings = await nameReadings({ ...options, hits, onSolePlace: (h) => (sole ??= h) });
  if (readings) return { readings, hits, phrases, sole };
  // a proper name the probed tables do not hold is looked up in the other tables, to say where it is
  const absent = phrases.filter((p) => p.proper && p.words.length >= 2 && !hits.some((h) => h.phrase === p));
  if (absent.length > 0) {
    const probed = new Set(options.probeTables);
    const rest = (options.otherTables?.() ?? []).filter((t) => !probed.has(t));
    if (rest.length > 0)
      hits.push(
        ...(await probeNames({ question, lookup, tables: rest, run: options.run, phrases: absent })).hits,
      );
  }
  const cover = lookup.resolve(question).cover;
  const self = selfReference({
    question,
    lookup,
    answerTables: options.answerTables,
    foreignKeys: options.foreignKeys,
    named: (table) => {
      const display = lookup.entity(table)?.displayColumns ?? [];
      const parts = display.map((c) =>
        cover.find(
          (m) =>
            m.element.kind === 'value' &&
            m.element.entity.table === table &&
            m.element.dimension.column === c,
        ),
      );
      if (parts.length > 0 && parts.every((p) => p !== undefined))
        return {
          name: parts.map((p) => (p?.element.kind === 'value' ? p.element.value : '')).join(' '),
          start: Math.min(...parts.map((p) => p?.start ?? 0)),
        };
      const hit = hits.find((h) => h.table === table && h.whole);
      return hit ? { name: hit.values[0], start: hit.phrase.start } : null;
    },
  });
  return { readings: self, hits, phrases, sole };
}
