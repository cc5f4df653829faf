import type { AggregateFn, Cue, TimeUnit } from '../cuePatterns';
import { emptyPlan, exprKey, type Expr } from '../queryPlan';
import type { SchemaMention } from '../schemaLinker';
import { isCategoryColumn, type SchemaColumn, type SchemaTable } from '../schemaModel';
import { ReadingState, isCue, type CueOf } from './readingState';
import { addBucket } from './timePhase';

/**
 * The measure side of a reading: measures aggregated by the model's default when the question groups or
 * totals them, "the best month for <measure>", "<rows> count by <dimension>", units named in the question,
 * and foreign keys shown as the rows they point to.
 */

/** Calendar units a superlative can rank ("the best month", "our strongest quarter"). */
const RANKED_UNITS: Readonly<Record<string, TimeUnit>> = {
  day: 'day',
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
};

/** "all time", "of all time": no period at all, not a time column. */
export function dropAllTime(s: ReadingState): void {
  for (const m of s.schemaMentions()) {
    const words = s.tokens.slice(m.start, m.end).map((t) => t.lower);
    const before = s.tokens[m.start - 1]?.lower;
    if (words.length === 1 && words[0] === 'time' && (before === 'all' || before === 'all-time'))
      s.used.add(m);
  }
}

/** Verbs that say a list is ordered. */
const ORDER_VERBS = new Set(['sorted', 'sort', 'ordered', 'order', 'ranked', 'rank', 'listed']);

/** Counts the rows of a table a mention names, as if a count cue at `at` asked for them. */
function countRowsOf(s: ReadingState, m: SchemaMention, table: SchemaTable, at: number): void {
  const cue: Cue = { start: at, end: at + 1, meaning: { kind: 'count' }, soft: false };
  s.cues = [...s.cues, cue].sort((a, b) => a.start - b.start);
  s.usedCues.add(cue);
  s.used.add(m);
  s.countTarget = table;
  if (!s.plan.extraTables.includes(table)) s.plan.extraTables.push(table);
  s.addSelect(m.start, { expr: { kind: 'aggregate', fn: 'count', column: null } });
  s.notes.push(`count of ${table.table.name}`);
}

/**
 * "visits by referrer, sorted from most to fewest": rows of a table broken down by a dimension and ordered from
 * most to least (no measure, no count word) are counted per group and ordered by the count.
 */
export function rankedRowCounts(s: ReadingState): void {
  const direction = s.cues.find(
    (c) =>
      isCue(c, 'direction') &&
      s.tokens.slice(c.start, c.end).some((t) => ['most', 'least'].includes(t.lower)),
  );
  if (!direction || !isCue(direction, 'direction')) return;
  if (s.cues.some((c) => isCue(c, 'count') || isCue(c, 'aggregate') || isCue(c, 'extreme'))) return;
  const by = s.cues.find((c) => isCue(c, 'group') && s.tokens[c.start]?.lower === 'by');
  if (!by) return;
  // The subject: the question's first schema mention, right before "by".
  const m = s.schemaMentions()[0] as SchemaMention | undefined;
  if (!m || m.end !== by.start) return;
  const table = s.mentionTable(m);
  if (!table || !s.isTableMention(m)) return;
  countRowsOf(s, m, table, by.start);
  // "sorted" / "ranked" before the direction describes the ordering, not a column.
  for (const x of s.schemaMentions())
    if (s.tokens.slice(x.start, x.end).every((t) => ORDER_VERBS.has(t.lower))) s.used.add(x);
  s.plan.orderBy.push({ expr: { kind: 'aggregate', fn: 'count', column: null }, dir: direction.meaning.dir });
}

/** "across all (the) stores": a total over every store, not one row per store (unlike "across stores"). */
export function acrossAllIsTotal(s: ReadingState): void {
  s.cues = s.cues.filter(
    (c) =>
      !(isCue(c, 'group') && s.tokens[c.start]?.lower === 'across' && s.tokens[c.start + 1]?.lower === 'all'),
  );
}

/**
 * "the recording count by format": a table's name followed by "count" counts its rows (a cue the pattern
 * table only knows before the noun, "the count of tracks"). A word the model knows as a metric that counts
 * a table's rows ("headcount" of a staff table) counts them too, unless a count cue already does.
 */
