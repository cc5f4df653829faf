/**
 * Retrieval scoring in one place: the feature tuple a candidate table is scored on, the weights (each
 * marked fitted or hand-set), their logistic combination, the decline threshold the bias was fitted for,
 * and the match strengths and cut-offs the features are built from.
 */

import { FITTED_DECLINE_THRESHOLD } from '../config';

/** Evidence for one candidate table, each feature in [0, 1]. */
export interface CandidateFeatures {
  /** Cosine similarity of the question and the Table2Vec vector. */
  similarity: number;
  /** BM25 score normalised by the best candidate's. */
  lexical: number;
  /** Informativeness-weighted share of the question's content words the table accounts for (0..1). */
  coverage: number;
  /**
   * Share of the table name's words present in the question (a filler word such as "details" counts beside
   * a said name word), lowered to its share of a longer candidate name the question also says whole (0..1).
   */
  nameMatch: number;
  /** Strength of the best value match (a representative value quoted in the question), 0..1. */
  valueMatch: number;
  /** 1 when the table answered the previous question of the conversation. */
  context: number;
  /** Coverage of the question by the candidates of the table's schema together (related tables agree). */
  schemaCoverage: number;
}

/** The name of one feature. */
export type ScoreFeature = keyof CandidateFeatures;

/** Every feature once; a new feature of {@link CandidateFeatures} is a type error until it is listed here. */
const FEATURE_SET: Record<ScoreFeature, true> = {
  similarity: true,
  lexical: true,
  coverage: true,
  nameMatch: true,
  valueMatch: true,
  context: true,
  schemaCoverage: true,
};

/** The features in a fixed order (the order of feature vectors for fitting). */
export const SCORE_FEATURES: readonly ScoreFeature[] = Object.keys(FEATURE_SET) as ScoreFeature[];

/** Weights of the logistic score: a bias and one weight per feature. */
export type ScoreWeights = { bias: number } & Record<ScoreFeature, number>;

/** Where a weight comes from. */
export type WeightOrigin = 'fitted' | 'hand-set';

/**
 * Which weights `calibrate` fits: all but `context`, which single benchmark questions cannot show (it needs
 * conversations), and is set by hand.
 */
export const WEIGHT_ORIGIN: Readonly<Record<keyof ScoreWeights, WeightOrigin>> = {
  bias: 'fitted',
  similarity: 'fitted',
  lexical: 'fitted',
  coverage: 'fitted',
  nameMatch: 'fitted',
  valueMatch: 'fitted',
  context: 'hand-set',
  schemaCoverage: 'fitted',
};

/** The features `calibrate` fits. */
export const FITTED_FEATURES: readonly ScoreFeature[] = SCORE_FEATURES.filter(
  (f) => WEIGHT_ORIGIN[f] === 'fitted',
);

/**
 * The decline threshold the default bias was fitted for (defined with the configuration, whose
 * `DECLINE_THRESHOLD` defaults to it).
 */
export { FITTED_DECLINE_THRESHOLD };

/**
 * Default weights, from `node dist/src/cli/calibrate.js --source <indexed Spider sample>` ("searched
 * (joint)"): a coordinate search for R@1 plus the left-out decline rate at 3 % of answerable questions
 * declined, on the 15-database Spider sample (original + synonym questions); the bias puts that cut at
 * {@link FITTED_DECLINE_THRESHOLD}. Checked on held-out databases (fit on half, evaluate on the other).
 */
export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = {
  bias: -6.83,
  similarity: 4.4,
  lexical: 1.9,
  coverage: 4.5,
  nameMatch: 2.35,
  valueMatch: 1.0,
  context: 1.0,
  schemaCoverage: 2.25,
};

/** The logistic function. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The inverse of {@link sigmoid}: the log-odds of a probability (clamped to (1e-9, 1 - 1e-9), so 0 and 1 stay finite). */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
}

/** The linear part of the score (no bias): the weighted sum of the features. */
export function linearScore(weights: ScoreWeights, features: CandidateFeatures): number {
  let z = 0;
  for (const f of SCORE_FEATURES) z += weights[f] * features[f];
  return z;
}

/** The calibrated score of a candidate in [0, 1]: the logistic combination of its features. */
export function combine(weights: ScoreWeights, features: CandidateFeatures): number {
  return sigmoid(weights.bias + linearScore(weights, features));
}

/** The bias that puts a linear score `cut` exactly at probability `threshold`. */
export function biasForThreshold(cut: number, threshold: number = FITTED_DECLINE_THRESHOLD): number {
  return logit(threshold) - cut;
}

/** The feature values in {@link SCORE_FEATURES} order (for fitting). */
export function featureVector(
  features: CandidateFeatures,
  keys: readonly ScoreFeature[] = SCORE_FEATURES,
): number[] {
  return keys.map((k) => features[k]);
}

/**
 * How strongly one kind of evidence accounts for a question word (the `coverage` feature's parts), and the
 * cut-offs built on them. Hand-set.
 */
export const MATCH_STRENGTH = {
  /** The word is in the table's or a column's name or comment, or a time word meets a date column. */
  name: 1,
  /** The word is in a representative value of the table. */
  value: 0.8,
  /** The word is in the schema's name only. */
  schemaName: 0.5,
  /** A name vector close in meaning: from `semanticMin` at the floor up to `semanticMax`. */
  semanticMin: 0.5,
  semanticMax: 0.9,
  /** The name-vector similarity at which a semantic match reaches `semanticMax` (before the cap). */
  semanticFull: 0.8,
  /** A whole value quoted in the question. */
  wholeValue: 1,
  /** A distinctive word (4+ letters) of a value in the question. */
  valueWord: 0.5,
} as const;

/** Cut-offs of retrieval. Hand-set. */
export const RETRIEVAL_CUTOFFS = {
  /** A word counts as accounted for by a table from this strength on. */
  matched: 0.5,
  /** Cosine similarity at which a question word counts as matching a name by meaning. */
  semanticFloor: 0.3,
  /** Informativeness weight of a time word (any table with a date accounts for it). */
  timeWordWeight: 0.5,
  /**
   * Share of the question's informative weight a foreign-key neighbour must add (beyond what the set
   * already does) to join the best table in the answer: ranked right after it by the retriever, taken into
   * the answer set by the decision policy.
   */
  joinGain: 0.12,
} as const;

/** Strength of a semantic (name-vector) match of similarity `best`, given the floor; 0 below it. */
export function semanticStrength(best: number, floor: number = RETRIEVAL_CUTOFFS.semanticFloor): number {
  if (best < floor) return 0;
  const { semanticMin, semanticMax, semanticFull } = MATCH_STRENGTH;
  return Math.min(
    semanticMax,
    semanticMin + ((semanticMax - semanticMin) * (best - floor)) / (semanticFull - floor),
  );
}
