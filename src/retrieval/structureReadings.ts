import type { ClarificationOption } from '../pipeline/types';
import {
  elementTable as elementTableOf,
  type Entity,
  type Flag,
  isFunctionWord,
  type SemanticLookup,
  textWords,
  wordKey,
} from '../semantic';
import type { AlternativeReadings, AlternativesInput } from './readingAlternatives';
import { cap } from './readingWords';

/** Superlatives of size that name no measure: what "big" means is left to the data. */
const SIZE_SUPERLATIVES: ReadonlySet<string> = new Set(['biggest', 'largest', 'smallest', 'tiniest']);

/** Words of a time column's name too general to tie two dates together. */
const GENERIC_TIME_WORDS: ReadonlySet<string> = new Set(
  'date time timestamp at on day created updated modified inserted loaded original first last start started begin end ended from to valid due'.split(
    ' ',
  ),
);

/** Tables holding a foreign key to `table` (its detail rows: an album's tracks, a title's editions). */
function children(input: AlternativesInput, table: string): string[] {
  return input.planner
    .neighbours(input.sourceId, table)
    .filter((n) =>
      input.planner
        .edgesWithin({ sourceId: input.sourceId, tables: [table, n] })
        .some((e) => e.from === n && e.to === table),
    )
    .filter((n) => n !== table && (input.allows?.(n) ?? true));
}

/**
 * Readings the shape of the schema makes possible (rule 4 of src/retrieval/README.md, continued):
 * - "<X> rate" where X names things of several tables (a flag or a state of one, a count measure or a
 *   table of another: "converted" sessions and a "conversions" count): one option per table;
 * - "the biggest <thing>" when the thing has no size measure of its own: by the number of its detail
 *   rows, or by the total of a measure of them that is not money (a length, a size);
 * - a period on a thing whose detail rows carry a date of the same event ("released" as the first
 *   release of an album and as each edition's release): the thing's own date, or any detail row's date;
 * - "how long does it take to <verb>": each table with a start and an end date (two time dimensions)
 *   that the answer reads or whose date is named by the verb ("resolve" and a resolved date), when
 *   they do not join: one option per table, from its first date to its last.
 */
export function structureReadings(input: AlternativesInput): AlternativeReadings | null {
  return rateReadings(input) ?? sizeSuperlative(input) ?? dateInDetailRows(input) ?? durationInTables(input);
}

/** The entities the question names (model names and synonyms), of the answer's tables. */
function namedEntities(input: AlternativesInput): Entity[] {
  const cover = input.lookup.resolve(input.question).cover;
  return cover
    .filter((m) => m.element.kind === 'entity' && (m.via === 'name' || m.via === 'synonym'))
    .map((m) => (m.element.kind === 'entity' ? m.element.entity : undefined))
    .filter((e): e is Entity => e !== undefined && input.answerTables.includes(e.table));
}

function sizeSuperlative(input: AlternativesInput): AlternativeReadings | null {
  const reading = input.lookup.resolve(input.question);
  const at = reading.words.findIndex((w) => SIZE_SUPERLATIVES.has(w));
  if (at < 0) return null;
  const superlative = reading.words[at];
  const cover = reading.cover;
  // a measure or metric named ("biggest order by amount") says what size is
  if (cover.some((m) => m.element.kind === 'measure' || m.element.kind === 'metric')) return null;
  // the superlative qualifies the thing itself ("the largest campaign", not "the largest budget")
  const entity = namedEntities(input).find((e) =>
    cover.some(
      (m) => m.start === at + 1 && m.element.kind === 'entity' && m.element.entity.table === e.table,
    ),
  );
  // its own measure that is not money (a floor area, a capacity) is its size
  if (!entity || entity.measures.some((m) => !m.money)) return null;
  const most = superlative === 'smallest' || superlative === 'tiniest' ? 'fewest' : 'most';
  const highest = most === 'fewest' ? 'lowest' : 'highest';
  const options: ClarificationOption[] = [];
  for (const child of children(input, entity.table)) {
    const detail = input.lookup.entity(child);
    if (!detail) continue;
    if (options.length === 0) {
      options.push({
        label: `By number of ${detail.plural} (${most} ${detail.plural})`,
        tables: [entity.table, child],
        question: `which ${entity.name} has the ${most} ${detail.plural}?`,
      });
    }
    for (const m of detail.measures.filter((x) => !x.money).slice(0, 2)) {
      options.push({
        label: `By total ${m.name} of its ${detail.plural} (${highest} sum of ${m.name})`,
        tables: [entity.table, child],
        column: `${child}.${m.column}`,
        question: `which ${entity.name} has the ${highest} total ${m.name} of ${detail.plural}?`,
      });
    }
    if (options.length >= 3) break;
  }
  if (options.length < 2) return null;
  return {
    reason: `"${superlative} ${entity.name}" names no measure: ${options.map((o) => o.label).join(' or ')}`,
    clarification: {
      question: `What do you mean by the ${superlative} ${entity.name}: ${options
        .map((o) => o.label.charAt(0).toLowerCase() + o.label.slice(1))
        .join(', or ')}?`,
      options,
    },
  };
}

