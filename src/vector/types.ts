/** What an index entry points at. */
export interface VectorEntryMeta {
  /** `schema.table` of the table. */
  table: string;
  sourceId: string;
  /** Tenants allowed to see the entry; empty means everyone. */
  tenants: string[];
}

/** One search hit: the table and its cosine similarity to the query (-1..1, higher is closer). */
export interface VectorHit {
  key: string;
  meta: VectorEntryMeta;
  similarity: number;
}

/** Restricts a search before it ranks anything. */
export interface VectorSearchFilter {
  sourceIds?: readonly string[];
  tenant?: string;
  /** Only entries whose table this returns true for (the asking user's visible tables). */
  allow?: (sourceId: string, table: string) => boolean;
}

/** A cosine nearest-neighbour index over table vectors. */
export interface VectorIndex {
  /** The embedder that built the index (`Embedder.id`). */
  readonly embedderId: string;
  readonly dimension: number;
  /** Number of entries. */
  readonly size: number;
  /**
   * The `k` nearest entries that pass `filter`, closest first. In-process indexes answer at once; a
   * database-backed one (pgvector) returns a promise, so callers await it.
   */
  search(vector: Float32Array, k: number, filter?: VectorSearchFilter): VectorHit[] | Promise<VectorHit[]>;
}
