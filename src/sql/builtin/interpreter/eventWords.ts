import type { SchemaColumn } from '../schemaModel';
import type { ValueMention } from '../schemaLinker';
import type { ReadingState } from './readingState';

/**
 * The date column of a value's own table that records the event a one-word value also names: "opened"
 * over `status` ('Open') and `opened_at`, "closed" over `status` ('Closed') and `closed_on`. Null when the
 * word is not such an event, or its candidate tables disagree.
 */
export function eventDateColumn(s: ReadingState, v: ValueMention): SchemaColumn | null {
  if (v.end - v.start !== 1 || v.quoted || v.type !== 'string' || v.candidates.length === 0) return null;
  const token = s.tokens[v.start];
  if (!token || token.kind !== 'word' || token.capitalized) return null;
  let found: SchemaColumn | null = null;
  for (const candidate of v.candidates) {
    const date = candidate.column.table.columns.find(
      (c) => (c.kind === 'date' || c.textDate) && c !== candidate.column && c.keys[0] === token.key,
    );
    if (!date || (found && found !== date)) return null;
    found = date;
  }
  return found;
}

/**
 * A one-word value that is also the event a date column of the same table records, in a question that
 * dates something ("tickets opened last month", "accounts closed in 2024"): the period dates the event, so
 * the word names the date column ({@link eventDateColumn}, which the period then uses), not a state — a
 * ticket opened last month and closed since still counts. Without a period the word may well be the state
 * ("how many tickets are open"), and the value stays.
 */
export function isDatedEventWord(s: ReadingState, v: ValueMention): boolean {
  const dated =
    s.cues.some((c) => c.meaning.kind === 'period') ||
    s.plan.where.some((c) => c.kind === 'range' && c.column.kind === 'date');
  return dated && eventDateColumn(s, v) !== null;
}
