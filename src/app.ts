import type { Knex } from 'knex';
import { CatalogIntrospector } from './catalog/catalogIntrospector';
import { Reindexer } from './catalog/reindexer';
import type { Config } from './config';
import type { CatalogStore } from './store/catalogStore';
import { KnexCatalogStore } from './store/knexCatalogStore';
import { createMetadataKnex, migrateLatest } from './store/metadataStore';
import { ReindexLock } from './store/reindexLock';
import { SourceRegistry } from './sources/sourceRegistry';
import { createEmbedder } from './embeddings/createEmbedder';
import type { Embedder } from './embeddings/embedder';
import { errorMessage } from './errors';
import type { Logger } from './logging';
import { TablebotPipeline } from './pipeline/tablebotPipeline';
import { DecisionPolicy } from './retrieval/decisionPolicy';
import { RetrievalStateManager } from './retrieval/retrievalStateManager';
import { BuiltinSqlGenerator } from './sql/builtin/builtinSqlGenerator';
import { Seq2SeqSqlGenerator } from './sql/seq2seqSqlGenerator';
import { KnexSemanticModelStore } from './semantic/semanticModelStore';
import { SemanticModelRegistry } from './semantic/semanticModelRegistry';
import { SemanticModelService } from './semantic/semanticModelService';
import { SqlExecutor } from './sql/sqlExecutor';
import { SqlGuard } from './sql/sqlGuard';
import type { SqlGenerator } from './sql/types';

/** Options for {@link openTablebot}. */
export interface OpenTablebotOptions {
  config: Config;
  logger: Logger;
  /** Seed and index the demo warehouse when it is the default source and not indexed yet. @default false */
  indexDemoIfMissing?: boolean;
  /** Watch the index folder for versions written by another process. @default false */
  watchIndex?: boolean;
}

/** The answering core, opened once per process and shared by every front end. */
export interface Tablebot {
  config: Config;
  pipeline: TablebotPipeline;
  reindexer: Reindexer;
  sources: SourceRegistry;
  store: CatalogStore;
  knex: Knex;
  embedder: Embedder;
  /** The semantic model of each source (src/semantic), swapped in with each new index. */
  semanticModels: SemanticModelRegistry;
  /** Ids of the sources a question goes to by default. */
  defaultSourceIds: string[];
  /** Index and metadata-store readiness, for `/readyz`. */
  readiness(): Promise<{ ready: boolean; checks: Record<string, string> }>;
  close(): Promise<void>;
}

/**
 * Composition root of the answering core: metadata store → embedder → index → SQL generators,
 * guard and executor → pipeline and reindexer. `src/index.ts` (the bot) and the CLIs call it.
 */
export async function openTablebot(options: OpenTablebotOptions): Promise<Tablebot> {
  const { config, logger } = options;
  const knex = await createMetadataKnex({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    await migrateLatest(knex);
  } catch (error) {
    await knex.destroy();
    throw error;
  }
  const store = new KnexCatalogStore({ knex });
  const { embedder, reason } = await createEmbedder({
    provider: config.embedder,
    model: config.embeddingModel,
    modelsDir: config.modelsDir,
    allowRemoteModels: config.allowRemoteModels,
    logger,
  });
  logger.info({ embedder: embedder.id }, `embedder: ${reason}`);

  const sources = new SourceRegistry({ dataDir: config.dataDir, logger });
  const defaultSourceIds = [sources.register(config.defaultSource)];
  for (const spec of config.sources) sources.register(spec);

  // the semantic model of each source (loaded below, once the index is): what generators read questions with
  const semanticService = await SemanticModelService.create({
    store: new KnexSemanticModelStore({ knex }),
    modelsDir: config.semanticModelsDir,
  });
  const semanticModels = new SemanticModelRegistry({
    store: new KnexSemanticModelStore({ knex }),
    logger,
    indexVersion: () => manager.current()?.version ?? null,
  });
  const generators: SqlGenerator[] = [];
  if (config.sqlGenerator !== 'builtin') {
    const available =
      config.allowRemoteModels ||
      Seq2SeqSqlGenerator.modelFilesPresent({ model: config.sqlModel, modelsDir: config.modelsDir });
    if (available) {
      try {
        generators.push(
          await Seq2SeqSqlGenerator.create({
            model: config.sqlModel,
            modelsDir: config.modelsDir,
            allowRemoteModels: config.allowRemoteModels,
          }),
        );
        logger.info(
          { model: config.sqlModel },
          'SQL generator: seq2seq model loaded, with the built-in generator as fallback',
        );
      } catch (error) {
        logger.warn(
          { err: errorMessage(error) },
          'SQL generator: seq2seq model failed to load; using the built-in generator',
        );
      }
    } else {
      logger.info(
        `SQL generator: built-in (no model files for ${config.sqlModel} under ${config.modelsDir})`,
      );
    }
  }
  generators.push(await BuiltinSqlGenerator.create({ embedder }));

  const manager = new RetrievalStateManager({
    store,
    embedder,
    indexDir: config.indexDir,
    ef: config.hnsw.ef,
    topK: config.retrieval.topK,
    logger,
  });
  await manager.reload();
  if (options.watchIndex) manager.watch();
  const currentVersion = manager.current()?.version;
  if (currentVersion !== undefined) await semanticService.backfill(store, currentVersion);
  await semanticModels.reload();
  if (options.watchIndex) semanticModels.watch();

  const pipeline = new TablebotPipeline({
    state: () => manager.current(),
    policy: new DecisionPolicy({
      thresholds: {
        decline: config.retrieval.declineThreshold,
        clarifyMargin: config.retrieval.clarifyMargin,
      },
    }),
    generators,
    guard: await SqlGuard.create(),
    executor: await SqlExecutor.create(),
    sources,
    limits: {
      statementTimeoutMs: config.execution.statementTimeoutMs,
      maxRows: config.execution.maxRows,
      maxBytes: config.execution.maxResultBytes,
      role: config.execution.readOnlyRole,
    },
    defaultSourceIds,
    logger,
    semanticLookup: (sourceId) => semanticModels.lookup(sourceId),
  });
  const reindexer = new Reindexer({
    sources,
    store,
    introspector: new CatalogIntrospector(),
    embedder,
    indexDir: config.indexDir,
    hnsw: config.hnsw,
    logger,
    lock: new ReindexLock({ knex }),
    semanticModel: (catalog, version) => semanticService.refresh(catalog, version),
    onIndexed: async () => {
      await manager.reload();
      await semanticModels.reload();
    },
  });

  if (
    options.indexDemoIfMissing &&
    config.defaultSource === 'demo' &&
    !manager.current()?.hasSource('demo')
  ) {
    logger.info('first run: seeding and indexing the demo warehouse');
    const summary = await reindexer.reindex({ source: 'demo' });
    logger.info(summary, 'demo warehouse indexed');
  }

  return {
    config,
    pipeline,
    reindexer,
    sources,
    store,
    knex,
    embedder,
    semanticModels,
    defaultSourceIds,
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
      manager.close();
      semanticModels.close();
      await sources.closeAll();
      await knex.destroy();
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
