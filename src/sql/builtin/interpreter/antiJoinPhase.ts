import { wordKey } from '../lexicon';
import { COUNTED_KEYS } from './aggregatePhase';
import type { Condition } from '../queryPlan';
import type { SchemaMention } from '../schemaLinker';
import type { SchemaColumn, SchemaTable } from '../schemaModel';
import { ReadingState, isCue } from './readingState';

/**
 * Words between a negation and the thing negated that say nothing about which rows are meant ("don't have
 * any", "haven't got a single", "has never been").
 */
const LIGHT_WORDS: ReadonlySet<string> = new Set([
  'have',
  'has',
  'had',
  'having',
  'be',
  'been',
  'being',
  'get',
  'got',
  'gotten',
  'any',
  'a',
  'an',
  'the',
  'single',
  'one',
  'ever',
  'yet',
  'even',
  'really',
  'contain',
  'contains',
  'include',
  'includes',
  'list',
  'listed',
  'on',
  'in',
  'of',
  'at',
  'all',
]);

/**
 * True when rows of the table record something that happened: it carries a date, or a stored count of a line
 * ("order lines" with `quantity`, booked `seats`). A catalog table (albums, products) does neither.
 */
export function recordsEvents(table: SchemaTable): boolean {
  return table.columns.some(
    (c) =>
      c.kind === 'date' ||
      c.textDate ||
      (c.kind === 'number' &&
        !c.isIdentifier &&
        c.keys.some((k) => COUNTED_KEYS.has(k)) &&
        !c.keys.some((k) => PRICE_KEYS.has(k))),
  );
}

/** Column words of a price per unit (`unit_price`, `unit_cost`), which a catalog row stores too. */
const PRICE_KEYS: ReadonlySet<string> = new Set(['price', 'cost', 'rate', 'fee'].map(wordKey));

/** Tables whose foreign key references `parent` (its child rows), among the reading's connected tables. */
function childTables(s: ReadingState, parent: SchemaTable): SchemaTable[] {
  return [...s.component].filter(
    (t) =>
      t !== parent &&
      s.input.graph
        .edgesBetween(t, parent)
        .some((e) => e.edge.from === t.qname && e.edge.to === parent.qname),
  );
}

/**
 * The nearest table below `from` along child foreign keys (at most two hops) whose rows record events:
 * "tracks never purchased" negates the order lines that point at a track, "genres that sold nothing" the
 * order lines of their tracks.
 */
export function eventTableBelow(s: ReadingState, from: SchemaTable): SchemaTable | null {
  let frontier = [from];
  const seen = new Set<SchemaTable>([from]);
  for (let hop = 0; hop < 2; hop++) {
    const next = frontier.flatMap((t) => childTables(s, t)).filter((t) => !seen.has(t));
    for (const t of next) seen.add(t);
    // Of several children, the one the request ranks first (retrieval's order).
    const found = next.filter(recordsEvents).sort((a, b) => a.rank - b.rank)[0];
    if (found) return found;
    frontier = next;
  }
  return null;
}

/**
 * "authors that don't have any books", "courses that have never been taken", "studios that haven't rented a
 * single room", "patrons who didn't borrow anything in 2019": a negation before another table's rows is an
 * anti-join from the subject along the foreign keys. The negated table is the one named right after the
 * negation; when a content verb comes first ("sold", "purchased", "bought") and the named table records no
 * events (no date, no quantity), or no table is named at all, it is the nearest table below along child keys
 * that does. Periods after the negation are applied inside the subquery (`timePhase`), the rest outside.
 */