export function nounCounts(s: ReadingState): void {
  const vocabulary = s.input.measures;
  if (vocabulary && !s.cues.some((c) => isCue(c, 'count'))) {
    const m = s.schemaMentions().find((x) => vocabulary.countsRows(x));
    const table = m ? s.mentionTable(m) : null;
    if (m && table) {
      countRowsOf(s, m, table, m.start);
      return;
    }
  }
  for (let i = 1; i < s.tokens.length; i++) {
    const t = s.tokens[i];
    if (!['count', 'counts'].includes(t.lower) || s.cueCovering(i)) continue;
    if (s.mentions.some((m) => m.start <= i && i < m.end)) continue;
    const m = s.schemaMentions().find((x) => x.end === i);
    const table = m ? s.mentionTable(m) : null;
    if (!m || !table || !s.isTableMention(m)) continue;
    countRowsOf(s, m, table, i);
    return;
  }
}

/**
 * "the best week for takings", "our busiest year": a superlative before a calendar unit ranks the unit's
 * buckets of the time column by the measure named after it (its default aggregation), else by the number
 * of rows. True when it applied.
 */
export function rankPeriods(s: ReadingState, cue: CueOf<'extreme'>): boolean {
  const unit = RANKED_UNITS[s.tokens[cue.end]?.lower ?? ''];
  if (!unit || s.mentions.some((m) => m.start === cue.end)) return false;
  // The measure named within a few words ("for revenue", "for rental fees" past the table's own name).
  let next: SchemaMention | undefined;
  let measure: SchemaColumn | null = null;
  for (const m of s.schemaMentions()) {
    if (m.start <= cue.end || m.start > cue.end + 5 || s.used.has(m) || s.isTableMention(m)) continue;
    const column = s.resolveColumn(m, { kinds: ['number'], avoidIdentifiers: true });
    if (column && !column.isIdentifier) {
      next = m;
      measure = column;
      break;
    }
  }
  if (!addBucket(s, unit, cue.start)) return false;
  if (measure && next) s.used.add(next);
  const expr: Expr = measure
    ? { kind: 'aggregate', fn: s.aggregationOf(measure) ?? 'sum', column: measure }
    : { kind: 'aggregate', fn: 'count', column: null };
  s.plan.orderBy.push({ expr, dir: cue.meaning.dir });
  s.plan.limit = s.limitNear(cue) ?? 1;
  s.notes.push(`${unit} with the ${cue.meaning.dir === 'desc' ? 'highest' : 'lowest'} ${exprKey(expr)}`);
  return true;
}

/**
 * "revenue by year", "spend per channel": when the question groups, a measure shown beside the groups is
 * aggregated by its default (amounts and quantities summed, prices and scores averaged), never a group of
 * its own.
 */
export function aggregateGroupedMeasures(s: ReadingState): void {
  const plan = s.plan;
  if (plan.groupBy.length === 0) return;
  const groupCue =
    s.periodsCompared ||
    s.cues.some((c) => isCue(c, 'bucket') || ((isCue(c, 'group') || isCue(c, 'each')) && !s.isValueGroup(c)));
  if (!groupCue) return;
  const grouped = new Set(plan.groupBy.map(exprKey));
  for (const item of plan.select) {
    if (item.expr.kind !== 'column' || grouped.has(exprKey(item.expr))) continue;
    const column = item.expr.column;
    if (column.kind !== 'number' || column.isIdentifier) continue;
    // "the room count of each apartment": one group per row of the measure's own table is the row's value.
    const key = column.table.primaryKey;
    if (key.length > 0 && key.every((k) => grouped.has(exprKey({ kind: 'column', column: k })))) continue;
    const fn = s.aggregationOf(column);
    if (!fn) continue;
    item.expr = { kind: 'aggregate', fn, column };
    s.notes.push(`${fn}(${column.name})`);
  }
}

/**
 * "How much did we pay in claim settlements in 2024", "how much tax did the shop collect": a
 * how-much question about a measure the model adds up (amounts, money, quantities) asks for its total, not
 * for each row's value. When the select region shows only a table's key or label, the summed measure named
 * later in the question is the answer. Not when the question groups, orders, limits or already aggregates,
 * nor for a measure that is averaged (how much a ticket costs is its price).
 */
