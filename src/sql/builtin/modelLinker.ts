import type { CatalogTable } from '../../catalog';
import {
  type Aggregation,
  deriveSemanticModel,
  type MetricExpression,
  type ModelElement,
  SemanticLookup,
} from '../../semantic';
import type { RowExpr } from './queryPlan';
import type { QuestionToken } from './questionTokens';
import type { ColumnCandidate, Mention, TableCandidate } from './schemaLinker';
import type { SchemaColumn, SchemaModel, SchemaTable } from './schemaModel';

/**
 * The generator's reading vocabulary: business words of a semantic model (entity synonyms such as "clients"
 * for customers or "reps" for employees, measure and dimension names and synonyms, typos of them) as schema
 * mentions, for the question phrases the schema's own names do not link.
 */
export interface ReadingVocabulary {
  /** Mentions for phrases of `tokens` that no mention covers and no hard cue reserves. */
  extend(options: { tokens: QuestionToken[]; mentions: Mention[]; blocked: ReadonlySet<number> }): Mention[];
}

/** What the reading asks of the model about a column's values: how they combine over many rows. */
export interface MeasureVocabulary {
  /**
   * The default aggregation of a column the model reads as a measure (amounts and quantities `sum`, prices
   * and scores `avg`), or of a one-column metric on it; null for keys, dimensions, dates and names.
   */
  aggregationOf(column: SchemaColumn): Aggregation | null;
  /** The metric over several columns a mention names ("revenue" = price × quantity), or null. */
  metricOf(mention: Mention): MentionedMetric | null;
  /**
   * True when the mention names a metric that counts its table's rows ("headcount" = the number of staff
   * rows): the question counts that table's rows, as "how many <rows>" would.
   */
  countsRows(mention: Mention): boolean;
  /**
   * The one column of `tables` that a measure or a one-column metric named exactly by `phrase` reads
   * ("sales" → the net amount the revenue metric sums), or null when none or several do.
   */
  measureNamed(phrase: string, tables: readonly SchemaTable[]): SchemaColumn | null;
  /** The column a table's one-column summed metric reads (its revenue or spend total), or null. */
  totalOf(table: SchemaTable): SchemaColumn | null;
}

/** A metric over several columns of one table, as a mention names it. */
export interface MentionedMetric {
  name: string;
  aggregation: Aggregation;
  expression: RowExpr;
}

/** {@link ReadingVocabulary} backed by the semantic model derived from the request's tables. */
export class ModelVocabulary implements ReadingVocabulary, MeasureVocabulary {
  /** Metrics over several columns, by the mentions this vocabulary made for them. */
  private readonly metrics = new WeakMap<Mention, MentionedMetric>();
  /** Mentions this vocabulary made for metrics that count a table's rows. */
  private readonly rowCounts = new WeakSet<Mention>();

  private constructor(
    private readonly lookup: SemanticLookup,
    private readonly schema: SchemaModel,
  ) {}

  metricOf(mention: Mention): MentionedMetric | null {
    return this.metrics.get(mention) ?? null;
  }

  countsRows(mention: Mention): boolean {
    return this.rowCounts.has(mention);
  }

  /** A metric expression over this schema's columns, or null when a column is missing or it counts rows. */
  private rowExpr(table: string, e: MetricExpression): RowExpr | null {
    switch (e.kind) {
      case 'column': {
        const column = this.column(table, e.column);
        return column ? { kind: 'column', column } : null;
      }
      case 'number':
        return { kind: 'number', value: e.value };
      case 'binary': {
        const left = this.rowExpr(table, e.left);
        const right = this.rowExpr(table, e.right);
        return left && right ? { kind: 'binary', op: e.op, left, right } : null;
      }
      case 'rows':
        return null;
    }
  }

  /** The vocabulary of `tables` (the model is derived from the catalog and profiles; pure, no I/O). */
  static derive(tables: readonly CatalogTable[], schema: SchemaModel): ModelVocabulary {
    const model = deriveSemanticModel({ sourceId: tables[0]?.sourceId ?? 'request', tables });
    return new ModelVocabulary(new SemanticLookup(model), schema);
  }

