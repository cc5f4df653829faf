import type { CatalogStore } from '../store/catalogStore';
import type { Embedder } from '../embeddings/embedder';
import { errorMessage, IndexError } from '../errors';
import type { Logger } from '../logging';
import { PollingReloader } from '../polling';
import { tableVectorsFingerprint } from '../embeddings/table2vec';
import { HnswIndex } from '../vector/hnswIndex';
import { HybridRetriever, type ScoreWeights } from './hybridRetriever';
import { RetrievalCorpus } from './retrievalCorpus';
import { RetrievalState } from './retrievalState';

/** Options for {@link RetrievalStateManager}. */
export interface RetrievalStateManagerOptions {
  store: CatalogStore;
  embedder: Embedder;
  indexDir: string;
  ef: number;
  topK: number;
  weights?: ScoreWeights;
  logger: Logger;
  /** How often to look for an index written by another process (the admin script), ms; 0 disables. @default 5000 */
  watchIntervalMs?: number;
  /** Progress of each load (the server's `/readyz` shows it while starting). */
  onProgress?: (progress: RetrievalLoadProgress) => void;
}

/** Where a load of the retrieval state is. */
export interface RetrievalLoadProgress {
  /** `index`: reading the vector index; `catalog`: the tables; `vectors`: their vectors; `corpus`: names and BM25. */
  phase: 'index' | 'catalog' | 'vectors' | 'corpus';
  /** Tables done in this phase. */
  tablesLoaded?: number;
  /** Tables in the catalog, once known. */
  tablesTotal?: number;
}

/**
 * Holds the current {@link RetrievalState} and swaps in a new one when the index changes — after
 * a reindex in this process, or when another process (the admin script) wrote a new version.
 */
export class RetrievalStateManager {
  private state: RetrievalState | null = null;
  private readonly reloader: PollingReloader;
  /** Why the last load found no usable index, for readiness checks. */
  public problem: string | null = null;

  constructor(private readonly options: RetrievalStateManagerOptions) {
    this.reloader = new PollingReloader({
      load: () => this.load(),
      changed: async () => {
        const version = await HnswIndex.currentVersion(options.indexDir);
        return version !== null && version !== (this.state?.version ?? null);
      },
      everyMs: options.watchIntervalMs,
      logger: options.logger,
      what: 'index',
    });
  }

  /** The current snapshot, or null while nothing is indexed. */
  current(): RetrievalState | null {
    return this.state;
  }

  /** Loads the newest index and catalog; keeps the old snapshot if loading fails. */
  reload(): Promise<void> {
    return this.reloader.reload();
  }

  /** Starts looking for new index versions written by other processes. */
  watch(): void {
    this.reloader.watch();
  }

  /** Stops watching. */
  close(): void {
    this.reloader.close();
  }

  private async load(): Promise<void> {
    const { store, embedder, logger } = this.options;
    const progress = this.options.onProgress ?? (() => undefined);
    let index: HnswIndex;
    progress({ phase: 'index' });
    try {
      index = await HnswIndex.load(this.options.indexDir, {
        ef: this.options.ef,
        expectEmbedderId: embedder.id,
      });
    } catch (error) {
      this.problem = errorMessage(error);
      if (error instanceof IndexError && error.code === 'INDEX_MISSING') {
        logger.info('no index yet');
        return;
      }
      logger.error({ err: this.problem }, 'could not load the index');
      return;
    }
    progress({ phase: 'catalog', tablesTotal: index.size });
    const tables = await store.loadAllTables();
    progress({ phase: 'vectors', tablesLoaded: 0, tablesTotal: tables.length });
    const vectors = await store.getCachedVectors(
      embedder.id,
      tables.map((t) => tableVectorsFingerprint(t, embedder.id)),
    );
    const corpus = await RetrievalCorpus.build(
      tables.flatMap((table) => {
        const v = vectors.get(tableVectorsFingerprint(table, embedder.id));
        return v ? [{ table, vector: v.table, columnVectors: v.columns }] : [];
      }),
      {
        embedder,
        onProgress: (done) => progress({ phase: 'corpus', tablesLoaded: done, tablesTotal: tables.length }),
      },
    );
    const retriever = new HybridRetriever({
      embedder,
      index,
      corpus,
      topK: this.options.topK,
      weights: this.options.weights,
    });
    this.state = new RetrievalState(retriever, index.version);
    this.problem = null;
    logger.info({ version: index.version, tables: corpus.size }, 'index loaded');
  }
}
