import { WordNet, type Synset, type WordNetPos } from './wordNet';

/** How two words relate in WordNet, as a match quality (0 when unrelated). */
export type Relatedness = (questionWord: string, schemaWord: string) => number;

/** Options of {@link WordRelations}. */
export interface WordRelationsOptions {
  /** WordNet database, or a function giving it on first use (loading is deferred). @default WordNet.shared() */
  wordNet?: WordNet | (() => WordNet);
  /** Parts of speech whose senses count. @default ['n', 'a'] */
  pos?: readonly WordNetPos[];
  /** Senses of each word considered (WordNet orders them by frequency). @default 3 */
  maxSenses?: number;
  /**
   * Which senses a base form contributes: `same-pos`, only senses of the part of speech it was found as
   * (`running` as a noun form); `any-pos`, the senses of every listed part of speech of every base form.
   * @default 'same-pos'
   */
  lemmaSenses?: 'same-pos' | 'any-pos';
  /** Strength of a shared synset ("client" / "customer"). @default 0.85 */
  synonym?: number;
  /**
   * Strength of a one-step hypernym, hyponym, attribute, derivation or similar-adjective link ("vocalist" /
   * "singer", "old" / "age", "hazardous" / "dangerous"); 0 follows no links (synonyms only). @default 0.7
   */
  related?: number;
}

/**
 * The settings table retrieval uses: nouns and adjectives, synonyms and one related step (the coverage of
 * a question's words by a table's names).
 */
export const RETRIEVAL_RELATIONS: WordRelationsOptions = {
  pos: ['n', 'a'],
  synonym: 0.85,
  related: 0.7,
};

/**
 * The settings the SQL generator's schema linking uses: noun synonyms only (hypernyms proved too loose on
 * column names), any sense of any base form.
 */
export const SCHEMA_LINKING_RELATIONS: WordRelationsOptions = {
  pos: ['n'],
  lemmaSenses: 'any-pos',
  synonym: 0.82,
  related: 0,
};

/**
 * Pointers followed one step from a word's synsets: hypernyms, hyponyms, attributes, derivations, and for
 * adjectives "similar to" (a satellite and its head: hazardous / dangerous), "also see" and the noun an
 * adjective pertains to. Antonyms are never followed.
 */
const RELATED_POINTERS: ReadonlySet<string> = new Set(['@', '@i', '~', '~i', '=', '+', '&', '^', '\\']);

/**
 * Links words by meaning, straight from WordNet: the same synset (synonyms) or one hypernym, hyponym,
 * attribute or derivation step apart, among each word's most frequent senses. Multi-word names are looked
 * up as WordNet collocations (`first_name` shares a synset with `forename`). Caches per word and per pair;
 * deterministic.
 */
export class WordRelations {
  private readonly wordNet: () => WordNet;
  private readonly pos: readonly WordNetPos[];
  private readonly maxSenses: number;
  private readonly lemmaSenses: 'same-pos' | 'any-pos';
  private readonly synonym: number;
  private readonly related: number;
  private readonly ownCache = new Map<string, ReadonlySet<string>>();
  private readonly reachCache = new Map<string, ReadonlyMap<string, number>>();
  private readonly pairCache = new Map<string, number>();

  constructor(options: WordRelationsOptions = {}) {
    const wordNet = options.wordNet;
    this.wordNet = typeof wordNet === 'function' ? wordNet : () => wordNet ?? WordNet.shared();
    this.pos = options.pos ?? ['n', 'a'];
    this.maxSenses = options.maxSenses ?? 3;
    this.lemmaSenses = options.lemmaSenses ?? 'same-pos';
    this.synonym = options.synonym ?? 0.85;
    this.related = options.related ?? 0.7;
  }

  /** The highest strength {@link WordRelations.strength} can return (the synonym or the related strength). */
  get maxStrength(): number {
    return Math.max(this.synonym, this.related);
  }

  /** Synset keys (`<pos><offset>`) of a word's most frequent senses, through its base forms. */
  synsets(word: string): ReadonlySet<string> {
    const cached = this.ownCache.get(word);
    if (cached) return cached;
    const wn = this.wordNet();
    const keys = new Set<string>();
    const lower = word.toLowerCase();
    const forms = wn.baseForms(lower);
    const add = (lemma: string, pos: WordNetPos): void => {
      const senses = wn
        .senses(lemma)
        .filter((s) => s.pos === pos)
        .slice(0, this.maxSenses);
      for (const s of senses) keys.add(`${s.pos}${s.offset}`);
    };
    if (this.lemmaSenses === 'same-pos') {
      for (const form of forms) if (this.pos.includes(form.pos)) add(form.lemma, form.pos);
    } else {
      for (const lemma of new Set([lower, ...forms.map((f) => f.lemma)]))
        for (const pos of this.pos) add(lemma, pos);
    }
    this.ownCache.set(word, keys);
    return keys;
  }

  /** Synsets a word reaches with their strength: its own (synonym) and one related step away. */
  reach(word: string): ReadonlyMap<string, number> {
    const cached = this.reachCache.get(word);
    if (cached) return cached;
    const reach = new Map<string, number>();
    for (const key of this.synsets(word)) {
      reach.set(key, this.synonym);
      if (this.related <= 0) continue;
      const synset = this.lookup(key);
      for (const p of synset?.pointers ?? []) {
        if (!RELATED_POINTERS.has(p.symbol)) continue;
        const target = `${p.pos}${p.offset}`;
        if (!reach.has(target)) reach.set(target, this.related);
      }
    }
    this.reachCache.set(word, reach);
    return reach;
  }

  /** Strength (0 when unrelated) of the link from a question word to any of a set of schema synsets. */
  strength(word: string, schemaSynsets: ReadonlySet<string>): number {
    if (schemaSynsets.size === 0) return 0;
    const reach = this.reach(word);
    let best = 0;
    // the strongest shared synset, looked up from the smaller side (a name has a few, a word reaches many)
    if (schemaSynsets.size < reach.size) {
      for (const key of schemaSynsets) {
        const s = reach.get(key);
        if (s !== undefined && s > best) best = s;
      }
    } else {
      for (const [key, s] of reach) if (s > best && schemaSynsets.has(key)) best = s;
    }
    return best;
  }

  /**
   * Match quality between a question word (or `a_b` collocation) and a schema word (or collocation); 0 for
   * equal words (an exact match is scored elsewhere) and words too short to look up.
   */
  relate(questionWord: string, schemaWord: string): number {
    if (questionWord === schemaWord || questionWord.length < 3 || schemaWord.length < 2) return 0;
    const key = `${questionWord}|${schemaWord}`;
    const cached = this.pairCache.get(key);
    if (cached !== undefined) return cached;
    let quality: number;
    try {
      quality = this.strength(questionWord, this.synsets(schemaWord));
    } catch {
      // A WordNet lookup failure only loses the fuzzy match.
      quality = 0;
    }
    if (this.pairCache.size > 100_000) this.pairCache.clear();
    this.pairCache.set(key, quality);
    return quality;
  }

  private lookup(key: string): Synset | undefined {
    const pos = key.charAt(0);
    if (pos !== 'n' && pos !== 'v' && pos !== 'a' && pos !== 'r') return undefined;
    return this.wordNet().synset(pos, Number(key.slice(1)));
  }
}
