import type { DataSource, Queryable } from '../sources';
import { SourceError, SqlExecutionError, errorMessage } from '../errors';
import { toJsonRow } from './executorValues';
import { SqlParser } from './sqlParser';
import { SqlText } from './sqlText';
import { isRecord, unwrap } from './sqlTree';

/** Options for {@link SqlExecutor.execute}. */
export interface SqlExecuteOptions {
  /** Where the tables live. */
  source: DataSource;
  /** One SELECT statement, normally the output of `SqlGuard.check`. */
  sql: string;
  /** `SET LOCAL statement_timeout` (milliseconds). Not enforced by PGlite (see {@link SqlExecutor}). */
  statementTimeoutMs: number;
  /** At most this many rows are returned; more sets `truncated`. */
  maxRows: number;
  /** At most this many bytes of JSON-encoded rows are returned; more sets `truncated`. */
  maxBytes: number;
  /**
   * Largest row (its Postgres text form) fetched from the database: checked on the server, so a bigger row
   * never reaches this process; the result stops before it (`truncated`). It also sizes the fetches, so no
   * batch can hold more than about `maxBytes`. @default maxBytes / 50, at least 1024
   */
  maxRowBytes?: number;
  /** `SET LOCAL ROLE` to this (read-only) role first, when given. */
  role?: string;
  /**
   * On a source that cannot enforce the statement timeout (PGlite), the planner's total cost estimate a
   * query may have; a costlier plan is refused before it runs. @default 2_000_000
   */
  maxPlanCost?: number;
}

/** Rows of an executed query, as JSON-safe values. */
export interface SqlExecutionResult {
  columns: string[];
  rows: unknown[][];
  /** Number of rows returned (after the caps). */
  rowCount: number;
  /** Whether the caps on rows or bytes cut the result short. */
  truncated: boolean;
}

/** How one class of failure is reported. */
interface FailureRule {
  matches: (failure: {
    sqlState?: string;
    nodeCode?: string;
    message: string;
    sourceCode?: string;
  }) => boolean;
  code: 'SQL_TIMEOUT' | 'SQL_FAILED' | 'SOURCE_UNREACHABLE';
  /** User-facing explanation; `detail` is the database's own message. */
  describe: (detail: string) => string;
}

/** Node.js socket errors that mean the database cannot be reached. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);

/** Messages of drivers that lost or never had a connection. */
const CONNECTION_MESSAGE =
  /connection terminated|not queryable|after calling end on the pool|pglite is closed|connection timeout|timeout exceeded when trying to connect/i;

/** Failure classification, first match wins. */
const FAILURE_RULES: readonly FailureRule[] = [
  {
    matches: (f) => f.sqlState === '57014',
    code: 'SQL_TIMEOUT',
    describe: () => 'the query took too long and was cancelled',
  },
  {
    matches: (f) =>
      f.sourceCode === 'SOURCE_UNREACHABLE' ||
      (f.sqlState !== undefined && /^(08|57P0|53300|28)/.test(f.sqlState)) ||
      (f.nodeCode !== undefined && NETWORK_CODES.has(f.nodeCode)) ||
      CONNECTION_MESSAGE.test(f.message),
    code: 'SOURCE_UNREACHABLE',
    describe: () => 'the database cannot be reached right now',
  },
  {
    matches: (f) => f.sqlState === '25006',
    code: 'SQL_FAILED',
    describe: () => 'the query tried to change data, and only reading is allowed',
  },
  {
    matches: (f) => f.sqlState === '42501',
    code: 'SQL_FAILED',
    describe: (detail) => `the query is not permitted (${detail})`,
  },
  {
    matches: () => true,
    code: 'SQL_FAILED',
    describe: (detail) => `the database rejected the query (${detail})`,
  },
];

/** Most rows fetched from the cursor per round trip. */
const FETCH_BATCH = 200;
/** Rows of the first fetch (most answers are small, and it shows the row sizes before bigger fetches). */
const FIRST_FETCH = 10;
const CURSOR = 'tablebot_rows';
/** The extra column of the size-checked statement that says the row was too big and was not sent. */
const OVERSIZE_COLUMN = 'tablebot_row_too_big';

/** `"name"`, quoted whatever it holds (result column names come back exactly). */
function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function stringProperty(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const property = value[key];
  return typeof property === 'string' ? property : undefined;
}

