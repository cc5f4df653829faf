import type { Cue } from '../cuePatterns';
import { wordKey } from '../lexicon';
import type { Condition, Expr } from '../queryPlan';
import type { SchemaMention } from '../schemaLinker';
import type { SchemaColumn, SchemaTable } from '../schemaModel';
import { SALES_VERBS } from '../interpreterWords';
import { eventTableBelow, recordsEvents } from './antiJoinPhase';
import { ReadingState, aggregateOf, isCue, type CueOf } from './readingState';

/** "the max, average, and minimum gpa": a run of aggregate words shares the column after it. */
export function applyAggregateRuns(s: ReadingState): void {
  const aggregateWord = (c: Cue) =>
    isCue(c, 'aggregate') || (isCue(c, 'extreme') && !c.meaning.adjective && !c.meaning.frequency);
  const joinerOnly = (from: number, to: number) =>
    s.tokens.slice(from, to).every((t) => [',', 'and', '&'].includes(t.lower));
  for (let i = 0; i < s.cues.length; i++) {
    if (!aggregateWord(s.cues[i]) || s.usedCues.has(s.cues[i])) continue;
    const run: Cue[] = [s.cues[i]];
    let j = i + 1;
    while (j < s.cues.length) {
      const c = s.cues[j];
      if (isCue(c, 'and')) {
        j++;
        continue;
      }
      if (aggregateWord(c) && !s.usedCues.has(c) && joinerOnly(run[run.length - 1].end, c.start)) {
        run.push(c);
        j++;
        continue;
      }
      break;
    }
    if (run.length < 2) continue;
    const last = run[run.length - 1];
    const m = s.mentionAfter(last.end, 2);
    if (!m || m.kind !== 'schema' || !s.inSelect(run[0].start)) continue;
    const column = s.resolveColumn(m, { kinds: ['number', 'date'] }) ?? s.resolveColumn(m);
    if (!column) continue;
    s.used.add(m);
    for (const c of run) {
      s.usedCues.add(c);
      s.addSelect(c.start, {
        expr: { kind: 'aggregate', fn: isCue(c, 'aggregate') ? c.meaning.fn : aggregateOf(c), column },
      });
    }
    i = j - 1;
  }
}

