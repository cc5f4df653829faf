import type { JoinEdge } from '../sql/types';
import type { CorpusTable, RetrievalCorpus } from './retrievalCorpus';
import { tableId } from './retrievalCorpus';

/**
 * Finds how tables of one source connect along foreign keys (undirected), adding the bridge tables
 * a path needs.
 */
export class JoinPlanner {
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
    return this.edgesOf(sourceId, key).map((e) => (e.from === key ? e.to : e.from));
  }

  /** Foreign keys of a table whose both ends are allowed. */
  private edgesOf(sourceId: string, key: string): readonly JoinEdge[] {
    const edges = this.corpus.edgesOf(tableId(sourceId, key));
    const allow = this.allow;
    if (!allow) return edges;
    if (!allow(sourceId, key)) return [];
    return edges.filter((e) => allow(sourceId, e.from) && allow(sourceId, e.to));
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
    const { sourceId, target } = options;
    const start = new Set(options.from);
    if (start.has(target)) return [target];
    const previous = new Map<string, string | null>();
    let frontier = [...start];
    for (const s of frontier) previous.set(s, null);
    for (let hop = 0; hop < options.maxHops && frontier.length > 0; hop++) {
      const next: string[] = [];
      for (const key of frontier) {
        for (const edge of this.edgesOf(sourceId, key)) {
          const other = edge.from === key ? edge.to : edge.from;
          if (previous.has(other)) continue;
          previous.set(other, key);
          if (other === target) {
            const path = [other];
            let cur: string | null | undefined = key;
            while (cur) {
              path.unshift(cur);
              cur = previous.get(cur);
            }
            return path;
          }
          next.push(other);
        }
      }
      frontier = next;
    }
    return null;
  }

  /** Every foreign-key edge whose two ends are both in `tables`. */
  edgesWithin(options: { sourceId: string; tables: readonly string[] }): JoinEdge[] {
    const set = new Set(options.tables);
    const seen = new Set<string>();
    const result: JoinEdge[] = [];
    for (const key of options.tables) {
      for (const edge of this.edgesOf(options.sourceId, key)) {
        if (!set.has(edge.from) || !set.has(edge.to)) continue;
        const id = `${edge.from}(${edge.fromColumns.join(',')})->${edge.to}(${edge.toColumns.join(',')})`;
        if (seen.has(id)) continue;
        seen.add(id);
        result.push(edge);
      }
    }
    return result;
  }
}
