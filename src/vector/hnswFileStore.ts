import { IndexError } from '../errors';
import { HnswIndex, type HnswParams } from './hnswIndex';
import type { IndexEntry } from './indexEntry';
import type {
  OpenedTableVectors,
  PublishedTableVectors,
  PublishOptions,
  TableVectorChanges,
  TableVectorStore,
} from './tableVectorStore';

/** Options of {@link HnswFileStore}. */
export interface HnswFileStoreOptions {
  /** Folder of the versioned index (`v<NNNNNN>/` folders and `CURRENT`). */
  indexDir: string;
  /** Embedder whose vectors the store holds; a version built by another one is refused. */
  embedderId: string;
  dimension: number;
  hnsw: HnswParams;
}

/**
 * The file implementation of {@link TableVectorStore}: each version is a folder with the HNSW graph, the
 * table vectors and the column vectors as Float32 arrays, and a manifest (keys, metadata, fingerprints,
 * column names), published atomically (`versionedStore.ts`). Answering processes open it without the
 * column vectors; a reindex opens it with them to reuse the vectors of unchanged tables.
 */
export class HnswFileStore implements TableVectorStore {
  constructor(private readonly options: HnswFileStoreOptions) {}

  async currentVersion(): Promise<number | null> {
    return HnswIndex.currentVersion(this.options.indexDir);
  }

  /**
   * @throws IndexError `INDEX_CORRUPT` or `INDEX_EMBEDDER_MISMATCH` when the current version cannot be used
   */
  async open(
    options: { columns?: boolean | 'located'; lazyVectors?: boolean } = {},
  ): Promise<OpenedTableVectors | null> {
    let index: HnswIndex;
    try {
      index = await HnswIndex.load(this.options.indexDir, {
        ef: this.options.hnsw.ef,
        expectEmbedderId: this.options.embedderId,
        expectDimension: this.options.dimension,
        columns: options.columns ?? false,
        vectors: options.lazyVectors === true ? 'file' : 'memory',
      });
    } catch (error) {
      if (error instanceof IndexError && error.code === 'INDEX_MISSING') return null;
      throw error;
    }
    return { version: index.version, index, entries: index.entries(), folder: index.stored?.path };
  }

  async publish(
    entries: readonly IndexEntry[],
    options: PublishOptions = {},
  ): Promise<PublishedTableVectors> {
    const index = HnswIndex.build({
      embedderId: this.options.embedderId,
      dimension: this.options.dimension,
      entries,
      m: this.options.hnsw.m,
      efConstruction: this.options.hnsw.efConstruction,
      ef: this.options.hnsw.ef,
      adoptVectors: options.adoptVectors,
    });
    const saved = await index.save(this.options.indexDir, options.attach);
    return { version: saved.version, path: saved.path, bytes: saved.bytes };
  }

  /** In place: see {@link HnswIndex.update} (deleted labels, appended vectors, compaction past a quarter). */
  async update(changes: TableVectorChanges, options: PublishOptions = {}): Promise<PublishedTableVectors> {
    const updated = await HnswIndex.update(this.options.indexDir, {
      embedderId: this.options.embedderId,
      dimension: this.options.dimension,
      baseVersion: changes.baseVersion,
      remove: changes.remove,
      add: changes.add,
      attach: options.attach,
    });
    const saved = updated.stored;
    return { version: saved.version, path: saved.path, bytes: saved.bytes, compacted: updated.compacted };
  }
}
