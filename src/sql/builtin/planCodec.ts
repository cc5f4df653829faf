import type { Condition, Expr, OrderItem, QueryPlan, SelectItem } from './queryPlan';
import type { SchemaColumn, SchemaModel, SchemaTable } from './schemaModel';

/**
 * A {@link QueryPlan} as plain JSON: every column and table is named by `schema.table` (and column name)
 * instead of pointing into a schema model. This is what a conversation keeps of an answer's reading, so a
 * follow-up edits the plan rather than the words of the previous question; {@link decodePlan} binds it
 * again to a model built over the same tables.
 */
export interface PlanJson {
  /** Format version, so a stored reading from another version is ignored rather than misread. */
  v: 1;
  plan: unknown;
}

/** A column reference in JSON. */
interface ColumnRef {
  $col: [string, string];
}
/** A table reference in JSON. */
interface TableRef {
  $table: string;
}

/** A stored plan names a table or column the model does not have. */
export class PlanDecodeError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for a schema column object of a model. */
function isColumn(v: Record<string, unknown>): boolean {
  return 'table' in v && 'column' in v && 'kind' in v && 'valueIndex' in v;
}

/** True for a schema table object of a model. */
function isTable(v: Record<string, unknown>): boolean {
  return 'qname' in v && 'columns' in v && 'labelColumns' in v;
}

function encodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(encodeValue);
  if (!isObject(value)) return value;
  if (isColumn(value)) {
    const column = value as unknown as SchemaColumn;
    const ref: ColumnRef = { $col: [column.table.qname, column.name] };
    return ref;
  }
  if (isTable(value)) {
    const ref: TableRef = { $table: (value as unknown as SchemaTable).qname };
    return ref;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = encodeValue(v);
  return out;
}

/** The plan as JSON (column and table objects replaced by their names). */
export function encodePlan(plan: QueryPlan): PlanJson {
  return { v: 1, plan: encodeValue(plan) };
}

/**
 * Fields the SQL writer writes as they are (operators, function and unit names, directions, numbers): a
 * stored plan may come back from a client (`/api/ask`), so each must be one of the known words or a number.
 */
const WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  op: new Set(['=', '!=', '>', '<', '>=', '<=', 'between', 'INTERSECT', 'EXCEPT', 'UNION']),
  fn: new Set(['count', 'sum', 'avg', 'max', 'min']),
  unit: new Set(['year', 'quarter', 'month', 'week', 'day']),
  dir: new Set(['asc', 'desc']),
  mode: new Set(['contains', 'starts', 'ends']),
};
const NUMBERS = new Set(['offset', 'limit']);

function checkField(key: string, value: unknown): void {
  const words = WORDS[key];
  if (words && !(typeof value === 'string' && words.has(value))) {
    throw new PlanDecodeError(`decodePlan: ${key} ${JSON.stringify(value)} is not allowed`);
  }
  if (NUMBERS.has(key) && !(typeof value === 'number' && Number.isInteger(value))) {
    throw new PlanDecodeError(`decodePlan: ${key} must be an integer`);
  }
}

function decodeValue(value: unknown, model: SchemaModel): unknown {
  if (Array.isArray(value)) return value.map((v) => decodeValue(v, model));
  if (!isObject(value)) return value;
  for (const [key, v] of Object.entries(value)) checkField(key, v);
  // A number literal is written as it is: it must be a number.
  if (
    value.type === 'number' &&
    'value' in value &&
    !(typeof value.value === 'number' && Number.isFinite(value.value))
  ) {
    throw new PlanDecodeError('decodePlan: a number literal must be a number');
  }
  if (value.type === 'date' && 'value' in value && typeof value.value !== 'string') {
    throw new PlanDecodeError('decodePlan: a date literal must be text');
  }
  if ('$col' in value && Array.isArray(value.$col)) {
    const [table, name] = value.$col as [string, string];
    const column = model.byName.get(table)?.columns.find((c) => c.name === name);
    if (!column) throw new PlanDecodeError(`decodePlan: no column ${table}.${name}`);
    return column;
  }
  if ('$table' in value && typeof value.$table === 'string') {
    const table = model.byName.get(value.$table);
    if (!table) throw new PlanDecodeError(`decodePlan: no table ${value.$table}`);
    return table;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = decodeValue(v, model);
  return out;
}

/** True when a value looks like a stored plan of this version. */
export function isPlanJson(value: unknown): value is PlanJson {
  return isObject(value) && value.v === 1 && isObject(value.plan);
}

/**
 * Binds a stored plan to a model over the same tables (or more). @throws PlanDecodeError when the model
 * lacks one of its tables or columns (the catalog changed since).
 */
export function decodePlan(json: PlanJson, model: SchemaModel): QueryPlan {
  const plan = decodeValue(json.plan, model) as QueryPlan;
  plan.select ??= [] as SelectItem[];
  plan.where ??= [] as Condition[];
  plan.groupBy ??= [] as Expr[];
  plan.having ??= [] as Condition[];
  plan.orderBy ??= [] as OrderItem[];
  plan.extraTables ??= [];
  plan.distinct ??= false;
  return plan;
}

/** The `schema.table` names a stored plan reads (its top level and subqueries). */
export function planJsonTables(json: PlanJson): string[] {
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) {
      if ('$col' in v && Array.isArray(v.$col)) found.add(String(v.$col[0]));
      else if ('$table' in v && typeof v.$table === 'string') found.add(v.$table);
      else Object.values(v).forEach(walk);
    }
  };
  walk(json.plan);
  return [...found];
}
