import { detectAntiJoin } from './interpreter/antiJoinPhase';
import { applyCues } from './interpreter/cueHandlers';
import { amountPerEntity, rankEntitiesByMeasure, showRankingFigure } from './interpreter/entityMeasurePhase';
import { applyFlagShare } from './interpreter/flagPhase';
import { applyBooleanColumns, applyPresenceConditions, detectRowCompare } from './interpreter/conditionPhase';
import { collectSelect, coverage, finishPlan, unaccounted } from './interpreter/finishPhase';
import { computeFocus, computeSelectRegion, detectFrame, dropOverlappedCues } from './interpreter/framePhase';
import { ReadingState, type InterpreterInput, type Interpretation } from './interpreter/readingState';
import { applyCalendarLiterals } from './interpreter/timePhase';
import { applyCurrentPeople } from './interpreter/statePhase';
import { countGroupsHaving } from './interpreter/havingCountPhase';
import {
  acrossAllIsTotal,
  aggregateGroupedMeasures,
  aggregateRankedCategory,
  aggregateRankedMeasure,
  applyMetrics,
  applyUnitWords,
  dropAllTime,
  howMuchIsATotal,
  nounCounts,
  rankedRowCounts,
  showReferencedRows,
} from './interpreter/measurePhase';
import { assignValues } from './interpreter/valuePhase';

export type { InterpreterInput, Interpretation } from './interpreter/readingState';

/**
 * Reads a question (tokens, cues, schema mentions) into a `QueryPlan`: which columns it asks for,
 * the filters its literals imply, and what its cue phrases do (count, aggregate, group, order, superlative,
 * negation, periods, set operations).
 *
 * The reading runs in phases over one {@link ReadingState}: frame (question word, select region, focus
 * table), values (literals → conditions), cues (aggregates and order, time, negation and set operations;
 * one handler per cue kind in `CUE_HANDLERS`), then the select list and the finishing step (grouping,
 * subqueries, set operations, DISTINCT).
 */
export class QuestionInterpreter {
  /** Interprets one question. */
  static interpret(input: InterpreterInput): Interpretation {
    const s = new ReadingState(input);
    dropOverlappedCues(s);
    dropAllTime(s);
    acrossAllIsTotal(s);
    detectFrame(s);
    computeSelectRegion(s);
    computeFocus(s);
    detectRowCompare(s);
    detectAntiJoin(s);
    applyCalendarLiterals(s);
    assignValues(s);
    nounCounts(s);
    rankedRowCounts(s);
    applyCues(s);
    rankEntitiesByMeasure(s);
    amountPerEntity(s);
    applyFlagShare(s);
    applyBooleanColumns(s);
    applyPresenceConditions(s);
    collectSelect(s);
    howMuchIsATotal(s);
    aggregateGroupedMeasures(s);
    applyMetrics(s);
    applyUnitWords(s);
    aggregateRankedCategory(s);
    aggregateRankedMeasure(s);
    showRankingFigure(s);
    finishPlan(s);
    applyCurrentPeople(s);
    countGroupsHaving(s);
    showReferencedRows(s);
    return {
      plan: s.plan,
      notes: s.notes,
      coverage: coverage(s),
      unaccounted: unaccounted(s),
      unappliedPeriods: [...s.unappliedPeriods],
    };
  }
}
