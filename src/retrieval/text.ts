/**
 * Light text normalisation shared by lexical retrieval and value matching: lower-case word
 * tokens, a conservative English stemmer, and the words that carry no table meaning.
 */

/** Words of any question that say nothing about which table answers it (SQL-operation and filler words). */
export const QUESTION_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the of in on at to for from by with without about into over under than then and or but not no nor ' +
    'is are was were be been being am do does did done has have had having will would shall should can could may might must ' +
    'what which who whom whose when where why how that this these those there here it its they them their he she his her ' +
    'we us our you your i me my mine all any each every both either neither some such same other another own ' +
    'list show give tell find return display get fetch provide see know want need let please ' +
    'many much number count total sum average avg mean maximum max minimum min most least highest lowest largest smallest ' +
    'greatest top bottom first last order ordered sort sorted ascending descending alphabetical alphabetically ' +
    'distinct different unique per also only just more less fewer greater larger bigger smaller higher lower ' +
    'equal equals between within among including include includes whether if as so very ' +
    'value values record records row rows entry entries data information info detail details item items ' +
    'one two three four five six seven eight nine ten ever never yet still already etc ' +
    "s t 's don doesn didn isn aren wasn weren"
  ).split(/\s+/),
);

/**
 * Words that name a time period rather than a thing: any table with a date column accounts for them,
 * and they never decide between tables on their own.
 */
export const TIME_WORDS: ReadonlySet<string> = new Set(
  (
    'year yearly annual annually quarter quarterly month monthly week weekly day daily today tomorrow yesterday ' +
    'past recent recently previous ago since until date time period january february march april may june july ' +
    'august september october november december'
  ).split(' '),
);

const IRREGULAR: Record<string, string> = {
  people: 'person',
  men: 'man',
  women: 'woman',
  children: 'child',
  feet: 'foot',
  teeth: 'tooth',
  mice: 'mouse',
  geese: 'goose',
  data: 'data',
  criteria: 'criterion',
  indices: 'index',
  statuses: 'status',
  addresses: 'address',
  classes: 'class',
  businesses: 'business',
};

/**
 * A conservative stemmer: folds plurals and the most common verb endings so that
 * "singers"/"singer", "ordered"/"order", "categories"/"category" meet, without the
 * over-stemming of a full Porter stemmer (which would merge "university" and "universe").
 */
export function stem(word: string): string {
  const w = word.toLowerCase();
  if (IRREGULAR[w]) return IRREGULAR[w];
  if (w.length <= 3) return w;
  if (/ies$/.test(w) && w.length > 4) return w.slice(0, -3) + 'y';
  if (/(ss|us|is)$/.test(w)) return w;
  if (/(ches|shes|xes|zes|sses)$/.test(w)) return w.slice(0, -2);
  if (/s$/.test(w) && !/ss$/.test(w)) return w.slice(0, -1);
  if (/ing$/.test(w) && w.length > 5) return restoreE(w.slice(0, -3));
  if (/ed$/.test(w) && w.length > 4) return restoreE(w.slice(0, -2));
  return w;
}

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

/** Splits text into lower-case word tokens (letters and digits; apostrophes dropped; identifiers split). */
export function words(text: string): string[] {
  return (
    text
      // camelCase and PascalCase boundaries
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .split(/[^a-z0-9]+/)
      .filter((t) => t.length > 0)
  );
}

/** Stemmed content tokens: words minus stop words, numbers kept only when `keepNumbers`. */
export function contentTokens(text: string, options: { keepNumbers?: boolean } = {}): string[] {
  return words(text)
    .filter((t) => !QUESTION_STOPWORDS.has(t))
    .filter((t) => options.keepNumbers || !/^\d+$/.test(t))
    .map(stem);
}

/** Stemmed tokens of an identifier or label, stop words kept (an identifier has no filler). */
export function identifierTokens(text: string): string[] {
  return words(text).map(stem);
}
