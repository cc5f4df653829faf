import type { AggregateFn, CompareOp, Cue } from '../cuePatterns';
import { wordKey } from '../lexicon';
import { emptyPlan, type Condition, type QueryPlan } from '../queryPlan';
import type { Mention, SchemaMention } from '../schemaLinker';
import type { SchemaColumn, SchemaTable } from '../schemaModel';
import { ReadingState, aggregateOf, isCue, type CueOf } from './readingState';

export function applyAverageReference(s: ReadingState, cue: CueOf<'average-reference'>): void {
  const before = s.mentionBefore(cue.start, 3);
  const after = s.mentionAfter(cue.end, 2, undefined, true);
  const m = [before, after].find((x): x is SchemaMention => !!x && x.kind === 'schema');
  const column = m ? s.resolveColumn(m, { kinds: ['number'] }) : null;
  if (!column || !m) return;
  if (m === before) s.used.add(m);
  if (m === after) s.used.add(m);
  const sub = emptyPlan();
  sub.select = [{ expr: { kind: 'aggregate', fn: 'avg', column } }];
  sub.root = column.table;
  s.plan.where.push({
    kind: 'compare-subquery',
    left: { kind: 'column', column },
    op: cue.meaning.op ?? '>',
    plan: sub,
  });
  s.notes.push(`${column.name} vs average`);
}

/**
 * "parts under their minimum level", "a price higher than its cost": a comparison between two number
 * columns of one row. The left column is the one named before the cue, else the table's quantity column.
 */
export function applyColumnCompare(s: ReadingState, cue: CueOf<'compare'>): void {
  const op = cue.meaning.op;
  if (op === 'between' || op === '=' || op === '!=' || cue.meaning.adjective) return;
  const possessive = POSSESSIVES.has(s.tokens[cue.end]?.lower ?? '');
  // "shipped later than required": two columns of one row named on both sides of the comparison.
  const next = possessive ? s.mentionAfter(cue.end + 1, 0) : s.mentionAfter(cue.end, 1);
  if (!next || next.kind !== 'schema' || s.isTableMention(next)) return;
  const right = s.resolveColumn(next, { kinds: ['number', 'date'], avoidIdentifiers: true });
  if (!right || right.isIdentifier) return;
  const before = s.mentionBefore(cue.start, 2);
  const named =
    before && before.kind === 'schema' && !s.isTableMention(before)
      ? s.resolveColumn(before, { kinds: [right.kind], prefer: right.table })
      : null;
  // The word before the comparison may have been read as a value ("dispatched" is also a status): a column
  // of the same row whose words it spells still names the left side.
  const spelled =
    named ??
    right.table.columns.find(
      (c) =>
        c !== right &&
        c.kind === right.kind &&
        !c.isIdentifier &&
        [cue.start - 1, cue.start - 2].some((i) => {
          const t = s.tokens[i];
          // A word that names the table ("bookings" ~ booked_at) spells no column.
          const table = s.mentions.some(
            (m) => m.kind === 'schema' && m.start <= i && i < m.end && s.isTableMention(m),
          );
          return !!t && t.kind === 'word' && !t.stop && !table && c.keys.includes(t.key);
        }),
    ) ??
    null;
  // "delivered later than the promised date": the row's date of what actually happened is the other side.
  const actual =
    !spelled && !named && right.kind === 'date' && ['>', '<', '>=', '<='].includes(op)
      ? right.table.columns.find(
          (c) =>
            c !== right &&
            (c.kind === 'date' || c.textDate) &&
            c.keys.some((k) => ACTUAL_DATE_KEYS.has(k)) &&
            !c.keys.some((k) => PLANNED_DATE_KEYS.has(k)),
        )
      : undefined;
  if (
    !possessive &&
    !actual &&
    (!spelled || spelled === right || spelled.table !== right.table || spelled.isIdentifier)
  )
    return;
  const left =
    actual ??
    (spelled && spelled !== right && !spelled.isIdentifier
      ? spelled
      : right.table.columns.find(
          (c) =>
            c !== right &&
            c.kind === right.kind &&
            !c.isIdentifier &&
            c.keys.some((k) => QUANTITY_KEYS.has(k)),
        ));
  if (!left) return;
  s.used.add(next);
  if (named === left && before) s.used.add(before);
  s.usedCues.add(cue);
  s.plan.where.push({
    kind: 'compare-column',
    left: { kind: 'column', column: left },
    op,
    right: { kind: 'column', column: right },
  });
  s.notes.push(`${left.name} ${op} ${right.name}`);
}

