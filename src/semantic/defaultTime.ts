import { identifierWords } from './language';
import type { DefaultTimeDimension, TimeDimension } from './types';
import { CREATION_EVENT_WORDS, LATER_EVENT_WORDS } from './vocabulary';

/** What {@link chooseDefaultTimeDimension} weighs for one column. */
interface Candidate {
  time: TimeDimension;
  /** +1 names the event that creates the row, -1 a later or administrative event, 0 neither. */
  event: number;
  /** The word that decided {@link Candidate.event}. */
  eventWord: string | null;
  /** Words shared with the entity's name (`order_date` on orders). */
  entityWords: number;
  /** Fraction of nulls (0 when unknown and NOT NULL). */
  nulls: number;
}

function eventOf(words: readonly string[]): { event: number; word: string | null } {
  for (const w of words) if (LATER_EVENT_WORDS.has(w)) return { event: -1, word: w };
  for (const w of words) if (CREATION_EVENT_WORDS.has(w)) return { event: 1, word: w };
  return { event: 0, word: null };
}

/**
 * Picks the time dimension a period applies to when a question names none, and says why: the only date
 * column; else the date of the event that creates the row (order, creation, event) over later or
 * administrative ones (ship, update, delete, due); then one named like the table; then a NOT NULL one
 * over a nullable one; then the first in the table.
 */
export function chooseDefaultTimeDimension(
  times: readonly TimeDimension[],
  entityName: string,
): DefaultTimeDimension | null {
  if (times.length === 0) return null;
  if (times.length === 1) return { column: times[0].column, reason: 'the only date column' };
  const entity = new Set(entityName.split(' '));
  const candidates: Candidate[] = times.map((time) => {
    const words = identifierWords(time.column);
    const { event, word } = eventOf(words);
    return {
      time,
      event,
      eventWord: word,
      entityWords: words.filter((w) => entity.has(w)).length,
      nulls: time.nullable ? 1 : 0,
    };
  });
  const ranked = [...candidates].sort(
    (a, b) => b.event - a.event || b.entityWords - a.entityWords || a.nulls - b.nulls,
  );
  const best = ranked[0];
  const others = ranked
    .slice(1)
    .map((c) => c.time.column)
    .join(', ');
  const second = ranked[1];
  let why: string;
  if (best.event > second.event && best.eventWord !== null) {
    why = `"${best.eventWord}" names the event that creates the row`;
  } else if (best.event > second.event) {
    why = `the others name later or administrative events (${second.eventWord ?? 'update'})`;
  } else if (best.entityWords > second.entityWords) {
    why = `named like the table (${entityName})`;
  } else if (best.nulls < second.nulls) {
    why = 'always filled (NOT NULL), unlike the others';
  } else {
    why = 'the first date column of the table';
  }
  return { column: best.time.column, reason: `${why}; preferred over ${others}` };
}
