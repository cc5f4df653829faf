import { isoDate, startOfDay } from '../calendar';
import { wordKey } from '../lexicon';
import type { Condition, DateBound } from '../queryPlan';
import type { SchemaColumn } from '../schemaModel';
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
  const flag = table.columns.find((c) => c.kind === 'boolean' && c.keys.some((k) => ACTIVE_KEYS.has(k)));
  const ended = table.columns.find(
    (c) => isDate(c) && c.column.nullable && c.keys.some((k) => END_KEYS.has(k)),
  );
  const started = table.columns.find(
    (c) =>
      isDate(c) &&
      c !== ended &&
      c.keys.some((k) => START_KEYS.has(k)) &&
      !c.keys.some((k) => END_KEYS.has(k)),
  );
  const former = cue.meaning.former === true;
  const today = tomorrow(s);
  const conditions: Condition[] = [];
  if (flag) {
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
  } else return;
  s.plan.where.push(...conditions);
  s.usedCues.add(cue);
  s.notes.push(`${former ? 'former' : 'current'} ${table.table.name}`);
}
