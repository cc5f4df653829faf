import { quoteIdent, quoteLiteral, quoteTable } from '../../catalog';
import type { JoinGraph } from './joinGraph';
import type { Condition, DateBound, Expr, Literal, QueryPlan, RowExpr } from './queryPlan';
import { exprKey, planTables } from './queryPlan';
import type { SchemaColumn, SchemaTable } from './schemaModel';

/** A plan could not be written (tables that do not connect). */
export class PlanWriteError extends Error {}

const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', '0']);

/** A quoted SQL string literal (the catalog's {@link quoteLiteral}, under the name the generator uses). */
export const stringLiteral = quoteLiteral;

/** Writes a plan as one Postgres SELECT. Aliases `t1..tn` when several tables join (`s` prefix in subqueries). */
export class SqlWriter {
  private readonly aliases = new Map<SchemaTable, string>();

  private constructor(
    private readonly graph: JoinGraph,
    private readonly prefix: string,
  ) {}

  /** The SQL of `plan`. @throws PlanWriteError when its tables do not connect. */
  static write(plan: QueryPlan, graph: JoinGraph, prefix = 't'): string {
    return new SqlWriter(graph, prefix).statement(plan);
  }

  private statement(plan: QueryPlan): string {
    const main = this.select(plan);
    if (!plan.setOp) return main;
    const right = new SqlWriter(this.graph, this.prefix).statement(plan.setOp.plan);
    const wrap = (sql: string, p: QueryPlan) =>
      p.orderBy.length > 0 || p.limit !== undefined ? `(${sql})` : sql;
    return `${wrap(main, plan)} ${plan.setOp.op} ${wrap(right, plan.setOp.plan)}`;
  }

  private select(plan: QueryPlan): string {
    const tables = planTables(plan);
    const { steps, unreachable } = this.graph.connect(tables, plan.root);
    if (unreachable.length > 0) {
      throw new PlanWriteError(
        `SqlWriter.write: no join path to ${unreachable.map((t) => t.qname).join(', ')}`,
      );
    }
    if (steps.length > 1) steps.forEach((s, i) => this.aliases.set(s.table, `${this.prefix}${i + 1}`));
    const from = steps
      .map((s) => {
        const alias = this.aliases.get(s.table);
        const ref = alias ? `${quoteTable(s.table.table)} AS ${alias}` : quoteTable(s.table.table);
        if (!s.via) return ref;
        const other = this.aliases.get(s.via.table) as string;
        const on = s.via.pairs.map(
          ([mine, theirs]) => `${alias}.${quoteIdent(mine)} = ${other}.${quoteIdent(theirs)}`,
        );
        return `JOIN ${ref} ON ${on.join(' AND ')}`;
      })
      .join(' ');

    const aggregated = (e: Expr) => e.kind === 'aggregate' || e.kind === 'count-table';
    const grouped =
      plan.groupBy.length > 0 ||
      plan.select.some((s) => aggregated(s.expr)) ||
      plan.orderBy.some((o) => aggregated(o.expr)) ||
      plan.having.length > 0;
    const groupBy = [...plan.groupBy];
    if (grouped) {
      const keys = new Set(groupBy.map(exprKey));
      const needs = [...plan.select.map((s) => s.expr), ...plan.orderBy.map((o) => o.expr)].filter(
        (e) => e.kind === 'column' || e.kind === 'date-part',
      );
      for (const e of needs)
        if (!keys.has(exprKey(e))) {
          keys.add(exprKey(e));
          groupBy.push(e);
        }
    }
    let distinct = plan.distinct;
    let orderBy = plan.orderBy;
    if (distinct && plan.orderBy.some((o) => !plan.select.some((s) => exprKey(s.expr) === exprKey(o.expr)))) {
      // DISTINCT rows ordered by a column not shown: one group per shown row, ordered by its first/last value.
      distinct = false;
      if (!grouped && !plan.distinctImplied && plan.select.every((s) => s.expr.kind === 'column')) {
        for (const s of plan.select) groupBy.push(s.expr);
        orderBy = plan.orderBy.map((o) =>
          o.expr.kind === 'column' && !plan.select.some((s) => exprKey(s.expr) === exprKey(o.expr))
            ? {
                expr: { kind: 'aggregate', fn: o.dir === 'asc' ? 'min' : 'max', column: o.expr.column },
                dir: o.dir,
              }
            : o,
        );
      }
    }

    const parts = [
      `SELECT ${distinct ? 'DISTINCT ' : ''}${plan.select.map((s) => this.selectItem(s.expr, s.alias)).join(', ')}`,
    ];
    parts.push(`FROM ${from}`);
    if (plan.where.length > 0) parts.push(`WHERE ${plan.where.map((c) => this.condition(c)).join(' AND ')}`);
    if (groupBy.length > 0) parts.push(`GROUP BY ${groupBy.map((e) => this.expr(e)).join(', ')}`);
    if (plan.having.length > 0)
      parts.push(`HAVING ${plan.having.map((c) => this.condition(c)).join(' AND ')}`);
    if (orderBy.length > 0)
      parts.push(`ORDER BY ${orderBy.map((o) => `${this.expr(o.expr)} ${o.dir.toUpperCase()}`).join(', ')}`);
    if (plan.limit !== undefined) parts.push(`LIMIT ${plan.limit}`);
    return parts.join(' ');
  }

