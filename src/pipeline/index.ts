/**
 * The answering pipeline: screens a question, retrieves and decides on tables, generates, guards and runs SQL
 * and returns an `AskResult`; follow-ups and stored queries. The JSON form of answers (`askJson.ts`) is imported
 * by path, and so is the answer contract (`types.ts`), a single-file layer below the rest.
 */
export { readFollowUp } from './followUp/followUpDetector';
export { StoredQueryRunner, type StoredQuery } from './storedQueryRunner';
export { TablebotPipeline } from './tablebotPipeline';
export {
  MAX_QUESTION_LENGTH,
  type AnswerPipeline,
  type AnswerReading,
  type AskRequest,
  type AskResult,
  type Clarification,
  type ClarificationOption,
  type ConversationContext,
  type Timings,
} from './types';
