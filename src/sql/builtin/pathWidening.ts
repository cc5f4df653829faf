import type { Cue } from './cuePatterns';
import type { JoinGraph } from './joinGraph';
import type { QueryPlan } from './queryPlan';
import type { QuestionToken } from './questionTokens';
import type { Mention } from './schemaLinker';
import type { SchemaColumn, SchemaModel, SchemaTable } from './schemaModel';
import { recordsEvents } from './interpreter/antiJoinPhase';
import { RANK_WORDS, SALES_VERBS } from './interpreterWords';

/**
 * Cue kinds of a question that ranks, counts or groups rows ("top 5 X by Y", "which X has the most Y",
 * "Y per X", "how many Y does each X have"): the shapes whose entity and measure may live in different tables.
 */
const SHAPE_CUES: ReadonlySet<Cue['meaning']['kind']> = new Set([
  'extreme',
  'limit',
  'group',
  'each',
  'order',
  'count',
  'aggregate',
]);

/** How well a leftover word must link to a neighbour's table or column to pull that table in. */
const MIN_LINK_SCORE = 0.7;

/** Whether the question ranks, counts, aggregates or groups (the shapes path widening serves). */
export function ranksOrGroups(tokens: readonly QuestionToken[], cues: readonly Cue[]): boolean {
  return cues.some((c) => SHAPE_CUES.has(c.meaning.kind)) || tokens.some((t) => RANK_WORDS.has(t.lower));
}

/** What {@link pathTargets} finds. */
export interface PathTargets {
  tables: SchemaTable[];
  /**
   * The question's sales verb or period found no table with events or dates among the tables offered: a
   * wider ring of tables may hold them.
   */
  unmet: boolean;
}

/** A date column, or text holding dates. */
function isDate(c: SchemaColumn): boolean {
  return c.kind === 'date' || c.textDate;
}

/**
 * The tables, outside the request's own, that a ranking or grouping question names but retrieval left out:
 * tables (or tables of columns) that the words the first reading left unaccounted link to over the wider
 * model ("top 4 <patrons> by spend" read over orders alone), and the table a foreign-key column of the
 * first reading's groups or list points to ("patients per <nurse>" grouped by the raw `nurse_id`).
 *
 * @param chosen the request's tables (qualified names)
 * @param wide the schema model of the request's tables plus their neighbours
 * @param mentions the question's mentions over `wide`
 */
export function pathTargets(input: {
  chosen: ReadonlySet<string>;
  wide: SchemaModel;
  tokens: readonly QuestionToken[];
  mentions: readonly Mention[];
  leftover: readonly string[];
  plan: QueryPlan;
  /** The join graph of `wide`. */
  graph: JoinGraph;
  /** The first reading left a period unapplied: no table it read has a date. */
  undated?: boolean;
}): PathTargets {
  const { chosen, wide, tokens, mentions } = input;
  const targets = new Set<SchemaTable>();
  const outside = (t: SchemaTable) => !chosen.has(t.qname);
  const left = new Set(input.leftover);
  let unmet = false;
  for (const m of mentions) {
    const words = tokens.slice(m.start, m.end).filter((t) => t.kind === 'word' && !t.stop);
    if (words.length === 0 || !words.some((t) => left.has(t.lower))) continue;
    if (m.kind === 'value') {
      // "which <a job title> earned us the largest total": the subject named by a category value only one
      // outside table holds (its rows are ranked, `framePhase.valueSubject`).
      if (m.type !== 'string' || m.quoted || !opensQuestion(tokens, m.start)) continue;
      const holders = new Set(m.candidates.map((c) => c.column.table).filter(outside));
      if (holders.size === 1) targets.add([...holders][0]);
      continue;
    }
    if (m.kind !== 'schema') continue;
    const table = m.tables[0];
    const column = m.columns[0];
    const best =
      table && (!column || table.score >= column.score)
        ? { table: table.table, score: table.score }
        : column
          ? { table: column.column.table, score: column.score }
          : null;
    if (best && best.score >= MIN_LINK_SCORE && outside(best.table)) targets.add(best.table);
  }
  // "the most SKUs" where the word was read as a name: a leftover word spelling one outside table's name or a
  // one-word column of it (by its words or, for an abbreviation the words expand, its name).
  for (const t of tokens) {
    if (t.kind !== 'word' || t.stop || !left.has(t.lower)) continue;
    if (mentions.some((m) => m.kind === 'schema' && m.start <= t.index && t.index < m.end)) continue;
    const spelled = wide.tables.filter(
      (table) =>
        outside(table) &&
        (table.keys.includes(t.key) ||
          table.columns.some(
            (c) => (c.keys.length === 1 && c.keys[0] === t.key) || c.name.toLowerCase() === t.key,
          )),
    );
    if (spelled.length === 1) targets.add(spelled[0]);
  }
  // "top 4 publishers by books sold": a sales verb over catalog tables that record no events is about the rows
  // below them that do (order lines), as in an anti-join (`eventTableBelow`).
  if (input.leftover.some((w) => SALES_VERBS.has(w))) {
    const read = new Set([...chosen, ...[...targets].map((t) => t.qname)]);
    const events = eventTableUnder(input.graph, wide, read);
    if (events) targets.add(events);
    else if (!wide.tables.some((t) => read.has(t.qname) && recordsEvents(t))) unmet = true;
  }
  // "how many plants were sold in 2019": a period no table read can date is dated by the nearest table
  // with a date (the order header above the lines the sales verb reached).
  if (input.undated) {
    const read = new Set([...chosen, ...[...targets].map((t) => t.qname)]);
    const dated = nearestDated(input.graph, wide, read);
    if (dated) targets.add(dated);
    else if (!wide.tables.some((t) => read.has(t.qname) && t.columns.some(isDate))) unmet = true;
  }
  const asksForKey = tokens.some((t) => t.lower === 'id' || t.lower === 'ids');
  if (!asksForKey) {
    const shown = [
      ...input.plan.groupBy,
      ...(input.plan.groupBy.length === 0 ? input.plan.select.map((s) => s.expr) : []),
    ];
    for (const e of shown) {
      if (e.kind !== 'column') continue;
      const referenced = referencedOutside(e.column, wide, chosen);
      if (referenced) targets.add(referenced);
    }
  }
  return { tables: [...targets], unmet };
}

