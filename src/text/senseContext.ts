import { stem } from './stemmer';
import { FUNCTION_WORDS } from './stopWords';
import { WordNet, type Synset, type WordSense } from './wordNet';

/**
 * Words of WordNet definitions that say nothing about a sense's topic (they occur in glosses of every
 * domain), besides the function words.
 */
const GLOSS_NOISE: ReadonlySet<string> = new Set(
  (
    'especially usually often generally something someone somebody person people thing things act part ' +
    'whole kind one two three used use using make made perform performed process long general public ' +
    'various particular certain specified specific given small large short distinct new old way form ' +
    'being manner state quality number amount group'
  ).split(' '),
);

/** Nouns naming a part or a unit of something: their "of" phrase says what the thing is made of. */
const PARTITIVE_HEADS: ReadonlySet<string> = new Set(
  (
    'piece item article selection unit part portion bit member instance sample excerpt extract copy ' +
    'slice segment element component fragment section share specimen'
  ).split(' '),
);

/** Words that end a gloss's defining noun phrase ("a selection of music | from a recording"). */
const PHRASE_ENDERS: ReadonlySet<string> = new Set(
  'that which who whom whose where when for with from in on by to as at into or and used having'.split(' '),
);

/** Context overlaps the best sense needs before it is trusted. */
const MIN_OVERLAP = 2;
/** Share of a word's tagged noun uses its dominant sense needs to be taken without context. */
const DOMINANT_SHARE = 0.7;
/** Tagged noun uses a word needs before its dominant sense is trusted without context. */
const MIN_TAGGED = 5;
/** Hypernym steps followed from a question word's senses. */
const HYPERNYM_DEPTH = 2;

/**
 * Word senses in context (a form of the extended Lesk method): which noun sense of a table's name a schema
 * means, judged by the overlap of each sense's definition and hypernyms with the words around it (its
 * columns, the other tables' names and their definitions), and whether a question's noun is a kind of
 * what that sense is defined as ("a selection of music": a song is a musical composition, a kind of
 * music). Deterministic; caches per word.
 */
export class SenseContext {
  private readonly wordNet: () => WordNet;
  private readonly contextCache = new Map<string, readonly string[]>();
  private readonly ancestorCache = new Map<string, ReadonlySet<string>>();
  private readonly senseCache = new Map<string, Synset | null>();
  private readonly definingCache = new Map<number, ReadonlySet<string>>();

  constructor(wordNet?: WordNet | (() => WordNet)) {
    this.wordNet = typeof wordNet === 'function' ? wordNet : () => wordNet ?? WordNet.shared();
  }

  /**
   * The noun sense a word has among context words: the sense whose definition, synonyms and hypernyms
   * share the most (stemmed) words with the context and its words' definitions, when it shares at least
   * two and more than any other sense; otherwise the word's dominant sense when it clearly dominates its
   * tagged uses; otherwise none.
   */
  senseIn(word: string, context: readonly string[]): Synset | undefined {
    const key = `${word.toLowerCase()}|${[...new Set(context.map((c) => c.toLowerCase()))].sort().join(' ')}`;
    const cached = this.senseCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    if (this.senseCache.size > 10_000) this.senseCache.clear();
    const sense = this.chooseSense(word, context);
    this.senseCache.set(key, sense ?? null);
    return sense;
  }

  private chooseSense(word: string, context: readonly string[]): Synset | undefined {
    const wn = this.wordNet();
    const senses = this.nounSenses(word);
    if (senses.length === 0) return undefined;
    if (senses.length === 1) return wn.synset('n', senses[0].offset);
    const own = stem(word.toLowerCase());
    const contextKeys = new Set<string>();
    // the word itself in the context (`playlist track` next to `track`) would vote for its commonest senses
    for (const c of context)
      if (stem(c.toLowerCase()) !== own) for (const k of this.contextKeys(c)) contextKeys.add(k);
    let best: { synset: Synset; overlap: number } | undefined;
    let runnerUp = 0;
    for (const sense of senses) {
      const synset = wn.synset('n', sense.offset);
      let overlap = 0;
      for (const k of this.signature(synset)) if (k !== own && contextKeys.has(k)) overlap++;
      if (best === undefined || overlap > best.overlap) {
        runnerUp = best?.overlap ?? 0;
        best = { synset, overlap };
      } else if (overlap > runnerUp) runnerUp = overlap;
    }
    if (best !== undefined && best.overlap >= MIN_OVERLAP && best.overlap > runnerUp) return best.synset;
    const total = senses.reduce((s, x) => s + x.tagCount, 0);
    const top = [...senses].sort((a, b) => b.tagCount - a.tagCount)[0];
    if (total >= MIN_TAGGED && top.tagCount >= DOMINANT_SHARE * total) return wn.synset('n', top.offset);
    return undefined;
  }

