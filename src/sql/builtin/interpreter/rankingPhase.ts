import { ATTRIBUTE_ADJECTIVES } from '../lexicon';
import type { Expr } from '../queryPlan';
import type { SchemaTable } from '../schemaModel';
import { COUNT_WORDS } from '../interpreterWords';
import { recordsEvents } from './antiJoinPhase';
import { ReadingState, isCue, type CueOf } from './readingState';
import { rankPeriods } from './measurePhase';
import { nounLiteralTable } from './literalShapes';
import { AMOUNT_KEYS, countedRows, soldRows, storedQuantity } from './aggregatePhase';

/**
 * An extreme cue, "the most/least/highest <x>" with its limit (one of the two ranking cues, with
 * {@link applyTopBy}): what is ordered, in which direction, and how many rows are kept.
 */
export function applyExtreme(s: ReadingState, cue: CueOf<'extreme'>): void {
  if (rankPeriods(s, cue)) return;
  const meaning = cue.meaning;
  const limit = s.limitNear(cue) ?? 1;
  const inSelect = s.inSelect(cue.start);

  const orderBy = (expr: Expr) => {
    s.plan.orderBy.push({ expr, dir: meaning.dir });
    s.plan.limit = limit;
  };
  const orderByCount = (target: SchemaTable | null) => {
    // "sold the most <catalog rows>": the order lines' stored quantity, when they store one.
    const quantity =
      target && s.countTarget === target && recordsEvents(target) ? storedQuantity(s, target) : undefined;
    if (target && quantity && target !== s.focus) {
      if (!s.plan.extraTables.includes(target)) s.plan.extraTables.push(target);
      orderBy({ kind: 'aggregate', fn: 'sum', column: quantity });
      s.groupEntity = s.groupEntity ?? s.focus;
      s.notes.push(`most ${quantity.name} of ${target.table.name}`);
      return;
    }
    if (target && !s.plan.extraTables.includes(target) && target !== s.focus) {
      s.plan.extraTables.push(target);
      s.countTarget = target;
    }
    orderBy({ kind: 'aggregate', fn: 'count', column: null });
    s.groupEntity = s.groupEntity ?? s.focus;
    s.notes.push(`most ${target?.table.name ?? 'rows'}`);
  };

  // "the lowest average pressure": order groups by an aggregate.
  const aggregateCue = s.cueAfter(cue.end, 1, (c) => isCue(c, 'aggregate'));
  if (aggregateCue && isCue(aggregateCue, 'aggregate')) {
    const m = s.mentionAfter(aggregateCue.end, 2);
    const column = m && m.kind === 'schema' ? s.resolveColumn(m, { kinds: ['number'] }) : null;
    if (column && m) {
      s.used.add(m);
      s.usedCues.add(aggregateCue);
      orderBy({ kind: 'aggregate', fn: aggregateCue.meaning.fn, column });
      s.groupEntity = s.groupEntity ?? s.focus;
      return;
    }
  }

  let next = s.mentionAfter(cue.end, 2, (c) => isCue(c, 'count'));
  // "the amenity that is most common": a predicative superlative describes the noun before it.
  const predicative = ['is', 'are', 'was', 'were'].includes(s.tokens[cue.start - 1]?.lower ?? '');
  if (meaning.frequency === 'group' && predicative) {
    const head = s.mentionBefore(cue.start, 3, (c) => isCue(c, 'relative'));
    if (head && head.kind === 'schema') next = head;
  }
  // "the largest and smallest customer codes": both extremes name the same column.
  const pairedCue = next ? undefined : s.cueAfter(cue.end, 0, (c) => isCue(c, 'and'));
  if (pairedCue) {
    const other = s.cueAfter(pairedCue.end, 0, (c) => isCue(c, 'extreme') && !c.meaning.adjective);
    const shared = other ? s.mentionAfter(other.end, 1, undefined, true) : undefined;
    if (shared && shared.kind === 'schema' && inSelect) next = shared;
  }
  if (meaning.adjective && (!next || next.kind !== 'schema' || s.isTableMention(next))) {
    const found = s.attributeColumn(meaning.adjective);
    // "the 10 longest hikes, longest first": the second superlative repeats the first.
    const repeated =
      found &&
      s.plan.orderBy.some(
        (o) => o.expr.kind === 'column' && o.expr.column === found.column && o.dir === found.dir,
      );
    if (repeated) return;
    if (found) {
      s.plan.orderBy.push({ expr: { kind: 'column', column: found.column }, dir: found.dir });
      s.plan.limit = limit;
      s.notes.push(`${meaning.adjective} → ${found.column.name} ${found.dir}`);
      return;
    }
    if (cue.soft) return;
  }
  if (next && next.kind === 'schema') {
    const table = s.mentionTable(next);
    const countsRows = meaning.frequency === 'count' || (!meaning.frequency && !meaning.aggregateWord);
    if (countsRows && s.isTableMention(next) && table) {
      s.used.add(next);
      orderByCount(soldRows(s, cue, table));
      return;
    }
    const column = s.resolveColumn(next, {
      kinds: meaning.frequency ? undefined : ['number', 'date', 'text'],
    });
    if (!column) return;
    s.used.add(next);
    if (meaning.frequency === 'count') {
      // "the largest number of bedrooms" over a stored bedroom_count: order by the column.
      if (column.kind === 'number' && !column.isIdentifier && column.words.some((w) => COUNT_WORDS.has(w))) {
        orderBy({ kind: 'column', column });
        return;
      }
      orderByCount(column.table);
      return;
    }
    if (meaning.frequency === 'group') {
      // "the most common X": group by X, order by count (showing the row's label when X is a key).
      const shown = column.isIdentifier ? (s.labelFor(column) ?? column) : column;
      s.plan.groupBy.push({ kind: 'column', column });
      if (shown !== column) s.plan.groupBy.push({ kind: 'column', column: shown });
      orderBy({ kind: 'aggregate', fn: 'count', column: null });
      if (inSelect || s.pending.length === 0)
        s.addSelect(next.start, { expr: { kind: 'column', column: shown } });
      s.notes.push(`most common ${column.name}`);
      return;
    }
    // "which clerk filed the most claims" where "claims" read as the claim key, "the most SKUs" over a
    // code column unique to each row or read as another table's code column: no one means the largest key or
    // code; the rows are counted.
    const rows = column.table.table.rowEstimate ?? 0;
    const uniqueCode = column.kind === 'text' && rows > 0 && (column.distinct ?? 0) >= 0.95 * rows;
    const rowsNamed =
      column.isPrimaryKey || uniqueCode || (column.kind === 'text' && column.table !== s.focus);
    if (!meaning.adjective && !meaning.aggregateWord && !meaning.frequency && rowsNamed && !inSelect) {
      orderByCount(soldRows(s, cue, column.table));
      return;
    }
    if (meaning.adjective) {
      // "the three oldest ids": the adjective's direction, date-like for dates and keys.
      const spec = ATTRIBUTE_ADJECTIVES[meaning.adjective];
      const dateLike =
        column.kind === 'date' ||
        column.textDate ||
        column.isIdentifier ||
        column.keys.some((k) => ['date', 'year', 'time'].includes(k));
      const dir = spec && dateLike && spec.dateDirection ? spec.dateDirection : meaning.dir;
      s.plan.orderBy.push({ expr: { kind: 'column', column }, dir });
      s.plan.limit = limit;
      return;
    }
    if (inSelect && !s.cues.some((c) => isCue(c, 'limit') && s.usedCues.has(c)) && limit === 1) {
      const fn = meaning.dir === 'desc' ? 'max' : 'min';
      s.addSelect(cue.start, { expr: { kind: 'aggregate', fn, column } });
      s.notes.push(`${fn}(${column.name})`);
      return;
    }
    const word = (i: number) => s.tokens[i]?.lower ?? '';
    const sumWord =
      [word(cue.start), word(cue.end - 1)].some((w) => w === 'most' || w === 'least') ||
      (column.table !== s.focus && column.keys.some((k) => AMOUNT_KEYS.has(k)) && s.manySide(column.table));
    const grouped =
      s.hasGrouping() || (s.frame === 'which' && sumWord) || (sumWord && column.table !== s.focus);
    if (grouped && sumWord && column.kind === 'number' && !column.isIdentifier) {
      orderBy({ kind: 'aggregate', fn: 'sum', column });
      s.groupEntity = s.groupEntity ?? s.focus;
      s.notes.push(`ordered by total ${column.name}`);
      return;
    }
    orderBy({ kind: 'column', column });
    s.notes.push(`top ${limit} by ${column.name}`);
    return;
  }
  if (cue.soft || meaning.aggregateWord) return;
  if (s.conditionAggregate && s.conditionAggregate.pos < cue.start) {
    orderBy(s.conditionAggregate.expr);
    s.conditionAggregate = null;
    s.groupEntity = s.groupEntity ?? s.focus;
    return;
  }
  // "which supplier has the most SKUs": a noun literal after the superlative counts the rows it spells.
  const literal = s.mentionAfter(cue.end, 2, (c) => isCue(c, 'count'), true);
  const counted = literal && literal.kind === 'value' ? nounLiteralTable(s, literal) : null;
  if (literal && counted && counted !== s.focus) {
    s.used.add(literal);
    orderByCount(counted);
    return;
  }
  // "Which X has the most?" / "most ... times".
  orderByCount(null);
}

