import { quoteIdent } from '../catalog';
import { SqlParser } from '../sql/sqlParser';
import type { Aggregation, ArithmeticOp, ColumnPredicate, MetricExpression } from './types';

/**
 * The SQL expressions of a semantic model file (Cortex Analyst's `expr` fields), turned into the model's
 * structured expressions and back. Only what the model can represent is accepted: a metric is one
 * aggregate (`SUM`, `AVG`, `MIN`, `MAX`, `COUNT`, `COUNT(DISTINCT …)`, `COUNT(*)`) of arithmetic over
 * columns and numbers; a filter is a conjunction of single-column conditions (`=`, `<>`, `IN`, `NOT IN`,
 * `IS [NOT] NULL`, a bare or negated boolean column). Anything else is rejected with a reason.
 */

/** Thrown (internally) when an expression is outside what the model represents; the message says why. */
class UnsupportedExpression extends Error {}

type Node = Record<string, unknown>;

function asNode(value: unknown): Node | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : null;
}

function nodeOf(value: unknown, kind: string): Node | null {
  return asNode(asNode(value)?.[kind]);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringsOf(value: unknown): string[] {
  return list(value).map((item) => {
    const s = nodeOf(item, 'String')?.sval;
    return typeof s === 'string' ? s : '';
  });
}

function columnOf(value: unknown): string | null {
  const ref = nodeOf(value, 'ColumnRef');
  if (ref === null) return null;
  const fields = stringsOf(ref.fields);
  const last = fields[fields.length - 1];
  return last === undefined || last === '' ? null : last;
}

function constantOf(value: unknown): string | number | boolean | null | undefined {
  const c = nodeOf(value, 'A_Const');
  if (c === null) {
    const cast = nodeOf(value, 'TypeCast');
    return cast === null ? undefined : constantOf(cast.arg);
  }
  if (c.isnull === true) return null;
  if ('ival' in c) return Number(asNode(c.ival)?.ival ?? 0);
  if ('fval' in c) return Number(asNode(c.fval)?.fval ?? 0);
  if ('sval' in c) return String(asNode(c.sval)?.sval ?? '');
  if ('boolval' in c) return asNode(c.boolval)?.boolval === true;
  return undefined;
}

const ARITHMETIC: ReadonlySet<string> = new Set(['+', '-', '*', '/']);
const AGGREGATE_FUNCTIONS: Readonly<Record<string, Aggregation>> = {
  sum: 'sum',
  avg: 'avg',
  min: 'min',
  max: 'max',
  count: 'count',
};

function arithmetic(value: unknown): MetricExpression {
  const column = columnOf(value);
  if (column !== null) return { kind: 'column', column };
  const constant = constantOf(value);
  if (typeof constant === 'number') return { kind: 'number', value: constant };
  const expr = nodeOf(value, 'A_Expr');
  if (expr !== null && expr.kind === 'AEXPR_OP') {
    const op = stringsOf(expr.name)[0];
    if (!ARITHMETIC.has(op)) throw new UnsupportedExpression(`operator ${op} is not arithmetic`);
    const right = arithmetic(expr.rexpr);
    // unary minus: `-x`
    if (expr.lexpr === undefined) {
      return { kind: 'binary', op: '*', left: { kind: 'number', value: -1 }, right };
    }
    return { kind: 'binary', op: op as ArithmeticOp, left: arithmetic(expr.lexpr), right };
  }
  if (nodeOf(value, 'FuncCall') !== null) {
    throw new UnsupportedExpression('only one aggregate, around the whole expression');
  }
  throw new UnsupportedExpression('only columns, numbers and + - * / are supported inside the aggregate');
}

function parseSelectTarget(parser: SqlParser, expr: string): unknown {
  if (/;/.test(expr)) throw new UnsupportedExpression('one expression, no semicolon');
  let tree;
  try {
    tree = parser.parse(`SELECT ${expr}`);
  } catch (error) {
    throw new UnsupportedExpression(
      `does not parse: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const select = nodeOf(asNode(list(tree.stmts)[0])?.stmt, 'SelectStmt');
  const targets = list(select?.targetList);
  if (select === null || targets.length !== 1 || select.fromClause !== undefined) {
    throw new UnsupportedExpression('one expression expected');
  }
  return nodeOf(targets[0], 'ResTarget')?.val;
}

/** A metric read from `expr`: the aggregation, the row-level expression it aggregates, its `FILTER (WHERE …)`. */
export interface ParsedMetric {
  aggregation: Aggregation;
  expression: MetricExpression;
  filters: ColumnPredicate[];
}

/** An expression result: the value, or why the expression is not supported. */
export type ExpressionResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Parses model-file expressions with the real Postgres parser and prints model expressions as SQL. */
export class ModelExpressions {
  private constructor(private readonly parser: SqlParser) {}

  /** Loads the Postgres parser (once per process). */
  static async create(): Promise<ModelExpressions> {
    return new ModelExpressions(await SqlParser.create());
  }

  /** A metric `expr` such as `SUM(unit_price * quantity * (1 - discount))`. */
  parseMetric(expr: string): ExpressionResult<ParsedMetric> {
    try {
      const call = nodeOf(parseSelectTarget(this.parser, expr), 'FuncCall');
      if (call === null)
        throw new UnsupportedExpression('a metric must be an aggregate such as SUM(…) or COUNT(*)');
      const name = stringsOf(call.funcname).pop()?.toLowerCase() ?? '';
      const aggregation = AGGREGATE_FUNCTIONS[name];
      if (aggregation === undefined) {
        throw new UnsupportedExpression(`aggregate ${name} is not one of SUM, AVG, MIN, MAX, COUNT`);
      }
      const filters = call.agg_filter === undefined ? [] : predicates(call.agg_filter);
      if (call.agg_star === true) {
        if (aggregation !== 'count') throw new UnsupportedExpression(`${name}(*) is not an aggregate`);
        return { ok: true, value: { aggregation, expression: { kind: 'rows' }, filters } };
      }
      const args = list(call.args);
      if (args.length !== 1) throw new UnsupportedExpression('an aggregate takes one argument');
      const expression = arithmetic(args[0]);
      if (call.agg_distinct === true) {
        if (aggregation !== 'count' || expression.kind !== 'column') {
          throw new UnsupportedExpression('DISTINCT only as COUNT(DISTINCT column)');
        }
        return { ok: true, value: { aggregation: 'count_distinct', expression, filters } };
      }
      return { ok: true, value: { aggregation, expression, filters } };
    } catch (error) {
      if (error instanceof UnsupportedExpression) return { ok: false, reason: error.message };
      throw error;
    }
  }

  /** Checks that SQL is one SELECT statement that parses (the pipeline's guard checks it again before running). */
  checkSelect(sql: string): ExpressionResult<true> {
    let tree;
    try {
      tree = this.parser.parse(sql);
    } catch (error) {
      return {
        ok: false,
        reason: `the SQL does not parse: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const statements = list(tree.stmts);
    if (statements.length !== 1 || nodeOf(asNode(statements[0])?.stmt, 'SelectStmt') === null) {
      return { ok: false, reason: 'the SQL must be one SELECT statement' };
    }
    return { ok: true, value: true };
  }

  /** A filter `expr` such as `status = 'open'`, `shipped_at IS NULL` or `is_active AND region IN ('EU', 'UK')`. */
  parsePredicate(expr: string): ExpressionResult<ColumnPredicate[]> {
    try {
      return { ok: true, value: predicates(parseSelectTarget(this.parser, expr)) };
    } catch (error) {
      if (error instanceof UnsupportedExpression) return { ok: false, reason: error.message };
      throw error;
    }
  }
}

function predicates(value: unknown): ColumnPredicate[] {
  const bool = nodeOf(value, 'BoolExpr');
  if (bool !== null && bool.boolop === 'AND_EXPR') return list(bool.args).flatMap(predicates);
  if (bool !== null && bool.boolop === 'NOT_EXPR') {
    const column = columnOf(list(bool.args)[0]);
    if (column === null) throw new UnsupportedExpression('NOT only before a boolean column');
    return [{ column, op: 'eq', value: false }];
  }
  if (bool !== null) throw new UnsupportedExpression('OR is not supported; write one filter per state');
  const bare = columnOf(value);
  if (bare !== null) return [{ column: bare, op: 'eq', value: true }];
  const nullTest = nodeOf(value, 'NullTest');
  if (nullTest !== null) {
    const column = columnOf(nullTest.arg);
    if (column === null) throw new UnsupportedExpression('IS NULL only on a column');
    return [{ column, op: nullTest.nulltesttype === 'IS_NOT_NULL' ? 'is_not_null' : 'is_null' }];
  }
  const test = nodeOf(value, 'BooleanTest');
  if (test !== null) {
    const column = columnOf(test.arg);
    if (column === null) throw new UnsupportedExpression('IS TRUE/FALSE only on a column');
    const truth = test.booltesttype === 'IS_TRUE' || test.booltesttype === 'IS_NOT_FALSE';
    return [{ column, op: 'eq', value: truth }];
  }
  const expr = nodeOf(value, 'A_Expr');
  if (expr === null) throw new UnsupportedExpression('a filter compares one column with values');
  const column = columnOf(expr.lexpr);
  if (column === null) throw new UnsupportedExpression('the left side of a filter must be a column');
  const op = stringsOf(expr.name)[0];
  if (expr.kind === 'AEXPR_IN') {
    const values = list(nodeOf(expr.rexpr, 'List')?.items).map(constantOf);
    if (values.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
      throw new UnsupportedExpression('IN takes a list of literal strings or numbers');
    }
    return [{ column, op: op === '<>' ? 'not_in' : 'in', values: values as (string | number)[] }];
  }
  if (expr.kind !== 'AEXPR_OP' || (op !== '=' && op !== '<>' && op !== '!=')) {
    throw new UnsupportedExpression(
      `operator ${op ?? String(expr.kind)} is not supported (use =, <>, IN, IS NULL)`,
    );
  }
  const constant = constantOf(expr.rexpr);
  if (constant === undefined || constant === null) {
    throw new UnsupportedExpression('compare with a literal string, number or boolean');
  }
  return [{ column, op: op === '=' ? 'eq' : 'neq', value: constant }];
}

function literal(value: string | number | boolean): string {
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  return String(value);
}

/** A model predicate as the SQL text of a model file's filter `expr`. */
export function predicateSql(predicate: ColumnPredicate): string {
  const column = quoteIdent(predicate.column);
  const op = predicate.op;
  switch (op) {
    case 'eq':
      if (predicate.value === true) return column;
      if (predicate.value === false) return `NOT ${column}`;
      return `${column} = ${literal(predicate.value ?? '')}`;
    case 'neq':
      return `${column} <> ${literal(predicate.value ?? '')}`;
    case 'in':
      return `${column} IN (${(predicate.values ?? []).map(literal).join(', ')})`;
    case 'not_in':
      return `${column} NOT IN (${(predicate.values ?? []).map(literal).join(', ')})`;
    case 'is_null':
      return `${column} IS NULL`;
    case 'is_not_null':
      return `${column} IS NOT NULL`;
    default: {
      const never: never = op;
      throw new TypeError(`predicateSql: unknown operator ${String(never)}`);
    }
  }
}

const PRECEDENCE: Readonly<Record<ArithmeticOp, number>> = { '+': 1, '-': 1, '*': 2, '/': 2 };

/** A row-level model expression as SQL (`unit_price * qty * (1 - discount)`). */
export function expressionSql(expression: MetricExpression, parent = 0, rightSide = false): string {
  switch (expression.kind) {
    case 'column':
      return quoteIdent(expression.column);
    case 'number':
      return expression.value < 0 ? `(${expression.value})` : String(expression.value);
    case 'rows':
      return '*';
    case 'binary': {
      const own = PRECEDENCE[expression.op];
      const text = `${expressionSql(expression.left, own)} ${expression.op} ${expressionSql(expression.right, own, true)}`;
      return own < parent || (own === parent && rightSide) ? `(${text})` : text;
    }
    default: {
      const never: never = expression;
      throw new TypeError(`expressionSql: unknown expression ${JSON.stringify(never)}`);
    }
  }
}

/**
 * A metric's aggregate as SQL (`SUM(unit_price * qty)`, `COUNT(DISTINCT customer_id)`,
 * `COUNT(*) FILTER (WHERE ended_at IS NULL)`).
 */
export function metricSql(metric: {
  aggregation: Aggregation;
  expression: MetricExpression;
  filters?: readonly ColumnPredicate[];
}): string {
  const inner = expressionSql(metric.expression);
  const call =
    metric.aggregation === 'count_distinct'
      ? `COUNT(DISTINCT ${inner})`
      : `${metric.aggregation.toUpperCase()}(${inner})`;
  const filters = metric.filters ?? [];
  return filters.length === 0 ? call : `${call} FILTER (WHERE ${filters.map(predicateSql).join(' AND ')})`;
}
