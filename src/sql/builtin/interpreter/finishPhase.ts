import { FILLER } from '../interpreterWords';
import { conditionTables, exprKey, planTables, type Expr } from '../queryPlan';
import type { SchemaMention } from '../schemaLinker';
import { isCategoryColumn, type SchemaColumn, type SchemaTable } from '../schemaModel';
import { ReadingState, isCue } from './readingState';
import { finishNegation, finishRowCompare, finishSelfNegation, finishSetOp } from './conditionPhase';
import { isModifierMention } from './framePhase';

export function collectSelect(s: ReadingState): void {
  // "... who have taught some course and the course code": a trailing "and the X" adds to the select list.
  const trailing = s
    .schemaMentions()
    .filter((m) => !s.inSelect(m.start) && !s.used.has(m) && m.start > s.selectEnd && addsToSelect(s, m));
  const schema = [...s.schemaMentions().filter((m) => s.inSelect(m.start) && !s.used.has(m)), ...trailing];
  let sawColumn = false;
  let lastSelectEnd = 0;
  for (const m of schema) {
    const table = s.mentionTable(m);
    if (s.isTableMention(m) && table && isModifierMention(s, m)) continue;
    if (s.isTableMention(m) && table) {
      // "the first and last name, department and city": a table in a list of columns stands for its label.
      const listed = sawColumn && [',', 'and'].includes(s.tokens[m.start - 1]?.lower ?? '');
      if (listed && table.labelColumns.length === 1) {
        s.used.add(m);
        s.addSelect(m.start, { expr: { kind: 'column', column: table.labelColumns[0] } });
        continue;
      }
      if (sawColumn || s.pending.some((p) => p.pos < m.start)) continue;
      // A table asked for by name: its label columns (or key).
      const next = s.mentionAfter(m.end, 2, () => false, true);
      if (next && next.kind === 'schema' && !s.isTableMention(next) && s.inSelect(next.start)) continue;
      const sortName = sortedNameColumn(s, table);
      const shown = sortName
        ? [sortName]
        : table.labelColumns.length > 0
          ? table.labelColumns
          : table.primaryKey.slice(0, 1);
      if (shown.length > 0 && s.frame !== 'count')
        s.addSelect(m.start, ...shown.map((c) => ({ expr: { kind: 'column', column: c } as Expr })));
      continue;
    }
    const column = s.resolveColumn(m);
    if (!column) continue;
    // "the name of bank branch": a key right after the asked column names the entity, not another column.
    const gap = s.tokens.slice(lastSelectEnd, m.start).map((t) => t.lower);
    if (
      sawColumn &&
      column.isIdentifier &&
      gap.every((w) => ['of', 'the', 'a', 'an', 'each', 'all'].includes(w))
    )
      continue;
    // "How many customers live in ...": a count asks for the count, not for the words after its noun.
    if (s.frame === 'count' && !listedWithCount(s, m)) continue;
    // "the names of the directors" where director is a column: the directors are the answer.
    const next = s.mentionAfter(m.end, 2, () => false, true);
    const generic = s.tokens
      .slice(m.start, m.end)
      .every((t) => t.stop || ['name', 'names'].includes(t.lower));
    if (
      generic &&
      next &&
      next.kind === 'schema' &&
      !s.isTableMention(next) &&
      s.tokens[m.end]?.lower === 'of'
    )
      continue;
    sawColumn = true;
    lastSelectEnd = m.end;
    s.used.add(m);
    const nameOnly = s.tokens.slice(m.start, m.end).every((t) => ['name', 'names'].includes(t.lower));
    const full = /^full$/i.test(s.tokens[m.start - 1]?.text ?? '');
    const person = [column.table, s.focus].find((t) => t.labelColumns.length === 2);
    const pair = person && (nameOnly || full) ? person.labelColumns : column.table.labelColumns;
    const bare = m.end - m.start === 1 || full;
    if (
      pair.length === 2 &&
      (pair.includes(column) || nameOnly || full) &&
      bare &&
      !m.columns.some((c) => c.score >= 0.99 && !pair.includes(c.column) && !nameOnly)
    ) {
      // "names" / "full names" of people stored as first + last name.
      s.addSelect(m.start, ...pair.map((c) => ({ expr: { kind: 'column', column: c } as Expr })));
      continue;
    }
    s.addSelect(m.start, { expr: { kind: 'column', column } });
  }
  s.pending.sort((a, b) => a.pos - b.pos);
  // "the total amount of money": the bare column repeats the aggregate's.
  const aggregated = new Set(
    s.pending.flatMap((p) =>
      p.items.map((i) => (i.expr.kind === 'aggregate' && i.expr.column ? i.expr.column : null)),
    ),
  );
  for (const p of s.pending)
    p.items = p.items.filter(
      (i) =>
        !(
          i.expr.kind === 'column' &&
          aggregated.has(i.expr.column) &&
          !s.plan.groupBy.some((g) => exprKey(g) === exprKey(i.expr))
        ),
    );
  const seen = new Set<string>();
  for (const p of s.pending)
    for (const item of p.items) {
      const key = exprKey(item.expr);
      if (seen.has(key)) continue;
      seen.add(key);
      s.plan.select.push(item);
    }
  if (s.allColumns && s.plan.select.every((s) => s.expr.kind === 'column')) {
    s.plan.select = [{ expr: { kind: 'star' } }];
    s.plan.root = s.focus;
  }
  if (s.plan.select.length === 0) defaultSelect(s);
  if (
    s.cues.some((c) => isCue(c, 'distinct') && s.inSelect(c.start)) &&
    s.plan.select.every((s) => s.expr.kind === 'column')
  )
    s.plan.distinct = true;
  if (s.pendingOrderDir && s.plan.orderBy.length === 0) {
    const first = s.plan.select.find((s) => s.expr.kind === 'column');
    if (first) s.plan.orderBy.push({ expr: first.expr, dir: s.pendingOrderDir });
  }
}

