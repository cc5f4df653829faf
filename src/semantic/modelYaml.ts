import type * as Yaml from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { typeFamily } from './columnRoles';
import { metricSql, predicateSql } from './modelExpressions';
import type { Entity, OverrideProblem, SemanticModel } from './types';

/** Most profiled values written per dimension in a skeleton (the model keeps all profiled ones). */
const SAMPLE_VALUES = 10;

const HEADER = `tablebot semantic model file (format: Snowflake Cortex Analyst semantic model YAML; see the
README, section "Semantic model", for every supported field).
Edit and rerun \`npm run reindex\`: it validates this file and reports every line it cannot apply.
Entries override the derived model: synonyms and sample_values are ADDED; description, name,
default_aggregation, default_time_dimension, display_columns and hidden REPLACE; a column listed under
another role (e.g. a number under dimensions) takes that role. Remove an entry to go back to the derived
value. \`expr\` of dimensions, time_dimensions and facts is a column of the table; filters are one
condition on one column (=, <>, IN, IS [NOT] NULL, a boolean column); metrics are one aggregate
(SUM, AVG, MIN, MAX, COUNT, COUNT(DISTINCT col), optional FILTER (WHERE ...)) of + - * / over columns.`;

function dataType(dataTypeText: string): string {
  const family = typeFamily(dataTypeText);
  if (family === 'integer' || family === 'numeric') return 'number';
  return family === 'other' ? dataTypeText : family;
}

function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as Partial<T>;
}

function tableEntry(entity: Entity, model: SemanticModel): Record<string, unknown> {
  return compact({
    name: entity.name,
    description: entity.description ?? undefined,
    synonyms: entity.synonyms,
    base_table: { schema: entity.schema, table: entity.tableName },
    hidden: entity.hidden ? true : undefined,
    primary_key: entity.primaryKey.length > 0 ? { columns: entity.primaryKey } : undefined,
    default_time_dimension: entity.defaultTimeDimension?.column,
    display_columns: entity.displayColumns,
    dimensions: entity.dimensions.map((d) =>
      compact({
        name: d.name,
        expr: d.column,
        data_type: dataType(d.dataType),
        description: d.description ?? undefined,
        synonyms: d.synonyms,
        sample_values: d.values.slice(0, SAMPLE_VALUES),
      }),
    ),
    time_dimensions: entity.timeDimensions.map((t) =>
      compact({
        name: t.name,
        expr: t.column,
        data_type: t.type,
        description: t.description ?? undefined,
        synonyms: t.synonyms,
      }),
    ),
    facts: entity.measures.map((m) =>
      compact({
        name: m.name,
        expr: m.column,
        data_type: 'number',
        default_aggregation: m.aggregation,
        description: m.description ?? undefined,
        synonyms: m.synonyms,
        unit: m.unit,
        currency: m.currency,
      }),
    ),
    filters: entity.flags.flatMap((f) =>
      f.states.map((s) => compact({ name: s.label, expr: predicateSql(s.predicate), synonyms: s.synonyms })),
    ),
    metrics: model.metrics
      .filter((m) => m.table === entity.table)
      .map((m) =>
        compact({
          name: m.name,
          expr: metricSql(m),
          description: m.description,
          synonyms: m.synonyms,
          unit: m.unit,
          currency: m.currency,
        }),
      ),
  });
}

/** The YAML library, loaded when a model file is first written (not by every user of the semantic barrel). */
function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose
  return require('yaml') as typeof Yaml;
}

function comment(doc: Document, path: (string | number)[], text: string): void {
  const node: unknown = doc.getIn(path, true);
  if (yaml().isNode(node)) (node as YamlNode).comment = ` ${text}`;
}

/**
 * The model as an editable model file: every table with its derived dimensions, time dimensions, facts,
 * filters and metrics, with the reasons of derived choices as comments.
 */
