import type { JoinEdge } from '../types';
import type { SchemaModel, SchemaTable } from './schemaModel';

/** How one table of a FROM clause joins the tables before it. */
export interface JoinStep {
  table: SchemaTable;
  /** The table already in the FROM clause it joins, and the column pairs (this table's column first). */
  via: { table: SchemaTable; pairs: [string, string][] } | null;
}

/** Components of the tables under the given edges. */
function components(model: SchemaModel, edges: JoinEdge[]): Map<SchemaTable, number> {
  const id = new Map<SchemaTable, number>(model.tables.map((t, i) => [t, i]));
  const find = (t: SchemaTable): number => id.get(t) ?? 0;
  let changed = true;
  while (changed) {
    changed = false;
    for (const e of edges) {
      const a = model.byName.get(e.from);
      const b = model.byName.get(e.to);
      if (!a || !b) continue;
      const m = Math.min(find(a), find(b));
      if (find(a) !== m || find(b) !== m) {
        for (const [t, c] of id) if (c === find(a) || c === find(b)) id.set(t, m);
        changed = true;
      }
    }
  }
  return id;
}

/**
 * Join edges the catalog does not declare, for tables that would otherwise not connect: a column named after
 * another table's single-column key (`trip.end_station_id` → `station.id`, `enroll.stu_num` → `student.stu_num`).
 * Only naming conventions; only between tables the declared keys leave apart.
 */
function inferredEdges(model: SchemaModel): JoinEdge[] {
  const part = components(model, model.joins);
  const edges: JoinEdge[] = [];
  for (const b of model.tables) {
    if (b.primaryKey.length !== 1) continue;
    const key = b.primaryKey[0];
    const tableKeys = b.keys.join(' ');
    const keyOwn = key.keys.filter((k) => !b.keys.includes(k)).join(' ');
    for (const a of model.tables) {
      if (a === b || part.get(a) === part.get(b)) continue;
      for (const c of a.columns) {
        if (c.isPrimaryKey && a.primaryKey.length === 1) continue;
        if ((c.kind === 'number') !== (key.kind === 'number')) continue;
        const words = c.keys.join(' ');
        const named =
          c.name === key.name ||
          words === key.keys.join(' ') ||
          words.endsWith(`${tableKeys} ${keyOwn}`) ||
          (keyOwn !== '' && words === `${tableKeys} ${keyOwn}`);
        if (named) edges.push({ from: a.qname, fromColumns: [c.name], to: b.qname, toColumns: [key.name] });
      }
    }
  }
  return edges;
}

/** An edge of the undirected join graph. */
interface GraphEdge {
  a: SchemaTable;
  b: SchemaTable;
  aColumns: string[];
  bColumns: string[];
  edge: JoinEdge;
}

/**
 * The foreign-key graph of a request's tables. Finds a small tree (an approximate Steiner tree: repeatedly
 * the shortest path from the tree to the nearest missing table) that connects the tables a plan needs,
 * bridge tables included.
 */
export class JoinGraph {
  private readonly adjacency = new Map<SchemaTable, GraphEdge[]>();

  private constructor(
    model: SchemaModel,
    private readonly edgeScore: (edge: JoinEdge) => number,
  ) {
    for (const t of model.tables) this.adjacency.set(t, []);
    for (const edge of [...model.joins, ...inferredEdges(model)]) {
      const a = model.byName.get(edge.from);
      const b = model.byName.get(edge.to);
      if (!a || !b || a === b) continue;
      const e: GraphEdge = { a, b, aColumns: edge.fromColumns, bColumns: edge.toColumns, edge };
      this.adjacency.get(a)?.push(e);
      this.adjacency.get(b)?.push(e);
    }
  }

  /** A graph over the model's join edges; `edgeScore` ranks parallel edges (higher first). */
  static build(model: SchemaModel, edgeScore: (edge: JoinEdge) => number = () => 0): JoinGraph {
    return new JoinGraph(model, edgeScore);
  }