/**
 * "the users sorted by display name": rows listed in the order of another name of theirs are named by it
 * (a text name or title column of the table itself that is not its label).
 */
export function sortedNameColumn(s: ReadingState, table: SchemaTable): SchemaColumn | null {
  if (s.plan.orderBy.length !== 1) return null;
  const expr = s.plan.orderBy[0].expr;
  if (expr.kind !== 'column') return null;
  const c = expr.column;
  const nameLike = ['name', 'titl'].includes(c.keys[c.keys.length - 1] ?? '');
  if (c.table !== table || c.kind !== 'text' || c.isIdentifier || !nameLike) return null;
  return table.labelColumns.includes(c) ? null : c;
}

/** A mention after the clause that starts with "and the" / ", and the corresponding": also asked for. */
export function addsToSelect(s: ReadingState, m: SchemaMention): boolean {
  if (s.isTableMention(m)) return false;
  let i = m.start - 1;
  while (
    i >= 0 &&
    ['the', 'their', 'its', 'corresponding', 'respective', 'also', 'find', 'show', 'list', 'give'].includes(
      s.tokens[i].lower,
    )
  )
    i--;
  if (i < 0 || !['and', ','].includes(s.tokens[i].lower)) return false;
  // "and play football" is a verb phrase: a noun phrase has a determiner or several words.
  if (
    i === m.start - 1 &&
    m.end - m.start < 2 &&
    s.tokens[i].lower === 'and' &&
    s.tokens[i - 1]?.text !== ','
  )
    return false;
  // Not a condition's second column ("with X and Y above 10"): nothing compares it.
  return !s.cues.some(
    (c) => (isCue(c, 'compare') || isCue(c, 'like')) && c.start >= m.end && c.start <= m.end + 2,
  );
}

/** "How many X and what is the Y": a column joined to the count by "and" or a comma is asked for too. */
export function listedWithCount(s: ReadingState, m: SchemaMention): boolean {
  const prev = s.tokens[m.start - 1];
  const prev2 = s.tokens[m.start - 2];
  return (
    (prev !== undefined && ['and', ','].includes(prev.lower)) ||
    (prev2 !== undefined && ['and', ','].includes(prev2.lower) && prev.stop)
  );
}

/** A table whose rows are people: named by a first and a last name. */
function isPeople(t: SchemaTable): boolean {
  return t.labelColumns.length === 2 && t.labelColumns.every((c) => c.keys.includes('name'));
}

/**
 * "who's the night nurse at <ward>": a question asking who, whose subject is not a table of people, names the
 * person of the people table a filter is on (the job title, the role) when there is exactly one.
 */
function whoAsked(s: ReadingState): SchemaTable | null {
  const first = s.tokens.find((t) => t.kind === 'word');
  if (!first || !['who', "who's", 'whos', 'whom'].includes(first.lower) || isPeople(s.focus)) return null;
  const filtered = [...new Set(s.plan.where.flatMap(conditionTables))].filter(isPeople);
  return filtered.length === 1 ? filtered[0] : null;
}