export function applyNegation(s: ReadingState, cue: Cue): void {
  if (s.negation && s.negation.cue === cue) return;
  // "have never placed an order": skip up to two verbs between the negation and the thing negated.
  let from = cue.end;
  for (let k = 0; k < 2; k++) {
    const t = s.tokens[from];
    if (t && t.kind === 'word' && !t.stop && !s.mentions.some((m) => m.start <= from && from < m.end)) from++;
  }
  const next = s.mentionAfter(from, 3, (c) => ['relative', 'and'].includes(c.meaning.kind));
  if (!next || next.kind !== 'schema') return;
  const best = next.columns.find((c) => s.component.has(c.column.table));
  const table = s.isTableMention(next)
    ? s.mentionTable(next)
    : (s.mentionTable(next) ?? best?.column.table ?? null);
  if (!table || table === s.focus) return;
  if (
    !s.isTableMention(next) &&
    !(best && best.column.table === table && next.tables.some((t) => t.table === table))
  )
    return;
  s.used.add(next);
  s.usedCues.add(cue);
  s.negation = { cue, conditions: [], table };
}

/** "users who are moderators", "suppliers that are not preferred": yes/no columns named as conditions. */
export function applyBooleanColumns(s: ReadingState): void {
  for (const m of s.schemaMentions()) {
    if (s.used.has(m) || (s.inSelect(m.start) && !s.plan.select.length && s.frame !== 'count')) continue;
    if (s.inSelect(m.start)) continue;
    const best = m.columns.find((c) => s.component.has(c.column.table));
    if (!best || best.column.kind !== 'boolean' || best.score < 0.5) continue;
    const negation = s.cueBefore(m.start, 3, (c) => isCue(c, 'negation'));
    if (negation) s.usedCues.add(negation);
    s.used.add(m);
    s.plan.where.push({
      kind: 'compare',
      left: { kind: 'column', column: best.column },
      op: '=',
      values: [{ value: negation ? 'false' : 'true', type: 'string' }],
    });
    s.notes.push(`${negation ? 'not ' : ''}${best.column.name}`);
  }
}

/**
 * "more salary than the employee with id 163", "created after all movies directed by X", "greater than the
 * average stars of the movies directed by Y": a comparison with other rows that the literals after the cue
 * select. Those literals filter a subquery (`col > (SELECT max(col) FROM ... WHERE ...)`).
 */
