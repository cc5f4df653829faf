import type { VectorEntryMeta } from './types';

/** One table in a vector index, with what an incremental reindex and schema linking need. */
export interface IndexEntry {
  /** Unique key, `schema.table` qualified by source when several sources are indexed. */
  key: string;
  meta: VectorEntryMeta;
  /** The table vector (normalised when stored). */
  vector: Float32Array;
  /** Reuse fingerprint of the vectors (see `TableVectors.fingerprint`); unchanged means no re-embedding. */
  fingerprint?: string;
  /** Column name -> column vector, for SQL schema linking. */
  columns?: Record<string, Float32Array>;
}
