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
