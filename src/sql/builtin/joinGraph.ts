import { type JoinEdge, joinEdges, JoinNetwork } from '../../joins';
import type { SchemaModel, SchemaTable } from './schemaModel';

/** How one table of a FROM clause joins the tables before it. */
export interface JoinStep {
  table: SchemaTable;
  /** The table already in the FROM clause it joins, and the column pairs (this table's column first). */
  via: { table: SchemaTable; pairs: [string, string][] } | null;
}

/** An edge between two of the request's tables. */
export interface GraphEdge {
  a: SchemaTable;
  b: SchemaTable;
  aColumns: string[];
  bColumns: string[];
  edge: JoinEdge;
}

/**
 * The join graph of a request's tables, on the shared join module (`src/joins`): the request's edges plus
 * the keys inferred by the one naming rule, and the network's paths and connecting tree, in terms of the
 * generator's schema tables.
 */
export class JoinGraph {
  private constructor(
    private readonly model: SchemaModel,
    private readonly network: JoinNetwork,
  ) {}

  /** A graph over the model's join edges; `edgeScore` ranks parallel edges (higher first). */
  static build(model: SchemaModel, edgeScore: (edge: JoinEdge) => number = () => 0): JoinGraph {
    const edges = joinEdges(
      model.tables.map((t) => t.table),
      model.joins,
    ).filter((e) => e.from !== e.to && model.byName.has(e.from) && model.byName.has(e.to));
    return new JoinGraph(model, new JoinNetwork(edges, { edgeScore }));
  }

  /** Tables reachable from `table` (itself included). */
  component(table: SchemaTable): Set<SchemaTable> {
    return new Set([...this.network.component(table.qname)].map((q) => this.table(q)));
  }

  /** Edges between two tables, best first. */
  edgesBetween(x: SchemaTable, y: SchemaTable): GraphEdge[] {
    return this.network.edgesBetween(x.qname, y.qname).map((edge) => ({
      a: this.table(edge.from),
      b: this.table(edge.to),
      aColumns: edge.fromColumns,
      bColumns: edge.toColumns,
      edge,
    }));
  }

  /** Number of edges on the shortest path between two tables, or Infinity. */
  distance(x: SchemaTable, y: SchemaTable): number {
    return this.network.distance(x.qname, y.qname);
  }

  /**
   * Join steps connecting `required`, starting at `root` (or the first required table). Tables that cannot
   * be reached are left out and returned in `unreachable`.
   */
  connect(required: SchemaTable[], root?: SchemaTable): { steps: JoinStep[]; unreachable: SchemaTable[] } {
    const { steps, unreachable } = this.network.connect(
      required.map((t) => t.qname),
      root?.qname,
    );
    return {
      steps: steps.map((s) => ({
        table: this.table(s.table),
        via: s.via === null ? null : { table: this.table(s.via.table), pairs: s.via.pairs },
      })),
      unreachable: unreachable.map((q) => this.table(q)),
    };
  }

  private table(qname: string): SchemaTable {
    const table = this.model.byName.get(qname);
    if (table === undefined) throw new Error(`JoinGraph.table: ${qname} is not a table of the request`);
    return table;
  }
}
