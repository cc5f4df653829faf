/**
 * The one place the semantic model touches language code: identifier splitting and abbreviations, the
 * stemmer, singular/plural forms and WordNet synonyms. When the shared text module changes, only this file
 * changes.
 */
import { expandWords, splitIdentifier } from '../catalog/identifiers';
import { WordNet } from '../embeddings/wordNet';
import { QUESTION_STOPWORDS, stem, words } from '../retrieval/text';

/** Lower-case words of an identifier with abbreviations expanded (`unit_prc` -> `unit price`). */
export function identifierWords(name: string): string[] {
  return expandWords(splitIdentifier(name));
}

/** Lower-case words of an identifier, abbreviations kept as written. */
export function rawIdentifierWords(name: string): string[] {
  return splitIdentifier(name);
}

/** Lower-case word tokens of free text (questions, comments). */
export function textWords(text: string): string[] {
  return words(text);
}

/** The matching key of one word: lower case, plural and common verb endings folded. */
export function wordKey(word: string): string {
  return stem(word.toLowerCase());
}

/** The matching key of a phrase: its words' keys joined by a space. */
export function phraseKey(phrase: string): string {
  return words(phrase).map(wordKey).join(' ');
}

/** Irregular and invariable noun plurals (general English). */
const IRREGULAR_PLURALS: ReadonlyMap<string, string> = new Map(
  (
    'person:people man:men woman:women child:children foot:feet tooth:teeth mouse:mice goose:geese ' +
    'datum:data criterion:criteria medium:media analysis:analyses index:indices matrix:matrices ' +
    'thesis:theses crisis:crises diagnosis:diagnoses leaf:leaves life:lives wife:wives knife:knives ' +
    'half:halves shelf:shelves wolf:wolves alumnus:alumni cactus:cacti phenomenon:phenomena ' +
    'status:statuses address:addresses business:businesses class:classes bus:buses ' +
    'staff:staff data:data information:information equipment:equipment series:series species:species ' +
    'news:news personnel:personnel inventory:inventories merchandise:merchandise goods:goods'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

const IRREGULAR_SINGULARS: ReadonlyMap<string, string> = new Map(
  [...IRREGULAR_PLURALS].map(([singular, pluralForm]) => [pluralForm, singular]),
);

/** Words ending in `s` that are already singular (`status`, `address`, `analysis`, `news`). */
const SINGULAR_S = /(ss|us|is|ics|news|series|species|gas|bus|alias|canvas)$/;

/** The singular of an English noun (`categories` -> `category`, `boxes` -> `box`, `status` -> `status`). */
export function singular(word: string): string {
  const w = word.toLowerCase();
  const irregular = IRREGULAR_SINGULARS.get(w);
  if (irregular !== undefined) return irregular;
  if (w.length <= 3 || SINGULAR_S.test(w) || !w.endsWith('s')) return w;
  if (/[^aeiou]ies$/.test(w)) return `${w.slice(0, -3)}y`;
  if (/(ches|shes|xes|zes|sses|oes)$/.test(w)) return w.slice(0, -2);
  return w.slice(0, -1);
}

/** The plural of an English noun (`category` -> `categories`, `box` -> `boxes`, `person` -> `people`). */
export function plural(word: string): string {
  const w = word.toLowerCase();
  const irregular = IRREGULAR_PLURALS.get(w);
  if (irregular !== undefined) return irregular;
  if (singular(w) !== w) return w;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(w)) return `${w}es`;
  return `${w}s`;
}

/** True when the word looks like a plural noun (`orders`, `categories`), not a singular ending in s. */
export function isPlural(word: string): boolean {
  return singular(word) !== word.toLowerCase();
}

/** A phrase with its last word made singular (`order lines` -> `order line`). */
export function singularPhrase(wordsOfPhrase: readonly string[]): string {
  if (wordsOfPhrase.length === 0) return '';
  const last = wordsOfPhrase[wordsOfPhrase.length - 1];
  return [...wordsOfPhrase.slice(0, -1), singular(last)].join(' ');
}

/** A phrase with its last word made plural (`order line` -> `order lines`). */
export function pluralPhrase(phrase: string): string {
  const parts = phrase.split(' ');
  if (parts.length === 0 || phrase === '') return phrase;
  parts[parts.length - 1] = plural(parts[parts.length - 1]);
  return parts.join(' ');
}

/** Options of {@link wordNetSynonyms}. */
export interface WordNetSynonymOptions {
  /** Senses considered, most frequent first. @default 1 */
  senses?: number;
  /** At most this many synonyms. @default 4 */
  limit?: number;
}

let wordNetInstance: WordNet | null | undefined;

function sharedWordNet(): WordNet | null {
  if (wordNetInstance === undefined) {
    try {
      wordNetInstance = WordNet.shared();
    } catch {
      // the model still derives without WordNet; only fewer synonyms
      wordNetInstance = null;
    }
  }
  return wordNetInstance;
}

/**
 * Noun synonyms of a word from WordNet: the other lemmas of its most frequent sense(s) (`client` for
 * `customer`). Multi-word lemmas come back with spaces. Empty when WordNet is unavailable.
 */
export function wordNetSynonyms(word: string, options: WordNetSynonymOptions = {}): string[] {
  const wordNet = sharedWordNet();
  if (wordNet === null) return [];
  const lemma = singular(word);
  const found: string[] = [];
  // the most frequently tagged noun senses; an untagged sense is too rare to speak for the word
  const senses = wordNet
    .senses(lemma)
    .filter((s) => s.pos === 'n' && s.tagCount > 0)
    .sort((a, b) => b.tagCount - a.tagCount)
    .slice(0, options.senses ?? 1);
  for (const sense of senses) {
    for (const w of wordNet.synset(sense.pos, sense.offset).words) {
      const text = w.replace(/_/g, ' ').replace(/\(.*\)$/, '');
      if (text !== lemma && /^[a-z][a-z ]*$/.test(text) && !found.includes(text)) found.push(text);
    }
  }
  return found.slice(0, options.limit ?? 4);
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment: `categroy` is one edit from
 * `category`), bounded: returns `max + 1` as soon as the distance exceeds `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, beforePrevious[j - 2] + 1);
      }
      current.push(value);
      if (value < rowBest) rowBest = value;
    }
    if (rowBest > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/** Edits a word of this length may differ by and still count as a typo of another (0 for short words). */
export function typoAllowance(length: number): number {
  if (length < 5) return 0;
  return length < 9 ? 1 : 2;
}

/** Words that say nothing about what data a question asks for (function and SQL-operation words). */
export function isFunctionWord(word: string): boolean {
  return QUESTION_STOPWORDS.has(word.toLowerCase());
}

/** True when WordNet knows the word (in any inflection): a real word, not a typo of another. */
export function isKnownWord(word: string): boolean {
  const wordNet = sharedWordNet();
  if (wordNet === null) return true;
  return wordNet.baseForms(word.toLowerCase()).length > 0;
}

/** Question text with acronym plurals folded (`POs`, `SKUs` -> `PO`, `SKU`), before it is split into words. */
export function foldAcronymPlurals(text: string): string {
  return text.replace(/\b([A-Z]{2,})'?s\b/g, '$1');
}