/** The database's message without anything that could hold a password or a stack. */
function safeDetail(error: unknown): string {
  const firstLine = errorMessage(error).split('\n')[0];
  return firstLine.replace(/postgres(ql)?:\/\/[^\s]*/gi, '<connection>').slice(0, 300);
}

/**
 * Runs checked SQL read-only: inside `BEGIN READ ONLY` with `SET LOCAL statement_timeout` (and a read-only
 * role where configured), always rolled back, through a cursor so that no more than `maxRows + 1` rows are
 * ever fetched. Values come back JSON-safe.
 *
 * Defence in depth, for callers that bypass the guard: the SQL must parse as exactly one SELECT (so a
 * `...; COMMIT; DELETE ...` string can never leave the read-only transaction), and the session is forced to
 * `standard_conforming_strings = on` so the server tokenises string literals exactly as the parser did.
 *
 * PGlite (Postgres compiled to WASM, single-threaded) does not enforce `statement_timeout`: it has no timer
 * interrupts, so a slow statement runs to completion (measured: `pg_sleep(2)` under a 200 ms timeout returns
 * after 2 s). The timeout is enforced on Postgres servers.
 */
export class SqlExecutor {
  private constructor(private readonly parser: SqlParser) {}

  /**
   * Loads the Postgres parser used for the single-statement check.
   * @param options.parser a parser to share. @default a new one
   */
  static async create(options: { parser?: SqlParser } = {}): Promise<SqlExecutor> {
    return new SqlExecutor(options.parser ?? (await SqlParser.create()));
  }

  /**
   * Executes one SELECT and returns at most `maxRows` rows and about `maxBytes` bytes of them.
   * @throws SqlExecutionError `SQL_TIMEOUT` (statement timeout), `SOURCE_UNREACHABLE` (connection problems) or
   *   `SQL_FAILED` (anything else), with a message safe to show to the user.
   */
  async execute(options: SqlExecuteOptions): Promise<SqlExecutionResult> {
    const statement = this.singleSelect(options.sql);
    try {
      return await options.source.readOnly((q) => this.fetch(q, statement, options), {
        statementTimeoutMs: options.statementTimeoutMs,
        role: options.role,
      });
    } catch (error) {
      throw SqlExecutor.classify(error);
    }
  }

  /** The statement text, checked to be exactly one SELECT. */
  private singleSelect(sql: string): string {
    let parsed;
    try {
      parsed = this.parser.parse(sql);
    } catch (cause) {
      throw new SqlExecutionError(
        'SQL_FAILED',
        `SqlExecutor.execute: the query is not valid SQL: ${safeDetail(cause)}`,
        {
          cause,
        },
      );
    }
    const statements = parsed.stmts ?? [];
    const root = statements.length === 1 ? statements[0].stmt : undefined;
    if (!unwrap(root, 'SelectStmt')) {
      throw new SqlExecutionError(
        'SQL_FAILED',
        'SqlExecutor.execute: only a single SELECT statement can be executed',
      );
    }
    const text = new SqlText(sql, this.parser);
    const span = text.statementSpan(statements[0].stmt_location ?? 0, statements[0].stmt_len ?? 0);
    return text.slice(span.start, span.end);
  }

  /** Refuses a plan whose estimated cost exceeds the budget: the only bound where timeouts don't work. */
  private async checkPlanCost(q: Queryable, statement: string, maxCost: number): Promise<void> {
    const plan = await q.queryArrays(`EXPLAIN (FORMAT JSON) ${statement}`);
    const cost = planCost(plan.rows[0]?.[0]);
    if (cost !== undefined && cost > maxCost) {
      throw new SqlExecutionError(
        'SQL_TIMEOUT',
        `SqlExecutor.execute: the query would take too long (estimated cost ${Math.round(cost)}, limit ${maxCost})`,
      );
    }
  }

