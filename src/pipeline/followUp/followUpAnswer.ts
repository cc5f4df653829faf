import type { TableAccess } from '../../access';
import type { Logger } from '../../logging';
import type { JoinPlanner, RetrievalState } from '../../retrieval';
import type { SqlGenerator } from '../../sql';
import type { CandidateRunner } from '../candidateRunner';
import type { AskRequest, AskResult, Timings } from '../types';
import { readFollowUp } from './followUpDetector';
import { reviseFollowUp } from './followUpReviser';

/** What {@link answerFollowUp} needs: the turn, the state it is answered in, and the pipeline's parts. */
export interface FollowUpAnswerOptions {
  request: AskRequest;
  access: TableAccess;
  state: RetrievalState;
  planner: JoinPlanner;
  /** Filled in place: the generate and execute stages. */
  timings: Timings;
  generators: SqlGenerator[];
  runner: CandidateRunner;
  logger: Logger;
  /** What "now" is for periods. @default the database's `current_date` */
  now?: Date;
}

/**
 * A follow-up applied to the previous answer's reading ({@link reviseFollowUp}): guarded and run like any
 * answer. Null when the message is not a follow-up, there is no reading to edit, or the edit could not be
 * run: the message is then answered as a question.
 */
export async function answerFollowUp(
  options: FollowUpAnswerOptions,
): Promise<Omit<AskResult, 'timings'> | null> {
  const { request, access, state, timings } = options;
  const reading = request.context?.reading;
  const text = request.context?.followUp ?? request.question;
  const form = reading ? readFollowUp(text) : null;
  if (!reading || !form) return null;
  const g0 = performance.now();
  const revised = await reviseFollowUp({
    question: text,
    form,
    reading,
    state,
    planner: options.planner,
    allows: (sourceId, table) => access.allows(sourceId, table),
    generators: options.generators,
    ...(options.now ? { now: options.now } : {}),
    logger: options.logger,
  });
  timings.generate = performance.now() - g0;
  if (!revised) return null;
  const result = await options.runner.run({
    request,
    access,
    sourceId: revised.sourceId,
    tableKeys: revised.tableKeys,
    tables: revised.tables,
    allowed: state.tableKeys(revised.sourceId, access.filter),
    candidates: revised.candidates,
    listed: revised.tableKeys.map((table) => ({ table, sourceId: revised.sourceId, score: 1 })),
    reason: `follow-up of the previous answer (${revised.candidates[0]?.explanation ?? 'revised'})`,
    timings,
  });
  return result.error ? null : result;
}
