import { createHash } from 'node:crypto';
import type { DataSource } from '../sources';
import { rowVersionsSql, type FingerprintRow, type RowVersionsRow } from './introspectQueries';
import { quoteTable, type CatalogTable } from './types';

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
const CHANGE_FORMAT = 'tablebot-change-v3';

/** What a change fingerprint covers. */
export interface ChangeInputs {
  /** The relation's `FINGERPRINTS_SQL` digest: definition, comments, statistics, storage, write counters. */
  catalogDigest: string;
  /**
   * What vouches for its rows when the write counters show no write: the digest of its row versions
   * ({@link readRowVersions}) or the counters' epoch; null when the counted writes (in the digest) do.
   */
  rows: string | null;
  /** The profile settings: other settings give other profiles. */
  settings: object;
}

/**
 * SHA-256 of what the catalog says about one relation without reading it: definition, comments, planner
 * statistics, storage file and write counters (one digest per relation from one catalog-wide query), plus
 * its row versions or the write counters' epoch where the counters show no write. Equal fingerprints between two reindexes mean the relation's
 * definition and data did not change, so its previous catalog entry and profile still hold (see
 * `CatalogIntrospector.introspect`'s `previous`).
 */
export function changeFingerprint(inputs: ChangeInputs): string {
  const canonical = JSON.stringify([CHANGE_FORMAT, inputs.catalogDigest, inputs.rows, inputs.settings]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Options of {@link readRowVersions}. */
export interface RowVersionsOptions {
  /** Relations larger on disk than this get no digest (their scan would cost a profile). */
  maxBytes: number;
  statementTimeoutMs: number;
  /** Called with a failed batch's error; throw to stop, return to go on without those digests. */
  onBatchFailed: (cause: unknown) => void;
}

/**
 * Digests of the row versions of the relations at most `maxBytes` on disk (the size under which the
 * introspector counts rows exactly anyway), a hundred relations per query. They catch a write that neither
 * the statistics nor the size show where write counters are not kept (an embedded PGlite source loses them
 * with the process that wrote). Relations of a failed batch (a table readable only column by column) get
 * none, so they are profiled.
 */
export async function readRowVersions(
  source: DataSource,
  relations: readonly Pick<FingerprintRow, 'oid' | 'schema' | 'name' | 'bytes'>[],
  options: RowVersionsOptions,
): Promise<Map<string, string>> {
  const small = relations.filter((rel) => rel.bytes !== null && rel.bytes <= options.maxBytes);
  const digests = new Map<string, string>();
  const batch = 100;
  for (let i = 0; i < small.length; i += batch) {
    const sql = rowVersionsSql(
      small.slice(i, i + batch).map((rel) => ({ oid: rel.oid, quoted: quoteTable(rel) })),
    );
    try {
      const rows = await source.readOnly(async (q) => (await q.query<RowVersionsRow>(sql)).rows, {
        statementTimeoutMs: options.statementTimeoutMs,
      });
      for (const row of rows) digests.set(row.oid, row.digest);
    } catch (cause) {
      options.onBatchFailed(cause);
    }
  }
  return digests;
}
