import type { Condition, DateBound, Expr, OrderItem, QueryPlan, SelectItem } from './queryPlan';
import { planTables, rowExprText } from './queryPlan';
import type { SchemaColumn, SchemaTable } from './schemaModel';

/**
 * The plain-English reading of a plan and business names for its computed columns: what a user sees above
 * the result ("Total amount of orders, for order date in 2023, per region") and as headers ("Total amount",
 * "Orders") instead of `sum`/`count`.
 */

/** Lower-case business words of a column (`unit_price` → `unit price`). */
export function columnWords(column: SchemaColumn): string {
  const words = column.words.length > 0 ? column.words : [column.name];
  // A single letter the segmenter split off is part of the next word as the name spells it (`csat`).
  const name = column.name.toLowerCase();
  return words
    .reduce(
      (out, w, i) =>
        i > 0 && words[i - 1].length === 1 && name.includes(`${words[i - 1]}${w}`) ? out + w : `${out} ${w}`,
      '',
    )
    .trim();
}

/** Plural business name of a table's rows (`invoice_line` → `invoice lines`). */
export function tablePlural(table: SchemaTable): string {
  const words = table.words.length > 0 ? [...table.words] : [table.table.name.toLowerCase()];
  words[words.length - 1] = plural(words[words.length - 1]);
  return words.join(' ');
}

/** English plural of a singular noun (regular forms; irregular nouns are rare in table names). */
function plural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return word.endsWith('ss') || !word.endsWith('s') ? `${word}es` : word;
  return `${word}s`;
}

function capitalize(text: string): string {
  return text.length > 0 ? text[0].toUpperCase() + text.slice(1) : text;
}

const AGGREGATE_WORDS: Record<'sum' | 'avg' | 'max' | 'min', string> = {
  sum: 'total',
  avg: 'average',
  max: 'highest',
  min: 'lowest',
};

/** What an aggregate counts or totals, in words ("number of orders", "total amount"). */
function aggregatePhrase(expr: Extract<Expr, { kind: 'aggregate' }>, rowsOf: SchemaTable): string {
  if (expr.fn === 'count') {
    if (!expr.column) return `number of ${tablePlural(rowsOf)}`;
    if (expr.distinct) return `number of distinct ${columnWords(expr.column)} values`;
    return `number of ${tablePlural(expr.column.table)} with a ${columnWords(expr.column)}`;
  }
  const words = expr.metric ? expr.metric.name : columnWords(expr.column ?? rowsOf.columns[0]);
  const head = AGGREGATE_WORDS[expr.fn];
  // "total amount" already says total.
  return words.startsWith(`${head} `) || words === head ? words : `${head} ${words}`;
}

/** The header of a computed select item: business words instead of `count`/`sum`/`extract`. */
function header(expr: Expr, rowsOf: SchemaTable): string | undefined {
  if (expr.kind === 'aggregate') {
    if (expr.fn === 'count' && !expr.column) return capitalize(tablePlural(rowsOf));
    const phrase = aggregatePhrase(expr, rowsOf);
    return capitalize(expr.scale ? `${phrase} in ${expr.scale.unit}` : phrase);
  }
  if (expr.kind === 'count-table') return capitalize(tablePlural(expr.table));
  if (expr.kind === 'date-part') return capitalize(expr.unit);
  return undefined;
}

/** The table whose rows an unqualified count counts: the plan's root, else its first table. */
function countedTable(plan: QueryPlan): SchemaTable | null {
  return plan.root ?? planTables(plan)[0] ?? null;
}

/** Gives every computed select item (aggregates, date parts) a business-name alias, unless it has one. */
export function nameComputedColumns(plan: QueryPlan): void {
  const rowsOf = countedTable(plan);
  if (!rowsOf) return;
  const taken = new Set(plan.select.map((s) => (s.expr.kind === 'column' ? s.expr.column.name : s.alias)));
  for (const item of plan.select) {
    if (item.alias) continue;
    const name = header(item.expr, rowsOf);
    if (!name || taken.has(name)) continue;
    item.alias = name;
    taken.add(name);
  }
  if (plan.setOp) nameComputedColumns(plan.setOp.plan);
}

function exprPhrase(expr: Expr, rowsOf: SchemaTable): string {
  switch (expr.kind) {
    case 'column':
      return columnWords(expr.column);
    case 'star':
      return 'all columns';
    case 'count-table':
      return `number of ${tablePlural(expr.table)}`;
    case 'aggregate':
      return expr.fn === 'count' || !expr.column
        ? aggregatePhrase(expr, rowsOf)
        : `${aggregatePhrase(expr, rowsOf)} (${expr.fn === 'avg' ? 'average' : expr.fn} of ${
            expr.metric ? rowExprText(expr.metric.expression) : columnWords(expr.column)
          })`;
    case 'date-part':
      return `${expr.unit} of ${columnWords(expr.column)}`;
  }
}

function boundPhrase(bound: DateBound): string {
  if (typeof bound === 'string') return bound;
  const unit = bound.unit;
  if (bound.offset === 0) return bound.truncate ? `the start of this ${unit}` : 'today';
  const n = Math.abs(bound.offset);
  const span = `${n} ${unit}${n === 1 ? '' : 's'}`;
  const anchor = bound.truncate ? `the start of this ${unit}` : 'today';
  return bound.offset < 0 ? `${span} before ${anchor}` : `${span} after ${anchor}`;
}

