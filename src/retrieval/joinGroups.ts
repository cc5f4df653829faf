import { wordKey } from '../semantic';
import { hasTime } from './readingWords';
import type { AlternativesInput } from './readingAlternatives';

/**
 * Tables that answer together, for the rule of ReadingAlternatives that asks when one word names elements of
 * tables that do not join: groups by foreign keys, each table's neighbours given by the caller (asked once
 * per question however many words and groups read them).
 */

/**
 * Tables grouped by foreign keys (tables one key apart answer together), in the order of their first
 * tables; see {@link headFirst} for the order within a group.
 */
export function joinGroups(
  tables: readonly string[],
  neighbours: (table: string) => readonly string[],
): string[][] {
  const groups: string[][] = [];
  // the group of each table placed so far: a table joins the first group made that holds a neighbour
  const groupOf = new Map<string, number>();
  for (const t of tables) {
    let joined = -1;
    for (const n of neighbours(t)) {
      const g = groupOf.get(n);
      if (g !== undefined && (joined < 0 || g < joined)) joined = g;
    }
    if (joined < 0) {
      joined = groups.length;
      groups.push([]);
    }
    groups[joined].push(t);
    if (!groupOf.has(t)) groupOf.set(t, joined);
  }
  return groups;
}

/**
 * True when the rule "a group whose own table the question names is the reading" skips these tables
 * whatever their grouping: some group holds a named table and another holds none, both dated when the
 * question names a period. Sufficient, not necessary (false leaves it to the groups): a table no other of
 * them neighbours is a group of its own, and a group reaches at least its tables' neighbours. The groups
 * of an average (one per table) hold the same tables, so the answer is the same for them.
 */
export function namedAmongOthers(
  input: Pick<AlternativesInput, 'hasPeriod' | 'lookup'>,
  tables: readonly string[],
  namedTables: ReadonlySet<string>,
  neighbours: (table: string) => readonly string[],
): boolean {
  const dated = (t: string) =>
    !input.hasPeriod ||
    hasTime(input.lookup.entity(t)) ||
    neighbours(t).some((n) => hasTime(input.lookup.entity(n)));
  if (!tables.some((t) => namedTables.has(t) && dated(t))) return false;
  const members = new Set(tables);
  return tables.some((t) => !namedTables.has(t) && !neighbours(t).some((n) => members.has(n)) && dated(t));
}

/**
 * Sorts a group so that it starts with its most connected table (the header a line table references);
 * ties keep their order. Only the groups a clarification names are sorted (a common word makes thousands).
 */
export function headFirst(group: string[], neighbours: (table: string) => readonly string[]): void {
  if (group.length < 2) return;
  const members = new Set(group);
  const degree = new Map(group.map((t) => [t, neighbours(t).filter((n) => members.has(n)).length]));
  group.sort((a, b) => (degree.get(b) as number) - (degree.get(a) as number));
}

/** A group's tables and their foreign-key neighbours. */
export function groupReach(
  group: readonly string[],
  neighbours: (table: string) => readonly string[],
): string[] {
  return [...new Set(group.flatMap((t) => [t, ...neighbours(t)]))];
}

/** A phrase of the question's cover: its span (`start:end`) and its words' keys. */
export interface CoverWords {
  span: string;
  keys: string[];
}

/**
 * How many other words of the question point to each group: the words of cover phrases (other than `span`)
 * on the group's tables and their neighbours (on its own tables for an average), and the words retrieval
 * matched on its tables, counted among `others`. Read from the phrases' tables towards the groups, so a
 * group no such table reaches costs nothing (a common word makes thousands of groups).
 */
export function groupEvidence(
  groups: readonly (readonly string[])[],
  options: {
    averaged: boolean;
    neighbours: (table: string) => readonly string[];
    /** The cover's phrases by table. */
    cover: ReadonlyMap<string, readonly CoverWords[]>;
    span: string;
    /** Keys of the question's other content words. */
    others: ReadonlySet<string>;
    tableWords?: (table: string) => ReadonlySet<string>;
  },
): number[] {
  const { averaged, neighbours, cover, span, others, tableWords } = options;
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => {
    for (const t of g) if (!groupOf.has(t)) groupOf.set(t, i);
  });
  const found = new Map<number, Set<string>>();
  const add = (group: number | undefined, key: string) => {
    if (group === undefined) return;
    const keys = found.get(group);
    if (keys === undefined) found.set(group, new Set([key]));
    else keys.add(key);
  };
  for (const [table, phrases] of cover) {
    const keys: string[] = [];
    for (const p of phrases) if (p.span !== span) for (const k of p.keys) if (others.has(k)) keys.push(k);
    if (keys.length === 0) continue;
    // the groups that reach this table: its own, and (foreign keys join both ways) its neighbours'
    const reached = new Set<number>();
    const own = groupOf.get(table);
    if (own !== undefined) reached.add(own);
    if (!averaged) {
      for (const n of neighbours(table)) {
        const g = groupOf.get(n);
        if (g !== undefined) reached.add(g);
      }
    }
    for (const g of reached) for (const k of keys) add(g, k);
  }
  if (tableWords !== undefined) {
    for (const [table, g] of groupOf) {
      for (const w of tableWords(table)) {
        const k = wordKey(w);
        if (others.has(k)) add(g, k);
      }
    }
  }
  return groups.map((_, i) => found.get(i)?.size ?? 0);
}
