/**
 * The stemmers: one conservative, one aggressive, both over the same irregular-form table.
 *
 * - `conservative` folds plurals and the common verb endings (`singers`/`singer`, `ordered`/`order`,
 *   `categories`/`category`, `hired`/`hire`) and irregular plurals, without the over-stemming of Porter
 *   (which merges `university` and `universe`). Table retrieval and value matching use it: their words
 *   are compared with whole identifiers and values, where a wrong merge costs more than a missed one.
 * - `aggressive` is the Porter (1980) stem of the word's lemma (irregular nouns, verbs, adjectives and the
 *   meaning forms folded first): `located` and `location` both become `locat`. The SQL generator's schema
 *   linking uses it to meet a column word in any of its forms.
 */
import { irregularBase } from './irregular';
import { porterStem } from './porterStemmer';

/** Which stemmer. */
export type StemmerMode = 'conservative' | 'aggressive';

/**
 * The verb base after `-ed`/`-ing` is cut (Porter's step 1b): a doubled final consonant is undoubled
 * ("stopped" -> "stop"), and a silent `e` comes back after `-at`/`-bl`/`-iz` and after a short
 * consonant-vowel-consonant syllable ("hired" -> "hire", "living" -> "live", "located" -> "locate"), so
 * the inflected word meets the plain form ("hire_date", "lives").
 */
function restoreE(w: string): string {
  if (/([bdfgmnprt])\1$/.test(w)) return w.slice(0, -1);
  if (/([^aeiouy]at|bl|iz)$/.test(w) || /^[^aeiouy]*[^aeiouy][aeiouy][^aeiouywx]$/.test(w)) return `${w}e`;
  return w;
}

/**
 * The singular of a regular plural (`categories` -> `category`, `boxes` -> `box`, `orders` -> `order`), the
 * word itself when it ends like a singular (`invariant`: `class`, `status`, `analysis`), or null when it
 * has no plural ending.
 */
function stripPlural(w: string, invariant: RegExp): string | null {
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (invariant.test(w)) return w;
  if (/(ches|shes|xes|zes|sses)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s')) return w.slice(0, -1);
  return null;
}

/** The conservative stem of a word (lower-cased): plurals and `-ed`/`-ing` folded. */
export function conservativeStem(word: string): string {
  const w = word.toLowerCase();
  const irregular = irregularBase(w, 'nouns');
  if (irregular !== undefined) return irregular;
  if (w.length <= 3) return w;
  const singular = stripPlural(w, /(ss|us|is)$/);
  if (singular !== null) return singular;
  if (/ing$/.test(w) && w.length > 5) return restoreE(w.slice(0, -3));
  if (/ed$/.test(w) && w.length > 4) return restoreE(w.slice(0, -2));
  return w;
}

/** Lower-cased, simple lemma of an English word: irregular forms, then plural suffixes only. */
export function lemma(word: string): string {
  const w = word.toLowerCase();
  const irregular = irregularBase(w, 'all');
  if (irregular !== undefined) return irregular;
  if (w.length <= 3) return w;
  return stripPlural(w, /(ss|us|is|ous)$/) ?? w;
}

/** The aggressive stem (the comparison key of the SQL generator): Porter stem of the lemma. */
export function aggressiveStem(word: string): string {
  return porterStem(lemma(word));
}

/** The stem of a word with the chosen stemmer. */
export function stem(word: string, mode: StemmerMode = 'conservative'): string {
  return mode === 'aggressive' ? aggressiveStem(word) : conservativeStem(word);
}