  private async fetch(
    q: Queryable,
    statement: string,
    options: SqlExecuteOptions,
  ): Promise<SqlExecutionResult> {
    // statement_timeout applies per statement, and each FETCH is one: the whole query gets one budget.
    const deadline = performance.now() + options.statementTimeoutMs;
    await q.exec('SET LOCAL standard_conforming_strings = on');
    if (!options.source.enforcesStatementTimeout)
      await this.checkPlanCost(q, statement, options.maxPlanCost ?? 2_000_000);
    const maxBytes = Math.max(1, Math.floor(options.maxBytes));
    const maxRowBytes = Math.max(1, Math.floor(options.maxRowBytes ?? Math.max(1024, maxBytes / 50)));
    const shape = await q.queryArrays(`SELECT * FROM (${statement}) AS tablebot_q LIMIT 0`);
    const checked = shape.columns.length > 0;
    await q.queryArrays(
      `DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${checked ? sizeChecked(statement, shape.columns, maxRowBytes) : statement}`,
    );
    const maxRows = Math.max(0, Math.floor(options.maxRows));
    // a batch holds at most batch × maxRowBytes bytes of values: keep that within the byte cap
    const batchSize = Math.max(1, Math.min(FETCH_BATCH, Math.floor(maxBytes / maxRowBytes)));
    const rows: unknown[][] = [];
    let columns: string[] = shape.columns;
    let bytes = 0;
    let truncated = false;
    let exhausted = false;
    while (!truncated && !exhausted) {
      const want = Math.min(
        rows.length === 0 ? FIRST_FETCH : batchSize,
        batchSize,
        maxRows + 1 - rows.length,
      );
      const remaining = Math.floor(deadline - performance.now());
      if (remaining <= 0) {
        throw new SqlExecutionError(
          'SQL_TIMEOUT',
          'SqlExecutor.execute: the query ran out of its time budget',
        );
      }
      await q.exec(`SET LOCAL statement_timeout = ${remaining}`);
      const batch = await q.queryArrays(`FETCH FORWARD ${want} FROM ${CURSOR}`);
      const width = checked ? batch.columns.length - 1 : batch.columns.length;
      columns = batch.columns.slice(0, width);
      exhausted = batch.rows.length < want;
      for (const fetched of batch.rows) {
        if (rows.length >= maxRows || (checked && fetched[width] === true)) {
          truncated = true;
          break;
        }
        const row = toJsonRow(fetched.slice(0, width), batch.columnTypes?.slice(0, width));
        const size = Buffer.byteLength(JSON.stringify(row), 'utf8');
        if (bytes + size > maxBytes) {
          truncated = true;
          break;
        }
        rows.push(row);
        bytes += size;
      }
    }
    return { columns, rows, rowCount: rows.length, truncated };
  }

  /** Maps any failure to a user-safe {@link SqlExecutionError}, keeping the original as the cause. */
  static classify(error: unknown): SqlExecutionError {
    if (error instanceof SqlExecutionError) return error;
    const failure = {
      sqlState: error instanceof SourceError ? undefined : stringProperty(error, 'code'),
      nodeCode: stringProperty(error, 'code'),
      sourceCode: error instanceof SourceError ? error.code : undefined,
      message: errorMessage(error),
    };
    if (failure.sqlState !== undefined && !/^[0-9A-Z]{5}$/.test(failure.sqlState))
      failure.sqlState = undefined;
    const rule = FAILURE_RULES.find((r) => r.matches(failure)) ?? FAILURE_RULES[FAILURE_RULES.length - 1];
    return new SqlExecutionError(rule.code, `SqlExecutor.execute: ${rule.describe(safeDetail(error))}`, {
      cause: error,
    });
  }
}

/**
 * The statement wrapped so that the server checks each row's size before sending it: a row whose text form
 * is longer than `maxRowBytes` comes back with every value NULL and a last boolean column set. Columns are
 * renamed by position (`c1…cn`, so duplicate or odd names are fine) and given their names back.
 */
function sizeChecked(statement: string, columns: readonly string[], maxRowBytes: number): string {
  const aliases = columns.map((_c, i) => `c${i + 1}`);
  const values = columns.map(
    (name, i) =>
      `CASE WHEN tablebot_s.too_big THEN NULL ELSE tablebot_q.${aliases[i]} END AS ${quoted(name)}`,
  );
  return (
    `SELECT ${values.join(', ')}, tablebot_s.too_big AS ${OVERSIZE_COLUMN} ` +
    `FROM (${statement}) AS tablebot_q(${aliases.join(', ')}) ` +
    `CROSS JOIN LATERAL (SELECT coalesce(octet_length(tablebot_q::text), 0) > ${maxRowBytes} AS too_big) AS tablebot_s`
  );
}

/** Total cost of the top plan node of `EXPLAIN (FORMAT JSON)` output (text or parsed JSON). */
function planCost(value: unknown): number | undefined {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  const first: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
  if (typeof first !== 'object' || first === null || !('Plan' in first)) return undefined;
  const plan: unknown = first.Plan;
  if (typeof plan !== 'object' || plan === null || !('Total Cost' in plan)) return undefined;
  const cost: unknown = plan['Total Cost'];
  return typeof cost === 'number' ? cost : undefined;
}