/** The table a foreign-key column points to, when it is a neighbour (not a chosen table) with a display column. */
function referencedOutside(
  column: SchemaColumn,
  wide: SchemaModel,
  chosen: ReadonlySet<string>,
): SchemaTable | null {
  if (!column.isForeignKey || column.isPrimaryKey) return null;
  for (const fk of column.table.table.foreignKeys) {
    if (!fk.columns.includes(column.name)) continue;
    const qname = `${fk.referencedSchema}.${fk.referencedTable}`;
    const target = wide.byName.get(qname);
    if (target && !chosen.has(qname) && target.labelColumns.length > 0) return target;
  }
  return null;
}

/**
 * The tables on the join path from the chosen tables to `targets` (targets included, chosen ones not):
 * the connecting tree over the wider model's foreign keys, so a line-items table between an entity and a
 * header joins too. Empty when a target does not connect.
 */
export function pathBetween(graph: JoinGraph, chosen: SchemaTable[], targets: SchemaTable[]): SchemaTable[] {
  if (chosen.length === 0 || targets.length === 0) return [];
  const { steps, unreachable } = graph.connect([...chosen, ...targets], chosen[0]);
  if (unreachable.length > 0) return [];
  const inChosen = new Set(chosen);
  return steps.map((s) => s.table).filter((t) => !inChosen.has(t));
}

/**
 * The nearest table below the chosen ones along child foreign keys (at most two hops) whose rows record
 * events (a date or a stored quantity), when no chosen table does; null otherwise.
 */
function eventTableUnder(
  graph: JoinGraph,
  wide: SchemaModel,
  chosen: ReadonlySet<string>,
): SchemaTable | null {
  const start = wide.tables.filter((t) => chosen.has(t.qname));
  if (start.some(recordsEvents)) return null;
  const seen = new Set<SchemaTable>(start);
  let frontier = start;
  for (let hop = 0; hop < 2; hop++) {
    const next = wide.tables.filter(
      (t) =>
        !seen.has(t) &&
        frontier.some((parent) =>
          graph.edgesBetween(t, parent).some((e) => e.edge.from === t.qname && e.edge.to === parent.qname),
        ),
    );
    for (const t of next) seen.add(t);
    const found = next.filter(recordsEvents).sort((a, b) => a.rank - b.rank)[0];
    if (found) return found;
    frontier = next;
  }
  return null;
}

/**
 * The table nearest to `read` (fewest foreign keys; retrieval's order among equals) that has a date column,
 * when no table of `read` has one; null otherwise.
 */
function nearestDated(graph: JoinGraph, wide: SchemaModel, read: ReadonlySet<string>): SchemaTable | null {
  const start = wide.tables.filter((t) => read.has(t.qname));
  const hasDate = (t: SchemaTable) => t.columns.some(isDate);
  if (start.length === 0 || start.some(hasDate)) return null;
  const distance = (t: SchemaTable) => Math.min(...start.map((x) => graph.distance(x, t)));
  const dated = wide.tables
    .filter((t) => !read.has(t.qname) && hasDate(t) && Number.isFinite(distance(t)))
    .sort((a, b) => distance(a) - distance(b) || a.rank - b.rank);
  return dated[0] ?? null;
}

/** Whether a mention starting at `index` comes right after the question's opening "which" or "what". */
function opensQuestion(tokens: readonly QuestionToken[], index: number): boolean {
  const first = tokens.find((t) => t.kind === 'word');
  return first !== undefined && ['which', 'what'].includes(first.lower) && index === first.index + 1;
}
