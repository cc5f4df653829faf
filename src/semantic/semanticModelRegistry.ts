import { errorMessage } from '../errors';
import type { Logger } from '../logging';
import { PollingReloader } from '../polling';
import { SemanticLookup } from './semanticLookup';
import type { SemanticModelStore, StoredSemanticModel } from './semanticModelStore';
import type { OverrideProblem, SemanticModel } from './types';

/** Options of {@link SemanticModelRegistry}. */
export interface SemanticModelRegistryOptions {
  /** Where the models are read: the metadata store, or the models published with an index version. */
  store: Pick<SemanticModelStore, 'loadAll' | 'revision'>;
  logger: Logger;
  /**
   * The index version the bot answers from (null while none is loaded): models stored with a newer
   * index version are not used until the bot loads that index. Omitted: always the newest models.
   */
  indexVersion?: () => number | null;
  /** How often to look for models stored by another process (the reindex script), ms; 0 disables. @default 5000 */
  watchIntervalMs?: number;
}

interface Loaded {
  stored: StoredSemanticModel;
  lookup: SemanticLookup;
}

/**
 * The semantic models the running bot answers with, one per source, each with its {@link SemanticLookup}.
 * Swapped in whole, like the index: after a reindex in this process ({@link SemanticModelRegistry.reload})
 * or when another process stored a new model ({@link SemanticModelRegistry.watch}). A failed load keeps the
 * models in use.
 */
export class SemanticModelRegistry {
  private loaded = new Map<string, Loaded>();
  private seen: string | null = null;
  private readonly reloader: PollingReloader;

  constructor(private readonly options: SemanticModelRegistryOptions) {
    this.reloader = new PollingReloader({
      load: () => this.load(),
      changed: async () => (await this.stamp()) !== this.seen,
      everyMs: options.watchIntervalMs,
      logger: options.logger,
      what: 'semantic model',
    });
  }

  /** The model of a source, or undefined when it has none yet. */
  model(sourceId: string): SemanticModel | undefined {
    return this.loaded.get(sourceId)?.stored.model;
  }

  /** The lookup over a source's model, or undefined when it has none yet. */
  lookup(sourceId: string): SemanticLookup | undefined {
    return this.loaded.get(sourceId)?.lookup;
  }

  /** Lines of the source's model file that could not be applied at its last reindex. */
  problems(sourceId: string): OverrideProblem[] {
    return this.loaded.get(sourceId)?.stored.problems ?? [];
  }

  /** Ids of the sources with a model. */
  sourceIds(): string[] {
    return [...this.loaded.keys()];
  }

  /** Loads the newest stored models (up to the bot's index version); keeps the current ones on failure. */
  reload(): Promise<void> {
    return this.reloader.reload();
  }

  /** Starts looking for models stored by other processes (and for a new index version). */
  watch(): void {
    this.reloader.watch();
  }

  /** Stops watching. */
  close(): void {
    this.reloader.close();
  }

  private maxVersion(): number | undefined {
    if (this.options.indexVersion === undefined) return undefined;
    return this.options.indexVersion() ?? undefined;
  }

  private async stamp(): Promise<string> {
    return `${await this.options.store.revision()}@${this.maxVersion() ?? 'latest'}`;
  }

  private async load(): Promise<void> {
    const { store, logger } = this.options;
    try {
      const stamp = await this.stamp();
      const rows = await store.loadAll(this.maxVersion());
      const next = new Map<string, Loaded>();
      for (const stored of rows) {
        const previous = this.loaded.get(stored.model.sourceId);
        const unchanged =
          previous !== undefined &&
          previous.stored.model.indexVersion === stored.model.indexVersion &&
          previous.stored.updatedAt.getTime() === stored.updatedAt.getTime();
        const lookup = unchanged ? previous.lookup : new SemanticLookup(stored.model, { deferIndex: true });
        next.set(stored.model.sourceId, unchanged ? previous : { stored, lookup });
        // the phrase index is built between turns of the event loop: the process is ready before it is
        // (a question asked meanwhile finishes it)
        if (!lookup.warmed) {
          lookup.warm().catch((error: unknown) => {
            logger.error(
              { source: stored.model.sourceId, err: errorMessage(error) },
              'could not build the semantic lookup in the background; the first question builds it',
            );
          });
        }
      }
      this.loaded = next;
      this.seen = stamp;
      logger.info(
        { sources: rows.map((r) => `${r.model.sourceId}@${r.model.indexVersion}`) },
        'semantic models loaded',
      );
    } catch (error) {
      logger.error(
        { err: errorMessage(error) },
        'could not load the semantic models; keeping the current ones',
      );
    }
  }
}
