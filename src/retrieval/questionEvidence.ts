/** Evidence of a question against one table that needs no ranking state: quoted column values, names said as one phrase. */
import { FirstInFirstOut } from '../text';
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

/** A representative value as {@link matchValues} compares it: derived once, the same for every question. */
interface PreparedValue {
  /** The value's words between spaces (` north dock `); null when they are all filler words. */
  phrase: string | null;
  /** Its content tokens of 4 letters or more. */
  distinctive: readonly string[];
}

/**
 * Values most {@link PreparedValues} keeps (~100 bytes each): the values of the tables recent questions
 * met, whatever the size of the catalog.
 */
const PREPARED_VALUES = 65_536;

/**
 * Representative values with what {@link matchValues} derives of them (words, stems), kept for the values
 * questions meet again (catalogs repeat values across tables and questions meet the same tables): matching a
 * table's values then costs a lookup and a substring search per value instead of tokenising and stemming it.
 */
export class PreparedValues {
  private readonly cache = new FirstInFirstOut<string, PreparedValue>(PREPARED_VALUES);

  /** The value as compared. */
  of(value: string): PreparedValue {
    let prepared = this.cache.get(value);
    if (prepared === undefined) {
      const valueWords = words(value);
      prepared = {
        // A value made of filler words only ('IN', 'ON' as codes) would match any question.
        phrase: valueWords.every((w) => QUESTION_STOP_WORDS.has(w)) ? null : ` ${valueWords.join(' ')} `,
        distinctive: contentTokens(value).filter((w) => w.length >= 4),
      };
      this.cache.set(value, prepared);
    }
    return prepared;
  }
}

/**
 * Finds representative column values quoted in the question (whole values, or their distinctive words).
 * `prepared` keeps what is derived of each value across calls (a fresh one when not given).
 */
export function matchValues(
  t: CorpusTable,
  questionText: string,
  questionTokens: readonly string[] | ReadonlySet<string>,
  prepared: PreparedValues = new PreparedValues(),
): ValueMatch[] {
  const matches: ValueMatch[] = [];
  const tokenSet = questionTokens instanceof Set ? questionTokens : new Set(questionTokens);
  for (const [column, values] of t.entry.values) {
    for (const value of values) {
      const { phrase, distinctive } = prepared.of(value);
      if (phrase === null) continue;
      if (questionText.includes(phrase)) {
        matches.push({ column, value, strength: MATCH_STRENGTH.wholeValue });
        continue;
      }
      if (distinctive.length > 0 && distinctive.some((w) => tokenSet.has(w))) {
        matches.push({ column, value, strength: MATCH_STRENGTH.valueWord });
      }
    }
  }
  return matches;
}
