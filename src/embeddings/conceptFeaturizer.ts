import { type BaseForm, createCompoundSegmenter, expandWord, splitIdentifier, FUNCTION_WORDS as STOP_WORDS, type Synset, type WordNet, type WordNetPos, type WordSense } from '../text';
import { GENERIC_SCHEMA_WORDS, OPENING_WORDS, PHRASING_VERBS, QUESTION_WORDS } from './englishData';

/** Tunable weights of the offline embedder's features. Changing them changes the embedder id. */
export interface ConceptWeights {
  /** The word's lemma as a plain string feature (identical words). */
  lexical: number;
  /** The WordNet synsets of the word, shared by synonyms ("singer" / "vocalist"). */
  synset: number;
  /** Direct hypernyms ("concert" -> "performance"). */
  hypernym: number;
  /** Hypernyms of hypernyms ("concert" -> "show"). */
  hypernym2: number;
  /** Attribute, derivation, pertainym and similar-to links ("old" -> "age", "sing" -> "singer"). */
  related: number;
  /** Lemmas of the content words of the sense definitions ("trip" and "tour" are both "a journey"). */
  gloss: number;
  /** Character trigrams and 3/4-letter prefixes, for typos and truncations. */
  subword: number;
  /** Senses kept per word, most frequent first. */
  maxSenses: number;
  /** A sense's share of the word is proportional to (tag count + 1 / sense number) ^ senseExponent. */
  senseExponent: number;
  /** Informativeness of question phrasing words ("show", "list", "number of"). */
  questionWord: number;
  /** Informativeness of words that name columns of almost any table ("identifier", "code", "type"). */
  genericWord: number;
  /** Informativeness = 1 / (1 + commonness * ln(1 + tag count)); frequent words weigh less. */
  commonness: number;
  /** Hypernyms closer to the root than this depth are too general to link words. */
  minHypernymDepth: number;
}

/** Defaults, chosen on the Spider training sample (see `src/bench/evalSpider.ts`). */
export const DEFAULT_CONCEPT_WEIGHTS: Readonly<ConceptWeights> = {
  lexical: 0.5,
  synset: 0.8,
  hypernym: 0.6,
  hypernym2: 0.3,
  related: 0.4,
  gloss: 1,
  subword: 0.5,
  maxSenses: 6,
  senseExponent: 0.3,
  questionWord: 0.1,
  genericWord: 0.3,
  commonness: 0.06,
  minHypernymDepth: 4,
};

/** Named features of one word with their weights, plus the word's informativeness. */
export interface WordFeatures {
  /** The lemma used for the lexical feature. */
  lemma: string;
  /** 0 for stop words, small for question phrasing words, up to 1 for rare content words. */
  informativeness: number;
  /** Feature name -> weight, before hashing. */
  features: Map<string, number>;
}

const HYPERNYM_SYMBOLS = new Set(['@', '@i']);
const RELATED_SYMBOLS = new Set(['=', '+', '\\', '&', '<', '^']);
const ROOT_DEPTH_LIMIT = 25;

/**
 * Turns free text into weighted word features backed by WordNet: lemmas, synsets, hypernyms and related
 * synsets, and sub-word pieces. Word analyses are cached, so a repeated word costs a map lookup.
 */
export class ConceptFeaturizer {
  private readonly wordNet: WordNet;
  private readonly weights: ConceptWeights;
  private readonly wordCache = new Map<string, WordFeatures>();
  private readonly depthCache = new Map<string, number>();
  private readonly collocationCache = new Map<string, boolean>();
  private readonly segment: (word: string) => string[];

  constructor(options: { wordNet: WordNet; weights?: Partial<ConceptWeights> }) {
    this.wordNet = options.wordNet;
    this.weights = { ...DEFAULT_CONCEPT_WEIGHTS, ...options.weights };
    this.segment = createCompoundSegmenter(options.wordNet);
  }

  /**
   * Splits text into the words to featurize: identifier splitting, abbreviation expansion (free-text
   * safe ones), segmentation of unknown run-together words, and WordNet collocations (`zip code` ->
   * `zip_code`) added after their parts.
   */
  words(text: string): string[] {
    return this.weightedWords(text).map((w) => w.word);
  }

