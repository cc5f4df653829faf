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

/** Whether the question says `name` (a name's words) in the name's own order, one word after another. */
export function saidInOrder(name: readonly string[], sequence: readonly string[]): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i + name.length <= sequence.length; i++) {
    let all = true;
    for (let j = 0; j < name.length && all; j++) all = sequence[i + j] === name[j];
    if (all) return true;
  }
  return false;
}

/** What {@link settleTwinNames} reads and sets of a candidate. */
interface TwinCandidate {
  corpusTable: { entry: { nameTokens: readonly string[] } };
  features: { nameMatch: number; coverage: number };
}

/**
 * Settles twin names: tables whose names are the same words in another order (`order_item` and `item_order`,
 * `night_shift_roster` and `shift_night_roster`). When the question says all their words and says
 * one twin's name in its own order as one phrase, the order is the evidence that tells them apart: a twin
 * it does not say in order is named as if one of its words were missing ((n − 1) / n), unless it accounts
 * for more of the question than the twin said in order.
 */
export function settleTwinNames(candidates: readonly TwinCandidate[], sequence: readonly string[]): void {
  const said = new Set(sequence);
  const groups = new Map<string, TwinCandidate[]>();
  for (const c of candidates) {
    const name = c.corpusTable.entry.nameTokens;
    if (name.length < 2 || !name.every((w) => said.has(w))) continue;
    const key = [...new Set(name)].sort().join(' ');
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const inOrder = group.filter((c) => saidInOrder(c.corpusTable.entry.nameTokens, sequence));
    if (inOrder.length === 0 || inOrder.length === group.length) continue;
    const coverage = Math.max(...inOrder.map((c) => c.features.coverage));
    for (const c of group) {
      if (inOrder.includes(c) || c.features.coverage > coverage) continue;
      const n = c.corpusTable.entry.nameTokens.length;
      c.features.nameMatch = Math.min(c.features.nameMatch, (n - 1) / n);
    }
  }
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
