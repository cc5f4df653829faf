/** Evidence of a question against one table that needs no ranking state: quoted column values, names said as one phrase. */
import type { CorpusTable } from './retrievalCorpus';
import { contentTokens, QUESTION_STOP_WORDS, words } from '../text';
import { MATCH_STRENGTH } from './scoring';

/** A column value found in the question. */
export interface ValueMatch {
  column: string;
  value: string;
  /** 1 for the whole value, less for a distinctive word of it. */
  strength: number;
}

/** How often the question says all of `words` one after another (in any order), as one phrase. */
export function phraseCount(words: ReadonlySet<string>, sequence: readonly string[]): number {
  const n = words.size;
  let count = 0;
  for (let i = 0; i + n <= sequence.length; i++) {
    const window = new Set(sequence.slice(i, i + n));
    if (window.size === n && [...window].every((w) => words.has(w))) count++;
  }
  return count;
}

/** Finds representative column values quoted in the question (whole values, or their distinctive words). */
export function matchValues(
  t: CorpusTable,
  questionText: string,
  questionTokens: readonly string[],
): ValueMatch[] {
  const matches: ValueMatch[] = [];
  const tokenSet = new Set(questionTokens);
  for (const [column, values] of t.entry.values) {
    for (const value of values) {
      const valueWords = words(value);
      // A value made of filler words only ('IN', 'ON' as codes) would match any question.
      if (valueWords.every((w) => QUESTION_STOP_WORDS.has(w))) continue;
      const normalised = ` ${valueWords.join(' ')} `;
      if (questionText.includes(normalised)) {
        matches.push({ column, value, strength: MATCH_STRENGTH.wholeValue });
        continue;
      }
      const distinctive = contentTokens(value).filter((w) => w.length >= 4);
      if (distinctive.length > 0 && distinctive.some((w) => tokenSet.has(w))) {
        matches.push({ column, value, strength: MATCH_STRENGTH.valueWord });
      }
    }
  }
  return matches;
}
