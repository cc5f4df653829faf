import type { CatalogTable, SourceCatalog } from '../catalog';
import {
  compareCodePoints,
  compareTables,
  type CachedTableVectors,
  type CatalogStore,
  type IndexVersionInput,
  type IndexVersionRecord,
  type SourceSummary,
} from './catalogStore';

/**
 * A {@link CatalogStore} held in process memory, for tests and one-shot runs. Everything going in and
 * coming out is copied, so callers can never mutate the stored state.
 */
export class InMemoryCatalogStore implements CatalogStore {
  private readonly sources = new Map<string, SourceCatalog>();
  private readonly vectors = new Map<string, CachedTableVectors>();
  private readonly versions: IndexVersionRecord[] = [];

  async replaceSource(catalog: SourceCatalog): Promise<void> {
    const copy = copyCatalog(catalog);
    copy.tables = copy.tables.map((t) => ({ ...t, sourceId: catalog.sourceId })).sort(compareTables);
    this.sources.set(catalog.sourceId, copy);
  }

  /** In memory the whole catalog is as cheap to store as its difference. */
  async updateSource(catalog: SourceCatalog): Promise<void> {
    await this.replaceSource(catalog);
  }

  async loadSource(sourceId: string): Promise<SourceCatalog | null> {
    const stored = this.sources.get(sourceId);
    return stored ? copyCatalog(stored) : null;
  }

  async listSources(): Promise<SourceSummary[]> {
    return [...this.sources.values()]
      .map((s) => ({
        sourceId: s.sourceId,
        label: s.label,
        schemas: [...s.schemas],
        tableCount: s.tables.length,
        indexedAt: new Date(s.introspectedAt),
      }))
      .sort((a, b) => compareCodePoints(a.sourceId, b.sourceId));
  }

  async loadAllTables(sourceIds?: string[]): Promise<CatalogTable[]> {
    const wanted = sourceIds ? new Set(sourceIds) : undefined;
    const tables = [...this.sources.values()]
      .filter((s) => !wanted || wanted.has(s.sourceId))
      .flatMap((s) => s.tables);
    return tables.map(copyTable).sort(compareTables);
  }

  async getCachedVectors(
    embedderId: string,
    fingerprints: string[],
  ): Promise<Map<string, CachedTableVectors>> {
    const found = new Map<string, CachedTableVectors>();
    for (const fingerprint of fingerprints) {
      const entry = this.vectors.get(vectorKey(embedderId, fingerprint));
      if (entry) found.set(fingerprint, copyVectors(entry));
    }
    return found;
  }

  async putCachedVectors(embedderId: string, entries: CachedTableVectors[]): Promise<void> {
    for (const entry of entries) {
      this.vectors.set(vectorKey(embedderId, entry.fingerprint), copyVectors(entry));
    }
  }

  async recordIndexVersion(version: IndexVersionInput): Promise<void> {
    this.versions.push({ ...version, createdAt: new Date() });
  }

  async latestIndexVersion(): Promise<IndexVersionRecord | null> {
    let latest: IndexVersionRecord | null = null;
    for (const v of this.versions) if (!latest || v.version >= latest.version) latest = v;
    return latest ? { ...latest, createdAt: new Date(latest.createdAt) } : null;
  }
}

function vectorKey(embedderId: string, fingerprint: string): string {
  return `${embedderId}\u0000${fingerprint}`;
}

/** Deep copy of plain catalog data (JSON-safe by construction). */
function copyTable(table: CatalogTable): CatalogTable {
  return JSON.parse(JSON.stringify(table));
}

function copyCatalog(catalog: SourceCatalog): SourceCatalog {
  return {
    sourceId: catalog.sourceId,
    label: catalog.label,
    schemas: [...catalog.schemas],
    tables: catalog.tables.map(copyTable),
    introspectedAt: new Date(catalog.introspectedAt),
  };
}

function copyVectors(entry: CachedTableVectors): CachedTableVectors {
  const columns: Record<string, Float32Array> = {};
  for (const [name, v] of Object.entries(entry.columns)) columns[name] = new Float32Array(v);
  return { fingerprint: entry.fingerprint, table: new Float32Array(entry.table), columns };
}
