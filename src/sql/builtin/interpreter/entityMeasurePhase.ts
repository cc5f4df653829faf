import type { Cue } from '../cuePatterns';
import { RANK_WORDS } from '../interpreterWords';
import type { Expr } from '../queryPlan';
import type { SchemaMention } from '../schemaLinker';
import type { SchemaColumn, SchemaTable } from '../schemaModel';
import { ReadingState, isCue } from './readingState';

/**
 * An entity's total of a measure its related rows carry, asked without an aggregate word: "rank our branches
 * by takings in 2023, largest first", "how much did every crew earn this month". The entity is grouped
 * (its display columns shown), the measure aggregated by the model's default and, when ranking, ordered.
 */

/** Cue kinds that end the phrase naming a measure ("by takings | this year", "by takings | , highest first"). */
const PHRASE_ENDS: ReadonlySet<Cue['meaning']['kind']> = new Set([
  'period',
  'direction',
  'order',
  'group',
  'each',
  'relative',
  'negation',
  'compare',
]);

/** The schema mentions from `pos` up to the first cue, value or punctuation that ends a noun phrase. */
function phraseAt(s: ReadingState, pos: number): SchemaMention[] {
  const found: SchemaMention[] = [];
  for (let i = pos; i < s.tokens.length; i++) {
    const cue = s.cueCovering(i);
    if (cue && PHRASE_ENDS.has(cue.meaning.kind)) break;
    const t = s.tokens[i];
    if (t.kind === 'punct') break;
    const m = s.mentions.find((x) => x.start === i);
    if (m && m.kind === 'value') break;
    if (m && m.kind === 'schema') {
      found.push(m);
      i = m.end - 1;
    }
  }
  return found;
}

/** The words of a mention, as the question wrote them. */
function mentionText(s: ReadingState, m: SchemaMention): string {
  return s.tokens
    .slice(m.start, m.end)
    .filter((t) => t.kind === 'word')
    .map((t) => t.text)
    .join(' ');
}

/** A number column the model aggregates (not a key), else null. */
function measureColumn(s: ReadingState, column: SchemaColumn | null): SchemaColumn | null {
  return column && column.kind === 'number' && !column.isIdentifier && s.aggregationOf(column) !== null
    ? column
    : null;
}

/** How surely a mention must name a column for it to be the measure without the model's help. */
const SURE_COLUMN = 0.7;

/**
 * The measure a phrase names, its head noun (last word) first: a measure or one-column metric the model
 * names by the mention's words ("sales" → the revenue metric's column), a column the words name surely, or
 * the summed total of a table the words name. Null when the phrase names none.
 */
function measureOfPhrase(s: ReadingState, phrase: SchemaMention[]): SchemaColumn | null {
  for (let k = phrase.length - 1; k >= 0; k--) {
    const column = phraseMeasure(s, phrase[k]);
    if (column) return column;
  }
  return null;
}

function phraseMeasure(s: ReadingState, m: SchemaMention): SchemaColumn | null {
  const vocabulary = s.input.measures;
  const named = measureColumn(s, vocabulary?.measureNamed(mentionText(s, m), [...s.component]) ?? null);
  if (named) return named;
  // A column the words name surely, or the only measure they name at all ("earnings" ~ `earnings_amt`).
  const measures = m.columns.filter(
    (c) => s.component.has(c.column.table) && measureColumn(s, c.column) !== null,
  );
  const top = measures[0];
  if (top && !s.isTableMention(m) && (top.score >= SURE_COLUMN || measures.length === 1)) return top.column;
  const table = m.tables.find((t) => s.component.has(t.table))?.table ?? null;
  return table ? measureColumn(s, vocabulary?.totalOf(table) ?? null) : null;
}

/** The entity's total of the measure, shown beside the entity and (when ranking) ordered. */
function totalPerEntity(
  s: ReadingState,
  entity: SchemaTable,
  measure: SchemaColumn,
  pos: number,
  order: 'asc' | 'desc' | null,
): void {
  const fn = s.aggregationOf(measure) ?? 'sum';
  const expr: Expr = { kind: 'aggregate', fn, column: measure };
  s.addSelect(pos, { expr });
  if (order) {
    s.plan.orderBy.push({ expr, dir: order });
    s.orderDirectionExplicit = true;
  }
  s.groupEntity = entity;
  if (!s.plan.extraTables.includes(entity)) s.plan.extraTables.push(entity);
  s.notes.push(`${fn}(${measure.name}) per ${entity.table.name}${order ? `, ${order}` : ''}`);
}

/**
 * "rank our branches by takings in 2023, largest first": a rank verb, the entity named before
 * "by", and a measure phrase after it (no aggregate, count or superlative word) rank the entities by the
 * measure's total (its default aggregation), highest first unless the question says otherwise; the total is
 * shown beside each entity.
 */
