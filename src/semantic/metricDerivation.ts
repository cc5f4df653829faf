import type { CatalogTable } from '../catalog';
import { identifierWords } from './language';
import { businessSynonyms } from './synonyms';
import type { ColumnPredicate, Entity, Measure, Metric, MetricExpression } from './types';
import {
  INFLOW_ENTITY_WORDS,
  OUTFLOW_ENTITY_WORDS,
  QUANTITY_WORDS,
  STAFF_ENTITY_WORDS,
  STOCK_WORDS,
} from './vocabulary';

/** Words of money columns that are a part of a sale, never the sale's total. */
const NOT_A_TOTAL = new Set(
  'tax freight shipping discount fee fees paid due balance budget target quota credit limit refund deposit cost'.split(
    ' ',
  ),
);
/** Words of entities whose rows are the orders themselves (average order value applies). */
const ORDER_ENTITY_WORDS = new Set(
  'order orders sale sales invoice transaction booking purchase checkout basket'.split(' '),
);

const col = (column: string): MetricExpression => ({ kind: 'column', column });
const num = (value: number): MetricExpression => ({ kind: 'number', value });
const times = (left: MetricExpression, right: MetricExpression): MetricExpression => ({
  kind: 'binary',
  op: '*',
  left,
  right,
});

function wordsOf(measure: Measure): string[] {
  return identifierWords(measure.column);
}

/** Money flows in (sales) or out (spend) on rows of this entity, or neither. */
function direction(entity: Entity): 'in' | 'out' | null {
  const words = [...entity.name.split(' '), ...identifierWords(entity.tableName)];
  if (words.some((w) => OUTFLOW_ENTITY_WORDS.has(w))) return 'out';
  // a purchase order is what the business buys, not what it sells
  if (words.includes('purchase') && words.includes('order')) return 'out';
  if (words.some((w) => INFLOW_ENTITY_WORDS.has(w))) return 'in';
  return null;
}

function flowMetricNames(flow: 'in' | 'out'): { name: string; synonyms: string[] } {
  const name = flow === 'in' ? 'revenue' : 'spend';
  return { name, synonyms: [...businessSynonyms(name)] };
}

/** The line-item metric: price × quantity × (1 − discount) on a table with those columns and a reference. */
function lineItemMetric(entity: Entity, table: CatalogTable): Metric | null {
  if (table.foreignKeys.length === 0) return null;
  const price = entity.measures.find((m) => m.aggregation === 'avg' && wordsOf(m).includes('price'));
  const quantity = entity.measures.find((m) => {
    const w = wordsOf(m);
    return w.some((x) => QUANTITY_WORDS.has(x)) && !w.some((x) => STOCK_WORDS.has(x));
  });
  if (price === undefined || quantity === undefined) return null;
  const flow = direction(entity) ?? 'in';
  const { name, synonyms } = flowMetricNames(flow);
  const base = {
    name,
    synonyms: [...synonyms, 'line total', 'extended price'],
    table: entity.table,
    aggregation: 'sum' as const,
    filters: [],
    derived: true,
  };
  // the table's own line total (`line_amount`, `extended_price`) already has discounts applied
  const lineTotal = entity.measures.find((m) => {
    const w = wordsOf(m);
    return (
      m.money &&
      m.aggregation === 'sum' &&
      w.some((x) => ['total', 'amount', 'extended', 'subtotal'].includes(x)) &&
      !w.some((x) => NOT_A_TOTAL.has(x))
    );
  });
  if (lineTotal !== undefined) {
    return {
      ...base,
      description: `Total ${name} of ${entity.plural}: sum of ${lineTotal.column}`,
      expression: col(lineTotal.column),
      reason: `a line-item table (${price.column}, ${quantity.column}) with its own line total (${lineTotal.column})`,
      ...(lineTotal.currency ? { currency: lineTotal.currency } : {}),
    };
  }
  const discount = entity.measures.find((m) => wordsOf(m).includes('discount'));
  let expression = times(col(price.column), col(quantity.column));
  let formula = `${price.column} × ${quantity.column}`;
  if (discount !== undefined && discount.aggregation === 'sum') {
    // a discount amount per line is subtracted
    expression = { kind: 'binary', op: '-', left: expression, right: col(discount.column) };
    formula += ` − ${discount.column}`;
  } else if (discount !== undefined && !discount.money) {
    const column = table.columns.find((c) => c.name === discount.column);
    const max = Number(column?.profile?.max ?? NaN);
    const percent = discount.unit === 'percent' || (!Number.isNaN(max) && max > 1);
    const fraction = percent
      ? ({ kind: 'binary', op: '/', left: col(discount.column), right: num(100) } as MetricExpression)
      : col(discount.column);
    expression = times(expression, { kind: 'binary', op: '-', left: num(1), right: fraction });
    formula += percent ? ` × (1 − ${discount.column}/100)` : ` × (1 − ${discount.column})`;
  }
  return {
    ...base,
    description: `Total ${name} of ${entity.plural}: sum of ${formula}`,
    expression,
    reason: `a line-item table: a unit price (${price.column}) and a quantity (${quantity.column})${
      discount ? ` with a discount (${discount.column})` : ''
    }`,
    ...(price.currency ? { currency: price.currency } : {}),
  };
}

