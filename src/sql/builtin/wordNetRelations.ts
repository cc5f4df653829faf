import type { WordNet, WordNetPos } from '../../embeddings/wordNet';

/** How two words relate in WordNet, as a match quality (0 when unrelated). */
export type Relatedness = (questionWord: string, schemaWord: string) => number;

/** Senses per word taken into account, most frequent first. */
const SENSES = 3;
const POS: readonly WordNetPos[] = ['n'];

/** Quality of a shared synset ("doctor" / "physician"). */
const SYNONYM_QUALITY = 0.82;

/**
 * WordNet relatedness for schema linking: a question word matches a schema word when one of their most
 * frequent senses share a synset (hypernyms proved too loose on Spider). Multi-word names are looked up
 * as WordNet collocations (`first name` → `first_name`, which shares a synset with `forename`). Results are
 * cached per pair.
 */
export class WordNetRelations {
  private readonly conceptCache = new Map<string, Set<string>>();
  private readonly pairCache = new Map<string, number>();

  private constructor(private readonly wordNet: () => WordNet) {}

  /** Relations over a WordNet instance, resolved on first use (loading WordNet is deferred until then). */
  static create(options: { wordNet: () => WordNet }): WordNetRelations {
    return new WordNetRelations(options.wordNet);
  }

  /** The synsets of a word's most frequent senses (after reducing it to its WordNet base forms). */
  private concepts(word: string): Set<string> {
    const cached = this.conceptCache.get(word);
    if (cached) return cached;
    const wn = this.wordNet();
    const out = new Set<string>();
    const lemmas = new Set<string>([word, ...wn.baseForms(word).map((f) => f.lemma)]);
    for (const lemma of lemmas) {
      for (const pos of POS) {
        const senses = wn
          .senses(lemma)
          .filter((s) => s.pos === pos)
          .slice(0, SENSES);
        for (const s of senses) out.add(`${s.pos}${s.offset}`);
      }
    }
    this.conceptCache.set(word, out);
    return out;
  }

  /** Match quality between a question word (or `a_b` collocation) and a schema word (or collocation). */
  relate(questionWord: string, schemaWord: string): number {
    if (questionWord === schemaWord || questionWord.length < 3 || schemaWord.length < 2) return 0;
    const key = `${questionWord}|${schemaWord}`;
    const cached = this.pairCache.get(key);
    if (cached !== undefined) return cached;
    let quality = 0;
    try {
      const q = this.concepts(questionWord);
      const s = this.concepts(schemaWord);
      if ([...q].some((c) => s.has(c))) quality = SYNONYM_QUALITY;
    } catch {
      // A WordNet lookup failure only loses the fuzzy match.
      quality = 0;
    }
    if (this.pairCache.size > 100_000) this.pairCache.clear();
    this.pairCache.set(key, quality);
    return quality;
  }
}
