import {
  biasForThreshold,
  combine,
  DEFAULT_SCORE_WEIGHTS,
  featureVector,
  FITTED_DECLINE_THRESHOLD,
  FITTED_FEATURES,
  logit,
  MATCH_STRENGTH,
  RETRIEVAL_CUTOFFS,
  SCORE_FEATURES,
  semanticStrength,
  sigmoid,
  WEIGHT_ORIGIN,
  type CandidateFeatures,
} from '../../src/retrieval/scoring';
import { loadConfig } from '../../src/config';

const zero: CandidateFeatures = {
  similarity: 0,
  lexical: 0,
  coverage: 0,
  nameMatch: 0,
  valueMatch: 0,
  context: 0,
  schemaCoverage: 0,
};

describe('retrieval scoring', () => {
  it('lists every feature once, context hand-set and the rest fitted', () => {
    expect(SCORE_FEATURES).toEqual(Object.keys(zero));
    expect(WEIGHT_ORIGIN.context).toBe('hand-set');
    expect(FITTED_FEATURES).not.toContain('context');
    expect(FITTED_FEATURES).toHaveLength(SCORE_FEATURES.length - 1);
    expect(featureVector({ ...zero, coverage: 0.5 })).toEqual([0, 0, 0.5, 0, 0, 0, 0]);
  });

  it('combines the features logistically', () => {
    expect(combine(DEFAULT_SCORE_WEIGHTS, zero)).toBeCloseTo(sigmoid(DEFAULT_SCORE_WEIGHTS.bias));
    const f = { ...zero, similarity: 0.5, coverage: 1 };
    const z =
      DEFAULT_SCORE_WEIGHTS.bias + 0.5 * DEFAULT_SCORE_WEIGHTS.similarity + DEFAULT_SCORE_WEIGHTS.coverage;
    expect(combine(DEFAULT_SCORE_WEIGHTS, f)).toBeCloseTo(1 / (1 + Math.exp(-z)));
  });

  it('logit inverts sigmoid and stays finite at 0 and 1', () => {
    expect(sigmoid(logit(0.35))).toBeCloseTo(0.35);
    expect(Number.isFinite(logit(0))).toBe(true);
    expect(Number.isFinite(logit(1))).toBe(true);
  });

  it('the bias for a threshold puts the cut exactly at that probability', () => {
    const cut = 4.2;
    expect(sigmoid(biasForThreshold(cut, 0.5) + cut)).toBeCloseTo(0.5);
    expect(sigmoid(biasForThreshold(cut) + cut)).toBeCloseTo(FITTED_DECLINE_THRESHOLD);
  });

  it('the configured default decline threshold is the one the bias was fitted for', () => {
    expect(loadConfig({}).retrieval.declineThreshold).toBe(FITTED_DECLINE_THRESHOLD);
  });

  it('semantic strength rises from the floor to its cap', () => {
    expect(semanticStrength(RETRIEVAL_CUTOFFS.semanticFloor - 0.01)).toBe(0);
    expect(semanticStrength(RETRIEVAL_CUTOFFS.semanticFloor)).toBe(MATCH_STRENGTH.semanticMin);
    expect(semanticStrength(0.8)).toBeCloseTo(MATCH_STRENGTH.semanticMax);
    expect(semanticStrength(0.99)).toBe(MATCH_STRENGTH.semanticMax);
  });
});
