import {
  phraseKey,
  plural,
  pluralPhrase,
  rawIdentifierWords,
  singularPhrase,
  wordNetSynonyms,
} from './language';
import { BUSINESS_SYNONYM_GROUPS, TABLE_AFFIXES } from './vocabulary';

/** Options of {@link synonymsOf}. */
export interface SynonymOptions {
  /** The identifier the phrase was made from, so its unexpanded abbreviations are kept (`qty`). */
  identifier?: string;
  /** Add WordNet synonyms of a one-word phrase (entity names; column words are too generic). @default false */
  wordNet?: boolean;
  /** Add the plural form(s) too (entities). @default false */
  plurals?: boolean;
}

const GROUPS_BY_KEY: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const group of BUSINESS_SYNONYM_GROUPS) {
    for (const member of group) {
      const key = phraseKey(member);
      const list = map.get(key) ?? [];
      for (const other of group) if (other !== member && !list.includes(other)) list.push(other);
      map.set(key, list);
    }
  }
  return map;
})();

/** Members of the business vocabulary groups a phrase belongs to (empty when none). */
export function businessSynonyms(phrase: string): readonly string[] {
  return GROUPS_BY_KEY.get(phraseKey(phrase)) ?? [];
}

/**
 * Synonyms of a model element's business name: singular/plural forms, the identifier's own words when
 * they differ (unexpanded abbreviations), the ordinary business vocabulary and WordNet's synonyms of a
 * one-word name. Lower case, without the name itself, without duplicates.
 */
export function synonymsOf(name: string, options: SynonymOptions = {}): string[] {
  const out = new Set<string>();
  const words = name.split(' ').filter((w) => w.length > 0);
  const add = (phrase: string) => {
    const p = phrase.toLowerCase().trim();
    if (p.length > 0 && p !== name) out.add(p);
  };
  if (options.identifier !== undefined) {
    const raw = rawIdentifierWords(options.identifier);
    if (!raw.some((w) => TABLE_AFFIXES.has(w))) add(raw.join(' '));
  }
  const single = singularPhrase(words);
  add(single);
  if (options.plurals === true) add(pluralPhrase(single));
  for (const synonym of businessSynonyms(single)) {
    add(synonym);
    // `units in stock`, `on hand`: a phrase with a preposition has no plural of its last word
    if (options.plurals === true && !/\b(in|on|of|per|to|at|for)\b/.test(synonym)) add(pluralPhrase(synonym));
  }
  if (options.wordNet === true && words.length === 1) {
    for (const synonym of wordNetSynonyms(single, { limit: 3 })) {
      add(synonym);
      if (options.plurals === true && !synonym.includes(' ')) add(plural(synonym));
    }
  }
  // `qty` style abbreviations in a multi-word name: the singular of the raw words too
  return [...out];
}
