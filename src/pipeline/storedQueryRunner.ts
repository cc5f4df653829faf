import type { SourceRegistry } from '../sources';
import type { SqlExecutionResult, SqlExecutor, SqlGuard } from '../sql';
import type { ExecutionLimits } from './candidateRunner';

/** A query the pipeline ran for an answer, kept so its rows can be read again (next page, CSV). */
export interface StoredQuery {
  /** The SQL as the guard accepted it. */
  sql: string;
  /** The source it ran on. */
  sourceId: string;
  /** The catalog tables it reads (`schema.table`): the only tables the re-run may read. */
  tables: string[];
}

/** Options for {@link StoredQueryRunner}. */
export interface StoredQueryRunnerOptions {
  guard: SqlGuard;
  executor: SqlExecutor;
  /** Where sources are opened (the pipeline's registry). */
  sources: Pick<SourceRegistry, 'get'>;
  /** The pipeline's limits: timeout, role, and the row cap the stored SQL was guarded with. */
  limits: ExecutionLimits;
}

/** Options for {@link StoredQueryRunner.run}. */
export interface StoredQueryRunOptions {
  /** Rows to read at most; above the pipeline's cap for a download. */
  maxRows: number;
  /** Bytes of rows to read at most. @default the pipeline's cap */
  maxBytes?: number;
}

/**
 * Runs an answer's stored SQL again, through the same guard and executor as the pipeline (read-only
 * transaction, timeout, role, table allow-list), for "More rows" and CSV downloads. A LIMIT equal to the
 * pipeline's row cap is taken to be the guard's own and is lifted when more rows are asked for; any other
 * LIMIT (a "top 10") stays.
 */
export class StoredQueryRunner {
  constructor(private readonly options: StoredQueryRunnerOptions) {}

  /** The pipeline's row cap. */
  get rowCap(): number {
    return this.options.limits.maxRows;
  }

  /**
   * Runs the stored query.
   * @throws SqlGuardError when the guard refuses it now (the catalog or the rules changed), TablebotError
   *   from the executor (timeout, unreachable source)
   */
  async run(query: StoredQuery, options: StoredQueryRunOptions): Promise<SqlExecutionResult> {
    const { guard, executor, sources, limits } = this.options;
    const maxRows = Math.max(1, Math.floor(options.maxRows));
    let sql = query.sql;
    if (maxRows > limits.maxRows) {
      const capped = new RegExp(`\\s+limit\\s+${limits.maxRows}\\s*$`, 'i');
      sql = sql.replace(capped, '');
    }
    const guarded = guard.check(sql, {
      allowedTables: new Set(query.tables),
      maxRows,
      defaultSchema: query.tables[0]?.split('.')[0],
    });
    const source = await sources.get(query.sourceId);
    return executor.execute({
      source,
      sql: guarded.sql,
      statementTimeoutMs: limits.statementTimeoutMs,
      maxRows,
      maxBytes: options.maxBytes ?? limits.maxBytes,
      role: limits.role,
    });
  }
}
