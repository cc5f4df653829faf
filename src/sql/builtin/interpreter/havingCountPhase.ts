import { emptyPlan, type Expr } from '../queryPlan';
import type { SchemaColumn } from '../schemaModel';
import type { ReadingState } from './readingState';

/**
 * "how many growers have more than 2 plants": a count of the subjects whose group of related rows passes a
 * HAVING condition is one number — the subjects counted over a grouped HAVING subquery
 * (`key IN (SELECT key ... GROUP BY key HAVING count(*) > 2)`), not one row per group. The key is the
 * grouped subject's primary key, or the foreign-key column the count names when the subject's own table
 * is not in the request ("how many growers" over `plants.grower_id`).
 */
export function countGroupsHaving(s: ReadingState): void {
  const plan = s.plan;
  if (s.frame !== 'count' || plan.having.length === 0 || plan.setOp || plan.orderBy.length > 0) return;
  if (plan.limit !== undefined || plan.select.some((i) => i.expr.kind === 'date-part')) return;
  const counts = plan.select.filter((i) => i.expr.kind === 'aggregate' && i.expr.fn === 'count');
  if (counts.length !== 1) return;
  const counted = counts[0].expr;
  if (counted.kind !== 'aggregate') return;
  let key: SchemaColumn | null = null;
  if (counted.distinct && counted.column?.isForeignKey) key = counted.column;
  else {
    const grouped = plan.groupBy.find(
      (e): e is Extract<Expr, { kind: 'column' }> => e.kind === 'column' && e.column.isPrimaryKey,
    );
    if (grouped && grouped.column.table.primaryKey.length === 1) key = grouped.column;
  }
  if (!key) return;
  const inner = emptyPlan();
  inner.select = [{ expr: { kind: 'column', column: key } }];
  inner.where = plan.where;
  inner.groupBy = [{ kind: 'column', column: key }];
  inner.having = plan.having;
  inner.extraTables = plan.extraTables;
  inner.root = plan.root;
  plan.select = [
    {
      expr: key.isPrimaryKey
        ? { kind: 'aggregate', fn: 'count', column: null }
        : { kind: 'aggregate', fn: 'count', column: key, distinct: true },
    },
  ];
  plan.where = [{ kind: 'in-subquery', left: { kind: 'column', column: key }, negate: false, plan: inner }];
  plan.groupBy = [];
  plan.having = [];
  plan.extraTables = [];
  plan.distinct = false;
  plan.root = key.table;
  s.notes.push(`count of ${key.table.table.name} groups passing the condition`);
}
