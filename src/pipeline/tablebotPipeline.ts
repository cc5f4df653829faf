import { AccessPolicy } from '../access/accessPolicy';
import { identityLabel, INTERNAL_IDENTITY } from '../access/identity';
import type { TableAccess } from '../access/tableAccess';
import type { AuditLog } from '../store/auditLog';
import type { CatalogTable } from '../catalog/types';
import type { SourceRegistry } from '../sources/sourceRegistry';
import { errorMessage } from '../errors';
import type { Logger } from '../logging';
import type { Decision, DecisionPolicy } from '../retrieval/decisionPolicy';
import { DoubtJudge } from '../retrieval/doubtJudge';
import { ReadingAlternatives, type AlternativeReadings } from '../retrieval/readingAlternatives';
import type { SemanticLookup } from '../semantic/semanticLookup';
import type { JoinPlanner } from '../retrieval/joinPlanner';
import type { RetrievalResult, ScoredTable } from '../retrieval/hybridRetriever';
import type { RetrievalState } from '../retrieval/retrievalState';
import type { SqlExecutor } from '../sql/sqlExecutor';
import type { SqlGuard } from '../sql/sqlGuard';
import type { SqlCandidate, SqlGenerator } from '../sql/types';
import { CandidateRunner, type ExecutionLimits } from './candidateRunner';
import { answerFollowUp } from './followUp/followUpAnswer';
import { neighbourTables } from './neighbourTables';
import { screenQuestion } from './questionScreen';
import { metricHome } from './metricHome';
import { ValueDoubt } from './valueDoubt';
import {
  DECLINE_MESSAGE,
  resultWithoutRows,
  MAX_QUESTION_LENGTH,
  type AnswerPipeline,
  type AskRequest,
  type AskResult,
  type Clarification,
  type ClarificationOption,
  type TableCandidate,
  type Timings,
} from './types';
import { DEMO_SOURCE_ID } from '../config';

export type { ExecutionLimits } from './candidateRunner';

/** Options for {@link TablebotPipeline}. */
export interface TablebotPipelineOptions {
  /** The current retrieval state (swapped after a reindex); null while nothing is indexed. */
  state: () => RetrievalState | null;
  policy: DecisionPolicy;
  /** Generators in order of preference; candidates are tried by confidence, then this order. */
  generators: SqlGenerator[];
  guard: SqlGuard;
  executor: SqlExecutor;
  sources: SourceRegistry;
  limits: ExecutionLimits;
  /** Sources asked when a request names none. */
  defaultSourceIds: string[];
  /** Rows returned to the caller when the request sets no cap. @default 100 */
  defaultReturnedRows?: number;
  /** The access policy in force (from `ACCESS_FILE`). @default everyone sees every table */
  access?: () => AccessPolicy;
  /** Where every question is recorded (who, what, decision, tables, SQL, rows, duration). @default none */
  audit?: Pick<AuditLog, 'record'>;
  /** What "now" is for time periods. @default the database's `current_date` (in the generated SQL) */
  clock?: () => Date;
  logger: Logger;
  /** The semantic model lookup of a source (issue 8: business words, near-miss declines); none: not used. */
  semanticLookup?: (sourceId: string) => SemanticLookup | undefined;
  /** Judges doubt over the semantic model. @default new DoubtJudge() */
  doubt?: DoubtJudge;
  /** Finds the readings of a question that give different results. @default new ReadingAlternatives() */
  alternatives?: ReadingAlternatives;
}

/** How many candidates every result lists (when the catalog has that many). */
const CANDIDATES_LISTED = 5;

/**
 * The answering pipeline: retrieve → decide → generate SQL → guard → execute. Knows nothing about
 * chat channels; the bot, the CLI, the HTTP API and the benchmark all call {@link ask}.
 */
export class TablebotPipeline implements AnswerPipeline {
  private readonly doubt: DoubtJudge;
  private readonly alternatives: ReadingAlternatives;
  private readonly runner: CandidateRunner;
  private readonly valueDoubt: ValueDoubt;

  constructor(private readonly options: TablebotPipelineOptions) {
    this.doubt = options.doubt ?? new DoubtJudge();
    this.alternatives = options.alternatives ?? new ReadingAlternatives();
    this.runner = new CandidateRunner(options);
    this.valueDoubt = new ValueDoubt({ ...options, doubt: this.doubt });
  }

