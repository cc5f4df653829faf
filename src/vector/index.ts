/**
 * The vector index: the asynchronous `TableVectorStore` seam, its HNSW file implementation (versioned folders,
 * in-place updates), the exact index and vector maths.
 */
export { ExactIndex } from './exactIndex';
export { HnswFileStore } from './hnswFileStore';
export { HnswIndex } from './hnswIndex';
export type { IndexEntry, StoredColumns } from './indexEntry';
export type {
  OpenedTableVectors,
  PublishOptions,
  PublishedTableVectors,
  TableVectorStore,
} from './tableVectorStore';
export type { VectorIndex } from './types';
export { VectorSpill } from './vectorFiles';
export { dot, normalizeInPlace } from './vectorMath';
export { readCurrentVersion, reserveScratch, SnapshotStaging } from './versionedStore';
