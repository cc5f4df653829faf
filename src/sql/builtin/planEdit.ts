import type { AggregateFn } from './cuePatterns';
import type { Condition, Expr, OrderItem, QueryPlan, SelectItem } from './queryPlan';
import { exprKey } from './queryPlan';
import type { SchemaColumn } from './schemaModel';

/**
 * Follow-ups as edits of the previous reading. A follow-up ("and in 2022?", "only for Germany", "by month
 * instead", "top 3 instead", "which one had the fewest?", "and the average?") is read on its own over the
 * previous answer's tables and their neighbours; that small reading says what it changes, and
 * {@link editPlan} applies exactly that to the previous plan and keeps everything else:
 *
 * - a period replaces the previous period (on the previous time column when the reading chose another);
 * - a filter is added, or replaces the previous filter on the same column;
 * - a grouping replaces the previous grouping of the same kind (time bucket or dimension; all of them with
 *   "instead"), and the measure is kept;
 * - a limit replaces the limit; a superlative orders by the previous measure unless it names its own;
 * - a measure replaces the previous measure (an aggregate word alone changes the previous measure's function).
 */

/** What a follow-up changed. */
export type PlanChange = 'time' | 'filter' | 'grouping' | 'limit' | 'order' | 'measure';

/** How the follow-up was worded, beyond its reading. */
export interface EditHints {
  /** The message says the new part replaces the old ("instead"). */
  replace: boolean;
  /**
   * The follow-up asks for a grouping ("split by region"): the columns its reading lists are the groups
   * when the reading made no groups of its own.
   */
  grouping?: boolean;
  /** An aggregate word of the follow-up ("average", "total"), which may name no column of its own. */
  aggregate?: AggregateFn;
  /** A number of rows the follow-up asks for ("top 3"), also when its reading has no ranking of its own. */
  limit?: number;
}

/** The edited plan and what changed; `changes` is empty when the follow-up changed nothing. */
export interface PlanEdit {
  plan: QueryPlan;
  changes: PlanChange[];
}

const isMeasure = (e: Expr) => e.kind === 'aggregate' || e.kind === 'count-table';
const isBucket = (e: Expr) => e.kind === 'date-part';
/** A plain row count: what a reading falls back to when the follow-up names no measure. */
const isBareCount = (e: Expr) =>
  (e.kind === 'aggregate' && e.fn === 'count' && e.column === null) || e.kind === 'count-table';

/** The column a condition filters, when it filters one column. */
function conditionColumn(c: Condition): SchemaColumn | null {
  switch (c.kind) {
    case 'compare':
    case 'like':
    case 'null':
      return c.left.kind === 'column' ? c.left.column : null;
    case 'range':
      return c.column;
    case 'or': {
      const columns = c.items.map(conditionColumn);
      return columns[0] && columns.every((x) => x === columns[0]) ? columns[0] : null;
    }
    default:
      return null;
  }
}

const cloneExpr = (e: Expr): Expr => ({ ...e });

/** A deep-enough copy of a plan: lists are new, so editing one never changes the other. */
function copyPlan(plan: QueryPlan): QueryPlan {
  return {
    ...plan,
    select: plan.select.map((s) => ({ ...s, expr: cloneExpr(s.expr) })),
    where: [...plan.where],
    groupBy: plan.groupBy.map(cloneExpr),
    having: [...plan.having],
    orderBy: plan.orderBy.map((o) => ({ ...o, expr: cloneExpr(o.expr) })),
    extraTables: [...plan.extraTables],
  };
}

/** A period of the follow-up: replaces every period of the plan, kept on the plan's own time column. */
function editTime(plan: QueryPlan, periods: Condition[]): boolean {
  if (periods.length === 0) return false;
  const previous = plan.where.find((c) => c.kind === 'range');
  const timeColumn = previous?.kind === 'range' ? previous.column : bucketColumn(plan);
  plan.where = plan.where.filter((c) => c.kind !== 'range');
  for (const period of periods) {
    if (period.kind === 'range' && timeColumn && period.column !== timeColumn) {
      plan.where.push({ ...period, column: timeColumn });
    } else plan.where.push(period);
  }
  return true;
}

