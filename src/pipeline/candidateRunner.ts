import type { TableAccess } from '../access';
import type { CatalogTable } from '../catalog';
import { errorMessage, TablebotError } from '../errors';
import type { Logger } from '../logging';
import type { SourceRegistry } from '../sources';
import type { SqlCandidate, SqlExecutor, SqlGuard } from '../sql';
import {
  resultWithoutRows,
  type AskRequest,
  type AskResult,
  type TableCandidate,
  type Timings,
} from './types';

/** Limits applied to generated SQL. */
export interface ExecutionLimits {
  statementTimeoutMs: number;
  /** LIMIT added to or capping generated SQL. */
  maxRows: number;
  maxBytes: number;
  role?: string;
}

/** Options of {@link CandidateRunner}. */
export interface CandidateRunnerOptions {
  guard: SqlGuard;
  executor: SqlExecutor;
  sources: SourceRegistry;
  limits: ExecutionLimits;
  /** Rows returned to the caller when the request sets no cap. @default 100 */
  defaultReturnedRows?: number;
  logger: Logger;
}

/** One run of {@link CandidateRunner.run}: the request, what was decided, and the SQL candidates. */
export interface CandidateRunOptions {
  request: AskRequest;
  access: TableAccess;
  sourceId: string;
  tableKeys: string[];
  tables: CatalogTable[];
  allowed: ReadonlySet<string>;
  candidates: SqlCandidate[];
  /** The candidates the result lists. */
  listed: TableCandidate[];
  reason: string;
  timings: Timings;
}

/**
 * The last steps of the pipeline: guards each SQL candidate (read-only, allowed tables, row cap), runs the
 * first that passes on the decided source under the execution limits and the user's role, and turns the
 * rows — or what went wrong — into the answer.
 */
export class CandidateRunner {
  constructor(private readonly options: CandidateRunnerOptions) {}

  /** Guards and runs the SQL candidates in order; the first that runs is the answer. */
  async run(options: CandidateRunOptions): Promise<Omit<AskResult, 'timings'>> {
    const { request, access, tables, allowed, timings } = options;
    const sqlCandidates = options.candidates;
    const candidates = options.listed;
    const decision = { sourceId: options.sourceId, tableKeys: options.tableKeys, reason: options.reason };
    const returned = Math.max(1, request.maxRows ?? this.options.defaultReturnedRows ?? 100);
    const problems: string[] = [];
    let lastError: TablebotError | null = null;
    const e0 = performance.now();
    for (const candidate of sqlCandidates) {
      let guarded;
      try {
        guarded = this.options.guard.check(candidate.sql, {
          allowedTables: allowed,
          maxRows: this.options.limits.maxRows,
          defaultSchema: tables[0]?.schema,
        });
      } catch (error) {
        problems.push(`${candidate.generator}: ${errorMessage(error)}`);
        continue;
      }
      try {
        const source = await this.options.sources.get(decision.sourceId);
        const result = await this.options.executor.execute({
          source,
          sql: guarded.sql,
          statementTimeoutMs: this.options.limits.statementTimeoutMs,
          maxRows: this.options.limits.maxRows,
          maxBytes: this.options.limits.maxBytes,
          role: access.role ?? this.options.limits.role,
        });
        timings.execute = performance.now() - e0;
        const rows = result.rows.slice(0, returned);
        const used = guarded.tables.length > 0 ? guarded.tables : decision.tableKeys;
        return {
          decision: 'answer',
          candidates,
          tables: used,
          sql: guarded.sql,
          columns: result.columns,
          rows,
          rowCount: result.rowCount,
          truncated: result.truncated || rows.length < result.rows.length,
          clarification: null,
          message: answerMessage(used, result.rowCount),
          reason: `${decision.reason}; SQL by ${candidate.generator}`,
          error: null,
          interpretation: candidate.interpretation ?? null,
          reading:
            candidate.reading === undefined
              ? null
              : {
                  sourceId: decision.sourceId,
                  tables: used,
                  generator: candidate.generator,
                  plan: candidate.reading,
                },
        };
      } catch (error) {
        lastError = error instanceof TablebotError ? error : null;
        problems.push(`${candidate.generator}: ${errorMessage(error)}`);
        if (lastError && (lastError.code === 'SOURCE_UNREACHABLE' || lastError.code === 'SQL_TIMEOUT')) break;
      }
    }
    timings.execute = performance.now() - e0;
    this.options.logger.info({ question: request.question, problems }, 'no SQL candidate could be run');
    const where = decision.tableKeys.join(', ');
    const message =
      lastError?.code === 'SOURCE_UNREACHABLE'
        ? `The answer is in ${where}, but that database is not reachable right now. Please try again later.`
        : lastError?.code === 'SQL_TIMEOUT'
          ? `The query on ${where} took too long and was stopped. Try narrowing the question (a shorter period, a filter).`
          : `I think the answer is in ${where}, but I couldn't turn the question into a query I trust. Could you rephrase it?`;
    return {
      ...resultWithoutRows({
        decision: 'answer',
        message,
        reason: `${decision.reason}; ${problems.slice(0, 3).join(' | ') || 'no SQL candidate'}`,
        error: lastError?.code ?? 'SQL_GENERATION_FAILED',
      }),
      candidates,
      tables: decision.tableKeys,
    };
  }
}

function answerMessage(tables: readonly string[], rowCount: number): string {
  const from = tables.join(', ');
  if (rowCount === 0) return `No rows in ${from} match that question.`;
  return `Here is what I found in ${from}: ${rowCount === 1 ? '1 row' : `${rowCount.toLocaleString('en-US')} rows`}.`;
}
