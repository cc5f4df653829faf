import { AccessPolicyStore } from './access';
import { assembleAnswering, createGenerators } from './answeringCore';
import type { Config } from './config';
import { createEmbedder } from './embeddings';
import type { Logger } from './logging';
import type { TablebotPipeline } from './pipeline';
import { RetrievalStateManager } from './retrieval';
import { PublishedSemanticModels, SemanticModelRegistry } from './semantic';
import { ANSWERING_SHARED_BUFFERS, SourceRegistry } from './sources';
import { AuditSpool, DeferredCatalogStore } from './store';
import type * as KnexCatalog from './store/knexCatalogStore';
import type * as MetadataStore from './store/metadataStore';
import { HnswFileStore } from './vector';

/** Options of {@link openOneShotAnswering}. */
export interface OneShotOptions {
  config: Config;
  logger: Logger;
  /** A source asked instead of the default ones (`--source`). */
  source?: string;
  /**
   * The configured sources, when the caller registered them already ({@link SourceRegistry.forConfig}) and
   * started the ones asked (so an embedded source's PGlite boots while this core's modules load).
   */
  started?: { sources: SourceRegistry; defaultSourceIds: string[] };
}

/** What a one-shot process answers with (a subset of the bot's `Tablebot`). */
export interface OneShotAnswering {
  pipeline: TablebotPipeline;
  sources: SourceRegistry;
  defaultSourceIds: string[];
  close(): Promise<void>;
}

/** The embedded metadata store, opened (and migrated, spool taken in) only when first asked for. */
function deferredMetadataStore(config: Config, logger: Logger) {
  let knex: ReturnType<typeof MetadataStore.openMetadataStore> | undefined;
  return {
    get: () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- knex and PGlite load only when used
      const store = require('./store/metadataStore') as typeof MetadataStore;
      knex ??= store.openMetadataStore({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        logger,
        auditSpoolDir: config.audit.spoolDir,
        sharedBuffers: ANSWERING_SHARED_BUFFERS,
      });
      return knex;
    },
    close: async () => {
      if (knex !== undefined) await (await knex.catch(() => null))?.destroy();
    },
  };
}

/**
 * Composition root of a one-shot answer (`tablebot ask` on the embedded metadata store): everything it needs
 * comes from the published index version — the vectors, the retrieval snapshot and the semantic models
 * (`semantic.json`) — so the metadata store (an embedded PGlite: wasm start and migrations) is not opened;
 * the audit entry goes to the audit spool, which the next process that opens the store takes in. The
 * pipeline is the bot's ({@link assembleAnswering}), so a question is answered as the bot answers it.
 *
 * Returns null when the published version cannot stand in for the store — no index yet (the first run seeds
 * and indexes), a source asked for is not in it, no published semantic models (a version indexed before
 * they were published), or a metadata store on a Postgres server (opened quickly, used as it is) — and
 * the caller opens the full core (`openTablebot`) instead.
 */
export async function openOneShotAnswering(options: OneShotOptions): Promise<OneShotAnswering | null> {
  const { config, logger } = options;
  if (config.databaseUrl) return null;
  const access = new AccessPolicyStore({ file: config.accessFile, logger });
  const { sources, defaultSourceIds } =
    options.started ??
    SourceRegistry.forConfig(config, logger, { pgliteSharedBuffers: ANSWERING_SHARED_BUFFERS });
  const asked = options.source === undefined ? defaultSourceIds : [sources.register(options.source)];
  // the embedded source starts its PGlite worker while the index loads (a no-op when started already)
  for (const id of asked) sources.warm(id);
  const metadata = deferredMetadataStore(config, logger);
  const close = async () => {
    await sources.closeAll();
    await metadata.close();
  };
  try {
    const { embedder } = await createEmbedder({
      provider: config.embedder,
      model: config.embeddingModel,
      modelsDir: config.modelsDir,
      allowRemoteModels: config.allowRemoteModels,
      logger,
    });
    const manager = new RetrievalStateManager({
      // read only when the version's retrieval snapshot cannot be used
      store: new DeferredCatalogStore(async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when used
        const { KnexCatalogStore } = require('./store/knexCatalogStore') as typeof KnexCatalog;
        return new KnexCatalogStore({ knex: await metadata.get() });
      }),
      embedder,
      indexDir: config.indexDir,
      vectors: new HnswFileStore({
        indexDir: config.indexDir,
        embedderId: embedder.id,
        dimension: embedder.dimension,
        hnsw: config.hnsw,
      }),
      topK: config.retrieval.topK,
      logger,
    });
    await manager.reload();
    const state = manager.current();
    const folder = manager.currentFolder();
    if (state === null || folder === undefined || !asked.every((id) => state.hasSource(id))) {
      await close();
      return null;
    }
    const published = PublishedSemanticModels.open(folder, state.version);
    if (!(published instanceof PublishedSemanticModels)) {
      logger.info({ reason: published.reason }, 'semantic models not published with the index');
      await close();
      return null;
    }
    const modelled = new Set((await published.loadAll()).map((m) => m.model.sourceId));
    if (!state.sourceIds().every((id) => modelled.has(id))) {
      // a source without a published model has one in the store (built when the bot opened it)
      await close();
      return null;
    }
    const semanticModels = new SemanticModelRegistry({
      store: published,
      logger,
      indexVersion: () => state.version,
    });
    await semanticModels.reload();
    const audit = new AuditSpool({ dir: config.audit.spoolDir });
    const generators = await createGenerators({ config, logger, embedder });
    const { pipeline } = await assembleAnswering({
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
    return {
      pipeline,
      sources,
      defaultSourceIds,
      async close() {
        manager.close();
        semanticModels.close();
        await audit.close();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