export function howMuchIsATotal(s: ReadingState): void {
  const plan = s.plan;
  if (s.frame !== 'how-much' || plan.groupBy.length > 0 || plan.orderBy.length > 0) return;
  if (plan.limit !== undefined || plan.setOp || plan.select.length === 0) return;
  const summed = (c: SchemaColumn) => c.kind === 'number' && !c.isIdentifier && s.aggregationOf(c) === 'sum';
  const columns = plan.select.map((i) => (i.expr.kind === 'column' ? i.expr.column : null));
  if (columns.some((c) => c === null)) return;
  const shown = columns.filter((c): c is SchemaColumn => c !== null);
  let measures = shown.filter(summed);
  if (measures.length === 0) {
    // Only a table's key or label is shown: the measure named after the select region.
    if (!shown.every((c) => c.isIdentifier || c.table.labelColumns.includes(c))) return;
    for (const m of s.schemaMentions()) {
      if (s.used.has(m) || s.isTableMention(m)) continue;
      const column = s.resolveColumn(m, { kinds: ['number'], avoidIdentifiers: true });
      if (!column || !summed(column)) continue;
      s.used.add(m);
      measures = [column];
      break;
    }
  } else if (measures.length !== shown.length) return;
  if (measures.length === 0) return;
  plan.select = measures.map((column) => ({ expr: { kind: 'aggregate', fn: 'sum', column } as Expr }));
  plan.distinct = false;
  s.notes.push(`how much: ${measures.map((c) => `sum(${c.name})`).join(', ')}`);
}

/** Time units a question can ask for, in milliseconds, by the words that name them. */
const UNIT_MS: Readonly<Record<string, { ms: number; unit: string }>> = {
  millisecond: { ms: 1, unit: 'milliseconds' },
  milliseconds: { ms: 1, unit: 'milliseconds' },
  ms: { ms: 1, unit: 'milliseconds' },
  millis: { ms: 1, unit: 'milliseconds' },
  second: { ms: 1000, unit: 'seconds' },
  seconds: { ms: 1000, unit: 'seconds' },
  sec: { ms: 1000, unit: 'seconds' },
  secs: { ms: 1000, unit: 'seconds' },
  minute: { ms: 60_000, unit: 'minutes' },
  minutes: { ms: 60_000, unit: 'minutes' },
  min: { ms: 60_000, unit: 'minutes' },
  mins: { ms: 60_000, unit: 'minutes' },
  hour: { ms: 3_600_000, unit: 'hours' },
  hours: { ms: 3_600_000, unit: 'hours' },
  hrs: { ms: 3_600_000, unit: 'hours' },
  day: { ms: 86_400_000, unit: 'days' },
  days: { ms: 86_400_000, unit: 'days' },
};

/** The time unit a column's name states (`duration_ms`, `length_seconds`), or null. */
function columnUnit(column: SchemaColumn): { ms: number; unit: string } | null {
  for (const w of [...column.words].reverse()) {
    const u = UNIT_MS[w.toLowerCase()];
    if (u) return u;
  }
  return null;
}

/**
 * "in minutes", "how many hours": a unit the question names, over a total or average of a column whose name
 * states another unit, converts the result (milliseconds → minutes divides by 60000).
 */
export function applyUnitWords(s: ReadingState): void {
  const asked = s.tokens
    .filter((t, i) => {
      if (!UNIT_MS[t.lower] || t.lower.length < 3) return false;
      const prev = s.tokens[i - 1]?.lower ?? '';
      return prev === 'in' || prev === 'many' || prev === 'of';
    })
    .map((t) => UNIT_MS[t.lower]);
  if (asked.length === 0) return;
  const target = asked[0];
  for (const item of s.plan.select) {
    const expr = item.expr;
    if (expr.kind !== 'aggregate' || !expr.column || expr.scale) continue;
    if (!['sum', 'avg', 'min', 'max'].includes(expr.fn)) continue;
    const own = columnUnit(expr.column);
    if (!own || own.ms === target.ms || target.ms < own.ms) continue;
    expr.scale = { divisor: target.ms / own.ms, unit: target.unit };
    s.notes.push(`in ${target.unit}`);
  }
}

/** Words by which a question asks for a key itself rather than the row it identifies. */
const KEY_WORDS = new Set(['id', 'ids', 'code', 'codes', 'number', 'numbers', 'no', 'key']);

/**
 * "who does <person> report to", "the manager of <store>": a question answered by one foreign-key column
 * shows the referenced row's display columns (the row whose key the selected rows hold; a self-reference
 * reads the same table twice), unless the question asks for the id or code itself.
 */
