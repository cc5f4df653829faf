import type { CatalogTable } from '../catalog';

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
  neighbours?: {
    tables: CatalogTable[];
    joins: JoinEdge[];
    /**
     * Tables three or four foreign keys away, with the edges among them and the nearer ones: only for the join
     * path of a ranking or grouping question whose measure, events or dates lie that far ("artists ranked by
     * the tracks sold in a year": artist → album → track → order line → order). @default none
     */
    beyond?: { tables: CatalogTable[]; joins: JoinEdge[] };
  };
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
  /**
   * The generator's structured reading behind the SQL, as JSON (the built-in generator's plan): kept with
   * the answer so a follow-up can edit it ({@link SqlGenerator.revise}).
   */
  reading?: unknown;
}

/** A follow-up to revise: the previous answer's reading and the follow-up message. */
export interface ReviseRequest extends GenerateRequest {
  /** The follow-up as typed ("and in 2019?", "only for Ghent", "by week instead"). */
  question: string;
  /** The previous answer's `reading`, from the same generator. */
  previous: unknown;
  /** The follow-up says its part replaces the previous one ("instead"). @default false */
  replace?: boolean;
  /** The follow-up asks for another grouping ("split by region"). @default false */
  grouping?: boolean;
}

/** Turns a question plus chosen tables into Postgres SELECT candidates, best first. */
export interface SqlGenerator {
  readonly id: string;
  generate(request: GenerateRequest): Promise<SqlCandidate[]>;
  /**
   * A follow-up applied to the previous answer's reading (changed period, filter, grouping, limit, order or
   * measure; the rest kept). Empty when the generator cannot revise it. Optional: generators without
   * structured readings answer follow-ups only through {@link generate}.
   */
  revise?(request: ReviseRequest): Promise<SqlCandidate[]>;
}
