import { edgeId, type JoinEdge } from './types';

/** How one table of a FROM clause joins the tables before it. */
export interface NetworkStep {
  table: string;
  /** The table already joined that it attaches to, and the column pairs (this table's column first). */
  via: { table: string; pairs: [string, string][]; edge: JoinEdge } | null;
}

/** Options of {@link JoinNetwork}. */
export interface JoinNetworkOptions {
  /** Ranks parallel edges, higher first (ties keep their order). @default () => 0 */
  edgeScore?: (edge: JoinEdge) => number;
}

/**
 * The undirected join graph over tables (`schema.table` keys): shortest paths, components and a small
 * connecting tree (an approximate Steiner tree: repeatedly the shortest path from the tree to the nearest
 * missing table), bridge tables included. One implementation for retrieval (which tables belong to an
 * answer) and SQL generation (how they join).
 */
export class JoinNetwork {
  private readonly incident = new Map<string, JoinEdge[]>();
  private readonly edgeScore: (edge: JoinEdge) => number;

  constructor(edges: readonly JoinEdge[], options: JoinNetworkOptions = {}) {
    this.edgeScore = options.edgeScore ?? (() => 0);
    const seen = new Set<string>();
    for (const edge of edges) {
      const id = edgeId(edge);
      if (seen.has(id)) continue;
      seen.add(id);
      this.add(edge.from, edge);
      if (edge.to !== edge.from) this.add(edge.to, edge);
    }
  }

  /** Every edge once, in the order given. */
  edges(): JoinEdge[] {
    const seen = new Set<JoinEdge>();
    for (const list of this.incident.values()) for (const edge of list) seen.add(edge);
    return [...seen];
  }

  /** Edges touching a table, in the order given. */
  edgesOf(table: string): readonly JoinEdge[] {
    return this.incident.get(table) ?? [];
  }

  /** Tables one edge away (either direction), once per edge. */
  neighbours(table: string): string[] {
    return this.edgesOf(table).map((e) => other(e, table));
  }

  /** Edges between two tables, best first. */
  edgesBetween(x: string, y: string): JoinEdge[] {
    return this.sorted(
      this.edgesOf(x).filter((e) => (e.from === x && e.to === y) || (e.from === y && e.to === x)),
    );
  }

  /** Tables reachable from `table` (itself included). */
  component(table: string): Set<string> {
    const seen = new Set<string>([table]);
    const queue = [table];
    while (queue.length > 0) {
      const t = queue.shift() as string;
      for (const e of this.edgesOf(t)) {
        const o = other(e, t);
        if (!seen.has(o)) {
          seen.add(o);
          queue.push(o);
        }
      }
    }
    return seen;
  }

  /** Number of edges on the shortest path between two tables, or Infinity. */
  distance(x: string, y: string): number {
    if (x === y) return 0;
    const path = this.path({ from: [x], target: y, maxHops: Infinity });
    return path === null ? Infinity : path.length - 1;
  }

  /**
   * Shortest path (tables, both ends included) from any table of `from` to `target`, at most `maxHops`
   * edges long; null when none.
   */
  path(options: { from: readonly string[]; target: string; maxHops: number }): string[] | null {
    const { target } = options;
    const start = new Set(options.from);
    if (start.has(target)) return [target];
    const previous = new Map<string, string | null>();
    let frontier = [...start];
    for (const s of frontier) previous.set(s, null);
    for (let hop = 0; hop < options.maxHops && frontier.length > 0; hop++) {
      const next: string[] = [];
      for (const key of frontier) {
        for (const edge of this.edgesOf(key)) {
          const o = other(edge, key);
          if (previous.has(o)) continue;
          previous.set(o, key);
          if (o === target) {
            const path = [o];
            let cur: string | null | undefined = key;
            while (cur) {
              path.unshift(cur);
              cur = previous.get(cur);
            }
            return path;
          }
          next.push(o);
        }
      }
      frontier = next;
    }
    return null;
  }

  /** Every edge whose two ends are both in `tables`. */
  edgesWithin(tables: readonly string[]): JoinEdge[] {
    const set = new Set(tables);
    const seen = new Set<string>();
    const result: JoinEdge[] = [];
    for (const key of tables) {
      for (const edge of this.edgesOf(key)) {
        if (!set.has(edge.from) || !set.has(edge.to)) continue;
        const id = edgeId(edge);
        if (seen.has(id)) continue;
        seen.add(id);
        result.push(edge);
      }
    }
    return result;
  }

  /**
   * Join steps connecting `required`, starting at `root` (or the first required table). Tables that cannot
   * be reached are left out and returned in `unreachable`.
   */
  connect(required: readonly string[], root?: string): { steps: NetworkStep[]; unreachable: string[] } {
    const wanted = [...new Set(required)];
    const start = root ?? wanted[0];
    if (start === undefined) return { steps: [], unreachable: [] };
    const steps: NetworkStep[] = [{ table: start, via: null }];
    const inTree = new Set<string>([start]);
    const unreachable: string[] = [];
    let remaining = wanted.filter((t) => t !== start);
    while (remaining.length > 0) {
      // Multi-source BFS from the tree to the nearest remaining table.
      const previous = new Map<string, { from: string; edge: JoinEdge }>();
      const visited = new Set<string>(inTree);
      let frontier = [...inTree];
      let found: string | null = null;
      while (frontier.length > 0 && found === null) {
        const next: string[] = [];
        for (const t of frontier) {
          for (const e of this.sorted(this.edgesOf(t))) {
            const o = other(e, t);
            if (visited.has(o)) continue;
            visited.add(o);
            previous.set(o, { from: t, edge: e });
            if (remaining.includes(o) && found === null) found = o;
            next.push(o);
          }
        }
        frontier = next;
      }
      if (found === null) {
        unreachable.push(...remaining);
        break;
      }
      const path: string[] = [];
      let cur: string = found;
      while (!inTree.has(cur)) {
        path.unshift(cur);
        cur = (previous.get(cur) as { from: string }).from;
      }
      for (const t of path) {
        const link = previous.get(t) as { from: string; edge: JoinEdge };
        const e = link.edge;
        const pairs: [string, string][] =
          e.from === t
            ? e.fromColumns.map((c, i) => [c, e.toColumns[i]])
            : e.toColumns.map((c, i) => [c, e.fromColumns[i]]);
        steps.push({ table: t, via: { table: link.from, pairs, edge: e } });
        inTree.add(t);
      }
      remaining = remaining.filter((t) => !inTree.has(t));
    }
    return { steps, unreachable };
  }

  private sorted(edges: readonly JoinEdge[]): JoinEdge[] {
    return [...edges].sort((p, q) => this.edgeScore(q) - this.edgeScore(p));
  }

  private add(table: string, edge: JoinEdge): void {
    let list = this.incident.get(table);
    if (!list) this.incident.set(table, (list = []));
    list.push(edge);
  }
}

function other(edge: JoinEdge, table: string): string {
  return edge.from === table ? edge.to : edge.from;
}
