import { contentTokens } from './tokenizer';
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
  /**
   * Strength of a two-step link through a synset both words reach in one step, at least one of the steps a
   * derivation, pertainym or attribute ("molar" is a kind of tooth, which "dental" pertains to); 0 follows
   * none. Only schema synsets given as
   * {@link NameSynsets} take part. @default 0
   */
  bridge?: number;
  /**
   * Strength of a definition link: the definition of one word's most frequent senses (up to its first ";")
   * holds the other word ("gum": "the tissue ... that surrounds the bases of the teeth"; "sommelier": "a
   * waiter in charge of wines"); 0 follows none. Only {@link NameSynsets} made with `definitions` take part.
   * @default 0
   */
  gloss?: number;
}

/**
 * A schema name for {@link WordRelations.strength}: its words' own synsets, and the words, whose synsets one
 * related step away are looked up (per word, cached) when bridges are followed.
 */
export interface NameSynsets {
  own: ReadonlySet<string>;
  words: readonly string[];
  /** Whether definitions link to the name ({@link WordRelationsOptions.gloss}). */
  definitions: boolean;
}

/**
 * The settings table retrieval uses: nouns and adjectives, synonyms and one related step (the coverage of
 * a question's words by a table's names).
 */
export const RETRIEVAL_RELATIONS: WordRelationsOptions = {
  pos: ['n', 'a'],
  synonym: 0.85,
  related: 0.7,
  bridge: 0.45,
  gloss: 0.25,
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
 * Related pointers that change the part of speech or name a word's property rather than a kind of it:
 * attribute, derivation, pertainym. A bridge ({@link WordRelationsOptions.bridge}) needs one of them, so
 * two kinds of one thing (sisters under a hypernym) are never linked.
 */
const MORPHOLOGICAL_POINTERS: ReadonlySet<string> = new Set(['=', '+', '\\']);

/** Instance pointers: a proper name and its class (a river's name). A bridge never goes through them. */
const INSTANCE_POINTERS: ReadonlySet<string> = new Set(['@i', '~i']);

/** How a synset was reached one step from a word ({@link WordRelations.near}): the strongest step kind. */
const enum Step {
  Instance = 0,
  Other = 1,
  Morphological = 2,
}

function stepOf(symbol: string): Step {
  if (MORPHOLOGICAL_POINTERS.has(symbol)) return Step.Morphological;
  return INSTANCE_POINTERS.has(symbol) ? Step.Instance : Step.Other;
}

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
  private readonly bridge: number;
  private readonly gloss: number;
  private readonly glossCache = new Map<string, ReadonlySet<string>>();
  private readonly wordsCache = new Map<string, ReadonlyMap<string, number>>();
  private readonly stemCache = new Map<string, string>();
  private readonly morphologicalCache = new Map<string, readonly string[]>();
  /** Per question word, its {@link WordRelations.indirect} link to each schema word met. */
  private readonly indirectCache = new Map<string, Map<string, number>>();
  private readonly nearCache = new Map<string, ReadonlyMap<string, Step>>();
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
    this.bridge = this.related > 0 ? (options.bridge ?? 0) : 0;
    this.gloss = options.gloss ?? 0;
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
    for (const key of this.synsets(word)) reach.set(key, this.synonym);
    if (this.related > 0)
      for (const key of this.near(word).keys()) if (!reach.has(key)) reach.set(key, this.related);
    this.reachCache.set(word, reach);
    return reach;
  }

  /**
   * Synsets one related step from a word's own ({@link RELATED_POINTERS}), each with the strongest kind of
   * step to it. Empty when no related links are followed.
   */
  private near(word: string): ReadonlyMap<string, Step> {
    const cached = this.nearCache.get(word);
    if (cached) return cached;
    const near = new Map<string, Step>();
    if (this.related > 0) {
      for (const key of this.synsets(word)) {
        for (const p of this.lookup(key)?.pointers ?? []) {
          if (!RELATED_POINTERS.has(p.symbol)) continue;
          const target = `${p.pos}${p.offset}`;
          const step = stepOf(p.symbol);
          if ((near.get(target) ?? -1) < step) near.set(target, step);
        }
      }
    }
    this.nearCache.set(word, near);
    return near;
  }

  /**
   * The words a word stands for, with their strength: the lemmas of its own synsets (the synonym strength)
   * and of the synsets one related step away (the related strength), the word itself left out; each word of
   * a multi-word lemma ("wine waiter" of "sommelier") at half. For widening a lexical
   * search with what a name may say instead.
   */
  relatedWords(word: string): ReadonlyMap<string, number> {
    const cached = this.wordsCache.get(word);
    if (cached) return cached;
    const found = new Map<string, number>();
    const lower = word.toLowerCase();
    const add = (lemma: string, strength: number): void => {
      const parts = lemma
        .toLowerCase()
        .split(/[_\s-]+/)
        .filter((w) => w.length > 0);
      const each = parts.length > 1 ? strength / 2 : strength;
      for (const w of parts) if (w !== lower && (found.get(w) ?? 0) < each) found.set(w, each);
    };
    for (const [key, strength] of this.reach(word))
      for (const lemma of this.lookup(key)?.words ?? []) add(lemma, strength);
    this.wordsCache.set(word, found);
    return found;
  }

  /** The synsets a morphological step leads to from a word's own (a few: derivations, pertainyms, attributes). */
  private morphological(word: string): readonly string[] {
    let found = this.morphologicalCache.get(word);
    if (found === undefined) {
      found = [...this.near(word)]
        .filter(([, step]) => step === Step.Morphological)
        .map(([synset]) => synset);
      this.morphologicalCache.set(word, found);
    }
    return found;
  }

  /**
   * The {@link NameSynsets} of a name's words; `definitions` for the name of what a table holds (a
   * definition is a loose link: among a table's many column names it would link too much).
   */
  nameSynsets(words: readonly string[], options: { definitions?: boolean } = {}): NameSynsets {
    const own = new Set<string>();
    for (const w of words) for (const key of this.synsets(w)) own.add(key);
    const definitions = options.definitions === true && this.gloss > 0;
    return { own, words: this.bridge > 0 || definitions ? words : [], definitions };
  }

  /**
   * Strength (0 when unrelated) of the link from a question word to any of a set of schema synsets; given
   * {@link NameSynsets}, also one related step from the schema side (the related strength when it reaches
   * the word's own synset, else the bridge strength when the two steps meet and one is morphological).
   */
  strength(word: string, schema: ReadonlySet<string> | NameSynsets): number {
    if (!isNameSynsets(schema)) return this.direct(word, schema);
    const direct = this.direct(word, schema.own);
    if (direct >= this.related) return direct;
    let best = direct;
    let known = this.indirectCache.get(word);
    if (known === undefined) {
      if (this.indirectCache.size > 10_000) this.indirectCache.clear();
      this.indirectCache.set(word, (known = new Map()));
    }
    for (const w of schema.words) {
      let link = known.get(w);
      if (link === undefined) known.set(w, (link = this.indirect(word, w)));
      best = Math.max(best, link);
      if (best >= this.related) return best;
    }
    if (schema.definitions && best < this.gloss && schema.words.some((w) => this.defines(word, w)))
      best = this.gloss;
    return best;
  }

  /**
   * The links between a question word and a schema word beyond their own synsets' reach: the schema word
   * one related step from the word's own synsets (the related strength), or a bridge.
   */
  private indirect(word: string, schemaWord: string): number {
    let best = 0;
    const schemaNear = this.near(schemaWord);
    for (const synset of this.synsets(word)) if (schemaNear.has(synset)) best = this.related;
    // a bridge meets through a morphological step of one side (few) and any step but an instance of the other
    if (best < this.bridge) {
      const near = this.near(word);
      const meets = (from: readonly string[], other: ReadonlyMap<string, Step>) =>
        from.some((synset) => (other.get(synset) ?? Step.Instance) >= Step.Other);
      if (meets(this.morphological(word), schemaNear) || meets(this.morphological(schemaWord), near))
        best = this.bridge;
    }
    return best;
  }

  /** The strongest link from a question word to a set of schema synsets (its own or one step away). */
  private direct(word: string, schemaSynsets: ReadonlySet<string>): number {
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
      quality = this.strength(
        questionWord,
        this.bridge > 0 || this.gloss > 0
          ? this.nameSynsets([schemaWord], { definitions: true })
          : this.synsets(schemaWord),
      );
    } catch {
      // A WordNet lookup failure only loses the fuzzy match.
      quality = 0;
    }
    if (this.pairCache.size > 100_000) this.pairCache.clear();
    this.pairCache.set(key, quality);
    return quality;
  }

  /** Whether the definition of either word's most frequent senses holds the other (stemmed). */
  private defines(a: string, b: string): boolean {
    const sa = this.stemOf(a);
    const sb = this.stemOf(b);
    if (sa === undefined || sb === undefined || sa === sb) return false;
    return this.definitionTokens(a).has(sb) || this.definitionTokens(b).has(sa);
  }

  private stemOf(word: string): string | undefined {
    let stem = this.stemCache.get(word);
    if (stem === undefined) this.stemCache.set(word, (stem = contentTokens(word)[0] ?? ''));
    return stem === '' ? undefined : stem;
  }

  /** Stemmed content words of the definitions (up to the first ";") of a word's most frequent senses. */
  private definitionTokens(word: string): ReadonlySet<string> {
    const cached = this.glossCache.get(word);
    if (cached) return cached;
    const tokens = new Set<string>();
    for (const key of this.synsets(word)) {
      const definition = this.lookup(key)?.definition ?? '';
      for (const t of contentTokens(definition.split(';')[0])) tokens.add(t);
    }
    this.glossCache.set(word, tokens);
    return tokens;
  }

  private lookup(key: string): Synset | undefined {
    const pos = key.charAt(0);
    if (pos !== 'n' && pos !== 'v' && pos !== 'a' && pos !== 'r') return undefined;
    return this.wordNet().synset(pos, Number(key.slice(1)));
  }
}

function isNameSynsets(schema: ReadonlySet<string> | NameSynsets): schema is NameSynsets {
  return 'own' in schema && 'words' in schema;
}