const OP_WORDS: Record<string, string> = {
  '=': 'is',
  '!=': 'is not',
  '>': 'is above',
  '<': 'is below',
  '>=': 'is at least',
  '<=': 'is at most',
  between: 'is between',
};

function conditionPhrase(c: Condition, rowsOf: SchemaTable): string {
  switch (c.kind) {
    case 'compare': {
      const values = c.values.map((v) => (v.type === 'number' ? String(v.value) : `'${String(v.value)}'`));
      const list = c.op === 'between' ? values.join(' and ') : values.join(' or ');
      return `${exprPhrase(c.left, rowsOf)} ${OP_WORDS[c.op] ?? c.op} ${list}`;
    }
    case 'like': {
      const how = c.mode === 'contains' ? 'contains' : c.mode === 'starts' ? 'starts with' : 'ends with';
      return `${exprPhrase(c.left, rowsOf)} ${c.negate ? 'does not ' + how.replace(/s( |$)/, '$1') : how} '${c.value}'`;
    }
    case 'null':
      return `${exprPhrase(c.left, rowsOf)} is ${c.negate ? 'filled in' : 'empty'}`;
    case 'or':
      return c.items.map((i) => conditionPhrase(i, rowsOf)).join(' or ');
    case 'and':
      return c.items.map((i) => conditionPhrase(i, rowsOf)).join(' and ');
    case 'range':
      return `${columnWords(c.column)} ${c.label ?? `from ${boundPhrase(c.from)} to before ${boundPhrase(c.to)}`}`;
    case 'compare-column':
      return `${exprPhrase(c.left, rowsOf)} ${OP_WORDS[c.op] ?? c.op} ${exprPhrase(c.right, rowsOf)}`;
    case 'compare-subquery':
      return `${exprPhrase(c.left, rowsOf)} ${OP_WORDS[c.op] ?? c.op} the ${exprPhrase(c.plan.select[0]?.expr ?? c.left, rowsOf)} of other rows`;
    case 'in-subquery': {
      const other = c.plan.root ? tablePlural(c.plan.root) : 'related rows';
      const filter =
        c.plan.where.length > 0 ? ` (${c.plan.where.map((w) => conditionPhrase(w, rowsOf)).join(', ')})` : '';
      return `${c.negate ? 'with no' : 'with'} ${other}${filter}`;
    }
  }
}

function orderPhrase(order: OrderItem[], limit: number | undefined, rowsOf: SchemaTable): string {
  if (order.length === 0) return limit !== undefined ? `first ${limit} rows` : '';
  const by = order.map((o) => exprPhrase(o.expr, rowsOf)).join(', ');
  const dir = order[0].dir === 'desc' ? 'highest' : 'lowest';
  if (limit === 1) return `the one with the ${dir} ${by}`;
  if (limit !== undefined) return `the ${limit} with the ${dir} ${by}`;
  return `sorted by ${by}${order[0].dir === 'desc' ? ', highest first' : ''}`;
}

/**
 * The plain-English reading of a plan: what it computes, of which rows, for which filters, per which
 * groups, in which order ("Total amount (sum of amount) of orders, for order date in 2023, per region").
 */
export function describePlan(plan: QueryPlan): string {
  const rowsOf = countedTable(plan);
  if (!rowsOf) return '';
  const shown = (item: SelectItem) => exprPhrase(item.expr, rowsOf);
  const groups = plan.groupBy
    .filter((g) =>
      plan.select.some((s) => s.expr.kind === g.kind && exprPhrase(s.expr, rowsOf) === exprPhrase(g, rowsOf)),
    )
    .map((g) => exprPhrase(g, rowsOf));
  const measures = plan.select.filter((s) => s.expr.kind === 'aggregate' || s.expr.kind === 'count-table');
  const listed = plan.select.filter((s) => !measures.includes(s) && !groups.includes(shown(s)));
  const parts: string[] = [];
  const what =
    measures.length > 0
      ? measures.map(shown).join(', ')
      : listed.length > 0
        ? listed.map(shown).join(', ')
        : 'rows';
  const rows = tablePlural(rowsOf);
  parts.push(what.endsWith(rows) ? capitalize(what) : `${capitalize(what)} of ${rows}`);
  if (plan.where.length > 0)
    parts.push(`where ${plan.where.map((c) => conditionPhrase(c, rowsOf)).join(' and ')}`);
  if (groups.length > 0) parts.push(`per ${groups.join(' and ')}`);
  if (plan.having.length > 0)
    parts.push(`keeping groups where ${plan.having.map((c) => conditionPhrase(c, rowsOf)).join(' and ')}`);
  const order = orderPhrase(plan.orderBy, plan.limit, rowsOf);
  if (order) parts.push(order);
  if (plan.distinct) parts.push('each distinct row once');
  let text = parts.join(', ');
  if (plan.setOp) {
    const op =
      plan.setOp.op === 'EXCEPT'
        ? 'except'
        : plan.setOp.op === 'INTERSECT'
          ? 'that are also in'
          : 'together with';
    text += `; ${op}: ${describePlan(plan.setOp.plan)}`;
  }
  return text;
}
