import type { CompareOp } from '../cuePatterns';
import type { Condition, Expr, Literal } from '../queryPlan';
import type { SchemaMention, ValueMention } from '../schemaLinker';
import type { SchemaColumn, SchemaTable } from '../schemaModel';
import { LIST_JOINERS } from '../interpreterWords';
import { ReadingState, isCue, type PreviousValue, type ValueColumn } from './readingState';
import { columnForValue, literalOf } from './valueColumns';
import { nounLiteral } from './literalShapes';
import { isDatedEventWord } from './eventWords';

export function assignValues(s: ReadingState): void {
  const values = s.valueMentions();
  const state: { previous: PreviousValue | null } = { previous: null };
  for (let idx = 0; idx < values.length; idx++) {
    const v = values[idx];
    if (s.used.has(v)) continue;
    // "toy SKUs", "the SKU AB-1002": a capitalised noun names rows or a column, it is no value.
    const noun = nounLiteral(s, v);
    if (noun) {
      if (noun.named) s.used.add(v);
      continue;
    }
    if (s.cues.some((c) => c.numberIndex === v.start && (isCue(c, 'limit') || isCue(c, 'period')))) continue;
    // "tickets opened last month": the event the period dates (opened_at), not the state value 'Open'.
    if (isDatedEventWord(s, v)) continue;
    const opCue = s.cueBefore(
      v.start,
      2,
      (c) => ['compare', 'negation', 'like', 'except'].includes(c.meaning.kind) && !s.usedCues.has(c),
    );
    const afterCue = s.cueAfter(v.end, 0, (c) => isCue(c, 'compare') && c.meaning.after === true);
    let op: CompareOp = '=';
    let like: 'contains' | 'starts' | 'ends' | null = null;
    let adjective: string | undefined;
    if (opCue && isCue(opCue, 'compare')) {
      op = opCue.meaning.op;
      adjective = opCue.meaning.adjective;
    } else if (opCue && (isCue(opCue, 'negation') || isCue(opCue, 'except'))) {
      op = '!=';
      if (isCue(opCue, 'negation')) s.valueNegations.add(opCue);
    } else if (opCue && isCue(opCue, 'like')) {
      like = opCue.meaning.mode;
      // "ending with the letter m": the more specific phrase before "the letter" decides.
      const specific = s.cueBefore(opCue.start, 1, (c) => isCue(c, 'like') && c.meaning.mode !== 'contains');
      if (like === 'contains' && specific && isCue(specific, 'like')) like = specific.meaning.mode;
    }
    // "with D or S in their first name": single letters are substrings.
    if (!like && v.type === 'string' && /^[A-Za-z]$/.test(v.text) && v.candidates.length === 0)
      like = 'contains';
    let likeNegated = false;
    if (like && opCue) {
      likeNegated = s.cueBefore(opCue.start, 2, (c) => isCue(c, 'negation')) !== undefined;
    }
    // "in age 20 to 25": a range.
    const nextValue = values[idx + 1];
    if (
      op === '=' &&
      v.type === 'number' &&
      nextValue &&
      nextValue.type === 'number' &&
      nextValue.start === v.end + 1 &&
      s.tokens[v.end]?.lower === 'to'
    )
      op = 'between';
    if (afterCue && isCue(afterCue, 'compare')) {
      op = afterCue.meaning.op === '=' ? op : afterCue.meaning.op;
      adjective = afterCue.meaning.adjective ?? adjective;
      s.usedCues.add(afterCue);
    }

    // "the 5 customers who ...": a row limit.
    if (
      v.type === 'number' &&
      op === '=' &&
      !opCue &&
      v.number !== undefined &&
      Number.isInteger(v.number) &&
      v.number > 0 &&
      v.number <= 100
    ) {
      const next = s.mentionAfter(v.end, 0);
      const prev = s.tokens[v.start - 1];
      const leading =
        !prev ||
        prev.stop ||
        prev.kind === 'punct' ||
        (s.cueCovering(prev.index) !== undefined && !s.mentions.some((m) => m.end === v.start));
      if (next && next.kind === 'schema' && s.isTableMention(next) && leading) {
        s.used.add(v);
        s.countLimit = v.number;
        continue;
      }
    }

    // "directors who made exactly one movie": a count of the rows a verb relates (HAVING count = N).
    if (v.type === 'number' && op === '=' && Number.isInteger(v.number ?? NaN) && (v.number ?? 0) > 0) {
      const next = s.mentionAfter(v.end, 0);
      const verb = s.tokens[(opCue ? opCue.start : v.start) - 1];
      const verbal =
        !!verb &&
        verb.kind === 'word' &&
        (!verb.stop || HAVE_WORDS.has(verb.lower)) &&
        !s.mentions.some((m) => m.start <= verb.index && verb.index < m.end) &&
        !s.cueCovering(verb.index);
      const exact = !opCue || isCue(opCue, 'compare');
      const table = next && next.kind === 'schema' && s.isTableMention(next) ? s.mentionTable(next) : null;
      if (verbal && exact && table && next) {
        s.used.add(v);
        s.used.add(next);
        if (opCue) s.usedCues.add(opCue);
        addHavingCount(s, table, '=', v, undefined, false);
        continue;
      }
    }

    // "more than 3 students" / "at least 2 amenities" / "the number of tracks greater than 10": a count of
    // related rows (HAVING).
    if (v.type === 'number' && op !== '=' && op !== '!=' && !adjective) {
      const upper = op === 'between' ? values.slice(idx + 1).find((x) => !s.used.has(x)) : undefined;
      const next = s.mentionAfter(
        (upper ?? v).end,
        1,
        (c) => isCue(c, 'distinct') || (isCue(c, 'compare') && c.meaning.after === true),
      );
      const distinct = s.cues.some(
        (c) => isCue(c, 'distinct') && c.start >= v.end && next !== undefined && c.end <= next.start,
      );
      const counted =
        next && next.kind === 'schema' ? (countedTable(s, next) ?? countedValues(s, next)) : null;
      const before = s.mentionBefore(v.start, 2, (c) => isCue(c, 'compare'));
      const countBefore =
        before &&
        before.kind === 'schema' &&
        s.cueBefore(before.start, 1, (c) => isCue(c, 'count')) !== undefined
          ? countedTable(s, before)
          : null;
      const table = counted ?? countBefore;
      if (table && Number.isInteger(v.number ?? NaN)) {
        s.used.add(v);
        if (counted && next) s.used.add(next);
        if (countBefore && before) {
          s.used.add(before);
          const countCue = s.cueBefore(before.start, 1, (c) => isCue(c, 'count'));
          if (countCue) s.usedCues.add(countCue);
        }
        if (opCue) s.usedCues.add(opCue);
        addHavingCount(s, table, op, v, upper, distinct);
        continue;
      }
      const unitWord = s.tokens[v.end];
      if (unitWord && unitWord.kind === 'word' && ['times', 'time'].includes(unitWord.lower)) {
        s.used.add(v);
        if (opCue) s.usedCues.add(opCue);
        addHavingCount(s, null, op, v, undefined, false);
        continue;
      }
    }

    // Which column does the literal belong to?
    const upperValue = op === 'between' ? values.slice(idx + 1).find((x) => !s.used.has(x)) : undefined;
    // "department 70 or 90", "Football or Lacrosse": a listed literal shares the state.previous one's column.
    const prev: PreviousValue | null = state.previous;
    const prevColumn: SchemaColumn | null = prev ? prev.column : null;
    const listed =
      prev !== null &&
      prevColumn !== null &&
      prev.mention.type === v.type &&
      v.candidates.every((c) => c.column === prevColumn) &&
      s.tokens.slice(prev.mention.end, v.start).every((t) => LIST_JOINERS.has(t.lower));
    const found: ValueColumn | null =
      listed && prevColumn
        ? {
            column: prevColumn,
            consumed: [],
            value: v.candidates.find((c) => c.column === prevColumn)?.value,
          }
        : columnForValue(s, v, op, adjective, like !== null, upperValue);
    if (!found) continue;
    s.used.add(v);
    if (opCue) s.usedCues.add(opCue);
    // A substring search names its column without using it up ("names that contain X" still lists names).
    if (!like) for (const m of found.consumed) s.used.add(m);
    let condition: Condition;
    const literal: Literal = like
      ? { value: v.text, type: 'string' }
      : literalOf(v, found.column, found.value);
    if (like)
      condition = {
        kind: 'like',
        left: { kind: 'column', column: found.column },
        mode: like,
        value: String(literal.value),
        ...(likeNegated ? { negate: true } : {}),
      };
    else if (op === 'between') {
      const upper = values.slice(idx + 1).find((x) => !s.used.has(x));
      if (upper) {
        s.used.add(upper);
        condition = {
          kind: 'compare',
          left: found.left ?? { kind: 'column', column: found.column },
          op,
          values: [literal, literalOf(upper, found.column, undefined)],
        };
      } else
        condition = {
          kind: 'compare',
          left: { kind: 'column', column: found.column },
          op: '=',
          values: [literal],
        };
    } else if (found.split) {
      condition = found.split;
    } else {
      condition = {
        kind: 'compare',
        left: found.left ?? { kind: 'column', column: found.column },
        op,
        values: [literal],
      };
    }

    if (found.left && found.left.kind === 'aggregate') {
      s.plan.having.push(condition);
      s.groupEntity = s.groupEntity ?? s.focus;
      state.previous = null;
      continue;
    }

    // "letters D or S": an OR of substrings.
    if (
      state.previous &&
      state.previous.column === found.column &&
      condition.kind === 'like' &&
      state.previous.condition.kind === 'like'
    ) {
      const words = s.tokens.slice(state.previous.mention.end, v.start).map((t) => t.lower);
      if (words.includes('or')) {
        const merged: Condition = { kind: 'or', items: [state.previous.condition, condition] };
        s.plan.where = s.plan.where.map((c) => (c === state.previous?.condition ? merged : c));
        state.previous = null;
        continue;
      }
    }
    // Lists of literals of one column: "A or B" → IN; "both A and B" → INTERSECT; "A but not B" → EXCEPT.
    if (
      state.previous &&
      state.previous.column === found.column &&
      condition.kind === 'compare' &&
      state.previous.condition.kind === 'compare'
    ) {
      const between = s.tokens.slice(state.previous.mention.end, v.start);
      const words = between.map((t) => t.lower);
      const exceptCue = s.cues.find(
        (c) => isCue(c, 'except') && c.start >= state.previous!.mention.end && c.end <= v.start,
      );
      if (
        words.includes('or') ||
        (words.includes('nor') && op === '!=') ||
        (words.length === 1 && words[0] === ',')
      ) {
        if (state.previous.condition.op === op && (op === '=' || op === '!=')) {
          if (op === '!=') {
            addCondition(s, condition, found.column, v.start);
          } else {
            state.previous.condition.values.push(...condition.values);
          }
          state.previous = { mention: v, condition: state.previous.condition, column: found.column };
          continue;
        }
      } else if (exceptCue || (op === '!=' && state.previous.condition.op === '=' && words.includes('but'))) {
        if (condition.op === '!=') condition.op = '=';
        s.intersectWith = { base: state.previous.condition, other: condition, op: 'EXCEPT' };
        state.previous = null;
        continue;
      } else if (words.includes('and') && op === '=' && state.previous.condition.op === '=') {
        if (s.hasAggregation() && !s.cues.some((c) => isCue(c, 'both'))) {
          // "the average age for male and female students": one group per value.
          s.plan.where = s.plan.where.filter((c) => c !== state.previous?.condition);
          s.plan.groupBy.push({ kind: 'column', column: found.column });
          s.addSelect(v.start, { expr: { kind: 'column', column: found.column } });
          state.previous = null;
          continue;
        }
        s.intersectWith = { base: state.previous.condition, other: condition, op: 'INTERSECT' };
        state.previous = null;
        continue;
      }
    }
    // "web vs mobile", "A compared with B": two values of one column are never both true of a row
    // (`col = a AND col = b`); either value, and one group each when the question sets them side by side.
    if (
      state.previous &&
      state.previous.column === found.column &&
      condition.kind === 'compare' &&
      state.previous.condition.kind === 'compare' &&
      op === '=' &&
      state.previous.condition.op === '=' &&
      !found.split &&
      s.plan.where.includes(state.previous.condition)
    ) {
      const words = s.tokens.slice(state.previous.mention.end, v.start).map((t) => t.lower);
      const known = new Set(state.previous.condition.values.map((x) => String(x.value).toLowerCase()));
      const fresh = condition.values.filter((x) => !known.has(String(x.value).toLowerCase()));
      // "female students (sex is F)": the same value said twice is one condition.
      state.previous.condition.values.push(...fresh);
      if (fresh.length > 0 && words.some((w) => VERSUS_WORDS.has(w))) {
        s.plan.groupBy.push({ kind: 'column', column: found.column });
        s.addSelect(state.previous.mention.start, { expr: { kind: 'column', column: found.column } });
      }
      state.previous = { mention: v, condition: state.previous.condition, column: found.column };
      continue;
    }
    // "made before 1980 or directed by James Cameron": an OR across columns.
    if (state.previous && s.plan.where.includes(state.previous.condition)) {
      const words = s.tokens.slice(state.previous.mention.end, v.start).map((t) => t.lower);
      if (words.includes('or') && !words.includes('and') && !words.includes('both')) {
        const merged: Condition = { kind: 'or', items: [state.previous.condition, condition] };
        s.plan.where = s.plan.where.map((c) => (c === state.previous?.condition ? merged : c));
        state.previous = { mention: v, condition: merged, column: found.column };
        continue;
      }
    }
    addCondition(s, condition, found.column, v.start);
    state.previous = { mention: v, condition, column: found.column };
  }
}

