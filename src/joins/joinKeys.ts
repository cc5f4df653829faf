import { qualifiedName, type CatalogColumn, type CatalogTable } from '../catalog/types';
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

function sameFamily(a: CatalogColumn, b: CatalogColumn): boolean {
  return NUMERIC.test(a.dataType) === NUMERIC.test(b.dataType);
}

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
  const keysOf = new Map<CatalogColumn, string>();
  const columnKeys = (c: CatalogColumn): string => {
    let k = keysOf.get(c);
    if (k === undefined) keysOf.set(c, (k = nameKeys(c.name).join(' ')));
    return k;
  };
  const edges: JoinEdge[] = [];
  for (const b of tables) {
    if (b.primaryKey.length !== 1) continue;
    const keyName = b.primaryKey[0];
    const key = b.columns.find((c) => c.name === keyName);
    if (!key) continue;
    const tableKeys = nameKeys(b.name);
    const keyKeys = columnKeys(key);
    const keyOwn = keyKeys
      .split(' ')
      .filter((w) => w !== '' && !tableKeys.includes(w))
      .join(' ');
    const qualified = keyOwn === '' ? '' : `${tableKeys.join(' ')} ${keyOwn}`;
    const bName = qualifiedName(b);
    for (const a of tables) {
      if (a === b || a.schema !== b.schema) continue;
      const aName = qualifiedName(a);
      if (linked.has(`${aName}|${bName}`)) continue;
      const ownKey = a.primaryKey.length === 1 ? a.primaryKey[0].toLowerCase() : undefined;
      for (const c of a.columns) {
        if (!sameFamily(c, key)) continue;
        if (c.name.toLowerCase() === ownKey && ownKey === keyName.toLowerCase()) continue;
        const words = columnKeys(c);
        const named =
          c.name.toLowerCase() === keyName.toLowerCase() ||
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
 * the same source's `previousTables`: declared edges are read again from the keys (a cheap pass), inferred
 * ones are derived again only for the `touched` schemas (those with a table added, changed or removed) and
 * carried over for the others, since an inferred edge joins two tables of one schema and depends only on
 * that schema's tables and the declared keys between them (which belong to its tables too).
 */
export function updatedJoinEdges(o: {
  tables: readonly CatalogTable[];
  previousTables: readonly CatalogTable[];
  previous: readonly JoinEdge[];
  touched: ReadonlySet<string>;
}): JoinEdge[] {
  const declared = declaredEdges(o.tables);
  const declaredBefore = new Set(declaredEdges(o.previousTables).map(edgeId));
  const schemaOf = new Map(o.previousTables.map((t) => [qualifiedName(t), t.schema]));
  const inferredBefore = new Map<string, JoinEdge[]>();
  for (const edge of o.previous) {
    const schema = schemaOf.get(edge.from);
    if (schema === undefined || o.touched.has(schema) || declaredBefore.has(edgeId(edge))) continue;
    const list = inferredBefore.get(schema);
    if (list) list.push(edge);
    else inferredBefore.set(schema, [edge]);
  }
  const bySchema = new Map<string, CatalogTable[]>();
  for (const t of o.tables) {
    const list = bySchema.get(t.schema);
    if (list) list.push(t);
    else bySchema.set(t.schema, [t]);
  }
  const inferred = [...bySchema].flatMap(([schema, list]) =>
    o.touched.has(schema) ? inferredEdges(list, declared) : (inferredBefore.get(schema) ?? []),
  );
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
