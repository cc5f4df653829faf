import type { CatalogTable } from '../catalog/types';

import type { JoinEdge } from '../joins';

/** A join between two tables along a foreign key (`src/joins`). */
export type { JoinEdge };

/** What a generator gets: the question and the tables retrieval chose, with the join paths between them. */
export interface GenerateRequest {
  question: string;
  /** The chosen tables, most relevant first, with columns and profiles. */
  tables: CatalogTable[];
  /** Foreign-key edges that connect `tables` (bridge tables are already in `tables`). */
  joins: JoinEdge[];
  /** Optional column hints from a clarification, e.g. `sales.orders.ship_date`. */
  preferColumns?: string[];
  /**
   * Tables up to two foreign keys away from `tables` that retrieval did not choose, with the edges that connect
   * them: a generator may join them when the question negates rows of another table ("customers who never
   * ordered" over customers alone) or names a value of another entity. @default none
   */
  neighbours?: { tables: CatalogTable[]; joins: JoinEdge[] };
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
