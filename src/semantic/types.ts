/**
 * The semantic model of one data source: what its tables and columns mean to a business user. Derived at
 * reindex from the catalog and the column profiles ({@link deriveSemanticModel}), merged with the admin's
 * YAML override file, stored with the catalog and versioned with the index. Everything here is plain,
 * JSON-safe data: no SQL text except in verified queries, which an admin or a user's feedback vouched for.
 */

/** How a measure's values combine over many rows. */
export type Aggregation = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'count_distinct';

/** Every {@link Aggregation}, in a stable order (for validation and exhaustive checks). */
export const AGGREGATIONS: readonly Aggregation[] = ['sum', 'avg', 'min', 'max', 'count', 'count_distinct'];

/** Where a piece of the model came from. */
export type ModelOrigin = 'derived' | 'admin';

/** A numeric column whose values are added up, averaged, etc. */
export interface Measure {
  column: string;
  /** Business name, lower case words (`unit price`, `quantity`). */
  name: string;
  /** Other words or phrases a question may use for it (lower case). */
  synonyms: string[];
  description: string | null;
  /** The default aggregation when a question names the measure without one. */
  aggregation: Aggregation;
  /** Why that aggregation (`amount-like name: summed`). */
  reason: string;
  /** Unit of the values when a name or comment says so (`kg`, `minutes`, `percent`, `bytes`). */
  unit?: string;
  /** ISO 4217 currency code when a name or comment says so (`USD`, `EUR`). */
  currency?: string;
  /** True when the values are money (a money word such as price, cost, amount, or a currency). */
  money: boolean;
  origin: ModelOrigin;
}

/** A date or timestamp column a question's period (`in 2024`, `last quarter`) applies to. */
export interface TimeDimension {
  column: string;
  name: string;
  synonyms: string[];
  description: string | null;
  type: 'date' | 'timestamp';
  nullable: boolean;
  /** Earliest and latest value seen by the profile, as text, when known. */
  min: string | null;
  max: string | null;
  origin: ModelOrigin;
}

/** A column holding a year as an integer (`fiscal_year`, `birth_year`): compared with years, never summed. */
export interface YearColumn {
  column: string;
  name: string;
  synonyms: string[];
}

/** The time dimension a question's period applies to when it names none, with the reason it was chosen. */
export interface DefaultTimeDimension {
  column: string;
  reason: string;
}

/** A categorical column: what a question filters on or groups by (`region`, `status`, `genre`). */
export interface Dimension {
  column: string;
  name: string;
  synonyms: string[];
  description: string | null;
  /** Postgres type as the catalog prints it. */
  dataType: string;
  /** Profiled most frequent values, most frequent first (may be a sample of all values). */
  values: string[];
  /** Estimated number of distinct values, or null when unknown. */
  distinctCount: number | null;
  /** True when the column holds a year as an integer (see {@link YearColumn}). */
  isYear: boolean;
  origin: ModelOrigin;
}

/** Comparison of a {@link ColumnPredicate}. */
export type PredicateOp = 'eq' | 'neq' | 'in' | 'not_in' | 'is_null' | 'is_not_null';

/** Every {@link PredicateOp}. */
export const PREDICATE_OPS: readonly PredicateOp[] = ['eq', 'neq', 'in', 'not_in', 'is_null', 'is_not_null'];

/** A structured condition on one column of the entity's table (never SQL text). */
export interface ColumnPredicate {
  column: string;
  op: PredicateOp;
  /** The value for `eq`/`neq` (a boolean for boolean columns). */
  value?: string | number | boolean;
  /** The values for `in`/`not_in`. */
  values?: (string | number)[];
}

/** One state a question can name of a {@link Flag} (`shipped`, `not shipped`, `open`, `active`). */
export interface FlagState {
  /** The state's name, lower case. */
  label: string;
  /** Other words for it (`opened`, `pending`), lower case. */
  synonyms: string[];
  predicate: ColumnPredicate;
  /**
   * Words naming the event that put a row into this state (`opened`, `shipped`). With a period ("tickets
   * opened last month") they ask when the event happened (the entity's time dimension), not which rows
   * are in the state now.
   */
  eventWords?: string[];
}

