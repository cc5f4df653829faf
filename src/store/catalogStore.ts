import type { CatalogTable, SourceCatalog } from '../catalog';

/** The embeddings of one table definition, cached by fingerprint so an unchanged table is not re-embedded. */
export interface CachedTableVectors {
  /** {@link CatalogTable.fingerprint} of the table the vectors were computed from. */
  fingerprint: string;
  /** The table vector. */
  table: Float32Array;
  /** One vector per column, keyed by column name. */
  columns: Record<string, Float32Array>;
}

/** One row of the source list. */
export interface SourceSummary {
  sourceId: string;
  /** Redacted connection label. */
  label: string;
  /** Schemas the last reindex covered. */
  schemas: string[];
  tableCount: number;
  indexedAt: Date;
}

/** What a built vector index is recorded with. */
export interface IndexVersionInput {
  /** Monotonic index version (the index file's version). */
  version: number;
  /** {@link Embedder.id} of the embedder that built the index. */
  embedderId: string;
  dimension: number;
  tableCount: number;
  /** Where the index file lives. */
  path: string;
}

/** A recorded index version. */
export interface IndexVersionRecord extends IndexVersionInput {
  createdAt: Date;
}

/** The difference between a stored catalog and a new one, for {@link CatalogStore.updateSource}. */
export interface SourceChanges {
  /** Tables whose stored row differs or is missing. */
  changed: readonly CatalogTable[];
  /** Tables stored that the new catalog no longer has. */
  removed: readonly { schema: string; name: string }[];
}

/**
 * The bot's catalog repository: introspected sources and their tables, the embedding cache for incremental
 * reindexing, and the history of built indexes. Implemented over knex ({@link KnexCatalogStore}) and in memory
 * ({@link InMemoryCatalogStore}).
 */
export interface CatalogStore {
  /**
   * Replaces everything stored for `catalog.sourceId` with exactly the given tables (one transaction);
   * other sources are untouched.
   */
  replaceSource(catalog: SourceCatalog): Promise<void>;
  /**
   * Brings what is stored for `catalog.sourceId` to exactly `catalog` by writing the difference only: the
   * `changed` tables' rows replaced (or added), the `removed` ones deleted, the source row updated (one
   * transaction). The caller vouches that every other table of `catalog` is stored as it is; an incremental
   * reindex then writes a few rows instead of the whole catalog.
   */
  updateSource(catalog: SourceCatalog, changes: SourceChanges): Promise<void>;
  /** The stored catalog of one source, tables ordered by schema and name; null when never indexed. */
  loadSource(sourceId: string): Promise<SourceCatalog | null>;
  /** Every indexed source, ordered by id. */
  listSources(): Promise<SourceSummary[]>;
  /** Tables of the given sources (all sources when omitted), ordered by source, schema and name. */
  loadAllTables(sourceIds?: string[]): Promise<CatalogTable[]>;
  /** Cached vectors of `embedderId` for those of `fingerprints` that have any. */
  getCachedVectors(embedderId: string, fingerprints: string[]): Promise<Map<string, CachedTableVectors>>;
  /** Stores (or overwrites) cached vectors of `embedderId`. */
  putCachedVectors(embedderId: string, entries: CachedTableVectors[]): Promise<void>;
  /** Records a newly built index. */
  recordIndexVersion(version: IndexVersionInput): Promise<void>;
  /** The most recently recorded index (highest version), or null when none was built. */
  latestIndexVersion(): Promise<IndexVersionRecord | null>;
}

/** Orders strings by code point, the same on every database collation. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order every {@link CatalogStore} returns tables in: source id, schema, name (by code point). */
export function compareTables(a: CatalogTable, b: CatalogTable): number {
  return (
    compareCodePoints(a.sourceId, b.sourceId) ||
    compareCodePoints(a.schema, b.schema) ||
    compareCodePoints(a.name, b.name)
  );
}