  private selectItem(expr: Expr, alias?: string): string {
    const sql = this.expr(expr);
    return alias ? `${sql} AS ${quoteIdent(alias)}` : sql;
  }

  private column(c: SchemaColumn): string {
    const alias = this.aliases.get(c.table);
    return alias ? `${alias}.${quoteIdent(c.name)}` : quoteIdent(c.name);
  }

  private dateValue(c: SchemaColumn): string {
    return c.kind === 'date' ? this.column(c) : `${this.column(c)}::date`;
  }

  private expr(expr: Expr): string {
    switch (expr.kind) {
      case 'column':
        return this.column(expr.column);
      case 'star':
        return '*';
      case 'count-table':
        return 'count(*)';
      case 'aggregate': {
        if (!expr.column) return 'count(*)';
        const inner = `${expr.distinct ? 'DISTINCT ' : ''}${this.column(expr.column)}`;
        // A yes/no column adds up as 1/0 ("what % of visits converted" → 100.0 * avg(1/0)).
        const value =
          expr.column.kind === 'boolean' ? `CASE WHEN ${this.column(expr.column)} THEN 1 ELSE 0 END` : null;
        let sql: string;
        if (expr.metric) sql = `${expr.fn}(${this.rowExpr(expr.metric.expression)})`;
        else if (value && (expr.fn === 'sum' || expr.fn === 'avg'))
          sql = `${expr.percent ? '100.0 * ' : ''}${expr.fn}(${value})`;
        else if ((expr.fn === 'sum' || expr.fn === 'avg') && expr.column.kind !== 'number')
          sql = `${expr.fn}(${this.column(expr.column)}::numeric)`;
        else sql = `${expr.fn}(${inner})`;
        return expr.scale ? `${sql} / ${expr.scale.divisor}.0` : sql;
      }
      case 'date-part': {
        const v = this.dateValue(expr.column);
        if (expr.unit === 'week' || expr.unit === 'month' || expr.unit === 'quarter')
          return `date_trunc('${expr.unit}', ${v})::date`;
        if (expr.unit === 'day') return `${v}::date`;
        return `extract(${expr.unit} from ${v})::int`;
      }
    }
  }

  private rowExpr(e: RowExpr): string {
    switch (e.kind) {
      case 'column':
        return this.column(e.column);
      case 'number':
        return String(e.value);
      case 'binary':
        return `(${this.rowExpr(e.left)} ${e.op} ${this.rowExpr(e.right)})`;
    }
  }

  private literal(lit: Literal, column: SchemaColumn | null): string {
    const kind = column?.kind;
    if (kind === 'number') {
      const n = typeof lit.value === 'number' ? lit.value : Number(String(lit.value).replace(/,/g, ''));
      if (Number.isFinite(n)) return String(n);
      return stringLiteral(String(lit.value));
    }
    if (kind === 'boolean') {
      const w = String(lit.value).toLowerCase();
      if (TRUE_WORDS.has(w)) return 'true';
      if (FALSE_WORDS.has(w)) return 'false';
    }
    return stringLiteral(String(lit.value));
  }