export function applyCount(s: ReadingState, cue: CueOf<'count'>): void {
  const next = s.mentionAfter(cue.end, 3, (c) => isCue(c, 'distinct'));
  const distinct = s.cues.some((c) => isCue(c, 'distinct') && c.start >= cue.end && c.start <= cue.end + 2);
  const inSelect = s.inSelect(cue.start) || s.frame === 'count';
  // "which authors have banned books, and how many of them?": a count per row of the subject.
  const each = s.cueAfter(cue.end, 0, (c) => isCue(c, 'each'));
  if (each && !s.mentionAfter(each.end, 1)) {
    s.usedCues.add(each);
    s.addSelect(cue.start, { expr: { kind: 'aggregate', fn: 'count', column: null } });
    s.groupEntity = s.groupEntity ?? s.focus;
    s.notes.push(`count per ${s.groupEntity.table.name}`);
    return;
  }
  if (!inSelect) {
    // "ordered by the number of X" is handled by the order cue; "with the number of X more than N" by values.
    return;
  }
  let expr: Expr = { kind: 'aggregate', fn: 'count', column: null };
  const timesWord = s.tokens[cue.end]?.lower === 'times';
  if (!next && !distinct && sumQuantityNamedLater(s, cue)) return;
  // "How many credits does course CIS-220 have?": a stored quantity of one named row.
  if (next && next.kind === 'schema' && !timesWord && !distinct && !s.isTableMention(next)) {
    const measure = s.resolveColumn(next, { kinds: ['number'], avoidIdentifiers: true });
    const namedRows = s.plan.where.filter(
      (c): c is Extract<Condition, { kind: 'compare' }> =>
        c.kind === 'compare' &&
        c.op === '=' &&
        c.left.kind === 'column' &&
        (c.left.column.isPrimaryKey ||
          (c.left.column.distinct ?? 0) >= (c.left.column.table.table.rowEstimate ?? Infinity)),
    );
    const usable = measure && !measure.isIdentifier && measure.words.length > 0 && !s.hasGroupCue();
    // A named row of a table the measure's rows point to ("seats booked for <event>", "rooms in the
    // building X"): the quantity adds up over those rows.
    const parentNamed = namedRows.some(
      (c) =>
        measure &&
        c.left.kind === 'column' &&
        measure.table !== c.left.column.table &&
        measure.table.table.foreignKeys.some(
          (fk) =>
            c.left.kind === 'column' &&
            `${fk.referencedSchema}.${fk.referencedTable}` === c.left.column.table.qname,
        ),
    );
    if (usable && measure && parentNamed) {
      s.used.add(next);
      s.addSelect(cue.start, { expr: { kind: 'aggregate', fn: 'sum', column: measure } });
      s.notes.push(`sum(${measure.name})`);
      return;
    }
    if (usable && measure && namedRows.length > 0) {
      s.used.add(next);
      s.addSelect(cue.start, { expr: { kind: 'column', column: measure } });
      return;
    }
  }
  if (next && next.kind === 'schema' && !timesWord) {
    s.used.add(next);
    const table = s.mentionTable(next);
    const sold = table && s.isTableMention(next) && !distinct ? soldItems(s, next, table) : null;
    if (sold) {
      s.addSelect(cue.start, { expr: sold });
      s.notes.push(sold.kind === 'aggregate' && sold.column ? `sum(${sold.column.name}) sold` : 'count sold');
      return;
    }
    if (s.isTableMention(next) && table) {
      s.countTarget = table;
      if (!s.plan.extraTables.includes(table)) s.plan.extraTables.push(table);
      if (distinct) {
        const label = table.labelColumns[0];
        if (label) expr = { kind: 'aggregate', fn: 'count', column: label, distinct: true };
      }
    } else {
      const column = s.resolveColumn(next);
      if (column) {
        // Counting a table's key or dates counts rows; counting another column counts its distinct values
        // ("how many advisors", "how many courses are offered" over class.crs_code).
        const rows =
          (column.isPrimaryKey && column.table.primaryKey.length === 1) ||
          column.kind === 'date' ||
          column.textDate ||
          column.keys.includes('date') ||
          (!distinct && s.hasGroupCue());
        // "How many seats were booked", "how many people attended": a stored quantity adds up over the rows.
        const quantity =
          !distinct &&
          column.kind === 'number' &&
          !column.isIdentifier &&
          column.keys.some((k) => COUNTED_KEYS.has(k)) &&
          s.tokens[cue.start]?.lower === 'how' &&
          next.end - next.start === 1 &&
          /s$/.test(s.tokens[next.start]?.lower ?? '');
        if (quantity) {
          s.used.add(next);
          s.addSelect(cue.start, { expr: { kind: 'aggregate', fn: 'sum', column } });
          s.notes.push(`sum(${column.name})`);
          return;
        }
        if (rows && !distinct) {
          s.countTarget = column.table;
          if (!s.plan.extraTables.includes(column.table)) s.plan.extraTables.push(column.table);
        } else expr = { kind: 'aggregate', fn: 'count', column, distinct: true };
        // "the numbers of different majors and cities": one count per column.
        const andCue = s.cueAfter(next.end, 0, (c) => isCue(c, 'and'));
        const second = andCue ? s.mentionAfter(andCue.end, 1) : undefined;
        if (second && second.kind === 'schema' && !s.isTableMention(second)) {
          const other = s.resolveColumn(second);
          if (other && expr.kind === 'aggregate' && expr.distinct) {
            s.used.add(second);
            s.addSelect(cue.start, { expr });
            s.addSelect(second.start, {
              expr: { kind: 'aggregate', fn: 'count', column: other, distinct: true },
            });
            s.notes.push('counts');
            return;
          }
        }
      }
    }
  }
  s.addSelect(cue.start, { expr });
  s.notes.push('count');
}

/**
 * "how many crates are in the depots": "how many" before a word of counted things that names nothing itself
 * ("units", "items", "pieces") asks for the total of the quantity the rest of the question names (a number
 * column the model sums), not for a number of rows.
 */
function sumQuantityNamedLater(s: ReadingState, cue: CueOf<'count'>): boolean {
  const word = s.tokens[cue.end];
  if (!word || !COUNTED_KEYS.has(word.key) || s.mentions.some((m) => m.start === cue.end)) return false;
  for (const m of s.schemaMentions()) {
    if (m.start <= cue.end || s.used.has(m) || s.isTableMention(m)) continue;
    const column = s.resolveColumn(m, { kinds: ['number'], avoidIdentifiers: true });
    if (!column || column.isIdentifier || s.aggregationOf(column) !== 'sum') continue;
    s.used.add(m);
    s.addSelect(cue.start, { expr: { kind: 'aggregate', fn: 'sum', column } });
    s.notes.push(`sum(${column.name})`);
    return true;
  }
  return false;
}

/**
 * "the average satisfaction score": a schema mention after one unlinked modifier word (not a cue, not
 * linked, not a stopword) that names a number column.
 */
