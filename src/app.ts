import type { Knex } from 'knex';
import { AccessPolicyStore } from './access';
import { assembleAnswering, createGenerators } from './answeringCore';
import { CatalogIntrospector } from './catalog';
import { Reindexer, type ReindexProgress } from './indexing';
import { DEMO_SOURCE_ID, type Config } from './config';
import { AuditRetention, type CatalogStore, KnexAuditLog, ReindexLock } from './store';
import { KnexCatalogStore } from './store/knexCatalogStore';
import { openMetadataStore } from './store/metadataStore';
import { ANSWERING_SHARED_BUFFERS, SourceRegistry } from './sources';
import { createEmbedder, type Embedder } from './embeddings';
import { errorMessage } from './errors';
import type { Logger } from './logging';
import type { StoredQueryRunner, TablebotPipeline } from './pipeline';
import { RetrievalStateManager } from './retrieval';
import {
  KnexSemanticModelStore,
  PublishedOrStoredSemanticModels,
  SemanticModelRegistry,
  SemanticModelService,
} from './semantic';
import { HnswFileStore, type TableVectorStore } from './vector';

/** Options for {@link openTablebot}. */
export interface OpenTablebotOptions {
  config: Config;
  logger: Logger;
  /** Seed and index the demo warehouse when it is the default source and not indexed yet. @default false */
  indexDemoIfMissing?: boolean;
  /** Watch the index folder for versions written by another process. @default false */
  watchIndex?: boolean;
  /** Progress of the first run's seeding and indexing (see `indexDemoIfMissing`). */
  onFirstRunProgress?: (p: ReindexProgress) => void;
  /** Where opening is (phase, tables loaded), for a server that listens while it opens. */
  onStartupProgress?: (p: { phase: string; tablesLoaded?: number; tablesTotal?: number }) => void;
}

/** The answering core, opened once per process and shared by every front end: reindexing and the pipeline. */
export interface Tablebot extends Indexing {
  config: Config;
  pipeline: TablebotPipeline;
  /** Runs an answer's stored SQL again (next page, CSV download) through the same guard and executor rules. */
  storedQueries: StoredQueryRunner;
  /** The semantic model of each source (src/semantic), swapped in with each new index. */
  semanticModels: SemanticModelRegistry;
  /** Every question asked, who asked it and what came of it (pruned after `AUDIT_RETENTION_DAYS`). */
  audit: KnexAuditLog;
  /** Index and metadata-store readiness, for `/readyz`. */
  readiness(): Promise<{ ready: boolean; checks: Record<string, string> }>;
}

/**
 * Composition root of the answering core: reindexing ({@link openIndexing}) → index → SQL generators,
 * guard and executor → pipeline. `src/index.ts` (the bot) and the CLIs call it.
 */
