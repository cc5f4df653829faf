/** Rows of a query as objects keyed by column name. */
export interface QueryResult<R> {
  rows: R[];
}

/** Rows of a query as arrays, in column order (duplicate column names survive). */
export interface ArrayQueryResult {
  columns: string[];
  rows: unknown[][];
  /** Postgres type OIDs of the columns, in column order, when the driver reports them. */
  columnTypes?: number[];
}

/** Anything that runs SQL: a pool, a PGlite instance, or a transaction on either. */
export interface Queryable {
  /** Runs one statement with `$1`-style parameters and returns rows as objects. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs one statement and returns rows as arrays with the column names. */
  queryArrays(sql: string, params?: readonly unknown[]): Promise<ArrayQueryResult>;
  /** Runs several statements with no parameters (DDL scripts, seeding). */
  exec(sql: string): Promise<void>;
  /**
   * Runs statements without parameters one after another, rows as arrays, in one round trip (one message
   * to a PGlite worker thread, or one simple-protocol query to a server); absent where each call costs no
   * round trip anyway (PGlite in this thread). The first failing statement fails the call.
   */
  queryArraysMany?(sqls: readonly string[]): Promise<ArrayQueryResult[]>;
}

/** Options for {@link DataSource.readOnly}. */
export interface ReadOnlyOptions {
  /** `SET LOCAL statement_timeout` for the transaction, in milliseconds. */
  statementTimeoutMs: number;
  /** `SET LOCAL ROLE` to this role first, when given. */
  role?: string;
}

/**
 * A customer's Postgres database (a server reached by URL, or an embedded PGlite folder).
 * Identified by a stable id that never contains a password.
 */
export interface DataSource extends Queryable {
  /** Stable id, e.g. `demo` or `postgres://app@db.example:5432/sales` (no password). */
  readonly id: string;
  /** The connection target with any password redacted, for logs and messages. */
  readonly label: string;
  /**
   * False when the database cannot interrupt a running statement (PGlite: single-threaded WASM with no
   * timer interrupts), so `statement_timeout` is not enforced and callers must bound cost up front.
   */
  readonly enforcesStatementTimeout: boolean;
  /**
   * True when the database's per-table write counters (`pg_stat_get_tuples_*`) outlive the process that
   * reads them until a restart or a statistics reset (a server); absent or false when they are lost with
   * the process (embedded PGlite). The introspector then vouches for an unwritten table by the counters'
   * epoch instead of reading its row versions. A server counts a session's writes only when that session
   * flushes its statistics (seconds later at most), so a write just before a reindex may show on the next.
   */
  readonly keepsWriteCounters?: boolean;
  /**
   * Runs `fn` inside `BEGIN READ ONLY` with a statement timeout, then always rolls back, so nothing
   * the callback does can persist.
   */
  readOnly<T>(fn: (q: Queryable) => Promise<T>, options: ReadOnlyOptions): Promise<T>;
  /** Releases connections. */
  close(): Promise<void>;
}