  private leftFor(left: Expr, lit: Literal | undefined): { sql: string; column: SchemaColumn | null } {
    if (left.kind === 'column') {
      const c = left.column;
      if (c.kind === 'date' && lit && lit.type === 'number')
        return { sql: `extract(year from ${this.column(c)})`, column: null };
      if (c.kind === 'date' && lit && !/^\d{4}-\d{1,2}-\d{1,2}/.test(String(lit.value)))
        return { sql: `${this.column(c)}::text`, column: null };
      if (c.kind === 'number' && lit && lit.type !== 'number' && !Number.isFinite(Number(lit.value)))
        return { sql: `${this.column(c)}::text`, column: null };
      if (
        c.kind === 'boolean' &&
        lit &&
        !TRUE_WORDS.has(String(lit.value).toLowerCase()) &&
        !FALSE_WORDS.has(String(lit.value).toLowerCase())
      )
        return { sql: `${this.column(c)}::text`, column: null };
      return { sql: this.column(c), column: c };
    }
    return { sql: this.expr(left), column: null };
  }

  private condition(c: Condition): string {
    switch (c.kind) {
      case 'compare': {
        const { sql, column } = this.leftFor(c.left, c.values[0]);
        const lit = (l: Literal) =>
          column
            ? this.literal(l, column)
            : l.type === 'number'
              ? String(l.value)
              : stringLiteral(String(l.value));
        if (c.op === 'between' && c.values.length >= 2)
          return `${sql} BETWEEN ${lit(c.values[0])} AND ${lit(c.values[1])}`;
        const op = c.op === 'between' ? '=' : c.op;
        if (column?.kind === 'text' && (op === '=' || op === '!=') && c.values.every((v) => v.typed)) {
          // typed text matched to no stored value: equal regardless of case
          const list = c.values.map((v) => stringLiteral(String(v.value).toLowerCase())).join(', ');
          const lowered = `lower(${sql})`;
          if (c.values.length > 1) return `${lowered} ${op === '!=' ? 'NOT IN' : 'IN'} (${list})`;
          return `${lowered} ${op === '!=' ? '<>' : '='} ${list}`;
        }
        if (c.values.length > 1) {
          const list = c.values.map(lit).join(', ');
          return op === '!=' ? `${sql} NOT IN (${list})` : `${sql} IN (${list})`;
        }
        return `${sql} ${op} ${lit(c.values[0])}`;
      }
      case 'like': {
        const left =
          c.left.kind === 'column' && c.left.column.kind !== 'text'
            ? `${this.expr(c.left)}::text`
            : this.expr(c.left);
        const escaped = c.value.replace(/[\\%_]/g, (m) => `\\${m}`);
        const pattern =
          c.mode === 'contains' ? `%${escaped}%` : c.mode === 'starts' ? `${escaped}%` : `%${escaped}`;
        return `${left} ${c.negate ? 'NOT ILIKE' : 'ILIKE'} ${stringLiteral(pattern)}`;
      }
      case 'null':
        return `${this.expr(c.left)} IS ${c.negate ? 'NOT ' : ''}NULL`;
      case 'or':
        return `(${c.items.map((i) => this.condition(i)).join(' OR ')})`;
      case 'and':
        return c.items.map((i) => this.condition(i)).join(' AND ');
      case 'range': {
        const col = this.column(c.column);
        return `${col} >= ${dateBound(c.from)} AND ${col} < ${dateBound(c.to)}`;
      }
      case 'compare-column':
        return `${this.expr(c.left)} ${c.op === 'between' ? '=' : c.op} ${this.expr(c.right)}`;
      case 'compare-subquery':
        return `${this.expr(c.left)} ${c.op === 'between' ? '=' : c.op} (${SqlWriter.write(c.plan, this.graph, `${this.prefix}s`)})`;
      case 'in-subquery':
        return `${this.expr(c.left)} ${c.negate ? 'NOT IN' : 'IN'} (${SqlWriter.write(c.plan, this.graph, `${this.prefix}s`)})`;
    }
  }
}

/**
 * SQL of a range end: an ISO date literal, or date arithmetic on `current_date` (so the query means the same
 * period whenever it runs).
 */
export function dateBound(bound: DateBound): string {
  if (typeof bound === 'string') return stringLiteral(bound);
  const base = bound.truncate ? `date_trunc('${bound.unit}', current_date)` : 'current_date';
  if (bound.offset === 0) return bound.truncate ? `${base}::date` : base;
  const months = bound.unit === 'quarter' ? 3 : bound.unit === 'year' ? 12 : bound.unit === 'month' ? 1 : 0;
  const amount =
    months > 0 ? Math.abs(bound.offset) * months : Math.abs(bound.offset) * (bound.unit === 'week' ? 7 : 1);
  const interval = `interval '${amount} ${months > 0 ? 'months' : 'days'}'`;
  return `(${base} ${bound.offset < 0 ? '-' : '+'} ${interval})::date`;
}