export function detectAntiJoin(s: ReadingState): void {
  if (s.negation) return;
  for (const cue of s.cues) {
    if (!isCue(cue, 'negation') || s.usedCues.has(cue)) continue;
    let verb = false;
    let named: { mention: SchemaMention; table: SchemaTable } | null = null;
    // A column or a text value named right after the negation ("don't have an author", "not based in <a
    // place>") is a condition on the subject, not an anti-join.
    let columnNamed = false;
    for (let i = cue.end; i < Math.min(s.tokens.length, cue.end + 6); i++) {
      const m = s.mentions.find((x) => x.start <= i && i < x.end);
      if (m) {
        // "not based in <a place>": a negated value of the subject, handled with the values.
        if (m.kind === 'value' && m.type === 'string') columnNamed = true;
        if (m.kind !== 'schema') break;
        // "haven't rented a single room": a column of another table names that table's rows.
        const column = s.isTableMention(m) ? null : s.resolveColumn(m);
        const table = column ? column.table : s.mentionTable(m);
        if (table && table !== s.focus) named = { mention: m, table };
        else columnNamed = true;
        break;
      }
      const t = s.tokens[i];
      if (t.kind !== 'word' || s.cueCovering(i)?.meaning.kind === 'period') break;
      if (!t.stop && !LIGHT_WORDS.has(t.lower)) verb = true;
    }
    let target = named?.table ?? null;
    if (target && verb && !recordsEvents(target)) target = eventTableBelow(s, target) ?? target;
    if (!named && verb && !columnNamed) target = eventTableBelow(s, s.focus);
    if (!target || target === s.focus) continue;
    // The negated rows must point at the subject (directly or through other tables): a parent of the subject
    // ("orders without a customer") is a missing key, not an anti-join.
    if (!reachesDown(s, target)) continue;
    if (named) s.used.add(named.mention);
    s.usedCues.add(cue);
    s.negation = { cue, conditions: [], table: target };
    s.notes.push(`anti-join on ${target.table.name}`);
    return;
  }
}

/** True when `target` lies below the focus along child keys (at most three hops). */
function reachesDown(s: ReadingState, target: SchemaTable): boolean {
  let frontier = [s.focus];
  const seen = new Set<SchemaTable>(frontier);
  for (let hop = 0; hop < 3; hop++) {
    const next = frontier.flatMap((t) => childTables(s, t)).filter((t) => !seen.has(t));
    if (next.includes(target)) return true;
    for (const t of next) seen.add(t);
    frontier = next;
  }
  return false;
}

/**
 * The date column a period at token `pos` applies to when it follows an anti-join's negation ("didn't rent
 * anything in 2019"): the negated table's own date column, else one of a table between it and the subject.
 */
export function negatedDateColumn(s: ReadingState, pos: number): SchemaColumn | null {
  const neg = s.negation;
  if (!neg || !neg.table || pos < neg.cue.start) return null;
  const route = s.input.graph.connect([s.focus, neg.table], s.focus).steps.map((st) => st.table);
  const tables = [neg.table, ...route.filter((t) => t !== s.focus && t !== neg.table).reverse()];
  const mentioned = new Set(
    s.schemaMentions().flatMap((m) => m.columns.filter((c) => c.score >= 0.5).map((c) => c.column)),
  );
  for (const table of tables) {
    const dates = table.columns.filter((c) => c.kind === 'date' || c.textDate);
    const found =
      dates.find((c) => mentioned.has(c)) ?? dates.find((c) => !ENDING_DATE.test(c.name)) ?? dates[0];
    if (found) return found;
  }
  return null;
}

/**
 * The date column a period at token `pos` applies to when it comes before an anti-join's negation
 * ("patrons who joined in March and have not borrowed yet"): the subject's own date column, since the other
 * tables of the reading belong to the negated rows. Null without an anti-join or when the subject has no date.
 */
export function subjectDateColumn(s: ReadingState, pos: number): SchemaColumn | null {
  const neg = s.negation;
  if (!neg || !neg.table || pos >= neg.cue.start) return null;
  const dates = s.focus.columns.filter((c) => c.kind === 'date' || c.textDate);
  const mentioned = new Set(
    s.schemaMentions().flatMap((m) => m.columns.filter((c) => c.score >= 0.5).map((c) => c.column)),
  );
  return (
    dates.find((c) => mentioned.has(c)) ?? dates.find((c) => !ENDING_DATE.test(c.name)) ?? dates[0] ?? null
  );
}

/** Names of dates that end or follow an event (shipped, closed, delivered), not when it happened. */
const ENDING_DATE = /(ship|deliver|clos|end|termin|due|expir|paid|resol)/i;

/** Puts a period's condition inside the anti-join's subquery. */
export function addNegatedCondition(s: ReadingState, condition: Condition): void {
  s.negation?.conditions.push(condition);
}