export function rankEntitiesByMeasure(s: ReadingState): void {
  const plan = s.plan;
  const rank = s.tokens.findIndex((t) => RANK_WORDS.has(t.lower));
  if (rank < 0) return;
  // Ranked already (a metric, a count): the ranking figure is shown beside each entity.
  const ranking = plan.orderBy.length === 1 ? plan.orderBy[0].expr : null;
  if (
    ranking &&
    ranking.kind === 'aggregate' &&
    !s.pending.some((p) => p.items.some((i) => i.expr.kind === 'aggregate'))
  ) {
    s.addSelect(s.tokens.length, { expr: ranking });
    s.markRead(rank, { kind: 'order', dir: plan.orderBy[0].dir });
    return;
  }
  if (plan.orderBy.length > 0 || plan.groupBy.length > 0) return;
  const by = s.cues.find((c) => isCue(c, 'group') && c.start > rank && s.tokens[c.start]?.lower === 'by');
  if (!by || s.usedCues.has(by)) return;
  const subject = s
    .schemaMentions()
    .filter((m) => m.start > rank && m.end <= by.start && s.isTableMention(m))
    .map((m) => s.mentionTable(m))
    .find((t): t is SchemaTable => t !== null && t.labelColumns.length > 0);
  if (!subject) return;
  const phrase = phraseAt(s, by.end);
  const measure = measureOfPhrase(s, phrase);
  if (!measure) return;
  for (const m of phrase) s.used.add(m);
  s.usedCues.add(by);
  const direction = s.cues.find((c) => isCue(c, 'direction'));
  const dir = direction && isCue(direction, 'direction') ? direction.meaning.dir : 'desc';
  s.markRead(rank, { kind: 'order', dir });
  totalPerEntity(s, subject, measure, by.start, dir);
}

/**
 * "rank routes by revenue" ranked by another rule (a metric, a number of rows, a total across a fan-out): the
 * ranking figure is shown beside each entity, as a ranking is read, and the rank verb is explained.
 */
export function showRankingFigure(s: ReadingState): void {
  const plan = s.plan;
  const rank = s.tokens.findIndex((t) => RANK_WORDS.has(t.lower));
  if (rank < 0 || plan.orderBy.length !== 1 || plan.setOp) return;
  const ranking = plan.orderBy[0].expr;
  if (ranking.kind !== 'aggregate' || plan.select.some((i) => i.expr.kind === 'aggregate')) return;
  if (!plan.select.every((i) => i.expr.kind === 'column')) return;
  plan.select.push({ expr: ranking });
  if (!s.cues.some((c) => c.start === rank)) s.markRead(rank, { kind: 'order', dir: plan.orderBy[0].dir });
}

/**
 * "how much did every crew earn this month", "what did each branch spend": an amount asked per row of
 * an entity ("each/per X" after "how much") is the total of a measure over the entity's related rows: the
 * measure the question's other words name (the verb "spent" names a spend column), else the summed total of
 * the related table. A table named "<entity> <measure>" (a campaign's spend rows) stands for both: the
 * entity it references by the first words, the measure by the rest.
 */
export function amountPerEntity(s: ReadingState): void {
  if (s.frame !== 'how-much' || s.plan.groupBy.length > 0 || s.plan.orderBy.length > 0) return;
  if (s.pending.some((p) => p.items.some((i) => i.expr.kind === 'aggregate'))) return;
  const cue = s.cues.find((c) => (isCue(c, 'each') || isCue(c, 'group')) && !s.isValueGroup(c));
  if (!cue) return;
  const named = s.mentionAfter(cue.end, 2, () => false, true);
  if (!named || named.kind !== 'schema' || !s.isTableMention(named)) return;
  const table = s.mentionTable(named);
  if (!table) return;
  const words = new Set(
    s.tokens.slice(named.start, named.end).flatMap((t) => (t.kind === 'word' && !t.stop ? [t.key] : [])),
  );
  // "campaign spent" naming the campaign spend table: the campaigns it references are the entity.
  const referenced = parentsOf(s, table).filter(
    (p) => p.labelColumns.length > 0 && p.keys.length > 0 && p.keys.every((k) => words.has(k)),
  );
  const entity = referenced.length === 1 ? referenced[0] : table;
  if (entity.labelColumns.length === 0) return;
  const facts = entity === table ? childrenOf(s, entity) : [table];
  const rest = [...words].filter((w) => !entity.keys.includes(w));
  const after = s.tokens
    .slice(named.end)
    .filter((t, i) => t.kind === 'word' && !t.stop && !s.cueCovering(named.end + i))
    .map((t) => t.key);
  const measure = verbMeasure(s, facts, [...rest, ...after]) ?? factTotal(s, facts);
  if (!measure) return;
  s.used.add(named);
  s.usedCues.add(cue);
  s.addSelect(
    cue.start,
    ...entity.labelColumns.map((column) => ({ expr: { kind: 'column', column } as Expr })),
  );
  totalPerEntity(s, entity, measure, named.end, null);
}

/** Tables of the reading that `table` references by a foreign key. */
function parentsOf(s: ReadingState, table: SchemaTable): SchemaTable[] {
  return [...s.component].filter(
    (t) =>
      t !== table &&
      table.table.foreignKeys.some((fk) => `${fk.referencedSchema}.${fk.referencedTable}` === t.qname),
  );
}

/** Tables of the reading that reference `table` by a foreign key (its rows' related rows). */
function childrenOf(s: ReadingState, table: SchemaTable): SchemaTable[] {
  return [...s.component].filter((t) => t !== table && parentsOf(s, t).includes(table));
}

/** The one summed number column of `tables` whose name has one of `keys` ("spent" → `spend_amt`). */
function verbMeasure(s: ReadingState, tables: SchemaTable[], keys: string[]): SchemaColumn | null {
  const wanted = new Set(keys);
  const found = tables.flatMap((t) =>
    t.columns.filter(
      (c) => measureColumn(s, c) && s.aggregationOf(c) === 'sum' && c.keys.some((k) => wanted.has(k)),
    ),
  );
  return found.length === 1 ? found[0] : null;
}

/** The summed total (revenue or spend metric) of the one related table that has one. */
function factTotal(s: ReadingState, tables: SchemaTable[]): SchemaColumn | null {
  const totals = tables
    .map((t) => measureColumn(s, s.input.measures?.totalOf(t) ?? null))
    .filter((c): c is SchemaColumn => c !== null);
  return totals.length === 1 ? totals[0] : null;
}
