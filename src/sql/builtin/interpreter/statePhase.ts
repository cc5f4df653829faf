import { isoDate, startOfDay } from '../calendar';
import { wordKey } from '../lexicon';
import type { Condition, DateBound } from '../queryPlan';
import type { SchemaColumn, SchemaTable } from '../schemaModel';
import { ReadingState, type CueOf } from './readingState';

/** Boolean column words that mark a row as still in effect (`is_active`, `current`). */
const ACTIVE_KEYS: ReadonlySet<string> = new Set(['active', 'current', 'enabled'].map(wordKey));

/** Date column words of the moment a row stopped being in effect (`termination_date`, `end_date`). */
const END_KEYS: ReadonlySet<string> = new Set(
  [
    'end',
    'ended',
    'termination',
    'terminated',
    'left',
    'leave',
    'until',
    'expiry',
    'expiration',
    'expires',
    'resignation',
    'closed',
    'close',
    'closing',
    'discontinued',
    'departure',
    'retired',
    'cancelled',
  ].map(wordKey),
);

/** Date column words of the moment a row came into effect (`opened_on`, `start_date`, `launch_date`). */
const START_KEYS: ReadonlySet<string> = new Set(
  ['start', 'started', 'open', 'opened', 'opening', 'launch', 'launched', 'effective', 'begin', 'from'].map(
    wordKey,
  ),
);

/** Open lower and upper ends of a date range (every stored date lies between them). */
const EARLIEST = '0001-01-01';
const LATEST = '9999-12-31';

function isDate(c: SchemaColumn): boolean {
  return c.kind === 'date' || c.textDate;
}

/** Tomorrow: relative to the database's `current_date`, or to the fixed `now` of the reading. */
function tomorrow(s: ReadingState): DateBound {
  if (s.input.relativeToDatabase) return { relative: true, unit: 'day', offset: 1, truncate: false };
  const day = startOfDay(s.input.now);
  day.setUTCDate(day.getUTCDate() + 1);
  return isoDate(day);
}

/**
 * "current employees", "stores open right now", "products we are currently selling": the rows of the table
 * named next (else the subject) that are in effect today. An active flag is set; else the end date (closed,
 * terminated, discontinued) is empty or still in the future, and a start date (opened, launched, effective) is
 * not in the future. "former" asks for rows whose end date has passed (or whose flag is unset). Nothing when
 * the table stores neither.
 */
export function applyCurrent(s: ReadingState, cue: CueOf<'current'>): void {
  const next = s.mentionAfter(cue.end, 2, undefined, true);
  const named = next && next.kind === 'schema' ? s.mentionTable(next) : null;
  const table = named ?? s.focus;
  const former = cue.meaning.former === true;
  const conditions = stateConditions(s, table, former);
  if (!conditions) return;
  s.plan.where.push(...conditions);
  s.usedCues.add(cue);
  s.notes.push(`${former ? 'former' : 'current'} ${table.table.name}`);
}

/** Words that ask about people whatever their state ("former", "all", "ever", "terminated", "left"). */
const ANY_STATE_WORDS: ReadonlySet<string> = new Set([
  'former',
  'formerly',
  'ex',
  'past',
  'ever',
  'all',
  'every',
  'including',
  'terminated',
  'left',
  'departed',
  'retired',
  'historical',
  'history',
]);

/**
 * "staff in marketing", "average salary of the nurses": people (a table named by first and last name) with an
 * end date (terminated, left) are the current ones unless the question says otherwise — a period on their
 * own dates ("hired this year"), a word about any state ("former", "all", "ever"), or a state cue of its own.
 * Applied to the people whose rows the question counts, averages or lists, not to people shown as the label
 * of another table's rows.
 */
export function applyCurrentPeople(s: ReadingState): void {
  if (s.cues.some((c) => c.meaning.kind === 'current')) return;
  if (s.tokens.some((t) => ANY_STATE_WORDS.has(t.lower))) return;
  const plan = s.plan;
  const measured = plan.select.flatMap((i) =>
    i.expr.kind === 'aggregate' ? (i.expr.column ? [i.expr.column.table] : [s.countTarget ?? s.focus]) : [],
  );
  // Rows listed as they are; people ranked or grouped by other rows are labels of those rows.
  const plain = plan.groupBy.length === 0 && plan.orderBy.length === 0 && measured.length === 0;
  const listed = plain
    ? plan.select.flatMap((i) => (i.expr.kind === 'column' ? [i.expr.column.table] : []))
    : [];
  const tables = [...new Set([...measured, ...listed])].filter(
    (t) => t.labelColumns.length === 2 && t.labelColumns.every((c) => c.keys.includes('name')),
  );
  if (tables.length !== 1) return;
  const table = tables[0];
  const dated = plan.where.some((c) => c.kind === 'range' && c.column.table === table);
  if (dated) return;
  // A person named by their name is meant whoever they are now.
  if (plan.where.some((c) => namesRow(c, table))) return;
  const conditions = stateConditions(s, table, false, { flag: false });
  if (!conditions) return;
  plan.where.push(...conditions);
  s.notes.push(`current ${table.table.name}`);
}

/** The nullable end date of a table's rows (left, terminated, closed), if any. */
function endColumn(table: SchemaTable): SchemaColumn | undefined {
  return table.columns.find((c) => isDate(c) && c.column.nullable && c.keys.some((k) => END_KEYS.has(k)));
}

/** True when a condition (or one of its parts) compares one of the table's name columns with a value. */
function namesRow(c: Condition, table: SchemaTable): boolean {
  if (c.kind === 'and' || c.kind === 'or') return c.items.some((i) => namesRow(i, table));
  if (c.kind !== 'compare' && c.kind !== 'like') return false;
  return c.left.kind === 'column' && table.labelColumns.includes(c.left.column);
}

/** Conditions for rows of `table` in effect today (or ended, `former`); null when it stores no state. */
function stateConditions(
  s: ReadingState,
  table: SchemaTable,
  former: boolean,
  options: { flag?: boolean } = {},
): Condition[] | null {
  const flag = table.columns.find((c) => c.kind === 'boolean' && c.keys.some((k) => ACTIVE_KEYS.has(k)));
  const ended = endColumn(table);
  const started = table.columns.find(
    (c) =>
      isDate(c) &&
      c !== ended &&
      c.keys.some((k) => START_KEYS.has(k)) &&
      !c.keys.some((k) => END_KEYS.has(k)),
  );
  const today = tomorrow(s);
  const conditions: Condition[] = [];
  if (flag && options.flag !== false) {
    conditions.push({
      kind: 'compare',
      left: { kind: 'column', column: flag },
      op: '=',
      values: [{ value: former ? 'false' : 'true', type: 'string' }],
    });
  } else if (ended && former) {
    conditions.push({ kind: 'range', column: ended, from: EARLIEST, to: today, label: 'already ended' });
  } else if (ended) {
    conditions.push({
      kind: 'or',
      items: [
        { kind: 'null', left: { kind: 'column', column: ended }, negate: false },
        { kind: 'range', column: ended, from: today, to: LATEST, label: 'ending after today' },
      ],
    });
    if (started)
      conditions.push({
        kind: 'range',
        column: started,
        from: EARLIEST,
        to: today,
        label: 'started by today',
      });
  } else return null;
  return conditions;
}
