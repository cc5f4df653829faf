/**
 * The public shapes of a reindex (src/indexing/reindexer.ts): its options, one request, the progress it
 * reports and the summary it returns.
 */
import type { CatalogStore } from '../store';
import type { SourceRegistry } from '../sources';
import type { Embedder } from '../embeddings';
import type { Logger } from '../logging';
import type { PreparedSemanticModel, PreviousSemanticModel, SemanticModelSummary } from '../semantic';
import type { TableVectorStore } from '../vector';
import type { CatalogIntrospector, SourceCatalog } from '../catalog';

/** What a reindex did. */
export interface ReindexSummary {
  sourceId: string;
  schemas: string[];
  tables: number;
  columns: number;
  /** Tables whose vectors were reused because their fingerprint did not change. */
  reused: number;
  /** Tables embedded afresh. */
  embedded: number;
  /**
   * Tables of this source profiled (sampled) afresh; the others were unchanged since the previous reindex
   * by their catalog change fingerprint and kept their profile.
   */
  profiled: number;
  /** Tables of this source dropped from the index since the previous reindex. */
  removed: number;
  /**
   * How the index was published: `updated` in place from the previous version (only changed tables
   * written), `compacted` from it (deleted entries dropped), or `rebuilt` from every table.
   */
  publish: 'updated' | 'compacted' | 'rebuilt';
  embedder: string;
  seconds: number;
  indexVersion: number;
  indexBytes: number;
  /** Tables in the whole index, all sources. */
  indexTables: number;
  /** The semantic model stored with this index version, and the lines of the admin's file it could not apply. */
  semanticModel?: SemanticModelSummary;
}

/** Progress reported while reindexing. */
export interface ReindexProgress {
  phase: 'connect' | 'seed' | 'introspect' | 'embed' | 'index' | 'save';
  done: number;
  total: number;
  message: string;
}

/** Options for {@link Reindexer}. */
export interface ReindexerOptions {
  sources: SourceRegistry;
  store: CatalogStore;
  introspector: CatalogIntrospector;
  embedder: Embedder;
  indexDir: string;
  hnsw: { m: number; efConstruction: number; ef: number };
  logger: Logger;
  /**
   * Derives and merges the source's semantic model before the new index version is published (src/semantic):
   * the models it returns are published in the version folder, and stored once the version is known.
   */
  semanticModel?: (catalog: SourceCatalog, since?: PreviousSemanticModel) => Promise<PreparedSemanticModel>;
  /** Called after a new index is in place, so a running pipeline can swap it in. */
  onIndexed?: (summary: ReindexSummary) => Promise<void> | void;
  /**
   * Serialises reindex-and-publish per metadata store (`ReindexLock`: an advisory lock on Postgres, the
   * folder lock plus an in-process queue on PGlite). Without one, reindexes of this instance still queue.
   */
  lock?: { run<T>(work: () => Promise<T>): Promise<T> };
  /** Where the vectors are published. @default an {@link HnswFileStore} on `indexDir` with `hnsw` */
  vectors?: TableVectorStore;
}

/** One reindex request. */
export interface ReindexRequest {
  /** `demo`, `pglite:<dir>` or a Postgres URL. */
  source: string;
  /** Schemas to index; all non-system schemas when empty. */
  schemas?: string[];
  /**
   * Profile every table and rebuild the index from all of them, instead of profiling only the tables whose
   * catalog change fingerprint changed and updating the published index in place. @default false
   */
  full?: boolean;
  onProgress?: (p: ReindexProgress) => void;
}