/** The date column the plan buckets by, if any. */
function bucketColumn(plan: QueryPlan): SchemaColumn | null {
  const bucket = plan.groupBy.find(isBucket);
  return bucket?.kind === 'date-part' ? bucket.column : null;
}

/** Filters of the follow-up: each replaces the plan's filter on the same column, or is added. */
function editFilters(plan: QueryPlan, filters: Condition[]): boolean {
  if (filters.length === 0) return false;
  for (const filter of filters) {
    const column = conditionColumn(filter);
    const same = column
      ? plan.where.findIndex((c) => c.kind !== 'range' && conditionColumn(c) === column)
      : -1;
    if (same >= 0) plan.where[same] = filter;
    else plan.where.push(filter);
  }
  return true;
}

/** The plan's measures: aggregate select items, else the aggregate it orders by. */
function measuresOf(plan: QueryPlan): Expr[] {
  const selected = plan.select.map((s) => s.expr).filter(isMeasure);
  if (selected.length > 0) return selected;
  return plan.orderBy.map((o) => o.expr).filter(isMeasure);
}

/**
 * Groupings of the follow-up. A time bucket replaces time buckets and a dimension replaces dimensions
 * ("instead" replaces both); the measures stay, after the group columns.
 */
function editGrouping(plan: QueryPlan, reading: QueryPlan, hints: EditHints): boolean {
  const listed = hints.grouping
    ? reading.select
        .map((s) => s.expr)
        .filter((e) => e.kind === 'column' && !e.column.isIdentifier && e.column.kind !== 'number')
    : [];
  const groups = reading.groupBy.length > 0 ? reading.groupBy : listed;
  if (reading.groupBy.length === 0 && groups.length > 0) {
    reading = { ...reading, groupBy: groups };
  }
  if (groups.length === 0) return false;
  const newBuckets = groups.some(isBucket);
  const newDimensions = groups.some((g) => !isBucket(g));
  const drop = (e: Expr) =>
    hints.replace
      ? !isMeasure(e)
      : (isBucket(e) && newBuckets) || (!isBucket(e) && !isMeasure(e) && newDimensions);
  const dropped = new Set(plan.groupBy.filter(drop).map(exprKey));
  plan.groupBy = [...plan.groupBy.filter((g) => !dropped.has(exprKey(g))), ...groups.map(cloneExpr)];
  const groupItems: SelectItem[] = reading.select.filter(
    (s) => !isMeasure(s.expr) && groups.some((g) => exprKey(g) === exprKey(s.expr)),
  );
  const kept = plan.select.filter(
    (s) => !dropped.has(exprKey(s.expr)) && !(plan.groupBy.length > 0 && drop(s.expr) && !isMeasure(s.expr)),
  );
  const keptGroups = kept.filter((s) => !isMeasure(s.expr));
  const keptMeasures = kept.filter((s) => isMeasure(s.expr));
  if (keptMeasures.length === 0) keptMeasures.push(...reading.select.filter((s) => isMeasure(s.expr)));
  if (keptMeasures.length === 0)
    keptMeasures.push({ expr: { kind: 'aggregate', fn: 'count', column: null } });
  // A list of rows grouped: its plain columns cannot stay (they are neither grouped nor aggregated).
  const grouped = new Set(plan.groupBy.map(exprKey));
  plan.select = [
    ...keptGroups.filter((s) => grouped.has(exprKey(s.expr))),
    ...groupItems.map((s) => ({ ...s, expr: cloneExpr(s.expr) })),
    ...keptMeasures,
  ];
  plan.orderBy = plan.orderBy.filter((o) => isMeasure(o.expr) || grouped.has(exprKey(o.expr)));
  plan.distinct = false;
  return true;
}