export function defaultSelect(s: ReadingState): void {
  if (s.frame === 'count') {
    s.plan.select.push({ expr: { kind: 'aggregate', fn: 'count', column: null } });
    return;
  }
  if (s.frame === 'when') {
    const date = s.dateColumn();
    if (date) {
      s.plan.select.push({ expr: { kind: 'column', column: date } });
      return;
    }
  }
  const person = whoAsked(s);
  if (person) {
    for (const c of person.labelColumns) s.plan.select.push({ expr: { kind: 'column', column: c } });
    return;
  }
  const shown = s.focus.labelColumns.length > 0 ? s.focus.labelColumns : s.focus.primaryKey.slice(0, 1);
  if (shown.length > 0) for (const c of shown) s.plan.select.push({ expr: { kind: 'column', column: c } });
  else {
    s.plan.select.push({ expr: { kind: 'star' } });
    s.plan.root = s.focus;
  }
}

export function finishPlan(s: ReadingState): void {
  const plan = s.plan;
  // Expand first/last name pairs into two conditions.
  plan.where = plan.where.flatMap((c) => (c.kind === 'and' ? c.items : [c]));
  const seenConditions = new Set<string>();
  plan.where = plan.where.filter((c) => {
    const key = JSON.stringify(c, (k, v: unknown) =>
      k === 'column' && v && typeof v === 'object' && 'name' in v
        ? `${(v as SchemaColumn).table.qname}.${(v as SchemaColumn).name}`
        : k === 'plan'
          ? undefined
          : v,
    );
    if (seenConditions.has(key)) return false;
    seenConditions.add(key);
    return true;
  });
  if (s.negation) finishNegation(s);
  finishRowCompare(s);
  const groupColumn = s.havingGroupColumn;
  if (groupColumn && !plan.select.some((s) => s.expr.kind === 'column' && s.expr.column === groupColumn))
    plan.select.push({ expr: { kind: 'column', column: groupColumn } });
  if (!plan.root) plan.root = rootTable(s);
  // "patients who made an appointment": a table named in a condition joins even without a filter on it.
  for (const m of s.schemaMentions()) {
    if (s.used.has(m) || s.inSelect(m.start) || !s.isTableMention(m)) continue;
    const table = s.mentionTable(m);
    if (!table || planTables(plan).includes(table) || s.negation?.table === table) continue;
    if (s.plan.select.some((s) => s.expr.kind === 'aggregate')) continue;
    plan.extraTables.push(table);
  }
  const aggregates = plan.select.filter((s) => s.expr.kind === 'aggregate');
  const plain = plan.select.filter((s) => s.expr.kind === 'column' || s.expr.kind === 'date-part');
  // SQLite-style "SELECT name, max(age)": the row with the largest value.
  if (
    aggregates.length === 1 &&
    plain.length > 0 &&
    plan.groupBy.length === 0 &&
    !s.groupEntity &&
    plan.orderBy.length === 0 &&
    aggregates[0].expr.kind === 'aggregate' &&
    (aggregates[0].expr.fn === 'max' || aggregates[0].expr.fn === 'min') &&
    aggregates[0].expr.column
  ) {
    const agg = aggregates[0].expr;
    plan.orderBy.push({
      expr: { kind: 'column', column: agg.column as SchemaColumn },
      dir: agg.fn === 'max' ? 'desc' : 'asc',
    });
    plan.limit = 1;
    aggregates[0].expr = { kind: 'column', column: agg.column as SchemaColumn };
  }
  const needsGroups =
    plan.having.length > 0 ||
    plan.orderBy.some((o) => o.expr.kind === 'aggregate') ||
    (plan.select.some((s) => s.expr.kind === 'aggregate') && plain.length > 0);
  if (needsGroups && plan.groupBy.length === 0) {
    const plainColumns = plan.select
      .filter((s) => s.expr.kind === 'column')
      .map((s) => s.expr as { kind: 'column'; column: SchemaColumn });
    const entity = s.groupEntity ?? s.focus;
    const onlyLabels =
      plainColumns.length > 0 && plainColumns.every((p) => entity.labelColumns.includes(p.column));
    if ((plainColumns.length === 0 || onlyLabels) && entity.primaryKey.length > 0) {
      for (const k of entity.primaryKey) plan.groupBy.push({ kind: 'column', column: k });
      if (plainColumns.length === 0) {
        // Show who: the entity's label (or key) before any aggregate.
        const shown = entity.labelColumns.length > 0 ? entity.labelColumns : entity.primaryKey;
        if (plan.select.every((s) => s.expr.kind !== 'star'))
          plan.select.unshift(...shown.map((c) => ({ expr: { kind: 'column', column: c } as Expr })));
      }
    }
    if (s.countTarget && s.countTarget !== entity && !plan.extraTables.includes(s.countTarget))
      plan.extraTables.push(s.countTarget);
  }
  if (
    plan.select.some((s) => s.expr.kind === 'star') &&
    (plan.groupBy.length > 0 || plan.select.length > 1)
  ) {
    plan.select = plan.select.filter((s) => s.expr.kind !== 'star');
    if (plan.select.length === 0) defaultSelect(s);
  }
  if (s.selfNegation) finishSelfNegation(s, s.selfNegation);
  if (s.intersectWith) finishSetOp(s, s.intersectWith);
  distinctOverFanOut(s);
  distinctCategories(s);
}

