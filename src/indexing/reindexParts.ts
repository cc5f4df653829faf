import { isDeepStrictEqual } from 'node:util';
import { type CatalogTable, qualifiedName, type SourceCatalog } from '../catalog';
import { TablebotError } from '../errors';
import { tableId } from '../retrieval';
import type { CachedTableVectors, SourceChanges } from '../store';
import type { IndexEntry, StoredColumns } from '../vector';

/*
 * The catalog-side helpers of a reindex (src/indexing/reindexer.ts): what changed, what the summary keeps of
 * the catalog, the box a full rebuild lets the catalog go from, and a table's index entry.
 */

/**
 * What the store must write to go from `previous` to `catalog`: tables new or different, tables gone.
 * A table the introspector carried over (same change fingerprint, so a copy of the previous entry) with
 * the same definition-and-profile fingerprint and source is equal without a deep comparison; the others
 * (changed, or never fingerprinted: views, foreign tables) are compared as values.
 */
export function differenceOf(previous: SourceCatalog, catalog: SourceCatalog): SourceChanges {
  const before = new Map(previous.tables.map((t) => [qualifiedName(t), t]));
  const present = new Set(catalog.tables.map(qualifiedName));
  const same = (t: CatalogTable, b: CatalogTable | undefined) =>
    b !== undefined &&
    ((t.changeFingerprint !== undefined &&
      t.changeFingerprint === b.changeFingerprint &&
      t.fingerprint === b.fingerprint &&
      t.sourceId === b.sourceId) ||
      // compared as values: a jsonb column gives the stored document's keys back in its own order
      isDeepStrictEqual(b, t));
  return {
    changed: catalog.tables.filter((t) => !same(t, before.get(qualifiedName(t)))),
    removed: previous.tables.filter((t) => !present.has(qualifiedName(t))),
  };
}

/** Tables of the previous catalog that the new one no longer has. */
export function removedSince(previous: SourceCatalog | null, catalog: SourceCatalog): number {
  const present = new Set(catalog.tables.map(qualifiedName));
  return (previous?.tables ?? []).filter((t) => !present.has(qualifiedName(t))).length;
}

/** A table's vectors for reuse: its column vectors in memory or where they are in a file. */
export type ReusableVectors =
  CachedTableVectors | { fingerprint: string; table: Float32Array; columnsAt: StoredColumns };

export function entry(t: CatalogTable, v: ReusableVectors): IndexEntry {
  const key = qualifiedName(t);
  return {
    key: tableId(t.sourceId, key),
    meta: { table: key, sourceId: t.sourceId, tenants: [] },
    vector: v.table,
    fingerprint: v.fingerprint,
    ...('columnsAt' in v ? { columnsAt: v.columnsAt } : { columns: v.columns }),
  };
}

/** What the summary of a reindex says about the catalog, kept when the catalog itself is let go of. */
export interface CatalogSummary {
  sourceId: string;
  schemas: string[];
  tables: number;
  columns: number;
  profiled: number;
}

export function summarise(catalog: SourceCatalog): CatalogSummary {
  return {
    sourceId: catalog.sourceId,
    schemas: catalog.schemas,
    tables: catalog.tables.length,
    columns: catalog.tables.reduce((s, t) => s + t.columns.length, 0),
    profiled: catalog.profiled ?? catalog.tables.length,
  };
}

/**
 * The introspected catalog of one reindex, in a box that a full rebuild empties once the catalog's
 * documents and the semantic model are written: the catalog (tens of KB per table with its profiles) is
 * then not held while the HNSW graph is built. Whatever reads it after that is a bug, reported as such.
 */
export class HeldCatalog {
  constructor(private catalog: SourceCatalog | null) {}

  /** @throws TablebotError INTERNAL when the catalog was already let go of */
  get(): SourceCatalog {
    if (this.catalog === null)
      throw new TablebotError('INTERNAL', 'Reindexer: the catalog was read after it was let go of');
    return this.catalog;
  }

  release(): void {
    this.catalog = null;
  }
}