export function detectRowCompare(s: ReadingState): void {
  for (const cue of s.cues) {
    // "gets more salary than the employee ...": a soft comparative, the column, then "than".
    const named = cue.soft ? s.mentionAfter(cue.end, 0) : undefined;
    const than =
      named && named.kind === 'schema' && s.tokens[named.end]?.lower === 'than' ? named : undefined;
    const compare = isCue(cue, 'compare') && !cue.meaning.after && (!cue.soft || than !== undefined);
    const average = isCue(cue, 'average-reference');
    if (!compare && !average) continue;
    const from = than ? than.end + 1 : cue.end;
    // "under their minimum level": a possessive names a column of the same row, not other rows.
    if (POSSESSIVES.has(s.tokens[from]?.lower ?? '')) continue;
    const op: CompareOp | undefined = isCue(cue, 'compare')
      ? cue.meaning.op
      : isCue(cue, 'average-reference')
        ? (cue.meaning.op ?? '>')
        : undefined;
    if (!op || !['>', '<', '>=', '<='].includes(op)) continue;
    // A literal right after the cue is the compared value itself ("more than 20").
    const direct = s.mentionAfter(from, 2, () => false, true);
    if (direct && direct.kind === 'value') continue;
    const values = s.valueMentions().filter(
      (v) =>
        v.start >= from &&
        !s.cues.some((c) => c.numberIndex === v.start && (isCue(c, 'limit') || isCue(c, 'period'))) &&
        // "above the minimum and under 2500": a literal with its own comparison is no row description.
        !s.cueBefore(v.start, 2, (c) => isCue(c, 'compare') && c !== cue),
    );
    if (values.length === 0) continue;
    const first = s.tokens[from];
    const referenceWord = first ? ROW_REFERENCE_WORDS.has(first.lower) : false;
    // "as long as the average duration", "after the most recent ... film": the aggregate of the other rows.
    const firstMention = s.mentions.find((m) => m.start >= from);
    const extremeAfter = s.cues.find(
      (c) =>
        (isCue(c, 'extreme') || (isCue(c, 'aggregate') && !c.soft)) &&
        c.start >= from &&
        c.start <= from + 4 &&
        (!firstMention || c.start < firstMention.start),
    );
    if (!average && !referenceWord && !extremeAfter && !(direct && direct.kind === 'schema')) continue;
    const column = than
      ? s.resolveColumn(than, { kinds: ['number', 'date'], avoidIdentifiers: true })
      : rowCompareColumn(s, cue, direct, extremeAfter);
    if (!column) continue;
    let fn: AggregateFn | null = average ? 'avg' : null;
    if (!fn && extremeAfter) {
      fn = aggregateOf(extremeAfter);
      s.usedCues.add(extremeAfter);
    }
    const up = op === '>' || op === '>=';
    if (!fn && first?.lower === 'some') fn = up ? 'min' : 'max';
    if (!fn) fn = up ? 'max' : 'min';
    s.usedCues.add(cue);
    if (than) s.used.add(than);
    s.rowCompare = { cue, from, op, column, fn, conditions: [] };
    s.notes.push(`${column.name} ${op} ${fn} of other rows`);
    return;
  }
}

/** The column compared with other rows: an adjective's, the one named before the cue, or after it. */
export function rowCompareColumn(
  s: ReadingState,
  cue: Cue,
  after: Mention | undefined,
  extreme: Cue | undefined,
): SchemaColumn | null {
  const kinds: SchemaColumn['kind'][] = ['number', 'date'];
  const adjective =
    isCue(cue, 'compare') && cue.meaning.adjective
      ? cue.meaning.adjective
      : extreme && isCue(extreme, 'extreme')
        ? extreme.meaning.adjective
        : undefined;
  if (adjective) {
    const found = s.attributeColumn(adjective);
    if (found) return found.column;
  }
  const before = s.mentionBefore(cue.start, 2);
  if (before && before.kind === 'schema' && !s.isTableMention(before)) {
    const column = s.resolveColumn(before, { kinds, avoidIdentifiers: true });
    if (column && !column.isIdentifier) {
      s.used.add(before);
      return column;
    }
  }
  const next = after ?? s.mentionAfter(cue.end, 3, (c) => isCue(c, 'extreme') || isCue(c, 'aggregate'));
  if (next && next.kind === 'schema' && !s.isTableMention(next)) {
    const column = s.resolveColumn(next, { kinds, avoidIdentifiers: true });
    if (column && !column.isIdentifier) {
      s.used.add(next);
      return column;
    }
  }
  // "made an order after some orders that were cancelled": before/after compare dates.
  const word = s.tokens[cue.start]?.lower ?? '';
  if (['after', 'before', 'later', 'earlier', 'since'].includes(word))
    return s.dateColumn() ?? s.attributeColumn('recent')?.column ?? null;
  return null;
}