  /**
   * The nouns a sense is defined by: the lemmas of its definition's first noun phrase, and after a
   * partitive head ("a distinct selection of music", "an article of clothing") the nouns of its "of"
   * phrase too; after any other head ("an expressive style of music") only the head. Words common to
   * every domain are left out.
   */
  definingNouns(synset: Synset): ReadonlySet<string> {
    const cached = this.definingCache.get(synset.offset);
    if (cached !== undefined) return cached;
    const wn = this.wordNet();
    const out = new Set<string>();
    // "(usually plural) written material ...": a leading remark is no part of the phrase
    const definition = synset.definition.replace(/\([^)]*\)/g, ' ');
    let head: string | undefined;
    let inOfPhrase = false;
    for (const token of definition.toLowerCase().split(/[^a-z-]+/)) {
      if (token.length === 0) continue;
      if (token === 'of') {
        if (inOfPhrase || head === undefined || !PARTITIVE_HEADS.has(head)) break;
        inOfPhrase = true;
        continue;
      }
      if (PHRASE_ENDERS.has(token)) break;
      if (FUNCTION_WORDS.has(token) || GLOSS_NOISE.has(token)) continue;
      const noun = wn.baseForms(token).find((f) => f.pos === 'n');
      if (noun === undefined || GLOSS_NOISE.has(noun.lemma)) continue;
      out.add(noun.lemma);
      head = noun.lemma;
    }
    this.definingCache.set(synset.offset, out);
    return out;
  }

  /**
   * True when a question word names the sense or a kind of what defines it: one of the word's dominant
   * noun senses is the sense itself, or reaches it or one of its defining nouns within two hypernym steps
   * ("tunes" -> music; "songs" -> musical composition -> music, for "a selection of music").
   */
  names(questionWord: string, synset: Synset): boolean {
    const ancestors = this.ancestors(questionWord);
    if (ancestors.size === 0) return false;
    if (ancestors.has(`n${synset.offset}`)) return true;
    for (const noun of this.definingNouns(synset)) if (ancestors.has(noun)) return true;
    return false;
  }

  /** Dominant noun senses of a word (through its base forms): those with a fair share of its tagged uses. */
  private dominantSenses(word: string): WordSense[] {
    const senses = this.nounSenses(word);
    if (senses.length === 0) return [];
    const ranked = [...senses].sort((a, b) => b.tagCount - a.tagCount || a.senseNumber - b.senseNumber);
    const total = ranked.reduce((s, x) => s + x.tagCount, 0);
    if (total === 0) return ranked.slice(0, 1);
    return ranked.filter((s, i) => i === 0 || (i < 2 && s.tagCount >= 0.25 * total));
  }

  /**
   * Synset keys (`n<offset>`) and lemmas of a word's dominant senses and of their hypernyms up to two
   * steps up (multi-word lemmas also by their last word: `piece_of_music` -> music).
   */
  private ancestors(word: string): ReadonlySet<string> {
    const key = word.toLowerCase();
    const cached = this.ancestorCache.get(key);
    if (cached !== undefined) return cached;
    const wn = this.wordNet();
    const out = new Set<string>();
    let frontier: Synset[] = this.dominantSenses(key).map((s) => wn.synset('n', s.offset));
    for (let depth = 0; depth <= HYPERNYM_DEPTH && frontier.length > 0; depth++) {
      const next: Synset[] = [];
      for (const synset of frontier) {
        out.add(`n${synset.offset}`);
        // the word's own synonyms are no kind of anything: only hypernyms' lemmas name what it is a kind of
        if (depth > 0) {
          for (const lemma of synset.words) {
            out.add(lemma);
            const parts = lemma.split('_');
            if (parts.length > 1) out.add(parts[parts.length - 1]);
          }
        }
        for (const p of synset.pointers) {
          if ((p.symbol === '@' || p.symbol === '@i') && p.pos === 'n') next.push(wn.synset('n', p.offset));
        }
      }
      frontier = next;
    }
    this.ancestorCache.set(key, out);
    return out;
  }

  private nounSenses(word: string): WordSense[] {
    const wn = this.wordNet();
    const lower = word.toLowerCase();
    const lemma = wn.baseForms(lower).find((f) => f.pos === 'n')?.lemma;
    if (lemma === undefined) return [];
    return wn.senses(lemma).filter((s) => s.pos === 'n');
  }

  /** Stemmed words of a sense: its lemmas, definition, and its hypernyms' lemmas and definitions. */
  private signature(synset: Synset): Set<string> {
    const wn = this.wordNet();
    const keys = new Set<string>();
    const addSynset = (s: Synset) => {
      for (const lemma of s.words) for (const part of lemma.split('_')) addKey(keys, part);
      for (const w of s.definition.toLowerCase().split(/[^a-z]+/)) addKey(keys, w);
    };
    addSynset(synset);
    for (const p of synset.pointers)
      if (p.symbol === '@' && p.pos === 'n') addSynset(wn.synset('n', p.offset));
    return keys;
  }

  /** Stemmed keys of a context word: the word and the definitions and lemmas of its two commonest noun senses. */
  private contextKeys(word: string): readonly string[] {
    const lower = word.toLowerCase();
    const cached = this.contextCache.get(lower);
    if (cached !== undefined) return cached;
    const keys = new Set<string>();
    addKey(keys, lower);
    const wn = this.wordNet();
    const senses = [...this.nounSenses(lower)].sort((a, b) => b.tagCount - a.tagCount).slice(0, 2);
    for (const sense of senses) {
      const synset = wn.synset('n', sense.offset);
      for (const lemma of synset.words) for (const part of lemma.split('_')) addKey(keys, part);
      for (const w of synset.definition.toLowerCase().split(/[^a-z]+/)) addKey(keys, w);
    }
    const list = [...keys];
    this.contextCache.set(lower, list);
    return list;
  }
}

function addKey(keys: Set<string>, word: string): void {
  if (word.length < 3 || FUNCTION_WORDS.has(word) || GLOSS_NOISE.has(word)) return;
  keys.add(stem(word));
}
