import type { CatalogTable, SourceCatalog } from '../catalog';
import type {
  CachedTableVectors,
  CatalogStore,
  IndexVersionInput,
  IndexVersionRecord,
  SourceChanges,
  SourceSummary,
} from './catalogStore';

/**
 * A {@link CatalogStore} opened on first use: for a process that needs the catalog only when a published
 * file cannot stand in for it (a one-shot `tablebot ask` whose index has no usable retrieval snapshot), so
 * it does not open the metadata store otherwise. A failed open is tried again on the next call.
 */
export class DeferredCatalogStore implements CatalogStore {
  private opening: Promise<CatalogStore> | undefined;

  constructor(private readonly open: () => Promise<CatalogStore>) {}

  /** Whether the store was asked for (and so opened, or being opened). */
  get used(): boolean {
    return this.opening !== undefined;
  }

  private store(): Promise<CatalogStore> {
    if (this.opening === undefined) {
      this.opening = this.open();
      this.opening.catch(() => {
        this.opening = undefined;
      });
    }
    return this.opening;
  }

  async replaceSource(catalog: SourceCatalog): Promise<void> {
    return (await this.store()).replaceSource(catalog);
  }

  async updateSource(catalog: SourceCatalog, changes: SourceChanges): Promise<void> {
    return (await this.store()).updateSource(catalog, changes);
  }

  async loadSource(sourceId: string): Promise<SourceCatalog | null> {
    return (await this.store()).loadSource(sourceId);
  }

  async listSources(): Promise<SourceSummary[]> {
    return (await this.store()).listSources();
  }

  async loadAllTables(sourceIds?: string[]): Promise<CatalogTable[]> {
    return (await this.store()).loadAllTables(sourceIds);
  }

  async getCachedVectors(
    embedderId: string,
    fingerprints: string[],
  ): Promise<Map<string, CachedTableVectors>> {
    return (await this.store()).getCachedVectors(embedderId, fingerprints);
  }

  async putCachedVectors(embedderId: string, entries: CachedTableVectors[]): Promise<void> {
    return (await this.store()).putCachedVectors(embedderId, entries);
  }

  async recordIndexVersion(version: IndexVersionInput): Promise<void> {
    return (await this.store()).recordIndexVersion(version);
  }

  async latestIndexVersion(): Promise<IndexVersionRecord | null> {
    return (await this.store()).latestIndexVersion();
  }
}
