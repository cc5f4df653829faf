import { identifierWords } from '../catalog';
import { identifierTokens, type WordRelations } from '../text';
import type { QuestionToken } from './coverageScoring';
import { phraseCount } from './questionEvidence';
import { schemaAndName, type CorpusTable } from './retrievalCorpus';
import { RETRIEVAL_CUTOFFS } from './scoring';

/**
 * A word of the question that the content tokens leave out as filler ("entry", "details", "record") but that
 * some table's name has: it counts only for how well the question names a table (`crane entry details` names
 * `crane_entry_detail`, not `crane_entry_history`), never for coverage or BM25.
 */
export type FillerWord = string;

/** A candidate's name words and the share of them the question says. */
export interface NamedBy {
  words: ReadonlySet<string>;
  exact: number;
}

/** A candidate as name settling sees it: its table and the features it reads and lowers. */
export interface NamedCandidate {
  corpusTable: CorpusTable;
  features: { coverage: number; nameMatch: number };
}

/**
 * How well the question names the table: the share of the name's words the question says, else the best
 * word-to-name similarity (`meaningOfName`: name vector or WordNet); `exact` is the share said.
 * A filler word of the question ("entries", "details") counts as said when it is a word of the name and
 * the question says another word of that name with content (`crane entry details` says all of
 * `crane_entry_detail`, not all of `crane_entry_history`); alone ("list the records") it names nothing.
 */
export function nameMatch(
  t: CorpusTable,
  tokens: readonly QuestionToken[],
  fillers: ReadonlySet<FillerWord>,
  /** How close a question word is to the table's name by meaning: its name vector's similarity or a WordNet link. */
  meaningOfName: (q: QuestionToken) => number,
): { nameMatch: number; exact: number } {
  const words = t.entry.nameTokens;
  if (words.length === 0) return { nameMatch: 0, exact: 0 };
  const said = words.filter((w) => tokens.some((q) => q.token === w)).length;
  const saidFillers = said === 0 ? 0 : words.filter((w) => fillers.has(w)).length;
  const exact = (said + saidFillers) / words.length;
  let semantic = 0;
  for (const q of tokens) {
    if (q.time) continue;
    semantic = Math.max(semantic, meaningOfName(q));
  }
  return { nameMatch: Math.max(exact, Math.min(1, semantic)), exact };
}

/**
 * Settles candidates whose names nest (one name's words all in another's) when the question says a name
 * as one phrase: it names that table. When the longer name is said as a phrase (`night_roster` beside
 * `night_roster_audit` for "night roster audits"), the shorter is named only as far as its share of the
 * longer; when only the shorter is (`gate_log_summary` for "each gate log"), the longer is named
 * only as far as the question says its words, unless it says its other words by meaning ("division" for
 * the `department` of `staff_department_assignments`). Only a table that accounts for no more of the
 * question than the other yields (`dorm_amenity` holds the "TV Lounge" of "a dorm with a TV Lounge"); names
 * whose words are apart in the question ("customers ... orders") are not settled.
 */
export function settleNestedNames<C extends NamedCandidate>(
  named: ReadonlyMap<C, NamedBy>,
  sequence: readonly string[],
  tokens: readonly QuestionToken[],
  relations: WordRelations,
): void {
  const phrases = [...named].filter(([, n]) => n.exact >= 1 && phraseCount(n.words, sequence) > 0);
  for (const [c, own] of named) {
    for (const [inner, by] of phrases) {
      if (inner === c || by.words.size >= own.words.size) continue;
      if (![...by.words].every((x) => own.words.has(x))) continue;
      // the name that yields accounts for no more of the question than the one the question names
      if (own.exact >= 1) {
        // ...and the question does not also say the shorter name on its own ("department store chains
        // with the most department stores" names both)
        const longer = phraseCount(own.words, sequence);
        if (
          longer > 0 &&
          phraseCount(by.words, sequence) <= longer &&
          inner.features.coverage <= c.features.coverage
        ) {
          inner.features.nameMatch = Math.min(inner.features.nameMatch, by.words.size / own.words.size);
        }
      } else if (
        c.features.coverage <= inner.features.coverage &&
        !saysOtherWordsByMeaning(c.corpusTable, by.words, tokens, relations)
      ) {
        c.features.nameMatch = Math.min(c.features.nameMatch, own.exact);
      }
    }
  }
}

/** Whether a question word is linked by WordNet to a word of the table name outside `said`. */
function saysOtherWordsByMeaning(
  t: CorpusTable,
  said: ReadonlySet<string>,
  tokens: readonly QuestionToken[],
  relations: WordRelations,
): boolean {
  for (const w of identifierWords(schemaAndName(t).name, { keepOriginal: true })) {
    if (identifierTokens(w).every((x) => said.has(x))) continue;
    const synsets = relations.synsets(w);
    for (const q of tokens) {
      if (!q.time && relations.strength(q.word, synsets) >= RETRIEVAL_CUTOFFS.matched) return true;
    }
  }
  return false;
}
