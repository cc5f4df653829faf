import { matchesFilter } from './filter';
import type { IndexEntry } from './indexEntry';
import type { VectorHit, VectorIndex, VectorSearchFilter } from './types';
import { checkDimension, dot, normalizeInPlace } from './vectorMath';

/**
 * Brute-force cosine search over all entries: exact, O(n) per query. The recall baseline for
 * {@link HnswIndex} and a simple index for tests.
 */
export class ExactIndex implements VectorIndex {
  readonly embedderId: string;
  readonly dimension: number;
  private readonly entries: readonly IndexEntry[];

  private constructor(embedderId: string, dimension: number, entries: IndexEntry[]) {
    this.embedderId = embedderId;
    this.dimension = dimension;
    this.entries = entries;
  }

  /** Builds the index; vectors are copied and normalised. */
  static build(options: {
    embedderId: string;
    dimension: number;
    entries: readonly IndexEntry[];
  }): ExactIndex {
    const entries = options.entries.map((entry) => {
      checkDimension('ExactIndex.build', `entry ${entry.key}`, entry.vector, options.dimension);
      return { ...entry, vector: normalizeInPlace(Float32Array.from(entry.vector)) };
    });
    return new ExactIndex(options.embedderId, options.dimension, entries);
  }

  get size(): number {
    return this.entries.length;
  }

  search(vector: Float32Array, k: number, filter?: VectorSearchFilter): VectorHit[] {
    checkDimension('ExactIndex.search', 'query', vector, this.dimension);
    const query = normalizeInPlace(Float32Array.from(vector));
    return this.entries
      .filter((entry) => matchesFilter(entry.meta, filter))
      .map((entry) => ({ key: entry.key, meta: entry.meta, similarity: dot(query, entry.vector) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, Math.max(0, k));
  }
}
