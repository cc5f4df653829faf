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
 *
 * With `only` (`schema.table` names), only the edges from or to those tables are derived. `keysOf` caches
 * the comparison keys of column names (shared by calls over several schemas).
 */
export function inferredEdges(
  tables: readonly CatalogTable[],
  declared: readonly JoinEdge[],
  only?: ReadonlySet<string>,
  keysOf: Map<string, string> = new Map(),
): JoinEdge[] {
  const linked = new Set(declared.flatMap((e) => [`${e.from}|${e.to}`, `${e.to}|${e.from}`]));
  // per column, computed once: its comparison keys (cached by name: a column name recurs across a catalog's
  // tables, `id`, `created_at`), lower-case name and number family
  const facts = new Map<CatalogColumn, { keys: string; lower: string; numeric: boolean }>();
  const factsOf = (c: CatalogColumn) => {
    let f = facts.get(c);
    if (f === undefined) {
      let keys = keysOf.get(c.name);
      if (keys === undefined) keysOf.set(c.name, (keys = nameKeys(c.name).join(' ')));
      f = { keys, lower: c.name.toLowerCase(), numeric: NUMERIC.test(c.dataType) };
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
    const anyA = only === undefined || only.has(bName);
    for (const a of bySchema.get(b.schema) ?? []) {
      if (a === b) continue;
      const aName = qualifiedName(a);
      if (!anyA && !only.has(aName)) continue;
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

/**
 * The join edges {@link joinEdges} gives for `tables` (one source, in corpus order), computed from the edges of
 * the same source's `previousTables` in time proportional to the change: declared edges are read again
 * from the keys (a cheap pass); an inferred edge joins two tables of one schema and depends only on those
 * two tables and the declared keys between them (which belong to them), so the previous inferred edges
 * between unchanged tables are kept and only the edges from or to a `changed` table are derived again,
 * against the tables of its schema, then put in the order a full derivation gives.
 */
export function updatedJoinEdges(o: {
  tables: readonly CatalogTable[];
  previousTables: readonly CatalogTable[];
  previous: readonly JoinEdge[];
  /** `schema.table` of the tables added or changed. */
  changed: ReadonlySet<string>;
  /** `schema.table` of the tables removed. */
  removed: ReadonlySet<string>;
}): JoinEdge[] {
  const declared = declaredEdges(o.tables);
  const declaredBefore = new Set(declaredEdges(o.previousTables).map(edgeId));
  const stale = (name: string) => o.changed.has(name) || o.removed.has(name);
  const bySchema = new Map<string, CatalogTable[]>();
  for (const t of o.tables) {
    const list = bySchema.get(t.schema);
    if (list) list.push(t);
    else bySchema.set(t.schema, [t]);
  }
  const schemaOf = new Map(o.previousTables.map((t) => [qualifiedName(t), t.schema]));
  const keptBySchema = new Map<string, JoinEdge[]>();
  for (const edge of o.previous) {
    const schema = schemaOf.get(edge.from);
    if (schema === undefined || declaredBefore.has(edgeId(edge)) || stale(edge.from) || stale(edge.to))
      continue;
    const list = keptBySchema.get(schema);
    if (list) list.push(edge);
    else keptBySchema.set(schema, [edge]);
  }
  // the declared edges from each schema's tables: an inferred edge pairs two tables of one schema, so only
  // those can link them (each schema's derivation then costs its own size, not the catalog's)
  const schemaNow = new Map(o.tables.map((t) => [qualifiedName(t), t.schema]));
  const declaredBySchema = new Map<string, JoinEdge[]>();
  for (const edge of declared) {
    const schema = schemaNow.get(edge.from);
    if (schema === undefined) continue;
    const list = declaredBySchema.get(schema);
    if (list) list.push(edge);
    else declaredBySchema.set(schema, [edge]);
  }
  const keysOf = new Map<string, string>();
  const inferred = [...bySchema].flatMap(([schema, list]) => {
    const kept = keptBySchema.get(schema) ?? [];
    const mine = list.filter((t) => o.changed.has(qualifiedName(t)));
    // a removed table's edges are gone from `kept`; no other pair depends on it
    if (mine.length === 0) return kept;
    const fresh = inferredEdges(
      list,
      declaredBySchema.get(schema) ?? [],
      new Set(mine.map((t) => qualifiedName(t))),
      keysOf,
    );
    return inFullOrder(list, [...kept, ...fresh]);
  });
  const seen = new Set<string>();
  const out: JoinEdge[] = [];
  for (const edge of [...declared, ...inferred]) {
    const id = edgeId(edge);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(edge);
  }
  return out;
}

/** Inferred edges of one schema's tables in the order {@link inferredEdges} gives: by referenced table, referring table, column. */
function inFullOrder(tables: readonly CatalogTable[], edges: JoinEdge[]): JoinEdge[] {
  const position = new Map(tables.map((t, i) => [qualifiedName(t), i]));
  const columnAt = new Map(
    tables.map((t) => [qualifiedName(t), new Map(t.columns.map((c, i) => [c.name, i]))]),
  );
  const key = (e: JoinEdge) => [
    position.get(e.to) ?? -1,
    position.get(e.from) ?? -1,
    columnAt.get(e.from)?.get(e.fromColumns[0]) ?? -1,
  ];
  return edges
    .map((e) => ({ e, k: key(e) }))
    .sort((x, y) => x.k[0] - y.k[0] || x.k[1] - y.k[1] || x.k[2] - y.k[2])
    .map((x) => x.e);
}
