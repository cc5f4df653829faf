import type { CatalogTable } from '../../catalog';
import { errorMessage } from '../../errors';
import type { Logger } from '../../logging';
import type { JoinPlanner, RetrievalState } from '../../retrieval';
import type { SqlCandidate, SqlGenerator } from '../../sql';
import type { AnswerReading } from '../types';
import type { FollowUpForm } from './followUpDetector';

/** How many foreign keys away from the previous tables a follow-up's words are looked for. */
const MAX_HOPS = 3;

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
 * the previous reading's tables first; while words of it stay unexplained (a value held by a joined table,
 * "only for members in <city>"), it is read again with the tables one more foreign key away (at most
 * {@link MAX_HOPS}); the reading that explains most wins, the nearest on a tie.
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
  // Rings of tables one more foreign key away, read only while words of the follow-up stay unexplained.
  const rings: string[][] = [own];
  const seen = new Set(own);
  for (let hop = 1; hop <= MAX_HOPS; hop++) {
    const next = [
      ...new Set(rings[hop - 1].flatMap((t) => planner.neighbours(sourceId, t)).filter((t) => !seen.has(t))),
    ].filter((t) => options.allows(sourceId, t) && state.table(sourceId, t));
    if (next.length === 0) break;
    next.forEach((t) => seen.add(t));
    rings.push(next);
  }

  let best: RevisedReading | null = null;
  for (let hop = 0; hop < rings.length; hop++) {
    const keys = rings.slice(0, hop + 1).flat();
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
    const left = (candidates[0].unaccounted ?? []).length;
    // Everything explained with these tables: no need to look one join further.
    if (left === 0) return found;
    if (!best || left < (best.candidates[0].unaccounted ?? []).length) best = found;
  }
  return best;
}
