/**
 * Hybrid retrieval: the retrieval corpus and its published snapshot, vector plus BM25 search, per-table
 * features and the one logistic score (`scoring.ts`, its fitting in `logisticFit.ts`), the decision policy
 * (answer, clarify or decline), reading alternatives and the state manager that follows published versions.
 */
export { loadCorpusSnapshot, writeCorpusSnapshot } from './corpusSnapshot';
export { DecisionPolicy, type Decision } from './decisionPolicy';
export { DoubtJudge } from './doubtJudge';
export type { RetrievalResult, ScoredTable } from './hybridRetriever';
export type { JoinPlanner } from './joinPlanner';
export { fitLogistic, fitRanking, type LabelledExample } from './logisticFit';
export { ReadingAlternatives, type AlternativeReadings } from './readingAlternatives';
export { RetrievalCorpus, indexedInputs, tableId } from './retrievalCorpus';
export type { RetrievalState } from './retrievalState';
export { RetrievalStateManager } from './retrievalStateManager';
export {
  DEFAULT_SCORE_WEIGHTS,
  FITTED_DECLINE_THRESHOLD,
  FITTED_FEATURES,
  SCORE_FEATURES,
  biasForThreshold,
  combine,
  featureVector,
  linearScore,
  type CandidateFeatures,
  type ScoreWeights,
} from './scoring';
