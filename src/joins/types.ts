/** A join between two tables along a foreign key (declared by the catalog or inferred from names). */
export interface JoinEdge {
  /** `schema.table` holding the foreign key. */
  from: string;
  fromColumns: string[];
  /** `schema.table` referenced. */
  to: string;
  toColumns: string[];
}

/** A stable text id of an edge (its tables and columns), for removing duplicates. */
export function edgeId(edge: JoinEdge): string {
  return `${edge.from}(${edge.fromColumns.join(',')})->${edge.to}(${edge.toColumns.join(',')})`;
}
