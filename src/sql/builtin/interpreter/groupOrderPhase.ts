import type { Cue } from '../cuePatterns';
import { planTables, type Expr } from '../queryPlan';
import type { SchemaMention } from '../schemaLinker';
import type { SchemaColumn, SchemaTable } from '../schemaModel';
import { ReadingState, aggregateOf, isCue, type CueOf } from './readingState';

/**
 * "in each distribution center" where no word links: the one request table that nothing else names and
 * that joins the focus (retrieval chose it for those words).
 */
export function unnamedGroupTable(s: ReadingState, cue: Cue): SchemaTable | null {
  const after = s.tokens.slice(cue.end, cue.end + 3);
  const words = after.filter((t) => t.kind === 'word' && !t.stop);
  if (words.length === 0 || after.some((t) => s.cueCovering(t.index))) return null;
  if (s.mentions.some((m) => m.start >= cue.end && m.start < cue.end + 3)) return null;
  const named = new Set(planTables(s.plan));
  for (const m of s.schemaMentions()) {
    const t = s.mentionTable(m);
    if (t) named.add(t);
    for (const c of m.columns.slice(0, 1)) named.add(c.column.table);
  }
  const free = [...s.component].filter((t) => t !== s.focus && !named.has(t) && t.labelColumns.length > 0);
  return free.length === 1 ? free[0] : null;
}

export function applyGroup(s: ReadingState, cue: Cue): void {
  const next = s.mentionAfter(cue.end, 2, (c) => isCue(c, 'distinct'), true);
  if ((!next || next.kind !== 'schema') && s.hasAggregation() && s.tokens[cue.start].lower !== 'by') {
    const table = unnamedGroupTable(s, cue);
    if (!table) return;
    const key = table.primaryKey.length > 0 ? table.primaryKey : table.labelColumns;
    for (const k of [...key, ...table.labelColumns])
      if (!s.plan.groupBy.some((g) => g.kind === 'column' && g.column === k))
        s.plan.groupBy.push({ kind: 'column', column: k });
    s.addSelect(
      cue.start,
      ...table.labelColumns.map((c) => ({ expr: { kind: 'column', column: c } as Expr })),
    );
    s.groupEntity = table;
    if (!s.plan.extraTables.includes(table)) s.plan.extraTables.push(table);
    s.notes.push(`per ${table.table.name}`);
    return;
  }
  if (!next || next.kind !== 'schema') return;
  // Grouping only means something when the question aggregates ("for each trip, its end date" lists rows).
  if (!s.hasAggregation(s.isTableMention(next) ? s.mentionTable(next) : null)) return;
  if (s.tokens[cue.start].lower === 'by') {
    if (!s.hasAggregation()) return;
    // "lessons taken by customer X", "movies directed by": a verb before "by" makes it an agent, not a group.
    const prev = s.tokens[cue.start - 1];
    const prevMention = s.mentions.some((m) => m.end === cue.start);
    if (prev && prev.kind === 'word' && !prev.stop && !prevMention && !s.cueCovering(prev.index)) return;
    if (prev && /(ed|en)$/.test(prev.lower) && prev.lower.length > 4) return;
  }
  if (rankByMeasure(s, cue, next)) return;
  const wasUsed = s.used.has(next);
  s.used.add(next);
  const table = s.mentionTable(next);
  if (s.isTableMention(next) && table) {
    const key = table.primaryKey.length > 0 ? table.primaryKey : table.labelColumns;
    for (const k of key) s.plan.groupBy.push({ kind: 'column', column: k });
    const shown = table.labelColumns.length > 0 ? table.labelColumns : key;
    if (!wasUsed)
      s.addSelect(cue.start, ...shown.map((c) => ({ expr: { kind: 'column', column: c } as Expr })));
    for (const c of shown)
      if (!s.plan.groupBy.some((g) => g.kind === 'column' && g.column === c))
        s.plan.groupBy.push({ kind: 'column', column: c });
    s.groupEntity = table;
    if (!s.plan.extraTables.includes(table)) s.plan.extraTables.push(table);
    s.notes.push(`per ${table.table.name}`);
    return;
  }
  const column = s.resolveColumn(next);
  if (!column) return;
  s.plan.groupBy.push({ kind: 'column', column });
  // "per coach" over member.coach_id: the group is a row of the referenced table, shown by its
  // display columns (unless the question asks for the id itself).
  const referenced = column.isForeignKey && !column.isPrimaryKey ? referencedTable(s, column) : null;
  const asksForKey = s.tokens
    .slice(next.start, next.end)
    .some((t) => ['id', 'ids', 'code', 'codes', 'number', 'no'].includes(t.lower));
  if (referenced && referenced.labelColumns.length > 0 && !asksForKey) {
    for (const label of referenced.labelColumns) s.plan.groupBy.push({ kind: 'column', column: label });
    if (!wasUsed)
      s.addSelect(
        cue.start,
        ...referenced.labelColumns.map((c) => ({ expr: { kind: 'column', column: c } as Expr })),
      );
    s.notes.push(`per ${referenced.table.name}`);
    return;
  }
  if (!wasUsed) s.addSelect(cue.start, { expr: { kind: 'column', column } });
  s.notes.push(`per ${column.name}`);
}

