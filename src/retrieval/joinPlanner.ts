import type { JoinEdge } from '../joins';
import type { RetrievalCorpus } from './retrievalCorpus';

/**
 * Finds how tables of one source connect along foreign keys (undirected), adding the bridge tables a path
 * needs: the corpus's join graph (`src/joins`) addressed by source.
 */
export class JoinPlanner {
  constructor(public readonly corpus: RetrievalCorpus) {}

  /** Tables one foreign key away from `key` (either direction). */
  neighbours(sourceId: string, key: string): string[] {
    return this.corpus.network(sourceId).neighbours(key);
  }

  /**
   * Shortest foreign-key path (as table keys, both ends included) from any table of `from` to
   * `target`, at most `maxHops` edges long; null when none.
   */
  path(options: {
    sourceId: string;
    from: readonly string[];
    target: string;
    maxHops: number;
  }): string[] | null {
    return this.corpus.network(options.sourceId).path(options);
  }

  /** Every foreign-key edge whose two ends are both in `tables`. */
  edgesWithin(options: { sourceId: string; tables: readonly string[] }): JoinEdge[] {
    return this.corpus.network(options.sourceId).edgesWithin(options.tables);
  }
}
