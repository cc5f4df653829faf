import { type CatalogColumn, type CatalogTable, qualifiedName } from '../catalog';
import { typeFamily } from './columnRoles';
import { textWords } from './language';
import type { ModelExpressions } from './modelExpressions';
import type {
  DimensionOverride,
  FactOverride,
  FilterOverride,
  MetricOverride,
  ModelOverrides,
  TableOverride,
} from './overrideFile';
import { synonymsOf } from './synonyms';
import type {
  Aggregation,
  ColumnPredicate,
  Entity,
  Flag,
  FlagKind,
  MetricExpression,
  OverrideProblem,
  SemanticModel,
  VerifiedQuery,
} from './types';
import { pluralPhrase, singularPhrase } from './language';

/** What {@link applyOverrides} needs besides the model and the file. */
export interface ApplyOverridesOptions {
  /** The catalog tables the model was derived from (to check columns and their types). */
  tables: readonly CatalogTable[];
  expressions: ModelExpressions;
}

/** The merged model and every line of the file that could not be applied. */
export interface AppliedOverrides {
  model: SemanticModel;
  problems: OverrideProblem[];
}

/** `My_Name` / `my name` -> `my name` (a business phrase). */
function phrase(name: string): string {
  return textWords(name).join(' ');
}

function union(a: readonly string[], b: readonly string[]): string[] {
  const out = [...a];
  for (const s of b.map((x) => x.toLowerCase().trim()).filter((x) => x.length > 0))
    if (!out.includes(s)) out.push(s);
  return out;
}

