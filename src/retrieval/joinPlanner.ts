import { type JoinEdge, JoinNetwork } from '../joins';
import type { CorpusTable, RetrievalCorpus } from './retrievalCorpus';
import { tableId } from './retrievalCorpus';

/**
 * Finds how tables of one source connect along foreign keys (undirected), adding the bridge tables a path
 * needs: the corpus's join graph (`src/joins`) addressed by source.
 */
export class JoinPlanner {
  private readonly restricted = new Map<string, JoinNetwork>();

  /**
   * @param allow when given, only tables it allows are neighbours, path steps or join ends (the asking
   *   user's visible tables), so no join partner or bridge outside them is ever added
   */
  constructor(
    public readonly corpus: RetrievalCorpus,
    private readonly allow?: (sourceId: string, table: string) => boolean,
  ) {}

  /** This planner restricted to the tables `allow` lets through (itself when `allow` is undefined). */
  restrictedTo(allow: ((sourceId: string, table: string) => boolean) | undefined): JoinPlanner {
    return allow ? new JoinPlanner(this.corpus, allow) : this;
  }

  /** A table of the corpus, when it exists and is allowed. */
  table(sourceId: string, key: string): CorpusTable | undefined {
    if (this.allow && !this.allow(sourceId, key)) return undefined;
    return this.corpus.byId.get(tableId(sourceId, key));
  }

  /** Tables one foreign key away from `key` (either direction). */
  neighbours(sourceId: string, key: string): string[] {
    return this.network(sourceId).neighbours(key);
  }

  /** The join graph of a source, restricted to the allowed tables when `allow` is given. */
  private network(sourceId: string): JoinNetwork {
    const full = this.corpus.network(sourceId);
    const allow = this.allow;
    if (!allow) return full;
    let restricted = this.restricted.get(sourceId);
    if (restricted === undefined) {
      restricted = new JoinNetwork(
        full.edges().filter((e) => allow(sourceId, e.from) && allow(sourceId, e.to)),
      );
      this.restricted.set(sourceId, restricted);
    }
    return restricted;
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
    return this.network(options.sourceId).path(options);
  }

  /** Every foreign-key edge whose two ends are both in `tables`. */
  edgesWithin(options: { sourceId: string; tables: readonly string[] }): JoinEdge[] {
    return this.network(options.sourceId).edgesWithin(options.tables);
  }
}