export function showReferencedRows(s: ReadingState): void {
  const plan = s.plan;
  if (plan.select.length !== 1 || plan.groupBy.length > 0 || plan.setOp || plan.orderBy.length > 0) return;
  if (plan.having.length > 0 || plan.limit !== undefined || s.frame === 'count') return;
  const item = plan.select[0];
  if (item.expr.kind !== 'column') return;
  const column = item.expr.column;
  if (!column.isForeignKey || column.isPrimaryKey) return;
  const fk = column.table.table.foreignKeys.find(
    (f) => f.columns.length === 1 && f.columns[0] === column.name,
  );
  if (!fk) return;
  const target: SchemaTable | undefined = s.input.model.byName.get(
    `${fk.referencedSchema}.${fk.referencedTable}`,
  );
  if (!target || target.labelColumns.length === 0) return;
  if (target !== column.table && !s.component.has(target)) return;
  const key = target.columns.find((c) => c.name === fk.referencedColumns[0]);
  if (!key) return;
  const named = s
    .schemaMentions()
    .filter((m) => m.columns.some((c) => c.column === column))
    .some((m) => s.tokens.slice(m.start, m.end).some((t) => KEY_WORDS.has(t.lower)));
  if (named) return;
  const inner = emptyPlan();
  inner.select = [{ expr: { kind: 'column', column } }];
  inner.where = plan.where;
  inner.root = column.table;
  plan.where = [{ kind: 'in-subquery', left: { kind: 'column', column: key }, negate: false, plan: inner }];
  plan.select = target.labelColumns.map((c) => ({ expr: { kind: 'column', column: c } as Expr }));
  plan.root = target;
  plan.extraTables = [];
  plan.distinct = false;
  s.notes.push(`the ${target.table.name} ${column.name} points to`);
}

/**
 * "top 5 studios by revenue" where revenue is a metric over several columns (unit price × quantity of order
 * lines): the column the mention was read as stands for the metric, aggregated by the metric's aggregation
 * (an explicit "average" stays an average), in the select list and the ordering.
 */
export function applyMetrics(s: ReadingState): void {
  const vocabulary = s.input.measures;
  if (!vocabulary) return;
  const averaged = s.cues.some((c) => isCue(c, 'aggregate') && c.meaning.fn === 'avg');
  for (const m of s.schemaMentions()) {
    if (!s.used.has(m)) continue;
    const metric = vocabulary.metricOf(m);
    const anchor = m.columns[0]?.column;
    if (!metric || !anchor) continue;
    const base = metric.aggregation;
    const fn: AggregateFn = averaged
      ? 'avg'
      : base === 'avg' || base === 'min' || base === 'max'
        ? base
        : 'sum';
    const named = { name: metric.name, expression: metric.expression };
    const patch = (e: Expr): Expr => {
      if (e.kind === 'aggregate' && e.column === anchor && !e.metric && e.fn !== 'count')
        return { ...e, fn, metric: named };
      if (e.kind === 'column' && e.column === anchor)
        return { kind: 'aggregate', fn, column: anchor, metric: named };
      return e;
    };
    for (const item of s.plan.select) item.expr = patch(item.expr);
    for (const o of s.plan.orderBy) {
      const next = patch(o.expr);
      const aggregated = o.expr.kind === 'column' && next.kind === 'aggregate';
      o.expr = next;
      if (aggregated) {
        o.dir = 'desc';
        s.groupEntity = s.groupEntity ?? s.focus;
      }
    }
    s.notes.push(`${fn}(${metric.name})`);
  }
}

/** Superlatives that rank by how good an amount is, not by a property of single rows ("best", "worst"). */
const RANKING_ADJECTIVES: ReadonlySet<string> = new Set(['good', 'bad']);

/**
 * "which region had the highest takings in 2023", "top 3 channels by spend": a superlative or "top N by"
 * ordering by an amount the model adds up, asked of a category of the rows (a value many rows share, not the
 * rows' own name or key), ranks the categories by the amount's total (grouped by the category), never the
 * single rows by their amount. An adjective about single rows ("the longest", "the oldest") and a question
 * that names the amount's rows themselves ("the region of the booking with the highest fee") keep the rows.
 */
export function aggregateRankedCategory(s: ReadingState): void {
  const plan = s.plan;
  if (plan.groupBy.length > 0 || plan.setOp || plan.orderBy.length !== 1 || plan.limit === undefined) return;
  const order = plan.orderBy[0];
  if (order.expr.kind !== 'column') return;
  const measure = order.expr.column;
  if (measure.kind !== 'number' || measure.isIdentifier || s.aggregationOf(measure) !== 'sum') return;
  const shown = plan.select.map((i) => (i.expr.kind === 'column' ? i.expr.column : null));
  if (shown.length === 0 || !shown.every((c) => c !== null && c !== measure && isCategoryColumn(c))) return;
  const rowAdjective = s.cues.some(
    (c) =>
      isCue(c, 'extreme') &&
      c.meaning.adjective !== undefined &&
      !RANKING_ADJECTIVES.has(c.meaning.adjective),
  );
  if (rowAdjective) return;
  if (namesSingleRow(s, measure.table)) return;
  order.expr = { kind: 'aggregate', fn: 'sum', column: measure };
  s.notes.push(`ranked by sum(${measure.name}) per ${shown.map((c) => c?.name).join(', ')}`);
}