/** A new measure: replaces the plan's measures wherever they appear (select, order, having). */
function editMeasure(plan: QueryPlan, reading: QueryPlan, hints: EditHints): boolean {
  const named = reading.select.map((s) => s.expr).filter((e) => isMeasure(e) && !isBareCount(e));
  const previous = measuresOf(plan);
  if (previous.length === 0) {
    // A list of rows and "their average price": the measure per listed row.
    const listed = plan.select.filter((s) => s.expr.kind === 'column');
    if (named.length === 0 || listed.length === 0 || plan.setOp) return false;
    plan.groupBy = listed.map((s) => cloneExpr(s.expr));
    plan.select = [...listed, { expr: cloneExpr(named[0]) }];
    plan.distinct = false;
    return true;
  }
  const next: Expr | undefined =
    named[0] ??
    (hints.aggregate && hints.aggregate !== 'count'
      ? { kind: 'aggregate', fn: hints.aggregate, column: null }
      : undefined);
  if (!next) return false;
  // "and the average?": an aggregate over the measure column the reading could not name itself.
  const replacement: Expr =
    next.kind === 'aggregate' &&
    next.column === null &&
    previous[0].kind === 'aggregate' &&
    previous[0].column
      ? { ...previous[0], fn: next.fn, distinct: false }
      : next;
  if (exprKey(replacement) === exprKey(previous[0])) return false;
  const old = new Set(previous.map(exprKey));
  const swap = (e: Expr) => (old.has(exprKey(e)) ? cloneExpr(replacement) : e);
  let replaced = false;
  plan.select = plan.select.flatMap((s) => {
    if (!old.has(exprKey(s.expr))) return [s];
    if (replaced) return [];
    replaced = true;
    return [{ expr: swap(s.expr) }];
  });
  plan.orderBy = plan.orderBy.map((o) => ({ ...o, expr: swap(o.expr) }));
  return true;
}

/** A limit and a direction: "top 3 instead", "which one had the fewest?". */
function editOrder(plan: QueryPlan, reading: QueryPlan, hints: EditHints): PlanChange[] {
  const changes: PlanChange[] = [];
  const limit = reading.limit ?? hints.limit;
  if (limit !== undefined && limit !== plan.limit) {
    plan.limit = limit;
    changes.push('limit');
  }
  const wanted: OrderItem | undefined = reading.orderBy[0];
  if (!wanted) return changes;
  // The follow-up names what to order by only when it names a measure or column of its own.
  const named =
    !isBareCount(wanted.expr) && !(wanted.expr.kind === 'column' && wanted.expr.column.isIdentifier);
  const by: Expr | undefined = named ? wanted.expr : (plan.orderBy[0]?.expr ?? measuresOf(plan)[0]);
  if (!by) return changes;
  const next: OrderItem[] = [{ expr: cloneExpr(by), dir: wanted.dir }];
  if (
    JSON.stringify(next.map((o) => [exprKey(o.expr), o.dir])) !==
    JSON.stringify(plan.orderBy.map((o) => [exprKey(o.expr), o.dir]))
  ) {
    plan.orderBy = next;
    changes.push('order');
  }
  // A superlative without a number asks for the one row at the end.
  if (reading.limit === undefined && plan.limit === undefined && reading.orderBy.length > 0) {
    plan.limit = 1;
    if (!changes.includes('limit')) changes.push('limit');
  }
  return changes;
}

/**
 * Applies a follow-up's own reading to the previous plan. `reading` is the follow-up read over the previous
 * tables (and their neighbours) with the previous time column preferred.
 */
export function editPlan(previous: QueryPlan, reading: QueryPlan, hints: EditHints): PlanEdit {
  const plan = copyPlan(previous);
  const changes: PlanChange[] = [];
  if (
    editTime(
      plan,
      reading.where.filter((c) => c.kind === 'range'),
    )
  )
    changes.push('time');
  if (
    editFilters(
      plan,
      reading.where.filter((c) => c.kind !== 'range'),
    )
  )
    changes.push('filter');
  if (editMeasure(plan, reading, hints)) changes.push('measure');
  if (editGrouping(plan, reading, hints)) changes.push('grouping');
  changes.push(...editOrder(plan, reading, hints));
  return { plan, changes };
}