const BARE_COLUMN = /^(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")$/;

/**
 * Applies an admin's model file to a derived model: renames, descriptions and synonyms (synonyms are
 * added), hidden tables and columns, the default time column, display columns, dimensions, time
 * dimensions, facts with their aggregation, filters (as flag states), metrics and verified queries.
 * Entries naming tables or columns the catalog does not have, or expressions the model cannot represent,
 * are reported with their line and skipped; the rest still applies. Pure apart from the parser.
 */
export function applyOverrides(
  derived: SemanticModel,
  overrides: ModelOverrides,
  options: ApplyOverridesOptions,
): AppliedOverrides {
  const model: SemanticModel = JSON.parse(JSON.stringify(derived));
  const problems: OverrideProblem[] = [];
  const tables = new Map(options.tables.map((t) => [qualifiedName(t), t]));
  for (const override of overrides.tables) {
    const key = `${override.base_table.schema}.${override.base_table.table}`;
    const entity = model.entities.find((e) => e.table === key);
    const table = tables.get(key);
    if (entity === undefined || table === undefined) {
      problems.push({
        line: override.line,
        message: `table ${key} is not in the catalog of ${model.sourceId}; entry ignored`,
      });
      continue;
    }
    new TableOverrider(model, entity, table, override, options.expressions, problems).apply();
  }
  for (const q of overrides.verifiedQueries) {
    const check = options.expressions.checkSelect(q.sql);
    if (!check.ok) {
      problems.push({ line: q.line, message: `verified query "${q.question}": ${check.reason}; ignored` });
      continue;
    }
    const query: VerifiedQuery = {
      question: q.question,
      sql: q.sql.trim(),
      verifiedBy: q.verified_by === 'feedback' ? 'feedback' : 'admin',
      ...(q.name ? { name: q.name } : {}),
      ...(q.verified_at ? { verifiedAt: q.verified_at } : {}),
    };
    model.verifiedQueries = model.verifiedQueries.filter((v) => v.question !== query.question);
    model.verifiedQueries.push(query);
  }
  return { model, problems };
}

/** Applies one `tables:` entry to its entity. */
class TableOverrider {
  constructor(
    private readonly model: SemanticModel,
    private readonly entity: Entity,
    private readonly table: CatalogTable,
    private readonly override: TableOverride,
    private readonly expressions: ModelExpressions,
    private readonly problems: OverrideProblem[],
  ) {}

  apply(): void {
    const { entity, override } = this;
    const name = singularPhrase(phrase(override.name).split(' '));
    if (name !== entity.name && name !== phrase(entity.tableName)) {
      entity.synonyms = union(entity.synonyms, [entity.name, entity.plural]);
      entity.name = name;
      entity.plural = pluralPhrase(name);
    }
    if (override.description) entity.description = override.description;
    entity.synonyms = union(entity.synonyms, override.synonyms);
    if (override.hidden !== undefined) entity.hidden = override.hidden;
    for (const d of override.dimensions) this.dimension(d);
    for (const d of override.timeDimensions) this.timeDimension(d);
    for (const f of override.facts) this.fact(f);
    for (const f of override.filters) this.filter(f);
    for (const m of override.metrics) this.metric(m);
    if (override.display_columns !== undefined) {
      const missing = override.display_columns.filter((c) => this.column(c) === undefined);
      if (missing.length > 0) {
        this.problem(
          override.fieldLines.display_columns,
          `display_columns: no column ${missing.join(', ')}; ignored`,
        );
      } else {
        entity.displayColumns = override.display_columns.map((c) => this.column(c)?.name ?? c);
      }
    }
    if (override.default_time_dimension !== undefined) {
      const column = this.column(override.default_time_dimension);
      if (column === undefined || !entity.timeDimensions.some((t) => t.column === column.name)) {
        this.problem(
          override.fieldLines.default_time_dimension,
          `default_time_dimension: ${override.default_time_dimension} is not a date or timestamp column of ${entity.table}; ignored`,
        );
      } else if (entity.defaultTimeDimension?.column !== column.name) {
        entity.defaultTimeDimension = { column: column.name, reason: 'set by the admin' };
      }
    }
  }

  private problem(line: number | undefined, message: string): void {
    this.problems.push({ line: line ?? this.override.line, message: `${this.entity.table}: ${message}` });
  }

  private column(name: string): CatalogColumn | undefined {
    const unquoted = name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
    return (
      this.table.columns.find((c) => c.name === unquoted) ??
      this.table.columns.find((c) => c.name.toLowerCase() === unquoted.toLowerCase())
    );
  }

  /** The catalog column an entry's `expr` (or, without one, its `name`) names, or a reported problem. */
  private columnOf(
    entry: { name: string; expr?: string; line: number },
    kind: string,
  ): CatalogColumn | undefined {
    const ref = entry.expr ?? entry.name;
    if (!BARE_COLUMN.test(ref)) {
      this.problem(
        entry.line,
        `${kind} ${entry.name}: expr must be a column of the table (got "${ref}"); ignored`,
      );
      return undefined;
    }
    const column = this.column(ref);
    if (column === undefined) this.problem(entry.line, `${kind} ${entry.name}: no column ${ref}; ignored`);
    return column;
  }

  /** Removes a column from every role, so an entry can give it a new one. */
  private clearRole(column: string): void {
    const e = this.entity;
    e.measures = e.measures.filter((m) => m.column !== column);
    e.dimensions = e.dimensions.filter((d) => d.column !== column);
    e.timeDimensions = e.timeDimensions.filter((t) => t.column !== column);
    e.yearColumns = e.yearColumns.filter((y) => y.column !== column);
    e.keyColumns = e.keyColumns.filter((k) => k !== column);
  }

  private hide(column: string): void {
    const e = this.entity;
    this.clearRole(column);
    e.flags = e.flags.filter((f) => f.column !== column);
    e.displayColumns = e.displayColumns.filter((c) => c !== column);
    if (e.defaultTimeDimension?.column === column) e.defaultTimeDimension = null;
    if (!e.hiddenColumns.includes(column)) e.hiddenColumns.push(column);
  }

  private dimension(entry: DimensionOverride): void {
    const column = this.columnOf(entry, 'dimension');
    if (column === undefined) return;
    if (entry.hidden === true) return this.hide(column.name);
    const name = phrase(entry.name);
    const existing = this.entity.dimensions.find((d) => d.column === column.name);
    if (existing) {
      if (name !== existing.name) existing.synonyms = union(existing.synonyms, [existing.name]);
      existing.name = name;
      if (entry.description) existing.description = entry.description;
      existing.synonyms = union(existing.synonyms, entry.synonyms);
      existing.values = [...new Set([...existing.values, ...entry.sample_values])];
      return;
    }
    this.clearRole(column.name);
    this.entity.dimensions.push({
      column: column.name,
      name,
      synonyms: union(synonymsOf(name, { identifier: column.name }), entry.synonyms),
      description: entry.description ?? column.comment,
      dataType: column.dataType,
      values: [...new Set([...(column.profile?.topValues ?? []), ...entry.sample_values])],
      distinctCount: column.profile?.distinctEstimate ?? null,
      isYear: false,
      origin: 'admin',
    });
  }

  private timeDimension(entry: DimensionOverride): void {
    const column = this.columnOf(entry, 'time dimension');
    if (column === undefined) return;
    if (entry.hidden === true) return this.hide(column.name);
    const family = typeFamily(column.dataType);
    if (family !== 'date' && family !== 'timestamp') {
      this.problem(
        entry.line,
        `time dimension ${entry.name}: ${column.name} is ${column.dataType}, not a date or timestamp; ignored`,
      );
      return;
    }
    const name = phrase(entry.name);
    const existing = this.entity.timeDimensions.find((t) => t.column === column.name);
    if (existing) {
      if (name !== existing.name) existing.synonyms = union(existing.synonyms, [existing.name]);
      existing.name = name;
      if (entry.description) existing.description = entry.description;
      existing.synonyms = union(existing.synonyms, entry.synonyms);
      return;
    }
    this.entity.timeDimensions.push({
      column: column.name,
      name,
      synonyms: union(synonymsOf(name, { identifier: column.name }), entry.synonyms),
      description: entry.description ?? column.comment,
      type: family,
      nullable: column.nullable,
      min: column.profile?.min ?? null,
      max: column.profile?.max ?? null,
      origin: 'admin',
    });
  }

  private fact(entry: FactOverride): void {
    const column = this.columnOf(entry, 'fact');
    if (column === undefined) return;
    if (entry.hidden === true) return this.hide(column.name);
    const family = typeFamily(column.dataType);
    if (family !== 'numeric' && family !== 'integer') {
      this.problem(
        entry.line,
        `fact ${entry.name}: ${column.name} is ${column.dataType}, not a number; ignored`,
      );
      return;
    }
    const name = phrase(entry.name);
    const aggregation = entry.default_aggregation as Aggregation | undefined;
    const existing = this.entity.measures.find((m) => m.column === column.name);
    if (existing) {
      if (name !== existing.name) existing.synonyms = union(existing.synonyms, [existing.name]);
      existing.name = name;
      if (entry.description) existing.description = entry.description;
      existing.synonyms = union(existing.synonyms, entry.synonyms);
      if (aggregation !== undefined && aggregation !== existing.aggregation) {
        existing.aggregation = aggregation;
        existing.reason = 'set by the admin';
      }
      if (entry.unit) existing.unit = entry.unit;
      if (entry.currency) existing.currency = entry.currency.toUpperCase();
      return;
    }
    this.clearRole(column.name);
    this.entity.measures.push({
      column: column.name,
      name,
      synonyms: union(synonymsOf(name, { identifier: column.name }), entry.synonyms),
      description: entry.description ?? column.comment,
      aggregation: aggregation ?? 'sum',
      reason: aggregation ? 'set by the admin' : 'declared a fact by the admin: summed',
      ...(entry.unit ? { unit: entry.unit } : {}),
      ...(entry.currency ? { currency: entry.currency.toUpperCase() } : {}),
      money: entry.currency !== undefined,
      origin: 'admin',
    });
  }

  private filter(entry: FilterOverride): void {
    const parsed = this.expressions.parsePredicate(entry.expr);
    if (!parsed.ok) return this.problem(entry.line, `filter ${entry.name}: ${parsed.reason}; ignored`);
    if (parsed.value.length !== 1) {
      return this.problem(
        entry.line,
        `filter ${entry.name}: one condition on one column per filter; ignored`,
      );
    }
    const predicate = parsed.value[0];
    const column = this.column(predicate.column);
    if (column === undefined)
      return this.problem(entry.line, `filter ${entry.name}: no column ${predicate.column}; ignored`);
    const resolved: ColumnPredicate = { ...predicate, column: column.name };
    const label = phrase(entry.name);
    let flag = this.entity.flags.find((f) => f.column === column.name);
    if (flag === undefined) {
      flag = {
        column: column.name,
        name: phrase(column.name),
        synonyms: [],
        kind: flagKind(resolved),
        states: [],
        origin: 'admin',
      } satisfies Flag;
      this.entity.flags.push(flag);
    }
    const same = flag.states.find((s) => s.label === label || samePredicate(s.predicate, resolved));
    if (same) {
      if (same.label !== label) same.synonyms = union(same.synonyms, [same.label]);
      same.label = label;
      same.predicate = resolved;
      same.synonyms = union(same.synonyms, entry.synonyms);
    } else {
      flag.states.push({ label, synonyms: union([], entry.synonyms), predicate: resolved });
    }
  }

  private metric(entry: MetricOverride): void {
    const parsed = this.expressions.parseMetric(entry.expr);
    if (!parsed.ok) return this.problem(entry.line, `metric ${entry.name}: ${parsed.reason}; ignored`);
    const missing = [
      ...columnsOf(parsed.value.expression),
      ...parsed.value.filters.map((f) => f.column),
    ].filter((c) => this.column(c) === undefined);
    if (missing.length > 0) {
      return this.problem(entry.line, `metric ${entry.name}: no column ${missing.join(', ')}; ignored`);
    }
    const expression = renameColumns(parsed.value.expression, (c) => this.column(c)?.name ?? c);
    const name = phrase(entry.name);
    const table = this.entity.table;
    const filters = parsed.value.filters.map((f) => ({
      ...f,
      column: this.column(f.column)?.name ?? f.column,
    }));
    const previous = this.model.metrics.find((m) => m.table === table && m.name === name);
    if (
      previous !== undefined &&
      previous.aggregation === parsed.value.aggregation &&
      JSON.stringify([previous.expression, previous.filters]) === JSON.stringify([expression, filters])
    ) {
      // the same metric (a skeleton's own entry): only words change
      previous.synonyms = union(previous.synonyms, entry.synonyms);
      if (entry.description) previous.description = entry.description;
      if (entry.unit) previous.unit = entry.unit;
      if (entry.currency) previous.currency = entry.currency.toUpperCase();
      return;
    }
    this.model.metrics = this.model.metrics.filter((m) => m !== previous);
    this.model.metrics.push({
      name,
      synonyms: union(previous?.synonyms ?? [], entry.synonyms),
      description: entry.description ?? previous?.description ?? `${name} of ${this.entity.plural}`,
      table,
      expression,
      aggregation: parsed.value.aggregation,
      filters,
      derived: false,
      reason: 'declared by the admin',
      ...(entry.unit ? { unit: entry.unit } : {}),
      ...(entry.currency ? { currency: entry.currency.toUpperCase() } : {}),
    });
  }
}

function flagKind(predicate: ColumnPredicate): FlagKind {
  if (predicate.op === 'is_null' || predicate.op === 'is_not_null') return 'nullable';
  return typeof predicate.value === 'boolean' ? 'boolean' : 'status';
}

function samePredicate(a: ColumnPredicate, b: ColumnPredicate): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Columns an expression reads. */
export function columnsOf(expression: MetricExpression): string[] {
  switch (expression.kind) {
    case 'column':
      return [expression.column];
    case 'binary':
      return [...columnsOf(expression.left), ...columnsOf(expression.right)];
    case 'number':
    case 'rows':
      return [];
    default: {
      const never: never = expression;
      throw new TypeError(`columnsOf: unknown expression ${JSON.stringify(never)}`);
    }
  }
}

function renameColumns(expression: MetricExpression, rename: (c: string) => string): MetricExpression {
  if (expression.kind === 'column') return { kind: 'column', column: rename(expression.column) };
  if (expression.kind === 'binary') {
    return {
      ...expression,
      left: renameColumns(expression.left, rename),
      right: renameColumns(expression.right, rename),
    };
  }
  return expression;
}