  extend(options: { tokens: QuestionToken[]; mentions: Mention[]; blocked: ReadonlySet<number> }): Mention[] {
    const { tokens, mentions, blocked } = options;
    const words = tokens.filter((t) => t.kind === 'word');
    if (words.length === 0) return mentions;
    const reading = this.lookup.resolve(words.map((t) => t.text).join(' '));
    const covered = (i: number) => blocked.has(i) || mentions.some((m) => m.start <= i && i < m.end);
    const added: Mention[] = [];
    const current = [...mentions];
    for (const match of reading.cover) {
      // Reading words are the question's word tokens in order (the question was rebuilt from them).
      const span = words.slice(match.start, match.end);
      if (span.length === 0 || span.length !== match.end - match.start) continue;
      const start = span[0].index;
      const end = span[span.length - 1].index + 1;
      if (end - start !== span.length) continue;
      this.settleWeakLink(current, match.element, { start, end });
      let free = true;
      for (let i = start; i < end; i++) if (covered(i)) free = false;
      if (!free || added.some((m) => m.start < end && start < m.end)) continue;
      // An event word with a period asks when it happened ("tickets opened last month"), not the state.
      if (match.via === 'event') continue;
      const mention = this.mentionOf(match.element, match.score, { start, end, text: match.text });
      if (mention) added.push(mention);
    }
    for (let i = 0; i < current.length; i++) current[i] = preferWholeAmount(current[i]);
    if (added.length === 0) return current;
    return [...current, ...added].sort((a, b) => a.start - b.start);
  }

  /**
   * "online revenue" linked by name only weakly and to several money columns alike (`subtotal_amt`,
   * `tax_amt`, ... at one score): the column the model's measure or metric for the words names is put first.
   */
  private settleWeakLink(
    mentions: Mention[],
    element: ModelElement,
    span: { start: number; end: number },
  ): void {
    const column =
      element.kind === 'metric' && element.metric.expression.kind === 'column'
        ? this.column(element.metric.table, element.metric.expression.column)
        : element.kind === 'measure'
          ? this.column(element.entity.table, element.measure.column)
          : undefined;
    if (!column) return;
    const i = mentions.findIndex((m) => m.kind === 'schema' && m.start <= span.start && span.end <= m.end);
    const m = mentions[i];
    if (!m || m.kind !== 'schema' || m.tables.length > 0) return;
    const top = m.columns[0]?.score ?? 0;
    const tied = m.columns.filter((c) => c.score >= top - 0.02).length;
    if (top >= 0.7 || tied < 2 || m.columns[0]?.column === column) return;
    const columns = [
      { column, score: top + 0.05, viaTable: false },
      ...m.columns.filter((c) => c.column !== column),
    ];
    mentions[i] = { ...m, columns };
  }

  aggregationOf(column: SchemaColumn): Aggregation | null {
    const table = column.table.qname;
    const measure = this.lookup.entity(table)?.measures.find((m) => m.column === column.name);
    if (measure) return measure.aggregation;
    const metric = this.lookup
      .metricsOf(table)
      .find((m) => m.expression.kind === 'column' && m.expression.column === column.name);
    return metric?.aggregation ?? null;
  }

  measureNamed(phrase: string, tables: readonly SchemaTable[]): SchemaColumn | null {
    const names = new Set(tables.map((t) => t.qname));
    const found = new Set<SchemaColumn>();
    for (const e of this.lookup.lookup(phrase)) {
      const column =
        e.kind === 'measure'
          ? this.column(e.entity.table, e.measure.column)
          : e.kind === 'metric' && e.metric.expression.kind === 'column' && e.metric.filters.length === 0
            ? this.column(e.metric.table, e.metric.expression.column)
            : undefined;
      if (column && names.has(column.table.qname)) found.add(column);
    }
    return found.size === 1 ? [...found][0] : null;
  }

  totalOf(table: SchemaTable): SchemaColumn | null {
    const columns = new Set(
      this.lookup
        .metricsOf(table.qname)
        .filter((m) => m.aggregation === 'sum' && m.filters.length === 0)
        .map((m) =>
          m.expression.kind === 'column' ? this.column(table.qname, m.expression.column) : undefined,
        )
        .filter((c): c is SchemaColumn => c !== undefined),
    );
    return columns.size === 1 ? [...columns][0] : null;
  }

