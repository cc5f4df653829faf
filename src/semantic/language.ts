/**
 * The one place the semantic model touches language code: identifier splitting and abbreviations, the
 * stemmer, singular/plural forms and WordNet synonyms. When the shared text module changes, only this file
 * changes.
 */
import {
  expandWords,
  QUESTION_STOP_WORDS,
  SenseContext,
  splitIdentifier,
  stem,
  type Synset,
  WordNet,
  words,
} from '../text';

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

/** Share of a word's tagged noun uses its dominant sense must have before its synonyms are trusted. */
const DOMINANT_SENSE_SHARE = 0.7;
/** Tagged noun uses a word needs before its sense counts are trusted. */
const MIN_TAGGED_USES = 5;

function rankedNounSenses(wordNet: WordNet, lemma: string) {
  return wordNet
    .senses(lemma)
    .filter((s) => s.pos === 'n')
    .sort((a, b) => b.tagCount - a.tagCount);
}

/**
 * Noun synonyms of a word from WordNet (`client` for `customer`, `shop` for `store`): the other lemmas of
 * its dominant sense, only when that sense clearly dominates the word's tagged uses (so `track` does not
 * get `path`), and only synonyms that themselves commonly mean that sense (so `region` does not get
 * `part`). Multi-word lemmas come back with spaces. Empty when WordNet is unavailable.
 */
export function wordNetSynonyms(word: string, options: WordNetSynonymOptions = {}): string[] {
  const wordNet = sharedWordNet();
  if (wordNet === null) return [];
  const lemma = singular(word);
  const senses = rankedNounSenses(wordNet, lemma);
  const total = senses.reduce((sum, s) => sum + s.tagCount, 0);
  const top = senses[0];
  if (top === undefined || total < MIN_TAGGED_USES || top.tagCount < DOMINANT_SENSE_SHARE * total) return [];
  const found: string[] = [];
  for (const w of wordNet.synset(top.pos, top.offset).words) {
    const text = w.replace(/_/g, ' ').replace(/\(.*\)$/, '');
    if (text === lemma || !/^[a-z][a-z ]*$/.test(text) || found.includes(text)) continue;
    const own = text.includes(' ') ? [top] : rankedNounSenses(wordNet, text).slice(0, 2);
    if (own.some((s) => s.offset === top.offset)) found.push(text);
  }
  return found.slice(0, options.limit ?? 4);
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment: `categroy` is one edit from
 * `category`), bounded: returns `max + 1` as soon as the distance exceeds `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (rows[0].length < width) for (let r = 0; r < 3; r++) rows[r] = new Int32Array(width * 2);
  let twoBack = rows[0];
  let previous = rows[1];
  let current = rows[2];
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowBest = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        value = Math.min(value, twoBack[j - 2] + 1);
      }
      current[j] = value;
      if (value < rowBest) rowBest = value;
    }
    if (rowBest > max) return max + 1;
    const spare = twoBack;
    twoBack = previous;
    previous = current;
    current = spare;
  }
  return previous[b.length];
}

/** Row buffers of {@link editDistance}, reused across calls (lookups are synchronous). */
const rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Edits a word of this length may differ by and still count as a typo of another (0 for short words). */
export function typoAllowance(length: number): number {
  if (length < 5) return 0;
  return length < 9 ? 1 : 2;
}

/** Words that say nothing about what data a question asks for (function and SQL-operation words). */
export function isFunctionWord(word: string): boolean {
  return QUESTION_STOP_WORDS.has(word.toLowerCase());
}

/** True when WordNet knows the word (in any inflection): a real word, not a typo of another. */
export function isKnownWord(word: string): boolean {
  const wordNet = sharedWordNet();
  if (wordNet === null) return true;
  return wordNet.baseForms(word.toLowerCase()).length > 0;
}

/**
 * Phrases a question uses for a verb form whose WordNet verb is defined as doing its stem again ("reopen":
 * "open again"): `reopened` is "opened again", "open again" and, when the stem is also a noun, "back in
 * <stem>" (with or without "put"). Empty for every other word (a "review" is no "view again" in WordNet).
 */
export function repeatedActionPhrases(word: string): string[] {
  const wordNet = sharedWordNet();
  const lower = word.toLowerCase();
  if (wordNet === null || !lower.startsWith('re') || lower.length < 6) return [];
  for (const form of wordNet.baseForms(lower)) {
    const stem = form.lemma.slice(2);
    if (form.pos !== 'v' || !form.lemma.startsWith('re') || stem.length < 3) continue;
    const again = new RegExp(`\\b${stem}\\b.*\\bagain\\b`);
    const defined = wordNet
      .senses(form.lemma)
      .some((s) => s.pos === 'v' && again.test(wordNet.synset('v', s.offset).definition));
    if (!defined) continue;
    const phrases = [`${lower.slice(2)} again`, `${stem} again`];
    if (wordNet.senses(stem).some((s) => s.pos === 'n'))
      phrases.push(`back in ${stem}`, `put back in ${stem}`);
    return [...new Set(phrases)];
  }
  return [];
}

/** Question text with acronym plurals folded (`POs`, `SKUs` -> `PO`, `SKU`), before it is split into words. */
export function foldAcronymPlurals(text: string): string {
  return text.replace(/\b([A-Z]{2,})'?s\b/g, '$1');
}

/** A WordNet sense a model element's name was read in (opaque outside this file). */
export type WordSenseRef = Synset;

let senseContext: SenseContext | null | undefined;

function sharedSenseContext(): SenseContext | null {
  if (senseContext === undefined) {
    const wordNet = sharedWordNet();
    senseContext = wordNet === null ? null : new SenseContext(wordNet);
  }
  return senseContext;
}

/**
 * The noun sense a name has among the words of its schema (`track` among album, genre, composer: a
 * selection of music), or undefined when WordNet is unavailable or the sense stays unclear.
 */
export function entitySense(name: string, context: readonly string[]): WordSenseRef | undefined {
  return sharedSenseContext()?.senseIn(name, context);
}

/**
 * True when a question word names a kind of what a sense is defined by ("songs", "tunes" for a selection
 * of music), through its dominant WordNet senses and two hypernym steps.
 */
export function namesSense(word: string, sense: WordSenseRef): boolean {
  return sharedSenseContext()?.names(word, sense) ?? false;
}