/** Words that set two values side by side for comparison ("web vs mobile", "A versus B"). */
const VERSUS_WORDS: ReadonlySet<string> = new Set(['vs', 'vs.', 'versus', 'v', 'against', 'compared']);

/** Adds a WHERE condition, or routes it into the negated subquery when a negation shortly before scopes it. */
export function addCondition(s: ReadingState, condition: Condition, column: SchemaColumn, pos: number): void {
  if (s.rowCompare && pos >= s.rowCompare.from) {
    s.rowCompare.conditions.push(condition);
    return;
  }
  const negationCue = s.cues.find(
    (c) => isCue(c, 'negation') && !s.usedCues.has(c) && c.start < pos && pos - c.end <= 6,
  );
  // "schools without any goalies": a value of a related table negated right before it.
  const cue = negationCue ?? s.cues.find((c) => s.valueNegations.has(c) && c.start < pos && pos - c.end <= 2);
  if (cue && column.table !== s.focus) {
    if (!s.negation) s.negation = { cue, conditions: [], table: column.table };
    if (condition.kind === 'compare' && condition.op === '!=') condition.op = '=';
    if (condition.kind === 'like') condition.negate = false;
    s.negation.conditions.push(condition);
    return;
  }
  if (negationCue && s.cueBefore(negationCue.start, 0, (c) => isCue(c, 'relative'))) {
    // "zip codes which have never reached 70": rows of the subject minus those that ever match.
    if (!s.selfNegation) s.selfNegation = { asked: [], negated: [] };
    s.selfNegation.asked.push(condition);
    s.selfNegation.negated.push(positiveCondition(condition));
    return;
  }
  s.plan.where.push(condition);
}