function dateInDetailRows(input: AlternativesInput): AlternativeReadings | null {
  if (!input.hasPeriod) return null;
  for (const entity of namedEntities(input)) {
    // the question is about the thing itself ("which albums"), not a figure of a table next to it
    if (input.answerTables[0] !== entity.table) continue;
    const own = entity.timeDimensions.find((t) => t.column === entity.defaultTimeDimension?.column);
    if (!own) continue;
    const ownWords = own.name.split(' ').filter((w) => !GENERIC_TIME_WORDS.has(w));
    if (ownWords.length === 0) continue;
    const keys = new Set(ownWords.map(wordKey));
    for (const child of children(input, entity.table)) {
      if (input.answerTables.includes(child)) continue;
      const detail = input.lookup.entity(child);
      const other = detail?.timeDimensions.find((t) =>
        t.name
          .split(' ')
          .filter((w) => !GENERIC_TIME_WORDS.has(w))
          .some((w) => keys.has(wordKey(w))),
      );
      if (!detail || !other) continue;
      return {
        reason: `the period may apply to ${entity.table}.${own.column} or to ${child}.${other.column} of its ${detail.plural}`,
        clarification: {
          question: `Do you mean by the ${entity.name}'s ${own.name}, or by the ${other.name} of any of its ${detail.plural}?`,
          options: [
            {
              label: `${cap(entity.plural)} by ${own.name}`,
              tables: [entity.table],
              column: `${entity.table}.${own.column}`,
            },
            {
              label: `${cap(entity.plural)} with any ${detail.name} ${other.name} in the period (${detail.plural})`,
              tables: [entity.table, child],
              column: `${child}.${other.column}`,
            },
          ],
        },
      };
    }
  }
  return null;
}

function durationInTables(input: AlternativesInput): AlternativeReadings | null {
  if (!/\bhow\s+long\b/i.test(input.question)) return null;
  const keys = new Set(
    textWords(input.question)
      .filter((w) => !GENERIC_TIME_WORDS.has(w) && !isFunctionWord(w))
      .map(wordKey),
  );
  // "resolve" and "resolved": the same root (one key a prefix of the other, five letters or more)
  const sameRoot = (w: string) => {
    const k = wordKey(w);
    return [...keys].some(
      (q) => q === k || (Math.min(q.length, k.length) >= 5 && (q.startsWith(k) || k.startsWith(q))),
    );
  };
  const named = (e: Entity) =>
    e.timeDimensions.find((t) =>
      t.name
        .split(' ')
        .filter((w) => !GENERIC_TIME_WORDS.has(w))
        .some(sameRoot),
    );
  const candidates = input.lookup.model.entities.filter(
    (e) =>
      !e.hidden &&
      e.timeDimensions.length >= 2 &&
      (input.allows?.(e.table) ?? true) &&
      (input.answerTables.includes(e.table) || named(e) !== undefined),
  );
  if (candidates.length < 2) return null;
  candidates.sort(
    (a, b) => Number(input.answerTables.includes(b.table)) - Number(input.answerTables.includes(a.table)),
  );
  // tables that join answer together (an order and its lines): one reading
  const first = candidates[0];
  const apart = candidates.filter(
    (e, i) => i === 0 || !input.planner.neighbours(input.sourceId, first.table).includes(e.table),
  );
  if (apart.length < 2) return null;
  const options: ClarificationOption[] = apart.slice(0, 3).map((e) => {
    const end = named(e) ?? e.timeDimensions[e.timeDimensions.length - 1];
    const start =
      e.timeDimensions.find((t) => t.column === e.defaultTimeDimension?.column && t.column !== end.column) ??
      e.timeDimensions.find((t) => t.column !== end.column) ??
      e.timeDimensions[0];
    return {
      label: `${cap(e.plural)} (${start.name} to ${end.name})`,
      tables: [e.table],
      column: `${e.table}.${end.column}`,
    };
  });
  return {
    reason: `"how long" fits ${apart.map((e) => e.table).join(' and ')}, which each hold a start and an end date`,
    clarification: {
      question: `Which do you mean: ${options.map((o) => o.label).join(', or ')}?`,
      options,
    },
  };
}

/**
 * Two words of one root, by their keys (`wordKey`): equal keys, or keys sharing a prefix of five letters or
 * more (most of the shorter).
 */
function keysShareRoot(x: string, y: string): boolean {
  if (x === y) return true;
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n >= 5 && n >= 0.7 * Math.min(x.length, y.length);
}

/**
 * Where a key's root partners are in a {@link flagsByRoot} index: its first five letters, or the whole key
 * when shorter. Two keys that share a root ({@link keysShareRoot}: equal, or a common prefix of five letters
 * or more) always have the same bucket.
 */
