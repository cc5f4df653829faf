import type { CatalogTable } from '../catalog/types';

/** A join between two tables along a foreign key. */
export interface JoinEdge {
  /** `schema.table` holding the foreign key. */
  from: string;
  fromColumns: string[];
  /** `schema.table` referenced. */
  to: string;
  toColumns: string[];
}

/** What a generator gets: the question and the tables retrieval chose, with the join paths between them. */
export interface GenerateRequest {
  question: string;
  /** The chosen tables, most relevant first, with columns and profiles. */
  tables: CatalogTable[];
  /** Foreign-key edges that connect `tables` (bridge tables are already in `tables`). */
  joins: JoinEdge[];
  /** Optional column hints from a clarification, e.g. `sales.orders.ship_date`. */
  preferColumns?: string[];
  /** The date "now" means (tests fix it). @default new Date() */
  now?: Date;
}

/** One SQL candidate. */
export interface SqlCandidate {
  sql: string;
  /** Generator id, e.g. `builtin` or `seq2seq:Xenova/t5-small-awesome-text-to-sql`. */
  generator: string;
  /** The generator's own confidence 0..1, when it has one. */
  confidence?: number;
  /** Short human-readable explanation of how the question was read. */
  explanation?: string;
  /**
   * Plain-English reading of what the SQL computes, for users ("Total amount of orders, where order date in
   * 2023, per region").
   */
  interpretation?: string;
  /**
   * Content words of the question the reading did not account for (no table, column, value, period or cue
   * explains them): a decision layer may decline ("I don't have data about salaries") or ask.
   */
  unaccounted?: string[];
}

/** Turns a question plus chosen tables into Postgres SELECT candidates, best first. */
export interface SqlGenerator {
  readonly id: string;
  generate(request: GenerateRequest): Promise<SqlCandidate[]>;
}
