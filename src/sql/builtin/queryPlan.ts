import type { AggregateFn, CompareOp, TimeUnit } from './cuePatterns';
import type { SchemaColumn, SchemaTable } from './schemaModel';

/** A literal value as the question wrote it (coerced to the column's kind when SQL is written). */
export interface Literal {
  value: string | number;
  type: 'number' | 'string' | 'date';
  /**
   * A string as the user typed it, matched to no stored value: compared with a text column regardless of
   * case ("the blue lagoon" finds 'The Blue Lagoon'), since only the words, not their capitals, are known.
   */
  typed?: true;
}

/**
 * One end of a date range: an ISO date, or a date relative to the database's `current_date` (the start of
 * the current `unit` when `truncate`, moved by `offset` units), so a stored question stays right on any day.
 */
export type DateBound = string | { relative: true; unit: TimeUnit; offset: number; truncate: boolean };

/** A row-level arithmetic expression over columns of one table (a metric such as price × quantity). */
export type RowExpr =
  | { kind: 'column'; column: SchemaColumn }
  | { kind: 'number'; value: number }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: RowExpr; right: RowExpr };

/** Text of a {@link RowExpr} for keys and readings (`unit_price * quantity`). */
export function rowExprText(e: RowExpr): string {
  switch (e.kind) {
    case 'column':
      return e.column.name;
    case 'number':
      return String(e.value);
    case 'binary':
      return `(${rowExprText(e.left)} ${e.op} ${rowExprText(e.right)})`;
  }
}

/** A scalar or aggregate expression of a plan. */
export type Expr =
  | { kind: 'column'; column: SchemaColumn }
  | { kind: 'star' }
  | {
      kind: 'aggregate';
      fn: AggregateFn;
      column: SchemaColumn | null;
      distinct?: boolean;
      /** The result in another unit than the column's: divided by this ("in minutes" over milliseconds). */
      scale?: { divisor: number; unit: string };
      /**
       * A metric over several columns of `column`'s table (`column` is one of them): aggregated instead of
       * the column, named by `metric` ("revenue").
       */
      metric?: { name: string; expression: RowExpr };
      /** A share in percent: `100.0 * avg(...)` (of a yes/no column: the percentage of rows where it holds). */
      percent?: boolean;
    }
  | { kind: 'date-part'; unit: TimeUnit | 'year'; column: SchemaColumn }
  | { kind: 'count-table'; table: SchemaTable };

/** One condition of WHERE or HAVING; a list of conditions is combined with AND. */
export type Condition =
  | { kind: 'compare'; left: Expr; op: CompareOp; values: Literal[] }
  | { kind: 'like'; left: Expr; mode: 'contains' | 'starts' | 'ends'; value: string; negate?: boolean }
  | { kind: 'null'; left: Expr; negate: boolean }
  | { kind: 'or'; items: Condition[] }
  | { kind: 'and'; items: Condition[] }
  | { kind: 'range'; column: SchemaColumn; from: DateBound; to: DateBound; label?: string }
  | { kind: 'compare-column'; left: Expr; op: CompareOp; right: Expr }
  | { kind: 'compare-subquery'; left: Expr; op: CompareOp; plan: QueryPlan }
  | { kind: 'in-subquery'; left: Expr; negate: boolean; plan: QueryPlan };

/** One item of the select list. */
export interface SelectItem {
  expr: Expr;
  /** Output name, when the expression needs one (date parts). */
  alias?: string;
}

/** ORDER BY item. */
export interface OrderItem {
  expr: Expr;
  dir: 'asc' | 'desc';
}

/** A structured SELECT, written to SQL by {@link writeSql}. */
export interface QueryPlan {
  select: SelectItem[];
  distinct: boolean;
  /** DISTINCT was added by the generator (not asked for): dropped rather than rewritten when it conflicts. */
  distinctImplied?: boolean;
  where: Condition[];
  groupBy: Expr[];
  having: Condition[];
  orderBy: OrderItem[];
  limit?: number;
  /** Tables the FROM clause must contain besides those the expressions reference (count targets). */
  extraTables: SchemaTable[];
  /** The table FROM starts with (the question's subject), when known. */
  root?: SchemaTable;
  /** A set operation with a second plan. */
  setOp?: { op: 'INTERSECT' | 'EXCEPT' | 'UNION'; plan: QueryPlan };
}

/** An empty plan. */
export function emptyPlan(): QueryPlan {
  return { select: [], distinct: false, where: [], groupBy: [], having: [], orderBy: [], extraTables: [] };
}

/** Tables an expression reads. */
export function exprTables(expr: Expr): SchemaTable[] {
  switch (expr.kind) {
    case 'column':
    case 'date-part':
      return [expr.column.table];
    case 'aggregate':
      return expr.column ? [expr.column.table] : [];
    case 'count-table':
      return [expr.table];
    default:
      return [];
  }
}

/** Tables a condition reads at the top level (subqueries keep their own FROM). */
export function conditionTables(condition: Condition): SchemaTable[] {
  switch (condition.kind) {
    case 'compare':
    case 'like':
    case 'null':
    case 'compare-subquery':
    case 'in-subquery':
      return exprTables(condition.left);
    case 'range':
      return [condition.column.table];
    case 'compare-column':
      return [...exprTables(condition.left), ...exprTables(condition.right)];
    case 'or':
    case 'and':
      return condition.items.flatMap(conditionTables);
  }
}

/** Every table the plan's top level reads. */
export function planTables(plan: QueryPlan): SchemaTable[] {
  const all = [
    ...(plan.root ? [plan.root] : []),
    ...plan.select.flatMap((s) => exprTables(s.expr)),
    ...plan.where.flatMap(conditionTables),
    ...plan.groupBy.flatMap(exprTables),
    ...plan.having.flatMap(conditionTables),
    ...plan.orderBy.flatMap((o) => exprTables(o.expr)),
    ...plan.extraTables,
  ];
  return [...new Set(all)];
}

/** Structural key of an expression, for de-duplication. */
export function exprKey(expr: Expr): string {
  switch (expr.kind) {
    case 'column':
      return `c:${expr.column.table.qname}.${expr.column.name}`;
    case 'star':
      return '*';
    case 'aggregate':
      return `a:${expr.fn}:${expr.distinct ? 'd' : ''}:${expr.column ? `${expr.column.table.qname}.${expr.column.name}` : '*'}${expr.scale ? `/${expr.scale.divisor}` : ''}${expr.metric ? `=${rowExprText(expr.metric.expression)}` : ''}`;
    case 'date-part':
      return `p:${expr.unit}:${expr.column.table.qname}.${expr.column.name}`;
    case 'count-table':
      return `t:${expr.table.qname}`;
  }
}

/** The date columns a plan filters by period or buckets by (what a follow-up's period should use again). */
export function planTimeColumns(plan: QueryPlan): SchemaColumn[] {
  const columns = [
    ...plan.where.flatMap((c) => (c.kind === 'range' ? [c.column] : [])),
    ...plan.groupBy.flatMap((e) => (e.kind === 'date-part' ? [e.column] : [])),
  ];
  return [...new Set(columns)];
}