  /**
   * Readings of the question that the semantic model makes possible and that give different results
   * (a count or a total, one year or all, two unrelated tables): asked as a clarifying question.
   */
  private readings(options: {
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
    return this.alternatives.find({
      question: options.question,
      lookup,
      planner: options.planner,
      sourceId,
      answerTables: options.answerTables,
      hasPeriod: retrieval.tokens.some((t) => t.time),
      tableWords: (table) =>
        retrieval.candidates.find((c) => c.corpusTable.sourceId === sourceId && c.corpusTable.key === table)
          ?.matchedTokens ?? new Set<string>(),
      allows: (table) => options.allows(sourceId, table),
    });
  }

  /** The semantic model's default time column of a table, looked up in the asked sources' models. */
  private defaultTimeColumn(sourceIds: readonly string[]): (table: string) => string | undefined {
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
  private modelRescue(options: {
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
      if (this.doubt.missingThing({ question, unaccounted: leftover, lookup })) continue;
      const choices = this.doubt
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
  private toMetricHome(
    question: string,
    decision: Decision,
    retrieval: RetrievalResult,
    state: RetrievalState,
    planner: JoinPlanner,
    allows: (sourceId: string, table: string) => boolean,
  ): Decision | null {
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

  /** The retrieval snapshot in use, or null while nothing is indexed. */
  currentState(): RetrievalState | null {
    return this.options.state();
  }

  /**
   * Answers one question; never throws for bad input or failing sources — the result says what happened.
   * What the asker may see is decided first (the access file); the question is then recorded in the audit log.
   */
  async ask(request: AskRequest): Promise<AskResult> {
    const askedAt = new Date();
    const identity = request.identity ?? INTERNAL_IDENTITY;
    const access = (this.options.access?.() ?? AccessPolicy.allowAll()).resolve(identity);
    const result = await this.answer(request, access);
    const audit = this.options.audit;
    if (audit) {
      try {
        await audit.record({
          askedAt,
          userId: identityLabel(identity),
          channel: identity.channel,
          groups: [...access.groups],
          question: (request.question ?? '').slice(0, MAX_QUESTION_LENGTH),
          sourceId:
            result.candidates[0]?.sourceId ?? (request.sourceIds ?? this.options.defaultSourceIds)[0] ?? null,
          decision: result.decision,
          tables: result.tables,
          sql: result.sql,
          rowCount: result.rowCount,
          durationMs: result.timings.total,
          error: result.error,
        });
      } catch (error) {
        this.options.logger.error({ err: errorMessage(error) }, 'could not write the audit log');
      }
    }
    return result;
  }

  private async answer(request: AskRequest, access: TableAccess): Promise<AskResult> {
    const started = performance.now();
    const timings: Timings = { embed: 0, retrieve: 0, generate: 0, execute: 0, total: 0 };
    const finish = (result: Omit<AskResult, 'timings'>): AskResult => {
      timings.total = performance.now() - started;
      return { ...result, timings: roundTimings(timings) };
    };
    const question = (request.question ?? '').replace(/\s+/g, ' ').trim();
    if (question.length === 0) {
      return finish(
        resultWithoutRows({
          decision: 'decline',
          message: 'Ask me a question about your data, for example "How many orders were placed last month?"',
          reason: 'empty question',
          error: 'EMPTY_QUESTION',
        }),
      );
    }
    if (question.length > MAX_QUESTION_LENGTH) {
      return finish(
        resultWithoutRows({
          decision: 'decline',
          message: `That message is too long for me (${question.length} characters; the limit is ${MAX_QUESTION_LENGTH}). Please ask a shorter question.`,
          reason: 'question too long',
          error: 'QUESTION_TOO_LONG',
        }),
      );
    }
    const refusal = screenQuestion(question);
    if (refusal) {
      return finish(
        resultWithoutRows({
          decision: 'decline',
          message: refusal.message,
          reason: refusal.reason,
          error: refusal.error,
        }),
      );
    }
    const state = this.options.state();
    if (!state) {
      return finish(
        resultWithoutRows({
          decision: 'decline',
          message: 'The catalog has not been indexed yet. An admin can run `npm run reindex` to index it.',
          reason: 'no index',
          error: 'INDEX_MISSING',
        }),
      );
    }
    const sourceIds = request.sourceIds?.length ? request.sourceIds : this.options.defaultSourceIds;
    // Access is decided before retrieval: every later step sees only the tables this user may see.
    const allow = access.filter;
    const planner = state.planner.restrictedTo(allow);
    const notIndexed = sourceIds.filter((id) => !state.hasSource(id));
    if (notIndexed.length > 0) {
      return finish(
        resultWithoutRows({
          decision: 'decline',
          message: `The source ${notIndexed.join(', ')} has not been indexed yet. Run ${notIndexed
            .map((id) =>
              id === DEMO_SOURCE_ID ? '`npm run reindex`' : `\`npm run reindex -- --source ${id}\``,
            )
            .join(' and ')} first (add the password to the URL if it needs one).`,
          reason: 'source not indexed',
          error: 'SOURCE_NOT_INDEXED',
        }),
      );
    }

    const followUp = await answerFollowUp({
      request,
      access,
      state,
      planner,
      timings,
      generators: this.options.generators,
      runner: this.runner,
      logger: this.options.logger,
      ...(this.options.clock ? { now: this.options.clock() } : {}),
    });
    if (followUp) return finish(followUp);

    const retrieval = await state.retriever.retrieve({
      question,
      sourceIds,
      allow,
      previousTables: request.context?.previousTables,
    });
    timings.embed = retrieval.timings.embed;
    timings.retrieve = retrieval.timings.retrieve;
    const candidates: TableCandidate[] = retrieval.candidates
      .slice(0, Math.max(CANDIDATES_LISTED, 10))
      .map((c) => ({ table: c.corpusTable.key, sourceId: c.corpusTable.sourceId, score: round(c.score, 4) }));

    let decision;
    if (request.forceTables?.length) {
      const forced = request.forceTables
        .map(
          (key) =>
            retrieval.candidates.find((c) => c.corpusTable.key === key) ??
            state.scoreTable(key, sourceIds, retrieval),
        )
        .filter((c): c is ScoredTable => c !== null)
        .filter((c) => access.allows(c.corpusTable.sourceId, c.corpusTable.key));
      decision =
        forced.length > 0
          ? this.options.policy.forced({ tables: forced, planner })
          : this.options.policy.decide({
              question,
              retrieval,
              planner,
              preferColumns: request.preferColumns,
              defaultTimeColumn: this.defaultTimeColumn(sourceIds),
            });
    } else {
      decision = this.options.policy.decide({
        question,
        retrieval,
        planner,
        preferColumns: request.preferColumns,
        defaultTimeColumn: this.defaultTimeColumn(sourceIds),
      });
      decision =
        this.toMetricHome(question, decision, retrieval, state, planner, (id, table) =>
          access.allows(id, table),
        ) ?? decision;
    }

    if (decision.kind === 'decline' && !request.forceTables?.length) {
      decision =
        this.modelRescue({
          question,
          sourceIds,
          retrieval,
          state,
          planner,
          allows: (sourceId, table) => access.allows(sourceId, table),
        }) ?? decision;
    }
    if (decision.kind === 'decline' && !request.forceTables?.length) {
      const named = await this.valueDoubt.declinedNames({
        question,
        sourceIds,
        retrieval,
        state,
        planner,
        access,
      });
      if (named) {
        return finish({
          ...resultWithoutRows({
            decision: 'clarify',
            message: named.clarification.question,
            reason: `${named.reason} (${decision.reason})`,
            error: null,
          }),
          candidates,
          clarification: named.clarification,
        });
      }
    }
    if (decision.kind === 'decline') {
      return finish({
        ...resultWithoutRows({
          decision: 'decline',
          message: DECLINE_MESSAGE,
          reason: decision.reason,
          error: null,
        }),
        candidates,
      });
    }
    if (decision.kind === 'clarify') {
      // two readings the model can name in business words replace a choice between table names
      const best = retrieval.candidates[0];
      const readings =
        best && !request.forceTables?.length
          ? this.readings({
              question,
              sourceId: best.corpusTable.sourceId,
              answerTables: [],
              retrieval,
              planner,
              allows: (id, table) => access.allows(id, table),
            })
          : null;
      const c = readings?.clarification ?? decision.clarification;
      const continued = continuedOption(c, request.context?.previousTables);
      if (continued && !request.forceTables?.length)
        return this.answer(pickedRequest(request, continued), access);
      return finish({
        ...resultWithoutRows({
          decision: 'clarify',
          message: c.question,
          reason: readings?.reason ?? decision.reason,
          error: null,
        }),
        candidates,
        clarification: c,
      });
    }

    const tables = decision.tableKeys
      .map((key) => state.table(decision.sourceId, key))
      .filter((t): t is CatalogTable => t !== undefined);
    const allowed = state.tableKeys(decision.sourceId, allow);
    const g0 = performance.now();
    const sqlCandidates: SqlCandidate[] = [];
    for (const generator of this.options.generators) {
      try {
        sqlCandidates.push(
          ...(await generator.generate({
            question,
            tables,
            joins: decision.joins,
            preferColumns: request.preferColumns?.length ? request.preferColumns : decision.preferColumns,
            neighbours: neighbourTables(decision.sourceId, decision.tableKeys, planner, state),
            // Without a fixed clock, relative periods are date arithmetic on the database's current_date.
            ...(this.options.clock ? { now: this.options.clock() } : {}),
          })),
        );
      } catch (error) {
        this.options.logger.warn(
          { err: errorMessage(error), generator: generator.id },
          'SQL generator failed',
        );
      }
    }
    sqlCandidates.sort((a, b) => (b.confidence ?? 0.5) - (a.confidence ?? 0.5));
    timings.generate = performance.now() - g0;

    const lookup = this.options.semanticLookup?.(decision.sourceId);
    const accounted = new Set(decision.tables.flatMap((t) => [...t.matchedTokens]));
    const missing = request.forceTables?.length
      ? null
      : (this.doubt.missingThing({
          question,
          unaccounted: sqlCandidates[0]?.unaccounted ?? [],
          lookup,
          accounted,
        }) ??
        (lookup
          ? this.doubt.missingDuration({
              question,
              entities: decision.tableKeys.map((k) => lookup.entity(k)),
              accounted,
              unaccounted: sqlCandidates[0]?.unaccounted,
            })
          : null));
    if (missing) {
      return finish({
        ...resultWithoutRows({
          decision: 'decline',
          message: missing.message,
          reason: `the question names ${missing.words.join(', ')}, which no table, column or model element accounts for (${decision.reason})`,
          error: null,
        }),
        candidates,
      });
    }

    const readings = request.forceTables?.length
      ? null
      : (this.readings({
          question,
          sourceId: decision.sourceId,
          answerTables: decision.tableKeys,
          retrieval,
          planner,
          allows: (id, table) => access.allows(id, table),
        }) ??
        (await this.valueDoubt.valueSplit(question, decision.sourceId, decision.tableKeys, access.role)) ??
        (
          await this.valueDoubt.nameDoubt({
            question,
            sourceId: decision.sourceId,
            answerTables: decision.tableKeys,
            role: access.role,
            state,
            planner,
            allows: (table) => access.allows(decision.sourceId, table),
          })
        )?.readings ??
        null);
    const continued = readings && continuedOption(readings.clarification, request.context?.previousTables);
    if (continued) return this.answer(pickedRequest(request, continued), access);
    if (readings) {
      return finish({
        ...resultWithoutRows({
          decision: 'clarify',
          message: readings.clarification.question,
          reason: `${readings.reason} (${decision.reason})`,
          error: null,
        }),
        candidates,
        clarification: readings.clarification,
      });
    }

    return finish(
      await this.runner.run({
        request,
        access,
        sourceId: decision.sourceId,
        tableKeys: decision.tableKeys,
        tables,
        allowed,
        candidates: sqlCandidates,
        listed: candidates,
        reason: decision.reason,
        timings,
      }),
    );
  }
}

/**
 * The option of a clarification a conversation already chose: the one option whose tables the previous
 * answer read (a follow-up such as "break it down by month" continues the reading picked before).
 */
function continuedOption(
  c: Clarification,
  previous: readonly string[] | undefined,
): ClarificationOption | null {
  if (!previous?.length) return null;
  const picked = c.options.filter((o) => o.tables.some((t) => previous.includes(t)));
  return picked.length === 1 ? picked[0] : null;
}

/** The request that answers with a chosen option's reading (as the clarification dialog asks it). */
function pickedRequest(request: AskRequest, option: ClarificationOption): AskRequest {
  return {
    ...request,
    question: option.question ?? request.question,
    forceTables: option.tables,
    preferColumns: option.column ? [option.column] : request.preferColumns,
  };
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((w) => b.includes(w));
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function roundTimings(t: Timings): Timings {
  return {
    embed: round(t.embed, 2),
    retrieve: round(t.retrieve, 2),
    generate: round(t.generate, 2),
    execute: round(t.execute, 2),
    total: round(t.total, 2),
  };
}