/** The request table a foreign-key column points to, when it is connected to the question's tables. */
function referencedTable(s: ReadingState, column: SchemaColumn): SchemaTable | null {
  for (const fk of column.table.table.foreignKeys) {
    if (!fk.columns.includes(column.name)) continue;
    const target = s.input.model.byName.get(`${fk.referencedSchema}.${fk.referencedTable}`);
    if (target && target !== column.table && s.component.has(target)) return target;
  }
  return null;
}

export function applyOrder(s: ReadingState, cue: CueOf<'order'>): void {
  if (cue.meaning.then && s.plan.orderBy.length === 0) return;
  // "Sort the list of names ... in descending order of cost": the opening verb only introduces the list.
  if (cue.start <= 1 && !cue.meaning.dir && s.cues.some((c) => isCue(c, 'order') && c.start > cue.end))
    return;
  // "sorted by price in descending order": the second phrase only gives the first one's direction.
  const own = s.mentionAfter(cue.end, 3, (c) => isCue(c, 'direction'), true);
  if (
    cue.meaning.dir &&
    s.plan.orderBy.length > 0 &&
    (!own || own.kind !== 'schema' || s.tokens[cue.end - 1]?.lower !== 'of')
  ) {
    const last = s.plan.orderBy[s.plan.orderBy.length - 1];
    last.dir = cue.meaning.dir;
    s.orderDirectionExplicit = true;
    return;
  }
  const dirCue = s.cues.find(
    (c) =>
      isCue(c, 'direction') &&
      c.start >= cue.start &&
      !s.cues.some((o) => isCue(o, 'order') && o !== cue && o.start > cue.start && o.start < c.start),
  );
  let dir: 'asc' | 'desc' =
    cue.meaning.dir ?? (dirCue && isCue(dirCue, 'direction') ? dirCue.meaning.dir : 'asc');
  if (cue.meaning.dir || dirCue) s.orderDirectionExplicit = true;
  // "ordered by the number of X", "in decreasing order of each city's highest latitude".
  const inner = s.cues.find(
    (c) =>
      c.start >= cue.end &&
      c.start <= cue.end + 6 &&
      !s.usedCues.has(c) &&
      (isCue(c, 'count') ||
        (isCue(c, 'aggregate') && !c.soft) ||
        (isCue(c, 'extreme') && !c.soft && !c.meaning.adjective)) &&
      !s.valueMentions().some((v) => v.start >= cue.end && v.start < c.start),
  );
  if (inner) {
    s.usedCues.add(inner);
    const next = s.mentionAfter(inner.end, 2);
    if (isCue(inner, 'count') || (isCue(inner, 'extreme') && inner.meaning.frequency)) {
      if (next && next.kind === 'schema' && s.isTableMention(next)) {
        s.used.add(next);
        const t = s.mentionTable(next);
        if (t && t !== s.focus && !s.plan.extraTables.includes(t)) s.plan.extraTables.push(t);
      }
      s.plan.orderBy.push({ expr: { kind: 'aggregate', fn: 'count', column: null }, dir });
      s.groupEntity = s.groupEntity ?? s.focus;
      return;
    }
    if (next && next.kind === 'schema') {
      const column = s.resolveColumn(next, { kinds: ['number'] }) ?? s.resolveColumn(next);
      if (column) {
        s.used.add(next);
        const fn = aggregateOf(inner);
        if (isCue(inner, 'extreme') && !cue.meaning.dir && !dirCue) dir = inner.meaning.dir;
        s.plan.orderBy.push({ expr: { kind: 'aggregate', fn, column }, dir });
        s.groupEntity = s.groupEntity ?? s.focus;
      }
    }
    return;
  }
  // "sorted by the count": the number of rows of each group.
  const word = (i: number) => s.tokens[i]?.lower ?? '';
  const countAt =
    word(cue.end) === 'count'
      ? cue.end
      : word(cue.end) === 'the' && word(cue.end + 1) === 'count'
        ? cue.end + 1
        : -1;
  if (countAt >= 0 && word(countAt + 1) !== 'of' && !s.mentions.some((m) => m.start === countAt)) {
    s.plan.orderBy.push({ expr: { kind: 'aggregate', fn: 'count', column: null }, dir });
    s.groupEntity = s.groupEntity ?? s.focus;
    return;
  }
  const next = s.mentionAfter(cue.end, 3, (c) => isCue(c, 'direction'), true);
  if (next && next.kind === 'schema') {
    const table = s.isTableMention(next) ? s.mentionTable(next) : null;
    const column = table
      ? (table.labelColumns[0] ?? table.columns.find((c) => !c.isIdentifier && c.kind === 'text') ?? null)
      : s.resolveColumn(next);
    if (column) {
      if (!s.inSelect(next.start)) s.used.add(next);
      s.plan.orderBy.push({ expr: { kind: 'column', column }, dir });
      s.notes.push(`order by ${column.name} ${dir}`);
      return;
    }
  }
  // "sorted alphabetically" / "in descending order": the column asked for, just before (else the first one).
  const before = s.mentionBefore(cue.start, 3);
  const col =
    before && before.kind === 'schema' && !s.isTableMention(before) ? s.resolveColumn(before) : null;
  if (col) s.plan.orderBy.push({ expr: { kind: 'column', column: col }, dir });
  else s.pendingOrderDir = dir;
}

/**
 * "the best selling category ..., by revenue": "by" a measure after a superlative that ranked the groups by
 * their number of rows gives the ranking measure (its default aggregation), not another group.
 */
function rankByMeasure(s: ReadingState, cue: Cue, next: SchemaMention): boolean {
  if (s.tokens[cue.start].lower !== 'by' || s.isTableMention(next)) return false;
  const ranked = s.plan.orderBy.findIndex(
    (o) => o.expr.kind === 'aggregate' && o.expr.fn === 'count' && o.expr.column === null,
  );
  if (ranked < 0) return false;
  const column = s.resolveColumn(next, { kinds: ['number'], avoidIdentifiers: true });
  const fn = column && !column.isIdentifier ? s.aggregationOf(column) : null;
  if (!column || !fn) return false;
  s.used.add(next);
  s.plan.orderBy[ranked] = { expr: { kind: 'aggregate', fn, column }, dir: s.plan.orderBy[ranked].dir };
  s.notes.push(`ranked by ${fn}(${column.name})`);
  return true;
}