/** The table a counted noun names ("3 students", "2 payments" over customer_payments), if it names one. */
export function countedTable(s: ReadingState, m: SchemaMention): SchemaTable | null {
  const table = s.mentionTable(m);
  if (!table) return null;
  if (s.isTableMention(m)) return table;
  const best = m.columns.find((c) => s.component.has(c.column.table));
  const tableScore = m.tables.find((t) => t.table === table)?.score ?? 0;
  return tableScore >= 0.5 && (!best || best.score < 1) ? table : null;
}

/**
 * "at least two allergies" over a text column `allergy`: a number of text values counts the rows holding
 * them (the column's table).
 */
export function countedValues(s: ReadingState, m: SchemaMention): SchemaTable | null {
  const best = m.columns.find((c) => s.component.has(c.column.table));
  if (!best || best.score < 0.85 || best.column.kind === 'number' || best.column.kind === 'date') return null;
  if (
    best.column.keys.includes('id') ||
    m.columns.some((c) => c.column.kind === 'number' && c.score >= best.score)
  )
    return null;
  return best.column.table;
}

export function addHavingCount(
  s: ReadingState,
  table: SchemaTable | null,
  op: CompareOp,
  v: ValueMention,
  upper: ValueMention | undefined,
  distinct: boolean,
): void {
  const values: Literal[] = [{ value: v.number ?? Number(v.text), type: 'number' }];
  if (op === 'between' && upper) {
    values.push({ value: upper.number ?? Number(upper.text), type: 'number' });
    s.used.add(upper);
  }
  const key = distinct && table ? (table.primaryKey[0] ?? null) : null;
  const left: Expr = key
    ? { kind: 'aggregate', fn: 'count', column: key, distinct: true }
    : { kind: 'aggregate', fn: 'count', column: null };
  s.plan.having.push({ kind: 'compare', left, op, values });
  if (table && table !== s.focus) {
    s.countTarget = table;
    if (!s.plan.extraTables.includes(table)) s.plan.extraTables.push(table);
  }
  // The rows grouped are the noun the clause describes: "class rooms that held at least 2 classes".
  const head = headBefore(s, v.start);
  if (head && !s.isTableMention(head) && s.plan.groupBy.length === 0) {
    const column = s.resolveColumn(head);
    if (column && column.table !== table) {
      s.plan.groupBy.push({ kind: 'column', column });
      s.havingGroupColumn = column;
    }
  }
  s.groupEntity = s.groupEntity ?? s.focus;
  s.notes.push(`having count ${op} ${values.map((x) => x.value).join(' and ')}`);
}

/** The mention a relative clause ending at `pos` describes: "<mention> that/who/with ... <pos>". */
export function headBefore(s: ReadingState, pos: number): SchemaMention | undefined {
  for (let i = pos - 1; i >= Math.max(0, pos - 7); i--) {
    const c = s.cueCovering(i);
    if (c && isCue(c, 'relative')) {
      const m = s.mentions.find((x) => x.end === i || x.end === i - 1);
      return m && m.kind === 'schema' ? m : undefined;
    }
  }
  return undefined;
}

/** Verbs of possession before a counted noun ("who have exactly 2 dogs"). */
const HAVE_WORDS: ReadonlySet<string> = new Set(['have', 'has', 'had', 'own', 'owns']);

const POSITIVE_OP: Partial<Record<CompareOp, CompareOp>> = { '!=': '=' };

/** The condition a negation cue scoped, without the negation it already carries ("not equal" → equal). */
function positiveCondition(condition: Condition): Condition {
  if (condition.kind === 'compare') return { ...condition, op: POSITIVE_OP[condition.op] ?? condition.op };
  if (condition.kind === 'like') return { ...condition, negate: false };
  return condition;
}
