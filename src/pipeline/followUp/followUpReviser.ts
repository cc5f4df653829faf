import type { CatalogTable } from '../../catalog/types';
import { errorMessage } from '../../errors';
import type { Logger } from '../../logging';
import type { JoinPlanner } from '../../retrieval/joinPlanner';
import type { RetrievalState } from '../../retrieval/retrievalState';
import type { SqlCandidate, SqlGenerator } from '../../sql/types';
import type { AnswerReading } from '../types';
import type { FollowUpForm } from './followUpDetector';

/** The tables a revised reading runs on, and its SQL candidates (best first). */
export interface RevisedReading {
  sourceId: string;
  tableKeys: string[];
  tables: CatalogTable[];
  candidates: SqlCandidate[];
}

/**
 * Applies a follow-up to the previous answer's reading: the generator that wrote that reading revises it
 * (period, filter, grouping, limit or order, measure changed; the rest kept). The follow-up is read over
 * the previous reading's tables first; when words of it stay unexplained there (a value held by a joined
 * table, "only for customers in <country>"), it is read again with the tables one foreign key away.
 * Null when no generator can revise it: the caller answers the message as a question.
 */
export async function reviseFollowUp(options: {
  question: string;
  form: FollowUpForm;
  reading: AnswerReading;
  state: RetrievalState;
  /** The join planner restricted to the asker's tables. */
  planner: JoinPlanner;
  allows: (sourceId: string, table: string) => boolean;
  generators: readonly SqlGenerator[];
  now?: Date;
  logger: Logger;
}): Promise<RevisedReading | null> {
  const { reading, state, planner } = options;
  const sourceId = reading.sourceId;
  if (!state.hasSource(sourceId)) return null;
  const generator = options.generators.find((g) => g.id === reading.generator && g.revise);
  if (!generator?.revise) return null;
  const own = reading.tables.filter((t) => options.allows(sourceId, t) && state.table(sourceId, t));
  if (own.length !== reading.tables.length || own.length === 0) return null;
  const neighbours = [
    ...new Set(own.flatMap((t) => planner.neighbours(sourceId, t)).filter((t) => !own.includes(t))),
  ].filter((t) => options.allows(sourceId, t) && state.table(sourceId, t));

  let best: RevisedReading | null = null;
  for (const keys of [own, [...own, ...neighbours]]) {
    if (best && keys.length === own.length) continue;
    const tables = keys
      .map((k) => state.table(sourceId, k))
      .filter((t): t is CatalogTable => t !== undefined);
    let candidates: SqlCandidate[];
    try {
      candidates = await generator.revise({
        question: options.question,
        previous: reading.plan,
        replace: options.form.replace,
        grouping: options.form.grouping,
        tables,
        joins: planner.edgesWithin({ sourceId, tables: keys }),
        ...(options.now ? { now: options.now } : {}),
      });
    } catch (error) {
      options.logger.warn({ err: errorMessage(error), generator: generator.id }, 'follow-up revision failed');
      return best;
    }
    if (candidates.length === 0) continue;
    const found = { sourceId, tableKeys: keys, tables, candidates };
    // Everything explained on the previous tables: no need to look one join further.
    if ((candidates[0].unaccounted ?? []).length === 0) return found;
    if (!best || (candidates[0].unaccounted ?? []).length < (best.candidates[0].unaccounted ?? []).length) {
      best = found;
    }
    if (neighbours.length === 0) break;
  }
  return best;
}