export function modifiedNumberAfter(s: ReadingState, pos: number): SchemaMention | undefined {
  const t = s.tokens[pos];
  if (!t || t.kind !== 'word' || t.stop || s.cueCovering(pos)) return undefined;
  if (s.mentions.some((m) => m.start <= pos && pos < m.end)) return undefined;
  const m = s.mentions.find((x) => x.start === pos + 1);
  if (!m || m.kind !== 'schema' || s.used.has(m) || s.isTableMention(m)) return undefined;
  const column = s.resolveColumn(m, { kinds: ['number'], avoidIdentifiers: true });
  return column && !column.isIdentifier ? m : undefined;
}

export function applyAggregate(s: ReadingState, cue: CueOf<'aggregate'>): void {
  let next =
    s.mentionAfter(cue.end, 3, (c) => isCue(c, 'distinct') || isCue(c, 'count')) ??
    (cue.soft ? undefined : modifiedNumberAfter(s, cue.end)) ??
    measureAfterLooseWord(s, cue.end);
  if (!next || next.kind !== 'schema') {
    if (cue.soft) return;
    // "price on average": the column right before.
    const before = s.mentionBefore(cue.start, 1);
    if (before && before.kind === 'schema' && s.inSelect(before.start)) {
      const column = s.resolveColumn(before, { kinds: ['number'] });
      if (column && !column.isIdentifier) {
        s.used.add(before);
        s.addSelect(before.start, { expr: { kind: 'aggregate', fn: cue.meaning.fn, column } });
      }
    }
    return;
  }
  // "the average number of stars": the aggregate of the column, not a count.
  for (const c of s.cues)
    if (isCue(c, 'count') && c.start >= cue.end && c.start <= next.start) s.usedCues.add(c);
  // Sums and averages need numbers; nothing else can be added up.
  let column = s.resolveColumn(next, { kinds: ['number'], avoidIdentifiers: true });
  const measure = keyNamedBeforeMeasure(s, cue, next, column);
  if (measure) {
    s.used.add(next);
    next = measure.mention;
    column = measure.column;
  }
  if (!column) return;
  s.used.add(next);
  s.usedCues.add(cue);
  const expr: Expr = { kind: 'aggregate', fn: cue.meaning.fn, column };
  if (s.inSelect(cue.start) || s.inSelect(next.start)) {
    s.addSelect(cue.start, { expr });
    // "the average latitude and longitude": the aggregate applies to both.
    const andCue = s.cueAfter(next.end, 0, (c) => isCue(c, 'and'));
    const second = andCue ? s.mentionAfter(andCue.end, 1) : undefined;
    const secondColumn =
      second && second.kind === 'schema' && !s.isTableMention(second)
        ? s.resolveColumn(second, { kinds: ['number'] })
        : null;
    if (second && secondColumn && !secondColumn.isIdentifier && column.kind === 'number') {
      s.used.add(second);
      s.addSelect(second.start, {
        expr: { kind: 'aggregate', fn: cue.meaning.fn, column: secondColumn },
      });
    }
  } else s.conditionAggregate = { expr, pos: cue.start };
  s.notes.push(`${cue.meaning.fn}(${column.name})`);
}

/**
 * "total marketing spend", "average weekly rent": one content word no table, column or value explains
 * between the aggregate word and a number column it aggregates.
 */
function measureAfterLooseWord(s: ReadingState, pos: number): SchemaMention | undefined {
  const t = s.tokens[pos];
  if (!t || t.kind !== 'word' || t.stop || s.mentions.some((m) => m.start <= pos && pos < m.end)) return;
  if (s.cueCovering(pos)) return;
  const m = s.mentionAfter(pos + 1, 0);
  if (!m || m.kind !== 'schema' || s.isTableMention(m)) return;
  const column = s.resolveColumn(m, { kinds: ['number'], avoidIdentifiers: true });
  return column && !column.isIdentifier ? m : undefined;
}

/**
 * "the average order value", "total booking amount": a sum or an average whose next words name rows (a
 * table, or only its key) followed by a measure of them. A key or id is never added up or averaged, so the
 * measure named right after is the aggregated column; null when the first mention is a measure itself.
 */
function keyNamedBeforeMeasure(
  s: ReadingState,
  cue: CueOf<'aggregate'>,
  first: SchemaMention,
  column: SchemaColumn | null,
): { mention: SchemaMention; column: SchemaColumn } | null {
  if (cue.meaning.fn !== 'sum' && cue.meaning.fn !== 'avg') return null;
  if (column && !column.isIdentifier && !s.isTableMention(first)) return null;
  const after = s.mentionAfter(first.end, 1);
  if (!after || after.kind !== 'schema' || s.isTableMention(after)) return null;
  const measure = s.resolveColumn(after, { kinds: ['number'], avoidIdentifiers: true });
  return measure && !measure.isIdentifier ? { mention: after, column: measure } : null;
}