export async function openTablebot(options: OpenTablebotOptions): Promise<Tablebot> {
  const { config, logger } = options;
  const startup = options.onStartupProgress ?? (() => undefined);
  startup({ phase: 'metadata store and embedder' });
  // The reindexer reloads the answering core's index, model and access file once that core exists.
  const reload: { current?: () => Promise<void> } = {};
  const indexing = await openIndexing({
    config,
    logger,
    onIndexed: async () => reload.current?.(),
    warmDefaultSource: true,
    // this process answers: a few small queries per question, the embedded databases' buffers can be small
    embeddedSharedBuffers: ANSWERING_SHARED_BUFFERS,
  });
  const { knex, store, embedder, sources, reindexer, access, semanticService, defaultSourceIds } = indexing;
  const audit = new KnexAuditLog({ knex });
  const retention = new AuditRetention({ audit, retentionDays: config.audit.retentionDays, logger });
  retention.start();

  const semanticModels = new SemanticModelRegistry({
    // each model from the loaded version's semantic.json when the store holds the same build: the store's
    // (large) rows are not read, and their copy does not stay in the embedded store's memory
    store: new PublishedOrStoredSemanticModels({
      store: new KnexSemanticModelStore({ knex }),
      published: () => {
        const folder = manager.currentFolder();
        const version = manager.current()?.version;
        return folder === undefined || version === undefined ? undefined : { folder, version };
      },
      logger,
    }),
    logger,
    indexVersion: () => manager.current()?.version ?? null,
  });
  const generators = await createGenerators({
    config,
    logger,
    embedder,
    onPhase: (phase) => startup({ phase }),
  });

  const manager = new RetrievalStateManager({
    store,
    embedder,
    indexDir: config.indexDir,
    vectors: indexing.vectors,
    topK: config.retrieval.topK,
    logger,
    onProgress: (p) => startup(p),
  });
  reload.current = async () => {
    await manager.reload();
    await semanticModels.reload();
    try {
      access.reload();
    } catch (error) {
      logger.error({ err: errorMessage(error) }, 'access file is invalid; keeping the previous one');
    }
  };
  await manager.reload();
  if (options.watchIndex) manager.watch();
  const currentVersion = manager.current()?.version;
  startup({ phase: 'semantic models' });
  if (currentVersion !== undefined) await semanticService.backfill(store, currentVersion);
  await semanticModels.reload();
  if (options.watchIndex) semanticModels.watch();

  const { pipeline, storedQueries } = await assembleAnswering({
    config,
    logger,
    sources,
    defaultSourceIds,
    state: () => manager.current(),
    access: () => access.current(),
    audit,
    semanticLookup: (sourceId) => semanticModels.lookup(sourceId),
    generators,
  });
  if (
    options.indexDemoIfMissing &&
    config.defaultSource === DEMO_SOURCE_ID &&
    !manager.current()?.hasSource(DEMO_SOURCE_ID)
  ) {
    logger.info('first run: seeding and indexing the demo warehouse');
    const summary = await reindexer.reindex({
      source: DEMO_SOURCE_ID,
      onProgress: options.onFirstRunProgress,
    });
    logger.info(summary, 'demo warehouse indexed');
  }

  return {
    ...indexing,
    config,
    pipeline,
    storedQueries,
    semanticModels,
    audit,
    async readiness() {
      const checks: Record<string, string> = {};
      try {
        await knex.raw('select 1');
        checks.metadataStore = 'ok';
      } catch (error) {
        checks.metadataStore = errorMessage(error);
      }
      for (const id of defaultSourceIds) {
        checks[`source ${id}`] = await probeSource(() => sources.get(id), 3000);
      }
      const state = manager.current();
      checks.index = state
        ? `ok (version ${state.version}, ${state.corpus.size} tables)`
        : (manager.problem ?? 'not indexed');
      const sourcesOk = defaultSourceIds.every((id) => checks[`source ${id}`] === 'ok');
      return { ready: checks.metadataStore === 'ok' && state !== null && sourcesOk, checks };
    },
    async close() {
      await retention.stop();
      manager.close();
      semanticModels.close();
      await indexing.close();
    },
  };
}
/** `ok` when the source answers `select 1` within `timeoutMs`, else why not (for `/readyz`). */
async function probeSource(open: () => Promise<{ query(sql: string): Promise<unknown> }>, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  const probe = (async () => {
    try {
      await (await open()).query('select 1');
      return 'ok';
    } catch (error) {
      return errorMessage(error);
    }
  })();
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Options for {@link openIndexing}. */
export interface OpenIndexingOptions {
  config: Config;
  logger: Logger;
  /** Called after each successful reindex (the answering core reloads its index). */
  onIndexed?: () => Promise<void>;
  /**
   * Start opening the default source at once, in parallel with the metadata store and the index (an
   * embedded source starts a PGlite worker, ~1 s): for processes that answer questions.
   */
  warmDefaultSource?: boolean;
  /**
   * `shared_buffers` of the embedded PGlite databases it opens, the metadata store and the sources (see
   * `PgliteSourceOptions.sharedBuffers`). @default PGlite's own (128MB)
   */
  embeddedSharedBuffers?: string;
}

/** What reindexing needs, and nothing of the answering core (no SQL model, guard, executor or pipeline). */
export interface Indexing {
  reindexer: Reindexer;
  sources: SourceRegistry;
  store: CatalogStore;
  knex: Knex;
  embedder: Embedder;
  /** The access file in force (everyone sees everything without one); validated when opened. */
  access: AccessPolicyStore;
  /** Derives and stores each source's semantic model with every index version. */
  semanticService: SemanticModelService;
  /** The published index files (table and column vectors) the reindexer writes and the answering core reads. */
  vectors: TableVectorStore;
  /** Ids of the sources a question goes to by default. */
  defaultSourceIds: string[];
  close(): Promise<void>;
}

/**
 * Composition root of reindexing: metadata store → embedder → sources → reindexer. `npm run reindex` opens
 * only this; {@link openTablebot} builds the answering core on top of it.
 */
export async function openIndexing(options: OpenIndexingOptions): Promise<Indexing> {
  const { config, logger } = options;
  // Validated first: an invalid access file stops start-up (and a reindex) before anything is opened.
  const access = new AccessPolicyStore({ file: config.accessFile, logger });
  const { sources, defaultSourceIds } = SourceRegistry.forConfig(config, logger, {
    pgliteSharedBuffers: options.embeddedSharedBuffers,
  });
  if (options.warmDefaultSource) for (const id of defaultSourceIds) sources.warm(id);

  // The metadata store (an embedded PGlite compiles and boots its wasm asynchronously), the embedder (WordNet
  // is read synchronously) and the model-expression parser open at the same time, not one after another.
  const opening = openMetadataStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger,
    auditSpoolDir: config.audit.spoolDir,
    sharedBuffers: options.embeddedSharedBuffers,
  });
  let knex: Knex;
  let created: Awaited<ReturnType<typeof createEmbedder>>;
  let semanticService: SemanticModelService;
  try {
    [knex, created, semanticService] = await Promise.all([
      opening,
      createEmbedder({
        provider: config.embedder,
        model: config.embeddingModel,
        modelsDir: config.modelsDir,
        allowRemoteModels: config.allowRemoteModels,
        logger,
      }),
      opening.then((opened) =>
        SemanticModelService.create({
          store: new KnexSemanticModelStore({ knex: opened }),
          modelsDir: config.semanticModelsDir,
        }),
      ),
    ]);
  } catch (error) {
    await opening.then(
      (opened) => opened.destroy(),
      () => undefined,
    );
    await sources.closeAll();
    throw error;
  }
  try {
    return await assembleIndexing({
      options,
      access,
      sources,
      knex,
      defaultSourceIds,
      created,
      semanticService,
    });
  } catch (error) {
    // Whatever fails (the embedder or semantic model above, or assembling here), the warmed source and the
    // metadata store are closed: a long-lived caller of openIndexing is left with nothing open.
    await knex.destroy();
    await sources.closeAll();
    throw error;
  }
}