/** The total-column metrics: revenue (or spend) = sum(total), and average order value = avg(total). */
function totalMetrics(entity: Entity): Metric[] {
  if (entity.defaultTimeDimension === null) return [];
  const flow = direction(entity);
  if (flow === null) return [];
  const candidates = entity.measures.filter((m) => {
    const w = wordsOf(m);
    return (
      m.money &&
      m.aggregation === 'sum' &&
      w.some((x) => x === 'total' || x === 'amount' || x === 'subtotal') &&
      // what the business pays is exactly its cost
      !w.some((x) => NOT_A_TOTAL.has(x) && !(flow === 'out' && x === 'cost'))
    );
  });
  // revenue is net of discounts: a net amount first, then a total, then any amount
  const best =
    candidates.find((m) => wordsOf(m).includes('net')) ??
    candidates.find((m) => wordsOf(m).includes('total') && !wordsOf(m).includes('subtotal')) ??
    candidates.find((m) => wordsOf(m).includes('amount')) ??
    candidates[0];
  if (best === undefined) return [];
  const { name, synonyms } = flowMetricNames(flow);
  const currency = best.currency ? { currency: best.currency } : {};
  const metrics: Metric[] = [
    {
      name,
      synonyms,
      description: `Total ${name} of ${entity.plural}: sum of ${best.column}`,
      table: entity.table,
      expression: col(best.column),
      aggregation: 'sum',
      filters: [],
      derived: true,
      reason: `${entity.plural} carry a total money column (${best.column})`,
      ...currency,
    },
  ];
  const orderWords = [...entity.name.split(' '), ...identifierWords(entity.tableName)];
  if (flow === 'in' && orderWords.some((w) => ORDER_ENTITY_WORDS.has(w))) {
    metrics.push({
      name: 'average order value',
      synonyms: [...businessSynonyms('average order value')],
      description: `Average ${best.column} per ${entity.name}`,
      table: entity.table,
      expression: col(best.column),
      aggregation: 'avg',
      filters: [],
      derived: true,
      reason: `one row per ${entity.name} with a total (${best.column})`,
      ...currency,
    });
  }
  return metrics;
}

/** Headcount = the number of current rows of a staff table (rows with an end or termination date excluded). */
function headcountMetric(entity: Entity): Metric | null {
  const words = [...entity.name.split(' '), ...identifierWords(entity.tableName)];
  if (!words.some((w) => STAFF_ENTITY_WORDS.has(w))) return null;
  const filters: ColumnPredicate[] = [];
  for (const flag of entity.flags) {
    if (flag.kind !== 'nullable') continue;
    const current = flag.states.find((s) => s.predicate.op === 'is_null' && s.synonyms.includes('current'));
    if (current) filters.push(current.predicate);
  }
  return {
    name: 'headcount',
    synonyms: [...businessSynonyms('headcount')],
    description: `Number of ${filters.length > 0 ? 'current ' : ''}${entity.plural}`,
    table: entity.table,
    expression: { kind: 'rows' },
    aggregation: 'count',
    filters,
    derived: true,
    reason: `${entity.plural} are people on the staff`,
  };
}

/**
 * The metrics the structure makes obvious: revenue (or spend) of line items and of tables with a total,
 * average order value, headcount of staff. Everything else is declared by an admin.
 */
export function deriveMetrics(entity: Entity, table: CatalogTable): Metric[] {
  if (entity.hidden) return [];
  const metrics: Metric[] = [];
  const lineItem = lineItemMetric(entity, table);
  if (lineItem) metrics.push(lineItem);
  else metrics.push(...totalMetrics(entity));
  const headcount = headcountMetric(entity);
  if (headcount) metrics.push(headcount);
  return metrics;
}