/** "top 5 countries by number of invoices": order by what follows "by", descending, limit N. */
export function applyTopBy(s: ReadingState, cue: CueOf<'limit'>): void {
  // "the top 5 GPAs": order by the column named right after the limit.
  const direct = s.mentionAfter(cue.end, 0);
  if (direct && direct.kind === 'schema' && !s.isTableMention(direct) && cue.number !== undefined) {
    const column = s.resolveColumn(direct, { kinds: ['number', 'date'] });
    if (
      column &&
      !column.isIdentifier &&
      !s.cues.some((c) => isCue(c, 'extreme') && Math.abs(c.start - cue.end) <= 1)
    ) {
      s.used.add(direct);
      s.usedCues.add(cue);
      s.plan.orderBy.push({ expr: { kind: 'column', column }, dir: 'desc' });
      s.plan.limit = cue.number;
      return;
    }
  }
  const by = s.cues.find(
    (c) =>
      isCue(c, 'group') && s.tokens[c.start].lower === 'by' && c.start >= cue.end && c.start <= cue.end + 5,
  );
  if (!by || cue.number === undefined) return;
  const inner = s.cueAfter(by.end, 1, (c) => isCue(c, 'count') || isCue(c, 'aggregate'));
  const target = s.mentionAfter(inner ? inner.end : by.end, 2);
  let expr: Expr | null = null;
  if (inner && isCue(inner, 'count')) {
    expr = { kind: 'aggregate', fn: 'count', column: null };
    if (target && target.kind === 'schema') {
      s.used.add(target);
      expr = countedRows(s, target) ?? expr;
    }
  } else if (target && target.kind === 'schema') {
    const column = s.resolveColumn(target, { kinds: ['number'] }) ?? s.resolveColumn(target);
    if (column) {
      // "top 5 bakeries by loaves baked": a quantity of the rows listed per product adds up.
      const perRow =
        column.table !== s.focus &&
        column.kind === 'number' &&
        !column.isIdentifier &&
        s.manySide(column.table);
      expr =
        inner && isCue(inner, 'aggregate')
          ? { kind: 'aggregate', fn: inner.meaning.fn, column }
          : perRow
            ? { kind: 'aggregate', fn: 'sum', column }
            : { kind: 'column', column };
      s.used.add(target);
    }
  }
  if (!expr) return;
  s.usedCues.add(cue);
  s.usedCues.add(by);
  if (inner) s.usedCues.add(inner);
  s.plan.orderBy.push({ expr, dir: 'desc' });
  s.plan.limit = cue.number;
  if (expr.kind === 'aggregate') s.groupEntity = s.groupEntity ?? s.focus;
}