export function finishRowCompare(s: ReadingState): void {
  const rc = s.rowCompare;
  if (!rc || rc.conditions.length === 0) return;
  const sub = emptyPlan();
  sub.select = [{ expr: { kind: 'aggregate', fn: rc.fn, column: rc.column } }];
  sub.where = rc.conditions;
  sub.root = rc.column.table;
  s.plan.where.push({
    kind: 'compare-subquery',
    left: { kind: 'column', column: rc.column },
    op: rc.op,
    plan: sub,
  });
}

/** `focus.key NOT IN (SELECT fk FROM related ... WHERE ...)`. */
export function finishNegation(s: ReadingState): void {
  const neg = s.negation;
  if (!neg) return;
  const target = neg.table ?? (neg.conditions[0] ? conditionTable(neg.conditions[0]) : null);
  if (!target) return;
  const focus = s.focus;
  const route = s.input.graph.connect([focus, target], focus).steps;
  const hop = route[1];
  if (!hop || !hop.via) return;
  const sub = emptyPlan();
  sub.where = neg.conditions;
  sub.root = hop.table;
  if (!sub.extraTables.includes(target)) sub.extraTables.push(target);
  // hop.via.pairs: [column of hop.table, column of the table it joins (focus)].
  const [hopColumn, focusColumn] = hop.via.pairs[0];
  const inner = hop.table.columns.find((c) => c.name === hopColumn);
  const outer = focus.columns.find((c) => c.name === focusColumn);
  if (!inner || !outer) return;
  sub.select = [{ expr: { kind: 'column', column: inner } }];
  // NOT IN over a list holding NULL is never true: keep the anti-join right when the key is optional.
  if (inner.column.nullable)
    sub.where.push({ kind: 'null', left: { kind: 'column', column: inner }, negate: true });
  s.plan.where.push({
    kind: 'in-subquery',
    left: { kind: 'column', column: outer },
    negate: true,
    plan: sub,
  });
  s.plan.extraTables = s.plan.extraTables.filter((t) => t !== target && t !== hop.table);
  s.notes.push(`not in ${target.table.name}`);
}

function conditionTable(c: Condition): SchemaTable | null {
  if (c.kind === 'compare' || c.kind === 'like') return c.left.kind === 'column' ? c.left.column.table : null;
  return null;
}

/**
 * Negated conditions on the subject's own table under a relative clause: `SELECT cols ... EXCEPT SELECT cols
 * ... WHERE <condition>` when the plan lists plain columns; otherwise the conditions stay as the question
 * wrote them.
 */
export function finishSelfNegation(
  s: ReadingState,
  pending: { asked: Condition[]; negated: Condition[] },
): void {
  const plan = s.plan;
  const plain =
    plan.select.length > 0 &&
    plan.select.every((s) => s.expr.kind === 'column') &&
    plan.groupBy.length === 0 &&
    plan.having.length === 0 &&
    plan.limit === undefined &&
    !plan.setOp &&
    !s.intersectWith;
  if (!plain) {
    plan.where.push(...pending.asked);
    return;
  }
  const right: QueryPlan = {
    ...plan,
    where: [...plan.where, ...pending.negated],
    select: plan.select.map((s) => ({ ...s })),
    orderBy: [],
    distinct: false,
    setOp: undefined,
  };
  plan.orderBy = [];
  plan.setOp = { op: 'EXCEPT', plan: right };
  s.notes.push('except');
}

export function finishSetOp(
  s: ReadingState,
  pair: { base: Condition; other: Condition; op: 'INTERSECT' | 'EXCEPT' },
): void {
  const plan = s.plan;
  const right: QueryPlan = {
    ...plan,
    where: [...plan.where.filter((c) => c !== pair.base), pair.other],
    select: plan.select.map((s) => ({ ...s })),
    orderBy: [],
    limit: undefined,
    setOp: undefined,
  };
  plan.where = plan.where.includes(pair.base) ? plan.where : [...plan.where, pair.base];
  plan.setOp = { op: pair.op, plan: right };
  s.notes.push(pair.op.toLowerCase());
}

