import type { CatalogTable } from '../catalog';
import {
  unrankedCandidate,
  type HybridRetriever,
  type RetrievalResult,
  type ScoredTable,
} from './hybridRetriever';
import { JoinPlanner } from './joinPlanner';
import { tableId, type RetrievalCorpus } from './retrievalCorpus';

/**
 * One consistent snapshot of what retrieval knows: the corpus, its vector index (inside the
 * retriever) and the join planner. A reindex builds a new snapshot and the pipeline swaps it in.
 */
export class RetrievalState {
  public readonly planner: JoinPlanner;
  private readonly sources = new Set<string>();
  private readonly keysBySource = new Map<string, ReadonlySet<string>>();

  constructor(
    public readonly retriever: HybridRetriever,
    /** Version of the index this snapshot was built from (0 for an unsaved one). */
    public readonly version: number,
  ) {
    this.planner = new JoinPlanner(retriever.corpus);
    for (const t of retriever.corpus.byId.values()) this.sources.add(t.sourceId);
  }

  /** The corpus behind the retriever. */
  get corpus(): RetrievalCorpus {
    return this.retriever.corpus;
  }

  /** Ids of the sources with indexed tables. */
  sourceIds(): string[] {
    return [...this.sources];
  }

  /** True when the source has indexed tables. */
  hasSource(sourceId: string): boolean {
    return this.sources.has(sourceId);
  }

  /** The catalog table of a source by `schema.table`. */
  table(sourceId: string, key: string): CatalogTable | undefined {
    return this.corpus.byId.get(tableId(sourceId, key))?.table;
  }

  /**
   * `schema.table` of every table of the source the user may see (`allow`): what generated SQL may read.
   * Built once per source and snapshot; per question only when an access file restricts the user.
   */
  tableKeys(sourceId: string, allow?: (sourceId: string, table: string) => boolean): ReadonlySet<string> {
    let keys = this.keysBySource.get(sourceId);
    if (keys === undefined) {
      const visible = this.corpus.visible({ sourceIds: [sourceId] });
      const built = new Set<string>();
      for (const t of this.corpus.byId.values()) if (visible(t)) built.add(t.key);
      this.keysBySource.set(sourceId, (keys = built));
    }
    if (allow === undefined) return keys;
    const allowed = new Set<string>();
    for (const key of keys) if (allow(sourceId, key)) allowed.add(key);
    return allowed;
  }

  /** A table the user chose that retrieval did not rank, as a candidate with full score. */
  scoreTable(key: string, sourceIds: readonly string[], _retrieval: RetrievalResult): ScoredTable | null {
    for (const sourceId of sourceIds) {
      const t = this.corpus.byId.get(tableId(sourceId, key));
      if (t) return unrankedCandidate(t, { score: 1 });
    }
    return null;
  }
}