function rootBucket(key: string): string {
  return key.length >= 5 ? key.slice(0, 5) : key;
}

/** A word of a yes/no flag's name, with its flag and entity. */
interface FlagWord {
  entity: Entity;
  flag: Flag;
  key: string;
}

/** The index of each lookup's model (see {@link flagsByRoot}). */
const flagIndexes = new WeakMap<SemanticLookup, ReadonlyMap<string, readonly FlagWord[]>>();

/**
 * The yes/no flags of a model's visible entities, each word of a flag's name under its {@link rootBucket},
 * in the model's order (entities, then flags, then words): built once per lookup, so a question reads the
 * flags its word can share a root with, not every flag of the catalog.
 */
function flagsByRoot(lookup: SemanticLookup): ReadonlyMap<string, readonly FlagWord[]> {
  const known = flagIndexes.get(lookup);
  if (known !== undefined) return known;
  const index = new Map<string, FlagWord[]>();
  for (const entity of lookup.model.entities) {
    if (entity.hidden) continue;
    for (const flag of entity.flags) {
      if (flag.kind !== 'boolean') continue;
      for (const w of textWords(flag.name)) {
        const key = wordKey(w);
        const bucket = rootBucket(key);
        const list = index.get(bucket);
        if (list === undefined) index.set(bucket, [{ entity, flag, key }]);
        else list.push({ entity, flag, key });
      }
    }
  }
  flagIndexes.set(lookup, index);
  return index;
}

function rateReadings(input: AlternativesInput): AlternativeReadings | null {
  const reading = input.lookup.resolve(input.question);
  const at = reading.words.findIndex((w, i) => (w === 'rate' || w === 'rates') && i > 0);
  // (the word before is read through the model, not a stop list: "return" is a stop word of commands)
  if (at <= 0) return null;
  const word = reading.words[at - 1];
  const byTable = new Map<string, ClarificationOption>();
  const add = (table: string, option: ClarificationOption) => {
    if (!byTable.has(table) && (input.allows?.(table) ?? true)) byTable.set(table, option);
  };
  for (const m of reading.cover) {
    if (m.end !== at) continue;
    const e = m.element;
    switch (e.kind) {
      case 'flagState':
        add(e.entity.table, {
          label: `Share of ${e.entity.plural} with ${e.flag.name} ${e.state.label}`,
          tables: [e.entity.table],
          column: `${e.entity.table}.${e.flag.column}`,
        });
        break;
      case 'measure':
        if (!e.measure.money)
          add(e.entity.table, {
            label: `${cap(e.measure.name)} in ${e.entity.plural}, as a share of its other counts`,
            tables: [e.entity.table],
            column: `${e.entity.table}.${e.measure.column}`,
          });
        break;
      case 'entity': {
        const parent = input.planner
          .neighbours(input.sourceId, e.entity.table)
          .find((n) =>
            input.planner
              .edgesWithin({ sourceId: input.sourceId, tables: [e.entity.table, n] })
              .some((x) => x.from === e.entity.table && x.to === n),
          );
        const of = parent ? input.lookup.entity(parent) : undefined;
        add(e.entity.table, {
          label: `${cap(e.entity.plural)} as a share of ${of ? of.plural : 'all rows'}`,
          tables: parent ? [e.entity.table, parent] : [e.entity.table],
        });
        break;
      }
      case 'flag':
      case 'metric':
      case 'timeDimension':
      case 'dimension':
      case 'value':
        break;
      default: {
        const never: never = e;
        throw new TypeError(`rateReadings: unknown element ${JSON.stringify(never)}`);
      }
    }
  }
  // a yes/no column of that root ("converted" for a conversion rate): the share of rows that are so
  const root = wordKey(word);
  let last: Flag | undefined;
  for (const { entity, flag, key } of flagsByRoot(input.lookup).get(rootBucket(root)) ?? []) {
    if (flag !== last && keysShareRoot(key, root)) {
      last = flag;
      add(entity.table, {
        label: `Share of ${entity.plural} that ${flag.name}`,
        tables: [entity.table],
        column: `${entity.table}.${flag.column}`,
      });
    }
  }
  if (byTable.size < 2) return null;
  // "email open rate": a content word before names the thing measured; it must be of these tables
  const before = reading.words[at - 2];
  if (before !== undefined && !isFunctionWord(before)) {
    const own = reading.cover.filter((m) => m.start <= at - 2 && m.end > at - 2);
    if (own.length === 0 || !own.some((m) => byTable.has(elementTableOf(m.element)))) return null;
  }
  const options = [...byTable.values()].slice(0, 3);
  return {
    reason: `"${word} rate" can be computed from ${[...byTable.keys()].join(' or ')}`,
    clarification: {
      question: `Which ${word} rate do you mean: ${options.map((o) => o.label.charAt(0).toLowerCase() + o.label.slice(1)).join(', or ')}?`,
      options,
    },
  };
}