export function modelToYaml(model: SemanticModel): string {
  const data = compact({
    name: model.sourceId,
    description: `Semantic model of ${model.sourceId}`,
    tables: model.entities.map((e) => tableEntry(e, model)),
    verified_queries: model.verifiedQueries.map((q) =>
      compact({
        name: q.name,
        question: q.question,
        sql: q.sql,
        verified_by: q.verifiedBy,
        verified_at: q.verifiedAt,
      }),
    ),
  });
  const doc = new (yaml().Document)(data);
  doc.commentBefore = HEADER.split('\n')
    .map((line) => ` ${line}`)
    .join('\n');
  model.entities.forEach((entity, i) => {
    if (entity.defaultTimeDimension) {
      comment(doc, ['tables', i, 'default_time_dimension'], entity.defaultTimeDimension.reason);
    }
    entity.measures.forEach((m, j) =>
      comment(doc, ['tables', i, 'facts', j, 'default_aggregation'], m.reason),
    );
  });
  return doc.toString({ lineWidth: 0 });
}

/** A human-readable summary of a model, one block per table. */
export function modelToText(model: SemanticModel): string {
  const lines: string[] = [
    `Semantic model of ${model.sourceId}: ${model.entities.length} tables, ${model.metrics.length} metrics, ${model.verifiedQueries.length} verified queries` +
      (model.indexVersion > 0 ? ` (index version ${model.indexVersion})` : ''),
  ];
  const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : '—');
  for (const e of model.entities) {
    lines.push('');
    lines.push(`${e.name} / ${e.plural}  [${e.table}]${e.hidden ? '  (hidden)' : ''}`);
    if (e.description) lines.push(`  ${e.description}`);
    lines.push(`  synonyms:     ${list(e.synonyms)}`);
    lines.push(`  key:          ${list(e.primaryKey)}    display: ${list(e.displayColumns)}`);
    lines.push(
      `  default time: ${e.defaultTimeDimension ? `${e.defaultTimeDimension.column} (${e.defaultTimeDimension.reason})` : '—'}`,
    );
    for (const m of e.measures) {
      const unit = [m.unit, m.currency].filter((x) => x !== undefined).join(' ');
      lines.push(
        `  measure       ${m.aggregation}(${m.column}) "${m.name}"${unit ? ` [${unit}]` : ''} — ${m.reason}`,
      );
    }
    for (const t of e.timeDimensions) lines.push(`  time          ${t.column} (${t.type}) "${t.name}"`);
    for (const d of e.dimensions) {
      const values =
        d.values.length > 0 ? `: ${d.values.slice(0, 6).join(', ')}${d.values.length > 6 ? ', …' : ''}` : '';
      lines.push(`  dimension     ${d.column} "${d.name}"${d.isYear ? ' (year)' : ''}${values}`);
    }
    for (const f of e.flags) {
      lines.push(
        `  flag          ${f.column} (${f.kind}): ${f.states.map((s) => `${s.label} = ${predicateSql(s.predicate)}`).join('; ')}`,
      );
    }
    for (const m of model.metrics.filter((x) => x.table === e.table)) {
      lines.push(`  metric        ${m.name} = ${metricSql(m)}${m.derived ? ` — ${m.reason}` : ' (admin)'}`);
    }
    if (e.hiddenColumns.length > 0) lines.push(`  hidden:       ${e.hiddenColumns.join(', ')}`);
  }
  if (model.verifiedQueries.length > 0) {
    lines.push('', 'Verified queries:');
    for (const q of model.verifiedQueries) lines.push(`  "${q.question}" (${q.verifiedBy})`, `    ${q.sql}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Problems of a model file as `file:line: message` lines (line 0: the file as a whole). */
export function formatProblems(filePath: string | null, problems: readonly OverrideProblem[]): string[] {
  const file = filePath ?? 'model file';
  return problems.map((p) => (p.line > 0 ? `${file}:${p.line}: ${p.message}` : `${file}: ${p.message}`));
}

/** One line saying what a reindex stored as the semantic model. */
export function semanticSummaryLine(summary: {
  entities: number;
  metrics: number;
  verifiedQueries: number;
  overridesPath: string | null;
  problems: readonly OverrideProblem[];
}): string {
  const file =
    summary.overridesPath === null
      ? 'derived only (no model file)'
      : `with ${summary.overridesPath} (${summary.problems.length === 0 ? 'all lines applied' : `${summary.problems.length} not applied`})`;
  return `${summary.entities} tables, ${summary.metrics} metrics, ${summary.verifiedQueries} verified queries; ${file}`;
}
