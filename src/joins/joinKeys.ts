import { type CatalogColumn, type CatalogTable, qualifiedName } from '../catalog';
import { aggressiveStem, expandWords, LINKING_STOP_WORDS, splitIdentifier } from '../text';
import { edgeId, type JoinEdge } from './types';

/** The foreign keys the catalog declares between the given tables (references outside them are dropped). */
export function declaredEdges(tables: readonly CatalogTable[]): JoinEdge[] {
  const present = new Set(tables.map((t) => qualifiedName(t)));
  const edges: JoinEdge[] = [];
  for (const t of tables) {
    for (const fk of t.foreignKeys) {
      const to = `${fk.referencedSchema}.${fk.referencedTable}`;
      if (!present.has(to)) continue;
      edges.push({ from: qualifiedName(t), fromColumns: fk.columns, to, toColumns: fk.referencedColumns });
    }
  }
  return edges;
}

/** Comparison keys of an identifier's words: split, abbreviations expanded, linking words dropped, stemmed. */
function nameKeys(identifier: string): string[] {
  return expandWords(splitIdentifier(identifier), { form: 'matching' })
    .filter((w) => !LINKING_STOP_WORDS.has(w))
    .map(aggressiveStem);
}

const NUMERIC = /int|numeric|decimal|real|double|float|serial|money/i;

/**
 * Join edges the catalog does not declare, from naming conventions (many databases declare no foreign keys,
 * or the data breaks them). The one rule, used by retrieval and SQL generation alike:
 *
 * - within one schema, a column of table A refers to table B's single-column primary key `k` when
 * - both are numbers or both are not, and
 * - the column is named `k` (`has_allergy.stuid` -> `student.stuid`), or its words are `k`'s words
 *   (`stu_num` / `student_number`), or they end with B's name followed by `k`'s own words
 *   (`orders.customer_id` -> `customers.id`, `trip.end_station_id` -> `station.id`);
 * - except when A's own single-column key has the same name as `k` (two tables that each have their own
 *   `id`), and when a declared key already links A and B.
 */
export function inferredEdges(tables: readonly CatalogTable[], declared: readonly JoinEdge[]): JoinEdge[] {
  const linked = new Set(declared.flatMap((e) => [`${e.from}|${e.to}`, `${e.to}|${e.from}`]));
  // per column, computed once: its comparison keys, lower-case name and number family
  const facts = new Map<CatalogColumn, { keys: string; lower: string; numeric: boolean }>();
  const factsOf = (c: CatalogColumn) => {
    let f = facts.get(c);
    if (f === undefined) {
      f = {
        keys: nameKeys(c.name).join(' '),
        lower: c.name.toLowerCase(),
        numeric: NUMERIC.test(c.dataType),
      };
      facts.set(c, f);
    }
    return f;
  };
  // the rule pairs tables of one schema only: look at those, not at every table (linear in schemas)
  const bySchema = new Map<string, CatalogTable[]>();
  for (const t of tables) {
    const list = bySchema.get(t.schema);
    if (list === undefined) bySchema.set(t.schema, [t]);
    else list.push(t);
  }
  const edges: JoinEdge[] = [];
  for (const b of tables) {
    if (b.primaryKey.length !== 1) continue;
    const keyName = b.primaryKey[0];
    const key = b.columns.find((c) => c.name === keyName);
    if (!key) continue;
    const tableKeys = nameKeys(b.name);
    const keyFacts = factsOf(key);
    const keyKeys = keyFacts.keys;
    const keyLower = keyName.toLowerCase();
    const keyOwn = keyKeys
      .split(' ')
      .filter((w) => w !== '' && !tableKeys.includes(w))
      .join(' ');
    const qualified = keyOwn === '' ? '' : `${tableKeys.join(' ')} ${keyOwn}`;
    const bName = qualifiedName(b);
    for (const a of bySchema.get(b.schema) ?? []) {
      if (a === b) continue;
      const aName = qualifiedName(a);
      if (linked.has(`${aName}|${bName}`)) continue;
      const ownKey = a.primaryKey.length === 1 ? a.primaryKey[0].toLowerCase() : undefined;
      for (const c of a.columns) {
        const f = factsOf(c);
        if (f.numeric !== keyFacts.numeric) continue;
        if (f.lower === ownKey && ownKey === keyLower) continue;
        const words = f.keys;
        const named =
          f.lower === keyLower ||
          (keyKeys !== '' && words === keyKeys) ||
          (qualified !== '' && (words === qualified || words.endsWith(` ${qualified}`)));
        if (named) edges.push({ from: aName, fromColumns: [c.name], to: bName, toColumns: [keyName] });
      }
    }
  }
  return edges;
}

/** Declared and inferred join edges between the given tables, without duplicates. */
export function joinEdges(tables: readonly CatalogTable[], given: readonly JoinEdge[] = []): JoinEdge[] {
  const declared = [...given, ...declaredEdges(tables)];
  const seen = new Set<string>();
  const out: JoinEdge[] = [];
  for (const edge of [...declared, ...inferredEdges(tables, declared)]) {
    const id = edgeId(edge);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(edge);
  }
  return out;
}
