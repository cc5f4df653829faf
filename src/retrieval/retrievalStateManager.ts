import type { CatalogStore } from '../store';
import type { Embedder } from '../embeddings';
import { errorMessage, IndexError } from '../errors';
import type { Logger } from '../logging';
import { PollingReloader } from '../polling';
import type { OpenedTableVectors, TableVectorStore } from '../vector';
import { HybridRetriever, type ScoreWeights } from './hybridRetriever';
import { loadCorpusSnapshot } from './corpusSnapshot';
import { indexedInputs, RetrievalCorpus } from './retrievalCorpus';
import { RetrievalState } from './retrievalState';

/** Options for {@link RetrievalStateManager}. */
export interface RetrievalStateManagerOptions {
  store: CatalogStore;
  embedder: Embedder;
  /** Where the index lives (for messages). */
  indexDir: string;
  topK: number;
  weights?: ScoreWeights;
  logger: Logger;
  /** How often to look for an index written by another process (the admin script), ms; 0 disables. @default 5000 */
  watchIntervalMs?: number;
  /** Where the published vectors are read from (the same store the reindexer publishes to). */
  vectors: TableVectorStore;
  /** Progress of each load (the server's `/readyz` shows it while starting). */
  onProgress?: (progress: RetrievalLoadProgress) => void;
  /**
   * Tables whose catalog and lexical entries stay in memory after a question used them; the others are read
   * from the published snapshot when used. @default {@link CACHED_TABLES}
   */
  cachedTables?: number;
}

/**
 * Default of {@link RetrievalStateManagerOptions.cachedTables}: the catalog entries (~2 KiB each at ten
 * columns a table) of many questions' candidates and the schemas and foreign-key neighbourhoods scored with
 * them (~40 new tables a question at 5,000 tables), whatever the size of the catalog.
 */
export const CACHED_TABLES = 4096;

/** Where a load of the retrieval state is. */
export interface RetrievalLoadProgress {
  /** `index`: reading the vector files; `catalog`: the tables; `corpus`: name vectors, BM25, join graphs. */
  phase: 'index' | 'catalog' | 'corpus';
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
  private folder: string | undefined;
  private readonly reloader: PollingReloader;
  /** Why the last load found no usable index, for readiness checks. */
  public problem: string | null = null;

  private readonly vectors: TableVectorStore;

  constructor(private readonly options: RetrievalStateManagerOptions) {
    this.vectors = options.vectors;
    this.reloader = new PollingReloader({
      load: () => this.load(),
      changed: async () => {
        const version = await this.vectors.currentVersion();
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

  /** The version folder the current state was loaded from (files published with it are read there). */
  currentFolder(): string | undefined {
    return this.state === null ? undefined : this.folder;
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
    let opened: OpenedTableVectors | null;
    progress({ phase: 'index' });
    try {
      // the table vectors stay in the published file (read a few per question): the graph holds its own copy
      opened = await this.vectors.open({ lazyVectors: true });
    } catch (error) {
      this.problem = errorMessage(error);
      logger.error({ err: this.problem }, 'could not load the index');
      return;
    }
    if (opened === null) {
      this.problem = new IndexError(
        'INDEX_MISSING',
        `RetrievalStateManager.reload: no index in ${this.options.indexDir}; run \`npm run reindex\` to build one`,
      ).message;
      logger.info('no index yet');
      return;
    }
    const { index } = opened;
    const entries = new Map(opened.entries.map((e) => [e.key, e]));
    const tableVector = (id: string) => entries.get(id)?.vector;
    const hasTableVector = (id: string) => entries.has(id);
    // what the reindex derived and published with the vectors; recomputed only when it cannot be used
    const snapshot =
      opened.folder === undefined
        ? { corpus: null, reason: 'the vector store publishes no retrieval snapshot' }
        : await loadCorpusSnapshot(opened.folder, {
            embedder,
            tableVector,
            hasTableVector,
            cachedTables: this.options.cachedTables ?? CACHED_TABLES,
          });
    let corpus: RetrievalCorpus;
    if (snapshot.corpus !== null) {
      corpus = snapshot.corpus;
      progress({ phase: 'corpus', tablesLoaded: corpus.size, tablesTotal: corpus.size });
    } else {
      logger.info(
        { reason: snapshot.reason },
        'retrieval snapshot not used: recomputing name vectors, BM25 postings and join graphs',
      );
      progress({ phase: 'catalog', tablesTotal: opened.entries.length });
      const tables = await store.loadAllTables();
      corpus = await RetrievalCorpus.build(indexedInputs(tables, tableVector), {
        embedder,
        onProgress: (done) => progress({ phase: 'corpus', tablesLoaded: done, tablesTotal: tables.length }),
      });
    }
    const retriever = new HybridRetriever({
      embedder,
      index,
      corpus,
      topK: this.options.topK,
      weights: this.options.weights,
    });
    this.state = new RetrievalState(retriever, opened.version);
    this.folder = opened.folder;
    this.problem = null;
    logger.info(
      { version: opened.version, tables: corpus.size, snapshot: snapshot.corpus !== null },
      'index loaded',
    );
  }
}
