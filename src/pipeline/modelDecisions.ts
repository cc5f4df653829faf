import type {
  AlternativeReadings,
  Decision,
  DecisionPolicy,
  DoubtJudge,
  JoinPlanner,
  ReadingAlternatives,
  RetrievalResult,
  RetrievalState,
  ScoredTable,
} from '../retrieval';
import type { SemanticLookup } from '../semantic';
import { metricHome } from './metricHome';

/** What {@link ModelDecisions} reads: the sources' semantic models and the judges over them. */
export interface ModelDecisionsOptions {
  /** The semantic model lookup of a source; none: the model changes no decision. */
  semanticLookup?: (sourceId: string) => SemanticLookup | undefined;
  policy: DecisionPolicy;
  doubt: DoubtJudge;
  alternatives: ReadingAlternatives;
}

/**
 * The decisions the semantic model changes after retrieval has decided: a declined question the model's
 * business words resolve (rescued), an answer moved to the table of the metric it names, readings of the
 * question that give different results (asked), and each table's default time column for the policy.
 */
export class ModelDecisions {
  constructor(private readonly options: ModelDecisionsOptions) {}

  /**
   * Readings of the question that the semantic model makes possible and that give different results
   * (a count or a total, one year or all, two unrelated tables): asked as a clarifying question.
   */
  readings(options: {
    question: string;
    sourceId: string;
    answerTables: readonly string[];
    retrieval: RetrievalResult;
    planner: JoinPlanner;
    allows: (sourceId: string, table: string) => boolean;
  }): AlternativeReadings | null {
    const lookup = this.options.semanticLookup?.(options.sourceId);
    if (!lookup) return null;
    const { retrieval, sourceId } = options;
    // the first candidate of each table of the source, made on first need: a rule may ask for every table a
    // common word names
    let candidateOf: Map<string, ScoredTable> | undefined;
    const candidate = (table: string): ScoredTable | undefined => {
      if (candidateOf === undefined) {
        candidateOf = new Map();
        for (const c of retrieval.candidates) {
          if (c.corpusTable.sourceId === sourceId && !candidateOf.has(c.corpusTable.key))
            candidateOf.set(c.corpusTable.key, c);
        }
      }
      return candidateOf.get(table);
    };
    return this.options.alternatives.find({
      question: options.question,
      lookup,
      planner: options.planner,
      sourceId,
      answerTables: options.answerTables,
      hasPeriod: retrieval.tokens.some((t) => t.time),
      tableWords: (table) => candidate(table)?.matchedTokens ?? new Set<string>(),
      allows: (table) => options.allows(sourceId, table),
    });
  }

  /** The semantic model's default time column of a table, looked up in the asked sources' models. */
  defaultTimeColumn(sourceIds: readonly string[]): (table: string) => string | undefined {
    return (table) => {
      for (const id of sourceIds) {
        const column = this.options.semanticLookup?.(id)?.entity(table)?.defaultTimeDimension?.column;
        if (column) return column;
      }
      return undefined;
    };
  }

  /**
   * A question retrieval declines but whose words the semantic model resolves to tables (business words
   * such as "revenue" or "reps", typos of names): answered from the table the model names most, joined
   * with the other tables it names in the same source.
   */
  modelRescue(options: {
    question: string;
    sourceIds: readonly string[];
    retrieval: RetrievalResult;
    state: RetrievalState;
    /** The asking user's tables: the model may name others, which are never offered or used. */
    allows: (sourceId: string, table: string) => boolean;
    /** The join planner restricted to those tables. */
    planner: JoinPlanner;
  }) {
    const { question, retrieval, state, planner } = options;
    for (const sourceId of options.sourceIds) {
      const lookup = this.options.semanticLookup?.(sourceId);
      if (!lookup) continue;
      // Only when the model accounts for every word that names a thing (else it is about other data).
      const reading = lookup.resolve(question);
      const leftover = reading.uncovered.map((i) => reading.words[i]);
      if (this.options.doubt.missingThing({ question, unaccounted: leftover, lookup })) continue;
      const choices = this.options.doubt
        .modelTables(question, lookup)
        .filter((c) => options.allows(sourceId, c.table));
      const tables = choices
        .slice(0, 3)
        .map(
          (c) =>
            retrieval.candidates.find(
              (r) => r.corpusTable.sourceId === sourceId && r.corpusTable.key === c.table,
            ) ?? state.scoreTable(c.table, [sourceId], retrieval),
        )
        .filter((c): c is ScoredTable => c !== null);
      if (tables.length === 0) continue;
      // Two tables the model names by the same words that do not join are two readings: ask.
      const rivals = choices.filter(
        (c, i) =>
          i > 0 &&
          sameWords(c.words, choices[0].words) &&
          !planner.neighbours(sourceId, choices[0].table).includes(c.table),
      );
      if (rivals.length > 0) {
        const readings = [choices[0], ...rivals].slice(0, 4);
        const name = (t: string) => (t.split('.').pop() ?? t).replace(/_/g, ' ');
        return {
          kind: 'clarify' as const,
          reason: `the semantic model names ${readings.map((r) => r.table).join(' and ')} by the same words (${choices[0].words.join(', ')})`,
          clarification: {
            question: `Do you mean ${readings.map((r) => name(r.table)).join(' or ')}?`,
            options: readings.map((r) => ({
              label: `${name(r.table).charAt(0).toUpperCase()}${name(r.table).slice(1)} (${r.table})`,
              tables: [r.table],
            })),
          },
        };
      }
      const forced = this.options.policy.forced({ tables, planner });
      return {
        ...forced,
        reason: `retrieval declined, but the semantic model names ${choices
          .slice(0, 3)
          .map((c) => `${c.table} (${c.words.join(', ')})`)
          .join(', ')}`,
      };
    }
    return null;
  }

  /**
   * An answer whose tables carry none of the metrics the question names ("monthly sales" read from a
   * staff table whose job titles say "Sales"): answered from the metric's table instead, with the decided
   * tables that account for other words (`metricHome`).
   */
  toMetricHome(options: {
    question: string;
    decision: Decision;
    retrieval: RetrievalResult;
    state: RetrievalState;
    /** The join planner restricted to the asking user's tables. */
    planner: JoinPlanner;
    allows: (sourceId: string, table: string) => boolean;
  }): Decision | null {
    const { question, decision, retrieval, state, planner, allows } = options;
    if (decision.kind !== 'answer') return null;
    const lookup = this.options.semanticLookup?.(decision.sourceId);
    if (!lookup) return null;
    const candidates = retrieval.candidates.filter((c) => c.corpusTable.sourceId === decision.sourceId);
    const sourceId = decision.sourceId;
    const choice = metricHome({
      question,
      lookup,
      decided: decision.tables,
      candidates,
      hops: (from, to) => {
        const path = planner.path({ sourceId, from, target: to, maxHops: 3 });
        return path === null ? null : path.length;
      },
      allows: (table) => allows(sourceId, table),
    });
    if (!choice) return null;
    const home =
      candidates.find((c) => c.corpusTable.key === choice.home) ??
      state.scoreTable(choice.home, [decision.sourceId], retrieval);
    if (!home) return null;
    const forced = this.options.policy.forced({ tables: [home, ...choice.kept], planner });
    return {
      ...forced,
      reason: `the question names the metric ${choice.metric} (${choice.words.join(', ')}), computed on ${choice.home}; ${decision.reason}`,
    };
  }
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((w) => b.includes(w));
}
