import { createHash } from 'node:crypto';
import type { CatalogTable } from './types';

/**
 * Rounds to two significant digits, so planner noise (a few rows inserted, a re-analyze) does not change
 * a fingerprint while an order-of-magnitude change does.
 */
function coarse(value: number | null): number | null {
  return value === null ? null : Number(value.toPrecision(2));
}

/**
 * SHA-256 of a table's definition and profile in a fixed order: schema, name, kind, comment, row estimate,
 * primary key, foreign keys (by name) and columns (by position) with their profiles. Numbers are rounded to
 * two significant digits; the source id is left out, so the same table in two sources shares embeddings.
 */
export function tableFingerprint(table: Omit<CatalogTable, 'fingerprint' | 'sourceId'>): string {
  const foreignKeys = [...table.foreignKeys]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((fk) => [fk.name, fk.columns, fk.referencedSchema, fk.referencedTable, fk.referencedColumns]);
  const columns = [...table.columns]
    .sort((a, b) => a.position - b.position)
    .map((c) => [
      c.name,
      c.position,
      c.dataType,
      c.nullable,
      c.comment,
      c.profile
        ? [
            coarse(c.profile.distinctEstimate),
            c.profile.nullFraction === null ? null : Math.round(c.profile.nullFraction * 100) / 100,
            c.profile.topValues,
            c.profile.min,
            c.profile.max,
          ]
        : null,
    ]);
  const canonical = JSON.stringify([
    'tablebot-table-v1',
    table.schema,
    table.name,
    table.kind,
    table.comment,
    coarse(table.rowEstimate),
    table.primaryKey,
    foreignKeys,
    columns,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Bump when the profile a change fingerprint stands for is computed differently. */
const CHANGE_FORMAT = 'tablebot-change-v1';

/** The catalog rows of one relation that a change fingerprint covers. */
export interface ChangeInputs {
  /** Kind, comment, planner counts, bytes on disk... of the relation (pg_class). */
  relation: object;
  /** Its readable columns (pg_attribute), in order. */
  columns: readonly object[];
  primaryKey: readonly string[];
  foreignKeys: readonly object[];
  /** Its planner statistics (pg_stats), in any order. */
  stats: readonly object[];
  /** Storage file and write counters, when the source reports them. */
  change: object | undefined;
  /** The profile settings: other settings give other profiles. */
  settings: object;
}

/**
 * SHA-256 of what the catalog says about one relation without reading it: definition, comments, planner
 * statistics, storage file and write counters. Equal fingerprints between two reindexes mean the relation's
 * definition and data did not change, so its previous profile still holds (see
 * `CatalogIntrospector.introspect`'s `previous`).
 */
export function changeFingerprint(inputs: ChangeInputs): string {
  const stats = inputs.stats.map((s) => JSON.stringify(s)).sort();
  const canonical = JSON.stringify([
    CHANGE_FORMAT,
    inputs.relation,
    inputs.columns,
    inputs.primaryKey,
    inputs.foreignKeys,
    stats,
    inputs.change ?? null,
    inputs.settings,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
