import { AccessPolicy, type TableAccess } from '../access';
import { identityLabel, INTERNAL_IDENTITY } from '../access/identity';
import type { AuditLog } from '../store';
import type { CatalogTable } from '../catalog';
import type { SourceRegistry } from '../sources';
import { errorMessage } from '../errors';
import type { Logger } from '../logging';
import {
  type DecisionPolicy,
  DoubtJudge,
  ReadingAlternatives,
  type RetrievalState,
  type ScoredTable,
} from '../retrieval';
import { identifierWords, type SemanticLookup } from '../semantic';
import type { SqlCandidate, SqlExecutor, SqlGenerator, SqlGuard } from '../sql';
import { CandidateRunner, type ExecutionLimits } from './candidateRunner';
import { answerFollowUp } from './followUp/followUpAnswer';
import { neighbourTables } from './neighbourTables';
import { screenQuestion } from './questionScreen';
import { ModelDecisions } from './modelDecisions';
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
  private readonly runner: CandidateRunner;
  private readonly valueDoubt: ValueDoubt;
  private readonly model: ModelDecisions;

  constructor(private readonly options: TablebotPipelineOptions) {
    this.doubt = options.doubt ?? new DoubtJudge();
    this.runner = new CandidateRunner(options);
    this.valueDoubt = new ValueDoubt({ ...options, doubt: this.doubt });
    this.model = new ModelDecisions({
      semanticLookup: options.semanticLookup,
      policy: options.policy,
      doubt: this.doubt,
      alternatives: options.alternatives ?? new ReadingAlternatives(),
    });
  }

  /**
   * Answers with a reading the name probe found (a name's one place joined to the answer), as a picked
   * option is answered; the reason says why, the time includes the probe before it.
   */
  private async answerAgain(
    request: AskRequest,
    access: TableAccess,
    reading: { option: ClarificationOption; reason: string },
    started: number,
    note: string,
  ): Promise<AskResult> {
    const answered = await this.answer(pickedRequest(request, reading.option), access);
    return {
      ...answered,
      reason: `${reading.reason}; ${answered.reason}${note}`,
      timings: { ...answered.timings, total: round(performance.now() - started, 2) },
    };
  }

  /** The tables a generated query reads (as the guard parses it), or null when there is none or it is refused. */
  private readTables(sql: string | undefined, allowed: ReadonlySet<string>): string[] | null {
    if (!sql) return null;
    try {
      return this.options.guard.check(sql, { allowedTables: allowed, maxRows: 1 }).tables;
    } catch {
      return null;
    }
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
              defaultTimeColumn: this.model.defaultTimeColumn(sourceIds),
            });
    } else {
      decision = this.options.policy.decide({
        question,
        retrieval,
        planner,
        preferColumns: request.preferColumns,
        defaultTimeColumn: this.model.defaultTimeColumn(sourceIds),
      });
      decision =
        this.model.toMetricHome({
          question,
          decision,
          retrieval,
          state,
          planner,
          allows: (id, table) => access.allows(id, table),
        }) ?? decision;
    }

    if (decision.kind === 'decline' && !request.forceTables?.length) {
      decision =
        this.model.modelRescue({
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
      if (named?.kind === 'answer')
        return this.answerAgain(request, access, named, started, ` (${decision.reason})`);
      if (named) {
        return finish({
          ...resultWithoutRows({
            decision: 'clarify',
            message: named.readings.clarification.question,
            reason: `${named.readings.reason} (${decision.reason})`,
            error: null,
          }),
          candidates,
          clarification: named.readings.clarification,
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
          ? this.model.readings({
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
          : null) ??
        this.doubt.missingCompound({
          question,
          lookup,
          names: tables.flatMap((t) => [
            identifierWords(t.name),
            ...t.columns.map((c) => identifierWords(c.name)),
          ]),
        }));
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

    const shaped = request.forceTables?.length
      ? null
      : (this.model.readings({
          question,
          sourceId: decision.sourceId,
          answerTables: decision.tableKeys,
          retrieval,
          planner,
          allows: (id, table) => access.allows(id, table),
        }) ??
        (await this.valueDoubt.valueSplit(question, decision.sourceId, decision.tableKeys, access.role)));
    const names =
      shaped || request.forceTables?.length
        ? null
        : await this.valueDoubt.answerNames({
            question,
            sourceId: decision.sourceId,
            answerTables: decision.tableKeys,
            read: () => this.readTables(sqlCandidates[0]?.sql, allowed) ?? decision.tableKeys,
            role: access.role,
            state,
            planner,
            allows: (table) => access.allows(decision.sourceId, table),
          });
    if (names?.kind === 'answer') return this.answerAgain(request, access, names, started, '');
    if (names?.kind === 'decline') {
      return finish({
        ...resultWithoutRows({
          decision: 'decline',
          message: names.message,
          reason: `${names.reason} (${decision.reason})`,
          error: null,
        }),
        candidates,
      });
    }
    const readings = shaped ?? (names?.kind === 'ask' ? names.readings : null);
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