  private table(name: string): SchemaTable | undefined {
    return this.schema.byName.get(name);
  }

  private column(table: string, column: string): SchemaColumn | undefined {
    return this.table(table)?.columns.find((c) => c.name === column);
  }

  private mentionOf(
    element: ModelElement,
    score: number,
    span: { start: number; end: number; text: string },
  ): Mention | null {
    const columns: ColumnCandidate[] = [];
    const tables: TableCandidate[] = [];
    let metricFound: MentionedMetric | null = null;
    let countsRows = false;
    const addColumn = (table: string, column: string) => {
      const c = this.column(table, column);
      if (c) columns.push({ column: c, score, viaTable: false });
    };
    switch (element.kind) {
      case 'entity': {
        const t = this.table(element.entity.table);
        if (t) tables.push({ table: t, score });
        break;
      }
      case 'measure':
        addColumn(element.entity.table, element.measure.column);
        break;
      case 'dimension':
        addColumn(element.entity.table, element.dimension.column);
        break;
      case 'timeDimension':
        addColumn(element.entity.table, element.timeDimension.column);
        break;
      case 'flag':
        addColumn(element.entity.table, element.flag.column);
        break;
      case 'metric': {
        // A metric over one column reads as that column; over several, as its first column, and the
        // reading aggregates the whole expression (metricOf).
        // A metric that counts rows ("headcount") reads as its table, counted.
        const metric = element.metric;
        if (metric.expression.kind === 'column') addColumn(metric.table, metric.expression.column);
        else if (metric.expression.kind === 'rows' && metric.aggregation === 'count') {
          const t = this.table(metric.table);
          if (t) tables.push({ table: t, score });
          countsRows = tables.length > 0;
        } else if (metric.filters.length === 0) {
          const expression = this.rowExpr(metric.table, metric.expression);
          const first = expression ? firstColumn(expression) : null;
          if (expression && first) {
            columns.push({ column: first, score, viaTable: false });
            metricFound = { name: metric.name, aggregation: metric.aggregation, expression };
          }
        }
        break;
      }
      case 'flagState':
      case 'value':
        // Values and states are matched against the profiles by the schema linker (a state read from the
        // model alone took event words such as "dispatch" for a status; left out until it is checked).
        break;
    }
    if (columns.length === 0 && tables.length === 0) return null;
    const mention: Mention = { kind: 'schema', ...span, columns, tables };
    if (metricFound) this.metrics.set(mention, metricFound);
    if (countsRows) this.rowCounts.add(mention);
    return mention;
  }
}

/**
 * "order value", "the amount": a generic word linked weakly (< 0.7) and alike to several amount columns of
 * one table, and about as well to its total, (`subtotal_amt`, `tax_amt`, `shipping_amt`, `total_amt`) means the row's whole amount, the
 * column named total; the parts (subtotal, tax, shipping, discount) are named by their own words.
 */
export function preferWholeAmount(m: Mention): Mention {
  if (m.kind !== 'schema' || m.columns.length < 2) return m;
  const top = m.columns[0].score;
  const tied = m.columns.filter((c) => c.score >= top - 0.02);
  if (top >= 0.7 || tied.length < 2) return m;
  const table = tied[0].column.table;
  if (tied.some((c) => c.column.table !== table || c.column.kind !== 'number')) return m;
  const whole = m.columns.filter(
    (c) =>
      c.score >= top - 0.15 &&
      c.column.table === table &&
      c.column.kind === 'number' &&
      !c.column.isIdentifier &&
      c.column.ownKeys.includes('total'),
  );
  if (whole.length !== 1 || whole[0] === m.columns[0]) return m;
  return {
    ...m,
    columns: [{ ...whole[0], score: top + 0.05 }, ...m.columns.filter((c) => c !== whole[0])],
  };
}

/** The first column an expression reads. */
function firstColumn(e: RowExpr): SchemaColumn | null {
  if (e.kind === 'column') return e.column;
  if (e.kind === 'binary') return firstColumn(e.left) ?? firstColumn(e.right);
  return null;
}
