import { WordNet, type Synset, type WordNetPos } from '../embeddings/wordNet';

/** Options of {@link WordRelations}. */
export interface WordRelationsOptions {
  /** WordNet database. @default WordNet.shared() */
  wordNet?: WordNet;
  /** Senses of each word considered (WordNet orders them by frequency). @default 3 */
  maxSenses?: number;
  /** Strength of a shared synset ("client" / "customer"). @default 0.85 */
  synonym?: number;
  /** Strength of a one-step hypernym, hyponym, attribute or derivation link ("vocalist" / "singer", "old" / "age"). @default 0.7 */
  related?: number;
}

/** Pointers followed one step from a word's synsets: hypernyms, hyponyms, attributes, derivations. */
const RELATED_POINTERS: ReadonlySet<string> = new Set(['@', '@i', '~', '~i', '=', '+']);
const POS: readonly WordNetPos[] = ['n', 'a'];

/**
 * Links question words to schema words by meaning, straight from WordNet: the same synset (synonyms) or
 * one hypernym, hyponym, attribute or derivation step apart, among each word's most frequent senses.
 * Complements the embedding similarity, which spreads a word over all its concepts and so scores plain
 * synonyms low. Caches per word; deterministic.
 */
export class WordRelations {
  private readonly wordNet: WordNet;
  private readonly maxSenses: number;
  private readonly synonym: number;
  private readonly related: number;
  private readonly ownCache = new Map<string, ReadonlySet<string>>();
  private readonly neighbourCache = new Map<string, ReadonlyMap<string, number>>();

  constructor(options: WordRelationsOptions = {}) {
    this.wordNet = options.wordNet ?? WordNet.shared();
    this.maxSenses = options.maxSenses ?? 3;
    this.synonym = options.synonym ?? 0.85;
    this.related = options.related ?? 0.7;
  }

  /** Synset keys (`<pos><offset>`) of a word's most frequent senses, through its base forms. */
  synsets(word: string): ReadonlySet<string> {
    const cached = this.ownCache.get(word);
    if (cached) return cached;
    const keys = new Set<string>();
    for (const form of this.wordNet.baseForms(word.toLowerCase())) {
      if (!POS.includes(form.pos)) continue;
      const senses = this.wordNet
        .senses(form.lemma)
        .filter((s) => s.pos === form.pos)
        .slice(0, this.maxSenses);
      for (const s of senses) keys.add(`${s.pos}${s.offset}`);
    }
    this.ownCache.set(word, keys);
    return keys;
  }

  /** Synsets a word reaches with their strength: its own (synonym) and one related step away. */
  reach(word: string): ReadonlyMap<string, number> {
    const cached = this.neighbourCache.get(word);
    if (cached) return cached;
    const reach = new Map<string, number>();
    for (const key of this.synsets(word)) {
      reach.set(key, this.synonym);
      const synset = this.lookup(key);
      for (const p of synset?.pointers ?? []) {
        if (!RELATED_POINTERS.has(p.symbol)) continue;
        const target = `${p.pos}${p.offset}`;
        if (!reach.has(target)) reach.set(target, this.related);
      }
    }
    this.neighbourCache.set(word, reach);
    return reach;
  }

  /** Strength (0 when unrelated) of the link from a question word to any of a set of schema synsets. */
  strength(word: string, schemaSynsets: ReadonlySet<string>): number {
    if (schemaSynsets.size === 0) return 0;
    let best = 0;
    for (const [key, s] of this.reach(word)) if (s > best && schemaSynsets.has(key)) best = s;
    return best;
  }

  private lookup(key: string): Synset | undefined {
    const pos = key.charAt(0);
    if (pos !== 'n' && pos !== 'v' && pos !== 'a' && pos !== 'r') return undefined;
    return this.wordNet.synset(pos, Number(key.slice(1)));
  }
}
