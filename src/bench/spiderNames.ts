/**
 * How Spider names (db_id, table and column names, any case, spaces, punctuation) become Postgres
 * identifiers. The loader and the gold-table extraction both use it, so `<schema>.<table>` keys agree.
 */

/**
 * Lower-cases a Spider identifier and turns every character outside `[a-z0-9_]` into `_`.
 * `Department_Store_Chain` -> `department_store_chain`, `Track Name` -> `track_name`, `db-1` -> `db_1`.
 * An empty name becomes `_`.
 */
export function normaliseSpiderName(name: string): string {
  const normalised = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  return normalised === '' ? '_' : normalised;
}

/** The Postgres schema that holds one Spider database: the normalised db_id. */
export function spiderSchemaName(dbId: string): string {
  return normaliseSpiderName(dbId);
}

/** `<schema>.<table>` for a Spider table, as tablebot keys tables (ask JSON `candidates[].table`). */
export function spiderQualifiedName(dbId: string, table: string): string {
  return `${spiderSchemaName(dbId)}.${normaliseSpiderName(table)}`;
}

/**
 * Normalises a list of names and makes the results unique within the list by appending `_2`, `_3`, ...
 * to later duplicates (`Name` and `name ` would otherwise both become `name`).
 */
export function uniqueNormalisedNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = normaliseSpiderName(name);
    let candidate = base;
    for (let n = 2; used.has(candidate); n += 1) candidate = `${base}_${n}`;
    used.add(candidate);
    return candidate;
  });
}

/** Always-quoted Postgres identifier (the loader's own DDL never depends on a reserved-word list). */
export function quoteAlways(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
