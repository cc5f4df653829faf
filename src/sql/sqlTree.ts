/**
 * Helpers to walk libpg-query parse trees generically. A node is `{ TypeName: { ...fields } }`; some fields
 * hold a struct without the wrapper (e.g. `SelectStmt.larg`, `DeleteStmt.relation`), so walkers look at
 * every object, not only wrapped nodes.
 */

/** Any object in a parse tree. */
export type PgRecord = Record<string, unknown>;

/** Whether a parse-tree value is a plain object. */
export function isRecord(value: unknown): value is PgRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether an object key names a node type (`SelectStmt`, `A_Const`) rather than a field (`fromClause`). */
export function isNodeTypeKey(key: string): boolean {
  return /^[A-Z]/.test(key);
}

/** The fields of a wrapped node of the given type (`{ RangeVar: {...} }` -> `{...}`), or undefined. */
export function unwrap(value: unknown, type: string): PgRecord | undefined {
  if (!isRecord(value)) return undefined;
  const inner = value[type];
  return isRecord(inner) ? inner : undefined;
}

/** The string values of a list of `String` nodes (function names, column reference fields). */
export function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const item of value) {
    const s = unwrap(item, 'String');
    if (s && typeof s.sval === 'string') out.push(s.sval);
  }
  return out;
}

/** A numeric field, or `fallback` when absent (protobuf JSON omits zeros and defaults). */
export function numberField(record: PgRecord, key: string, fallback = 0): number {
  const value = record[key];
  return typeof value === 'number' ? value : fallback;
}

/** A string field, or undefined. */
export function stringField(record: PgRecord, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Calls `visit(type, fields)` for every wrapped node below `value`, depth first, parents before children, and
 * `visit('RangeVar', fields)` also for unwrapped relation structs (objects with a string `relname`).
 */
export function visitNodes(value: unknown, visit: (type: string, fields: PgRecord) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) visitNodes(item, visit);
    return;
  }
  if (!isRecord(value)) return;
  if (typeof value.relname === 'string') visit('RangeVar', value);
  for (const [key, child] of Object.entries(value)) {
    if (isNodeTypeKey(key) && isRecord(child)) {
      if (key !== 'RangeVar') visit(key, child);
      visitNodes(child, visit);
    } else {
      visitNodes(child, visit);
    }
  }
}
