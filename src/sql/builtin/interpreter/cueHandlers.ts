import type { CueMeaning } from '../cuePatterns';
import { applyAggregate, applyAggregateRuns, applyCount } from './aggregatePhase';
import { applyExtreme, applyTopBy } from './rankingPhase';
import { applyAverageReference, applyColumnCompare, applyNegation } from './conditionPhase';
import { applyCurrent } from './statePhase';
import { applyGroup, applyOrder } from './groupOrderPhase';
import { isCue, type CueOf, type ReadingState } from './readingState';
import { applyBucket, applyPeriod } from './timePhase';

/** Every kind of cue phrase the pattern table can produce. */
export type CueKind = CueMeaning['kind'];

/** What one cue does to the reading. */
export type CueHandler<K extends CueKind> = (s: ReadingState, cue: CueOf<K>) => void;

/** A cue read by another phase (values, frame, select region), or only as context of a neighbouring cue. */
const readElsewhere = (): void => undefined;

/**
 * The handler of each cue kind, applied in question order by {@link applyCues}. Every kind has an entry, so a
 * new kind in the pattern table does not compile until someone decides what it does.
 */
export const CUE_HANDLERS: { readonly [K in CueKind]: CueHandler<K> } = {
  count: applyCount,
  aggregate: applyAggregate,
  extreme: applyExtreme,
  group: applyGroup,
  each: applyGroup,
  order: applyOrder,
  period: applyPeriod,
  bucket: applyBucket,
  'average-reference': applyAverageReference,
  negation: applyNegation,
  current: applyCurrent,
  compare: applyColumnCompare,
  /** Applied once after all other cues ({@link applyDirection}). */
  direction: readElsewhere,
  /** Applied before all other cues ({@link applyTopBy}) and as the N of superlatives. */
  limit: readElsewhere,
  /** Read by counts, groups and the select list. */
  distinct: readElsewhere,
  /** Read by value lists ("both A and B" → INTERSECT). */
  both: readElsewhere,
  /** Read by value lists ("A or B" → IN). */
  or: readElsewhere,
  /** Read by lists of columns and aggregates. */
  and: readElsewhere,
  /** Read by value lists ("A but not B" → EXCEPT). */
  except: readElsewhere,
  /** Read by negation and HAVING heads ("who", "that"). */
  relative: readElsewhere,
  /** Read by the frame ("all the information"). */
  'all-columns': readElsewhere,
  /** Read by the values phase (LIKE conditions). */
  like: readElsewhere,
  /** Read by the frame ("how much"). */
  question: readElsewhere,
};

/** Applies the cue phrases: aggregate runs and "top N by", then each unused cue in order, then directions. */
export function applyCues(s: ReadingState): void {
  applyAggregateRuns(s);
  for (const cue of s.cues) if (isCue(cue, 'limit')) applyTopBy(s, cue);
  for (const cue of s.cues) {
    if (s.usedCues.has(cue)) continue;
    const handler = CUE_HANDLERS[cue.meaning.kind] as CueHandler<CueKind>;
    handler(s, cue as CueOf<CueKind>);
  }
  applyDirection(s);
}

/** "… in descending order": the direction of the ordering already read, or of the column named before it. */
export function applyDirection(s: ReadingState): void {
  const direction = s.cues.find((c) => isCue(c, 'direction'));
  if (!direction || !isCue(direction, 'direction')) return;
  if (s.plan.orderBy.length > 0 && !s.orderDirectionExplicit) {
    for (const o of s.plan.orderBy) o.dir = direction.meaning.dir;
  } else if (s.plan.orderBy.length === 0) {
    const m = s.mentionBefore(direction.start, 4, (c) => isCue(c, 'order'));
    const col = m && m.kind === 'schema' ? s.resolveColumn(m) : null;
    if (col) {
      s.plan.orderBy.push({ expr: { kind: 'column', column: col }, dir: direction.meaning.dir });
      if (m && !s.inSelect(m.start)) s.used.add(m);
    }
  }
}
