import type { CompareOp } from '../cuePatterns';
import type { Condition, Literal } from '../queryPlan';
import type { Mention, SchemaMention, ValueMention } from '../schemaLinker';
import type { SchemaColumn, SchemaTable } from '../schemaModel';
import { NAME_FORMS, NAMING_FILLER } from '../interpreterWords';
import { codeColumn, valueShape } from './literalShapes';
import {
  ReadingState,
  aggregateOf,
  isCue,
  isYearColumn,
  yearInPeriodContext,
  type ValueColumn,
} from './readingState';

export function literalOf(v: ValueMention, column: SchemaColumn, stored: string | undefined): Literal {
  if (stored !== undefined) return { value: stored, type: 'string' };
  if (v.type === 'number' && v.number !== undefined) {
    if (column.kind === 'text' || column.kind === 'other')
      return { value: v.text.replace(/,/g, ''), type: 'string' };
    return { value: v.number, type: 'number' };
  }
  if (v.type === 'date') return { value: v.text, type: 'date' };
  return { value: v.text, type: 'string', typed: true };
}

/** The column a literal belongs to, and the mentions that named it. */
export function columnForValue(
  s: ReadingState,
  v: ValueMention,
  op: CompareOp,
  adjective: string | undefined,
  isLike: boolean,
  upper?: ValueMention,
): ValueColumn | null {
  const isNumber = v.type === 'number';
  const periodYear = s.looksLikeYear(v) && op === '=' && yearInPeriodContext(s, v.start);
  const rawBefore = s.mentionBefore(v.start, 3, (c) =>
    ['compare', 'negation', 'like', 'except', 'distinct'].includes(c.meaning.kind),
  );
  // A name's column is named right before it ("city Lockmanfurt", "whose name is X"), not across "of"
  // ("the phone number of Astrid Gruber" asks for the phone).
  const gapWords = rawBefore
    ? s.tokens.slice(rawBefore.end, v.start).filter((t) => !s.cueCovering(t.index) || isNumber)
    : [];
  const namingGap = isNumber || gapWords.every((t) => NAMING_FILLER.has(t.lower));
  const before = rawBefore && namingGap ? rawBefore : undefined;
  const possessive = s.tokens[v.end]?.text === "'s";
  const after = possessive ? undefined : s.mentionAfter(v.end, 1);
  const upperEnd = upper ? upper.end : v.end;
  const afterUpper = upper ? s.mentionAfter(upperEnd, 1) : after;
  const adjacent: SchemaMention[] = [];
  // "more than 12 bikes available", "5 star rating", "between 3 and 5 stars": a unit after a number names
  // the column.
  const unitMention = afterUpper ?? after;
  const unitAfter =
    isNumber &&
    !!unitMention &&
    unitMention.kind === 'schema' &&
    !s.isTableMention(unitMention) &&
    (op !== '=' || unitMention.start === v.end);
  if (unitAfter && unitMention && unitMention.kind === 'schema') adjacent.push(unitMention);
  // "older than 20": the adjective names the column, before any neighbour.
  if (adjective) {
    const col = s.attributeColumn(adjective);
    if (col) return { column: col.column, consumed: [] };
  }
  if (before && before.kind === 'schema' && !s.used.has(before)) adjacent.push(before);
  if (after && after.kind === 'schema' && !isNumber) adjacent.push(after);
  const aggregateBefore = (m: SchemaMention) =>
    s.cueBefore(
      m.start,
      1,
      (c) => isCue(c, 'aggregate') || (isCue(c, 'extreme') && c.meaning.aggregateWord === true),
    );

  // 1. Profile values.
  if (v.candidates.length > 0 && !isNumber) {
    const inPlay = v.candidates.filter((c) => s.component.has(c.column.table));
    if (inPlay.length > 0) {
      const adjacentCols = new Set(adjacent.flatMap((m) => m.columns.map((c) => c.column)));
      const adjacentTables = new Set(adjacent.map((m) => s.mentionTable(m)).filter((t) => t));
      const rank = (c: (typeof inPlay)[number]) =>
        c.score +
        (adjacentCols.has(c.column) ? 0.5 : 0) +
        (adjacentTables.has(c.column.table) ? 0.2 : 0) +
        (s.mentionedTables.has(c.column.table) ? 0.05 : 0) -
        (c.column.isIdentifier ? 0.1 : 0);
      inPlay.sort((a, b) => rank(b) - rank(a));
      const best = inPlay[0];
      const consumed = adjacent.filter((m) => m.columns.some((c) => c.column === best.column));
      return { column: best.column, value: best.value, consumed };
    }
  }

  // 1b. Codes ("SKU AB-1002"): the column the literal's own leading words name, or whose values have its shape.
  if (!isNumber && !isLike) {
    const code = codeColumn(s, v);
    if (code) return code;
  }

  // 2. A column named right next to the literal ("room 111", "with salary above 1000", "named X").
  const kinds: SchemaColumn['kind'][] = isNumber
    ? ['number', 'text', 'other']
    : v.type === 'date'
      ? ['date', 'text']
      : ['text', 'other', 'date', 'boolean'];
  for (const m of adjacent) {
    // "the composer of track Fast As a Shark": the phrase ends with a table noun that the name labels.
    if (!isNumber && m === before && endsWithTable(s, m)) continue;
    if (s.isTableMention(m)) {
      // Names next to a table noun are handled with the other names below; numbers are its key.
      const table = s.mentionTable(m);
      if (table && isNumber && m === before) {
        // "a rating of 4" → the rating's number column that holds 4; "customer 10" → its key.
        const n = v.number ?? Number(v.text);
        const measure = table.columns.find((c) => {
          const min = Number(c.column.profile?.min ?? NaN);
          const max = Number(c.column.profile?.max ?? NaN);
          return c.kind === 'number' && !c.isIdentifier && Number.isFinite(min) && n >= min && n <= max;
        });
        const id = table.primaryKey[0] ?? table.columns.find((c) => c.isIdentifier);
        const pick = op !== '=' || !id ? (measure ?? id) : id;
        if (pick) return { column: pick, consumed: [m] };
      }
      continue;
    }
    let column = s.resolveColumn(m, { kinds: isNumber ? ['number'] : kinds });
    if (!column && isNumber) column = s.resolveColumn(m, { kinds: ['text', 'other', 'date'] });
    if (!column) continue;
    if (column.kind === 'date' && isNumber && !s.looksLikeYear(v)) continue;
    // "spend in 2024": a year after a period word is never a value of an amount or a key.
    if (periodYear && column.kind === 'number' && !isYearColumn(column)) continue;
    if (column.kind === 'date' && !isNumber && v.type !== 'date') continue;
    const agg = aggregateBefore(m);
    if (agg && op !== '=' && isNumber) {
      s.usedCues.add(agg);
      const fn = aggregateOf(agg);
      return { column, consumed: [m], left: { kind: 'aggregate', fn, column } };
    }
    return { column, consumed: [m] };
  }

  // 4. Numbers: years to date/year columns, otherwise a numeric column whose range holds the value.
  if (isNumber) {
    const n = v.number ?? Number(v.text);
    const numeric = s.columnsInPlay().filter((c) => c.kind === 'number' || c.kind === 'date' || c.textDate);
    if (s.looksLikeYear(v)) {
      const yearCol = numeric.find((c) => c.kind === 'number' && c.keys.includes('year')) ?? s.dateColumn();
      if (yearCol) return { column: yearCol, consumed: [] };
      if (periodYear) return null;
    }
    const mentioned = new Set(
      s
        .schemaMentions()
        .filter((m) => !s.used.has(m) && !s.isTableMention(m))
        .flatMap((m) => m.columns.map((c) => c.column))
        .filter((c) => !c.isIdentifier),
    );
    const fits = numeric
      .filter((c) => c.kind === 'number')
      .filter((c) => {
        const min = Number(c.column.profile?.min ?? NaN);
        const max = Number(c.column.profile?.max ?? NaN);
        return !Number.isFinite(min) || !Number.isFinite(max) || (n >= min && n <= max);
      })
      .sort(
        (a, b) =>
          Number(mentioned.has(b)) - Number(mentioned.has(a)) ||
          Number(a.isIdentifier) - Number(b.isIdentifier) ||
          Number(b.table === s.focus) - Number(a.table === s.focus) ||
          a.order - b.order,
      );
    return fits[0] ? { column: fits[0], consumed: [] } : null;
  }

  // 5. Names and codes: the label column of the table named right before it ("the customer Lucas Mancini"),
  // else of another table in play than the one asked about ("Aerosmith's albums"), else of the focus.
  const tableOf = (m: Mention | undefined) =>
    m && m.kind === 'schema' && (s.isTableMention(m) || endsWithTable(s, m))
      ? (s.mentionTable(m) ?? endTable(s, m))
      : null;
  const beforeTable = tableOf(before);
  const afterTable = possessive ? null : tableOf(after);
  if (/\d/.test(v.text) || /^[A-Z0-9-]{2,}$/.test(v.text)) {
    const code = s
      .columnsInPlay()
      .find(
        (c) =>
          (c.kind === 'text' || c.kind === 'other') &&
          c.isIdentifier &&
          (c.values.length === 0 || sameShape(c.values[0], v.text)),
      );
    if (code) return { column: code, consumed: [] };
  }
  const others = [...s.component]
    .filter((t) => t !== s.focus && t.labelColumns.length > 0)
    .sort((x, y) => x.rank - y.rank);
  const order: SchemaTable[] = [];
  if (beforeTable) order.push(beforeTable);
  if (afterTable && afterTable !== s.focus) order.push(afterTable);
  if (!beforeTable) order.push(...others);
  order.push(s.focus);
  if (afterTable) order.push(afterTable);
  for (const table of order) {
    // A phrase like "id of the reviewer" that only ends with the table noun is still asked for.
    const consumed =
      before && before.kind === 'schema' && s.isTableMention(before) && tableOf(before) === table
        ? [before]
        : [];
    const split = splitName(s, v, table, false);
    if (split) return { ...split, consumed };
    const label = table.labelColumns[0];
    if (label && (label.values.length === 0 || isLike || table === beforeTable || table === s.focus))
      return { column: label, consumed };
  }
  const text = s.columnsInPlay().find((c) => c.kind === 'text' && c.values.length === 0 && !c.isIdentifier);
  return text ? { column: text, consumed: [] } : null;
}