/** Column words of money and quantities that add up ("the greatest amount lent" is a total). */
export const AMOUNT_KEYS: ReadonlySet<string> = new Set(
  ['amount', 'total', 'sales', 'revenue', 'spend'].map(wordKey),
);

/**
 * Column words of stored counts of things ("seats", "attendees", "units sold", "quantity"): "how many" of
 * them adds the column up rather than counting rows or distinct values.
 */
export const COUNTED_KEYS: ReadonlySet<string> = new Set(
  [
    'quantity',
    'qty',
    'units',
    'seats',
    'attendees',
    'attendance',
    'visitors',
    'guests',
    'participants',
    'tickets',
    'items',
    'pieces',
    'copies',
    'sold',
    'hours',
    'minutes',
    'headcount',
    'downloads',
    'views',
    'clicks',
    'votes',
  ].map(wordKey),
);

/**
 * What "by number of <rows>" counts when the rows are another table's: those rows (joined as the count
 * target); "<rows> sold/bought" over a catalog table that records no events counts the order lines below it
 * (`eventTableBelow`), summing their stored quantity when they have one.
 */
export function countedRows(s: ReadingState, target: SchemaMention): Expr | null {
  const table = s.isTableMention(target) ? s.mentionTable(target) : null;
  if (!table || table === s.focus) return null;
  const sold = SALES_VERBS.has(s.tokens[target.end]?.lower ?? '');
  const events = sold && !recordsEvents(table) ? eventTableBelow(s, table) : null;
  const counted = events ?? table;
  s.countTarget = counted;
  for (const t of [table, counted]) if (!s.plan.extraTables.includes(t)) s.plan.extraTables.push(t);
  const quantity = events ? storedQuantity(s, events) : undefined;
  return quantity ? { kind: 'aggregate', fn: 'sum', column: quantity } : null;
}

/**
 * "how many plants were sold in 2019": a count of catalog rows that record no events, with a sales verb
 * right after them, counts what the order lines below them record: the sum of their stored quantity (or
 * their number when they store none), dated by the lines or their header. Null when no sales verb follows or
 * no event table lies below.
 */
function soldItems(s: ReadingState, m: SchemaMention, table: SchemaTable): Expr | null {
  const verb = s.tokens.slice(m.end, m.end + 4).find((t) => SALES_VERBS.has(t.lower));
  // "plants never sold": the anti-join keeps catalog rows, and they are counted.
  if (!verb || recordsEvents(table) || s.negation || s.cues.some((c) => isCue(c, 'negation'))) return null;
  const events = eventTableBelow(s, table);
  if (!events) return null;
  s.countTarget = events;
  for (const t of [table, events]) if (!s.plan.extraTables.includes(t)) s.plan.extraTables.push(t);
  s.markRead(verb.index, { kind: 'count' });
  const quantity = storedQuantity(s, events);
  return quantity
    ? { kind: 'aggregate', fn: 'sum', column: quantity }
    : { kind: 'aggregate', fn: 'count', column: null };
}

/** The stored quantity of an event table ("qty", "units"), summed by the model, or undefined. */
export function storedQuantity(s: ReadingState, events: SchemaTable): SchemaColumn | undefined {
  return events.columns.find(
    (c) =>
      c.kind === 'number' &&
      !c.isIdentifier &&
      c.keys.some((k) => COUNTED_KEYS.has(k)) &&
      s.aggregationOf(c) === 'sum',
  );
}

/**
 * "which publishers sold the most books": after a sales verb, rows of a catalog table that records no events
 * are counted as the order lines below it that do (`eventTableBelow`); otherwise the table itself.
 */
export function soldRows(s: ReadingState, cue: Cue, table: SchemaTable): SchemaTable {
  const verb = s.tokens.slice(Math.max(0, cue.start - 2), cue.start).find((t) => SALES_VERBS.has(t.lower));
  if (!verb || recordsEvents(table)) return table;
  const events = eventTableBelow(s, table);
  if (!events) return table;
  s.markRead(verb.index, { kind: 'count' });
  s.countTarget = events;
  // The named rows stay in the reading: the order lines are counted through them.
  if (table !== s.focus && !s.plan.extraTables.includes(table)) s.plan.extraTables.push(table);
  return events;
}