  /**
   * {@link words} with a scale per word: an imperative that phrases the request at the start of a
   * sentence ("Show the ...", "List all ...") weighs `questionWord`; the same word elsewhere ("how many
   * shows") keeps its weight.
   */
  weightedWords(text: string): { word: string; scale: number }[] {
    const out: { word: string; scale: number }[] = [];
    for (const sentence of text.split(/[.?!;:\n]+/)) {
      const words = this.sentenceWords(sentence);
      let opening = true;
      words.forEach((word, i) => {
        const phrasing = opening && PHRASING_VERBS.has(word);
        out.push({ word, scale: phrasing ? this.weights.questionWord : 1 });
        if (!STOP_WORDS.has(word) && !OPENING_WORDS.has(word) && !phrasing) opening = false;
        if (i > 0 && !STOP_WORDS.has(words[i - 1]) && !STOP_WORDS.has(word)) {
          const collocation = this.collocation(words[i - 1], word);
          if (collocation !== undefined) out.push({ word: collocation, scale: 1 });
        }
      });
    }
    return out;
  }

  private sentenceWords(sentence: string): string[] {
    const words: string[] = [];
    for (const raw of splitIdentifier(sentence)) {
      const expansion = expandWord(raw, 'text');
      if (expansion !== undefined) {
        words.push(...expansion);
      } else if (STOP_WORDS.has(raw) || /[0-9]/.test(raw) || this.wordNet.baseForms(raw).length > 0) {
        words.push(raw);
      } else {
        for (const piece of this.segment(raw)) words.push(...(expandWord(piece, 'identifier') ?? [piece]));
      }
    }
    return words;
  }

  /** The features of one (lower-case) word; cached. */
  word(word: string): WordFeatures {
    const cached = this.wordCache.get(word);
    if (cached !== undefined) return cached;
    const analysed = this.analyse(word);
    this.wordCache.set(word, analysed);
    return analysed;
  }

  /** Informativeness of a text: the mean of its most informative word and its average word (0 if empty). */
  informativeness(text: string): number {
    const words = this.words(text);
    if (words.length === 0) return 0;
    let max = 0;
    let sum = 0;
    for (const word of words) {
      const info = this.word(word).informativeness;
      sum += info;
      max = Math.max(max, info);
    }
    return 0.5 * max + (0.5 * sum) / words.length;
  }

  private analyse(word: string): WordFeatures {
    const features = new Map<string, number>();
    const add = (name: string, weight: number): void => {
      if (weight > 0) features.set(name, (features.get(name) ?? 0) + weight);
    };
    if (STOP_WORDS.has(word) || word.length === 0) return { lemma: word, informativeness: 0, features };
    if (/^[0-9]+$/.test(word) || word.length === 1) {
      add(`L:${word}`, 1);
      return { lemma: word, informativeness: 0.15, features };
    }
    const forms = this.wordNet.baseForms(word);
    const lemma = this.preferredLemma(word, forms);
    const w = this.weights;
    add(`L:${lemma}`, w.lexical);
    this.addSubword(word, add);

    const senses = this.weightedSenses(forms);
    for (const { sense, lemma: senseLemma, share } of senses) {
      const synset = this.wordNet.synset(sense.pos, sense.offset);
      add(conceptKey(sense.pos, sense.offset), w.synset * share);
      const position = synset.words.indexOf(senseLemma) + 1;
      for (const pointer of synset.pointers) {
        if (RELATED_SYMBOLS.has(pointer.symbol) && (pointer.source === 0 || pointer.source === position)) {
          add(conceptKey(pointer.pos, pointer.offset), w.related * share);
        }
      }
      this.addGloss(synset, w.gloss * share, add);
      const parents = this.hypernyms(synset);
      for (const parent of parents) {
        add(conceptKey(parent.pos, parent.offset), (w.hypernym * share) / parents.length);
        const grandparents = this.hypernyms(parent);
        for (const grandparent of grandparents) {
          add(
            conceptKey(grandparent.pos, grandparent.offset),
            (w.hypernym2 * share) / (parents.length * grandparents.length),
          );
        }
      }
    }
    const tagCount = forms
      .filter((form) => form.lemma === lemma)
      .reduce((sum, form) => sum + this.tagCount(form.lemma, form.pos), 0);
    const base = 1 / (1 + w.commonness * Math.log1p(tagCount));
    const informativeness =
      QUESTION_WORDS.has(word) || QUESTION_WORDS.has(lemma)
        ? w.questionWord
        : GENERIC_SCHEMA_WORDS.has(word) || GENERIC_SCHEMA_WORDS.has(lemma)
          ? w.genericWord
          : base;
    return { lemma, informativeness, features };
  }

