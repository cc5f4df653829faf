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
  /**
   * Where the column vectors are instead of {@link columns}, when they stay in a file (a published
   * version's, or one a reindex spills to): read when a version is written, never held whole.
   */
  columnsAt?: StoredColumns;
}

/** Column vectors kept in a float32 file (`vectorFiles.ts`): `names.length` vectors from vector `start`. */
export interface StoredColumns {
  file: string;
  start: number;
  names: readonly string[];
}

/** The column names of an entry, whether its vectors are in memory or in a file. */
export function columnNamesOf(entry: IndexEntry): readonly string[] {
  return entry.columns !== undefined ? Object.keys(entry.columns) : (entry.columnsAt?.names ?? []);
}