/** "Show all allergy types": listing a category column alone lists each category once. */
export function distinctCategories(s: ReadingState): void {
  const plan = s.plan;
  if (
    plan.distinct ||
    plan.setOp ||
    plan.groupBy.length > 0 ||
    plan.where.length > 0 ||
    plan.limit !== undefined
  )
    return;
  const columns = plan.select.map((s) => (s.expr.kind === 'column' ? s.expr.column : null));
  if (columns.length === 0 || columns.some((c) => !c)) return;
  const categorical = columns.every((c) => c !== null && isCategoryColumn(c));
  if (categorical && new Set(columns.map((c) => c?.table)).size === 1) {
    plan.distinct = true;
    plan.distinctImplied = true;
  }
}

/**
 * Rows of one table listed through a join to its many side ("reviewers who rated X") would repeat: list
 * them once.
 */
export function distinctOverFanOut(s: ReadingState): void {
  const plan = s.plan;
  if (plan.distinct || plan.setOp || plan.groupBy.length > 0 || plan.limit !== undefined) return;
  if (plan.select.some((s) => s.expr.kind !== 'column') || plan.orderBy.some((o) => o.expr.kind !== 'column'))
    return;
  const owners = new Set(plan.select.map((s) => (s.expr.kind === 'column' ? s.expr.column.table : null)));
  if (owners.size !== 1) return;
  const owner = [...owners][0];
  if (!owner) return;
  const keyShown =
    owner.primaryKey.length > 0 &&
    owner.primaryKey.every((k) => plan.select.some((s) => s.expr.kind === 'column' && s.expr.column === k));
  if (keyShown) return;
  const others = planTables(plan).filter((t) => t !== owner);
  const fansOut = others.some((t) => {
    const steps = s.input.graph.connect([owner, t], owner).steps;
    const hop = steps[1];
    return (
      !!hop &&
      hop.via !== null &&
      hop.table.table.foreignKeys.some((fk) => `${fk.referencedSchema}.${fk.referencedTable}` === owner.qname)
    );
  });
  if (fansOut) {
    plan.distinct = true;
    plan.distinctImplied = true;
  }
}

export function rootTable(s: ReadingState): SchemaTable {
  const first = s.plan.select.find((s) => s.expr.kind === 'column' || s.expr.kind === 'aggregate');
  if (first && first.expr.kind === 'column') return first.expr.column.table;
  if (s.countTarget) return s.countTarget;
  return s.focus;
}

export function coverage(s: ReadingState): number {
  const content = s.tokens.filter((t) => t.kind === 'word' && !t.stop);
  if (content.length === 0) return 0;
  const covered = content.filter(
    (t) =>
      s.mentions.some((m) => m.start <= t.index && t.index < m.end) ||
      s.cues.some((c) => c.start <= t.index && t.index < c.end),
  );
  return covered.length / content.length;
}

/** Content words of the question that no mention or cue explains (`salary` when nothing stores salaries). */
export function unaccounted(s: ReadingState): string[] {
  const covered = (i: number) =>
    s.mentions.some((m) => m.start <= i && i < m.end) || s.cues.some((c) => c.start <= i && i < c.end);
  const words = s.tokens
    .filter((t) => t.kind === 'word' && !t.stop && !FILLER.has(t.lower) && !covered(t.index))
    .map((t) => t.lower);
  return [...new Set([...words, ...s.unappliedPeriods])];
}