/** The table a phrase ends with when its last word names the table ("composer of track"). */
export function endTable(s: ReadingState, m: SchemaMention): SchemaTable | null {
  const last = s.tokens[m.end - 1];
  const best = m.columns[0];
  if (!last || !best || !best.viaTable) return null;
  return best.column.table.keys.includes(last.key) && !best.column.keys.includes(last.key)
    ? best.column.table
    : null;
}

export function endsWithTable(s: ReadingState, m: SchemaMention): boolean {
  return endTable(s, m) !== null;
}

function sameShape(a: string, b: string): boolean {
  return valueShape(a) === valueShape(b);
}

/** "Lucas Mancini" over first_name/last_name columns. */
export function splitName(
  s: ReadingState,
  v: ValueMention,
  table: SchemaTable,
  searchOthers = true,
): { column: SchemaColumn; consumed: Mention[]; split: Condition } | null {
  if (!NAME_FORMS.test(v.text)) return null;
  const tables = searchOthers ? [table, ...[...s.component].filter((t) => t !== table)] : [table];
  for (const t of tables) {
    if (t.labelColumns.length !== 2) continue;
    const [first, last] = t.labelColumns;
    const parts = v.text.split(' ');
    const compare = (column: SchemaColumn, value: string): Condition => ({
      kind: 'compare',
      left: { kind: 'column', column },
      op: '=',
      values: [{ value, type: 'string' }],
    });
    return {
      column: first,
      consumed: [],
      split: { kind: 'and', items: [compare(first, parts[0]), compare(last, parts.slice(1).join(' '))] },
    };
  }
  return null;
}