/** Kind of a {@link Flag}: a boolean column, a low-cardinality status column, or a nullable column whose null-ness means something. */
export type FlagKind = 'boolean' | 'status' | 'nullable';

/** A column whose values are states a question names as adjectives (`active customers`, `open tickets`). */
export interface Flag {
  column: string;
  name: string;
  synonyms: string[];
  kind: FlagKind;
  states: FlagState[];
  origin: ModelOrigin;
}

/** Arithmetic of a {@link MetricExpression}. */
export type ArithmeticOp = '+' | '-' | '*' | '/';

/** A row-level expression over the columns of a metric's table (structured, never SQL text). */
export type MetricExpression =
  | {
      kind: 'column';
      column: string;
    }
  | {
      kind: 'number';
      value: number;
    }
  | {
      kind: 'binary';
      op: ArithmeticOp;
      left: MetricExpression;
      right: MetricExpression;
    }
  /** Every row (`count(*)`), only with the `count` aggregation. */
  | { kind: 'rows' };

/** A named business figure computed over one table (`revenue = sum(unit_price * quantity * (1 - discount))`). */
export interface Metric {
  /** Business name, lower case (`revenue`). */
  name: string;
  synonyms: string[];
  description: string;
  /** `schema.table` the expression is evaluated on. */
  table: string;
  expression: MetricExpression;
  aggregation: Aggregation;
  /** Conditions always applied (e.g. only completed orders), on columns of {@link Metric.table}. */
  filters: ColumnPredicate[];
  /** True when derived from the structure; false when an admin declared it. */
  derived: boolean;
  /** Why it was derived, or the admin's note. */
  reason: string;
  unit?: string;
  currency?: string;
}

/** A question with the SQL that answers it, vouched for by an admin or by users' feedback. */
export interface VerifiedQuery {
  /** A short name (`revenue_by_month`), unique within the model when given. */
  name?: string;
  question: string;
  sql: string;
  verifiedBy: 'admin' | 'feedback';
  /** ISO date or timestamp of the verification, when known. */
  verifiedAt?: string;
}

/** One table of the source, as a business concept (`order line`, `customer`). */
export interface Entity {
  /** `schema.table`. */
  table: string;
  schema: string;
  tableName: string;
  /** Business name, singular, lower case words (`order line`). */
  name: string;
  /** Plural of {@link Entity.name} (`order lines`). */
  plural: string;
  synonyms: string[];
  description: string | null;
  primaryKey: string[];
  /**
   * The column(s) a person wants to see instead of an id: a name, title or label column, or first and last
   * name; empty when the table has none.
   */
  displayColumns: string[];
  defaultTimeDimension: DefaultTimeDimension | null;
  measures: Measure[];
  timeDimensions: TimeDimension[];
  yearColumns: YearColumn[];
  dimensions: Dimension[];
  flags: Flag[];
  /** Columns that are keys (primary or foreign) or otherwise identifiers: never measures. */
  keyColumns: string[];
  /** Columns an admin hid: never shown, matched or generated. */
  hiddenColumns: string[];
  /** True when an admin hid the whole table. */
  hidden: boolean;
  /** Planner row estimate from the catalog, or null. */
  rowEstimate: number | null;
}

/** The semantic model of one source. */
export interface SemanticModel {
  sourceId: string;
  /** Index version the model was stored with (0 until stored). */
  indexVersion: number;
  entities: Entity[];
  metrics: Metric[];
  verifiedQueries: VerifiedQuery[];
}

/** Lines of an admin override file that could not be applied. */
export interface OverrideProblem {
  /** 1-based line in the YAML file (0 when the problem concerns the whole file). */
  line: number;
  /** What is wrong and what was done instead (`unknown column "foo" of sales.orders: ignored`). */
  message: string;
}