  private addGloss(synset: Synset, weight: number, add: (name: string, weight: number) => void): void {
    if (weight <= 0) return;
    const lemmas = new Set<string>();
    for (const raw of synset.definition.toLowerCase().split(/[^a-z]+/)) {
      if (raw.length < 3 || STOP_WORDS.has(raw) || QUESTION_WORDS.has(raw)) continue;
      const forms = this.wordNet.baseForms(raw);
      if (forms.length > 0) lemmas.add(this.preferredLemma(raw, forms));
    }
    for (const word of synset.words) lemmas.delete(word);
    const each = weight / Math.sqrt(Math.max(1, lemmas.size));
    for (const lemma of lemmas) add(`L:${lemma}`, each);
  }

  private addSubword(word: string, add: (name: string, weight: number) => void): void {
    const weight = this.weights.subword;
    if (weight <= 0 || word.length < 3) return;
    const padded = `<${word}>`;
    const grams: string[] = [];
    for (let i = 0; i + 3 <= padded.length; i++) grams.push(`G:${padded.slice(i, i + 3)}`);
    grams.push(`P:${word.slice(0, 3)}`);
    if (word.length >= 4) grams.push(`P:${word.slice(0, 4)}`);
    const each = weight / Math.sqrt(grams.length);
    for (const gram of grams) add(gram, each);
  }

  /** The base form used as the word's lexical feature: the most frequent one, nouns first on ties. */
  private preferredLemma(word: string, forms: readonly BaseForm[]): string {
    let best = word;
    let bestScore = -1;
    for (const form of forms) {
      // ties go to nouns, then to the shorter (more reduced) form: `majors` -> `major`
      const score =
        this.tagCount(form.lemma, form.pos) + (form.pos === 'n' ? 0.5 : 0) + 0.01 * (word.length - form.lemma.length);
      if (score > bestScore) {
        best = form.lemma;
        bestScore = score;
      }
    }
    return best;
  }

  private weightedSenses(forms: readonly BaseForm[]): { sense: WordSense; lemma: string; share: number }[] {
    const candidates: { sense: WordSense; lemma: string; score: number }[] = [];
    for (const form of forms) {
      for (const sense of this.wordNet.senses(form.lemma)) {
        if (sense.pos !== form.pos) continue;
        const score = (sense.tagCount + 1 / sense.senseNumber) ** this.weights.senseExponent;
        candidates.push({ sense, lemma: form.lemma, score });
      }
    }
    candidates.sort((a, b) => b.score - a.score);
    const kept = candidates.slice(0, this.weights.maxSenses);
    const total = kept.reduce((sum, c) => sum + c.score, 0);
    return kept.map((c) => ({ sense: c.sense, lemma: c.lemma, share: c.score / total }));
  }

  private tagCount(lemma: string, pos: WordNetPos): number {
    let count = 0;
    for (const sense of this.wordNet.senses(lemma)) if (sense.pos === pos) count += sense.tagCount;
    return count;
  }

  private hypernyms(synset: Synset): Synset[] {
    const out: Synset[] = [];
    for (const pointer of synset.pointers) {
      if (!HYPERNYM_SYMBOLS.has(pointer.symbol)) continue;
      const parent = this.wordNet.synset(pointer.pos, pointer.offset);
      if (this.depth(parent) >= this.weights.minHypernymDepth) out.push(parent);
    }
    return out;
  }

  /** Shortest number of hypernym steps from the synset to a root. */
  private depth(synset: Synset): number {
    const key = conceptKey(synset.pos, synset.offset);
    const cached = this.depthCache.get(key);
    if (cached !== undefined) return cached;
    this.depthCache.set(key, ROOT_DEPTH_LIMIT);
    let depth = 0;
    let first = true;
    for (const pointer of synset.pointers) {
      if (!HYPERNYM_SYMBOLS.has(pointer.symbol)) continue;
      const parentDepth = this.depth(this.wordNet.synset(pointer.pos, pointer.offset)) + 1;
      depth = first ? parentDepth : Math.min(depth, parentDepth);
      first = false;
    }
    this.depthCache.set(key, depth);
    return depth;
  }

  private collocation(first: string, second: string): string | undefined {
    const forms = this.wordNet.baseForms(second);
    const candidates = [second, ...forms.map((f) => f.lemma)].map((tail) => `${first}_${tail}`);
    for (const candidate of candidates) {
      let known = this.collocationCache.get(candidate);
      if (known === undefined) {
        known = this.wordNet.isLemma(candidate);
        this.collocationCache.set(candidate, known);
      }
      if (known) return candidate;
    }
    return undefined;
  }
}

function conceptKey(pos: WordNetPos, offset: number): string {
  return `C:${pos}${offset}`;
}