/** What {@link openIndexing} has opened before it assembles the rest. */
interface OpenedForIndexing {
  options: OpenIndexingOptions;
  access: AccessPolicyStore;
  sources: SourceRegistry;
  knex: Knex;
  defaultSourceIds: string[];
  created: Awaited<ReturnType<typeof createEmbedder>>;
  semanticService: SemanticModelService;
}

/** The index files and reindexer over an opened metadata store, embedder and semantic model service. */
async function assembleIndexing(opened: OpenedForIndexing): Promise<Indexing> {
  const { options, access, sources, knex, defaultSourceIds, created, semanticService } = opened;
  const { config, logger } = options;
  const store = new KnexCatalogStore({ knex });
  const { embedder, reason } = created;
  logger.info({ embedder: embedder.id }, `embedder: ${reason}`);

  // One view of the published index files, shared by the reindexer (writes) and the answering core (reads).
  const vectors = new HnswFileStore({
    indexDir: config.indexDir,
    embedderId: embedder.id,
    dimension: embedder.dimension,
    hnsw: config.hnsw,
  });
  const reindexer = new Reindexer({
    sources,
    store,
    introspector: new CatalogIntrospector({ logger }),
    embedder,
    indexDir: config.indexDir,
    hnsw: config.hnsw,
    vectors,
    logger,
    semanticModel: (catalog, since) => semanticService.prepare(catalog, since),
    onIndexed: options.onIndexed,
    lock: new ReindexLock({ knex }),
  });
  return {
    reindexer,
    sources,
    store,
    knex,
    embedder,
    access,
    semanticService,
    vectors,
    defaultSourceIds,
    async close() {
      await sources.closeAll();
      await knex.destroy();
    },
  };
}