  /** Tables reachable from `table` (itself included). */
  component(table: SchemaTable): Set<SchemaTable> {
    const seen = new Set<SchemaTable>([table]);
    const queue = [table];
    while (queue.length > 0) {
      const t = queue.shift() as SchemaTable;
      for (const e of this.adjacency.get(t) ?? []) {
        const other = e.a === t ? e.b : e.a;
        if (!seen.has(other)) {
          seen.add(other);
          queue.push(other);
        }
      }
    }
    return seen;
  }

  /** Edges between two tables, best first. */
  edgesBetween(x: SchemaTable, y: SchemaTable): GraphEdge[] {
    return (this.adjacency.get(x) ?? [])
      .filter((e) => (e.a === x && e.b === y) || (e.a === y && e.b === x))
      .sort((p, q) => this.edgeScore(q.edge) - this.edgeScore(p.edge));
  }

  /** Number of edges on the shortest path between two tables, or Infinity. */
  distance(x: SchemaTable, y: SchemaTable): number {
    if (x === y) return 0;
    const dist = new Map<SchemaTable, number>([[x, 0]]);
    const queue = [x];
    while (queue.length > 0) {
      const t = queue.shift() as SchemaTable;
      for (const e of this.adjacency.get(t) ?? []) {
        const other = e.a === t ? e.b : e.a;
        if (dist.has(other)) continue;
        const d = (dist.get(t) ?? 0) + 1;
        if (other === y) return d;
        dist.set(other, d);
        queue.push(other);
      }
    }
    return Infinity;
  }

  /**
   * Join steps connecting `required`, starting at `root` (or the first required table). Tables that cannot
   * be reached are left out and returned in `unreachable`.
   */
  connect(required: SchemaTable[], root?: SchemaTable): { steps: JoinStep[]; unreachable: SchemaTable[] } {
    const wanted = [...new Set(required)];
    const start = root ?? wanted[0];
    if (!start) return { steps: [], unreachable: [] };
    const steps: JoinStep[] = [{ table: start, via: null }];
    const inTree = new Set<SchemaTable>([start]);
    const unreachable: SchemaTable[] = [];
    let remaining = wanted.filter((t) => t !== start);
    while (remaining.length > 0) {
      // Multi-source BFS from the tree to the nearest remaining table.
      const previous = new Map<SchemaTable, { from: SchemaTable; edge: GraphEdge }>();
      const visited = new Set<SchemaTable>(inTree);
      let frontier = [...inTree];
      let found: SchemaTable | null = null;
      while (frontier.length > 0 && !found) {
        const next: SchemaTable[] = [];
        for (const t of frontier) {
          const edges = [...(this.adjacency.get(t) ?? [])].sort(
            (p, q) => this.edgeScore(q.edge) - this.edgeScore(p.edge),
          );
          for (const e of edges) {
            const other = e.a === t ? e.b : e.a;
            if (visited.has(other)) continue;
            visited.add(other);
            previous.set(other, { from: t, edge: e });
            if (remaining.includes(other) && !found) found = other;
            next.push(other);
          }
        }
        frontier = next;
      }
      if (!found) {
        unreachable.push(...remaining);
        break;
      }
      const path: SchemaTable[] = [];
      let cur: SchemaTable = found;
      while (!inTree.has(cur)) {
        path.unshift(cur);
        cur = (previous.get(cur) as { from: SchemaTable }).from;
      }
      for (const t of path) {
        const link = previous.get(t) as { from: SchemaTable; edge: GraphEdge };
        const e = link.edge;
        const pairs: [string, string][] =
          e.a === t
            ? e.aColumns.map((c, i) => [c, e.bColumns[i]])
            : e.bColumns.map((c, i) => [c, e.aColumns[i]]);
        steps.push({ table: t, via: { table: link.from, pairs } });
        inTree.add(t);
      }
      remaining = remaining.filter((t) => !inTree.has(t));
    }
    return { steps, unreachable };
  }
}