/** Words that tie a row named before them to what follows ("the booking with ...", "the order that had ..."). */
const ROW_RELATIVES: ReadonlySet<string> = new Set(['with', 'that', 'which', 'whose', 'having']);

/**
 * "the region of the booking with the highest fee": the question names one row of the table (its name after
 * "of", or before "with"/"that"), so a superlative picks that row rather than a category's total.
 */
function namesSingleRow(s: ReadingState, table: SchemaTable): boolean {
  return s.tokens.some((t, i) => {
    if (t.kind !== 'word' || !table.keys.includes(t.key)) return false;
    const before = s.tokens[i - 1]?.lower === 'the' ? s.tokens[i - 2]?.lower : s.tokens[i - 1]?.lower;
    return before === 'of' || ROW_RELATIVES.has(s.tokens[i + 1]?.lower ?? '');
  });
}

/**
 * "top 4 plants by nursery revenue" where each product's rows fan out to the rows that carry the amount
 * (product → order lines → orders): a plain amount ordering the listed entity's rows (its display columns
 * only) is that entity's total (the measure's default aggregation), grouped by the entity. When the amount
 * sits on a header whose lines lie on the path (an order's total repeated on each of its lines), the
 * lines' own amount of the same kind (a shared name word: `line_amt` for `total_amt`) is aggregated instead.
 */
export function aggregateRankedMeasure(s: ReadingState): void {
  const plan = s.plan;
  if (plan.groupBy.length > 0 || plan.setOp || plan.orderBy.length !== 1 || plan.select.length === 0) return;
  const order = plan.orderBy[0];
  if (order.expr.kind !== 'column') return;
  const measure = order.expr.column;
  if (measure.kind !== 'number' || measure.isIdentifier) return;
  const fn = s.aggregationOf(measure);
  if (!fn) return;
  const shown = plan.select.map((i) => (i.expr.kind === 'column' ? i.expr.column : null));
  const entity = shown[0]?.table;
  if (!entity || entity === measure.table) return;
  if (!shown.every((c) => c !== null && c.table === entity && entity.labelColumns.includes(c))) return;
  const graph = s.input.graph;
  const { steps, unreachable } = graph.connect([entity, measure.table], entity);
  if (unreachable.length > 0) return;
  const childOf = (child: SchemaTable, parent: SchemaTable) =>
    graph.edgesBetween(child, parent).some((e) => e.edge.from === child.qname && e.edge.to === parent.qname);
  if (!steps.some((st) => st.via !== null && childOf(st.table, st.via.table))) return;
  const last = steps.find((st) => st.table === measure.table);
  const lines = last?.via && childOf(last.via.table, measure.table) ? last.via.table : null;
  const own = lines ? lineAmount(s, lines, measure) : null;
  const column = own ?? measure;
  order.expr = { kind: 'aggregate', fn: own ? (s.aggregationOf(own) ?? fn) : fn, column };
  s.groupEntity = entity;
  s.notes.push(`ranked by ${fn}(${column.name}) per ${entity.table.name}`);
}

/**
 * The amount column of a line table sharing a name word with its header's amount (`line_amt` for
 * `total_amt`); of several, the one with the largest profiled maximum.
 */
function lineAmount(s: ReadingState, lines: SchemaTable, measure: SchemaColumn): SchemaColumn | null {
  const words = new Set(measure.keys);
  const found = lines.columns.filter(
    (c) =>
      c.kind === 'number' &&
      !c.isIdentifier &&
      s.aggregationOf(c) === 'sum' &&
      c.keys.some((k) => words.has(k)),
  );
  if (found.length <= 1) return found[0] ?? null;
  // Of several (a line amount and its discount), the one carrying the largest values: the line's total.
  const largest = (c: SchemaColumn) =>
    Number(c.table.table.columns.find((x) => x.name === c.name)?.profile?.max ?? Number.NaN);
  const ranked = found.filter((c) => Number.isFinite(largest(c))).sort((a, b) => largest(b) - largest(a));
  return ranked.length > 0 && (ranked.length === 1 || largest(ranked[0]) > largest(ranked[1]))
    ? ranked[0]
    : null;
}