/** Possessives after a comparison that point at the same row ("under their minimum level"). */
const POSSESSIVES: ReadonlySet<string> = new Set(['their', 'its', 'his', 'her', 'own']);

/** Words right after a comparison that point at other rows ("more than any ...", "after all ..."). */
const ROW_REFERENCE_WORDS: ReadonlySet<string> = new Set(['any', 'all', 'some', 'every', 'those', 'that']);

/** Column words of a stored quantity, the implied side of "under their minimum level". */
const QUANTITY_KEYS: ReadonlySet<string> = new Set(
  ['quantity', 'stock', 'hand', 'level', 'balance', 'inventory', 'units'].map(wordKey),
);

/** Date column words of what actually happened (`received_date`, `delivered_at`, `completed_on`). */
const ACTUAL_DATE_KEYS: ReadonlySet<string> = new Set(
  [
    'received',
    'delivered',
    'shipped',
    'dispatched',
    'arrived',
    'arrival',
    'completed',
    'finished',
    'closed',
    'resolved',
    'actual',
    'paid',
    'returned',
  ].map(wordKey),
);

/** Date column words of what was planned or promised (`expected_date`, `due_date`, `required_by`). */
const PLANNED_DATE_KEYS: ReadonlySet<string> = new Set(
  ['expected', 'due', 'required', 'planned', 'promised', 'target', 'scheduled', 'estimated'].map(wordKey),
);

/** Words that say a row has something on file ("customers with a fax", "tracks that have a composer"). */
const PRESENCE_WORDS: ReadonlySet<string> = new Set(['with', 'have', 'has', 'had']);

/**
 * "recipes that don't have an author listed", "orders not shipped yet", "members without a sponsor", "with a
 * nickname on file": a nullable column named after a negation (or a have/with) with no value to compare is
 * a test for an empty (or filled-in) value.
 */
export function applyPresenceConditions(s: ReadingState): void {
  for (const m of s.schemaMentions()) {
    if (s.used.has(m) || s.isTableMention(m)) continue;
    if (s.inSelect(m.start) && s.frame !== 'count') continue;
    const column = s.resolveColumn(m);
    if (!column || !column.column.nullable || column.kind === 'boolean' || column.isPrimaryKey) continue;
    // A value or comparison right after the column is a filter on it, handled with the values.
    const after = s.mentionAfter(m.end, 1, undefined, true);
    if (after && after.kind === 'value') continue;
    if (s.cueAfter(m.end, 1, (c) => isCue(c, 'compare') || isCue(c, 'like'))) continue;
    let negation: Cue | undefined;
    let presence = false;
    for (let i = m.start - 1; i >= Math.max(0, m.start - 4); i--) {
      const cue = s.cueCovering(i);
      if (cue && isCue(cue, 'negation') && !s.usedCues.has(cue)) {
        negation = cue;
        break;
      }
      const t = s.tokens[i];
      if (PRESENCE_WORDS.has(t.lower)) presence = true;
      if (s.mentions.some((x) => x.start <= i && i < x.end) || (!t.stop && !cue)) break;
    }
    const yet = ['yet'].includes(s.tokens[m.end]?.lower ?? '');
    if (!negation && !(presence && (column.kind === 'text' || column.kind === 'date'))) continue;
    if (!negation && yet) continue;
    s.used.add(m);
    if (negation) s.usedCues.add(negation);
    s.plan.where.push({ kind: 'null', left: { kind: 'column', column }, negate: !negation });
    s.notes.push(`${column.name} ${negation ? 'is empty' : 'is filled in'}`);
  }
}
