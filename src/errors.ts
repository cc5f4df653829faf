/** What the catalog says about one error code. */
export interface ErrorSpec {
  /** HTTP status when a request ends with this error (400: the caller's fault, 503: not ready, 500: ours). */
  http: number;
  /**
   * Exit code of a command line tool that ends with it: 0 when the user got an answer that explains the
   * problem (a refused or unanswerable question), 1 when the command failed, 2 for wrong configuration.
   */
  exit: 0 | 1 | 2;
  /** What it means, for operators and the README. */
  meaning: string;
}

/**
 * Every error code tablebot reports, with its HTTP status and CLI exit code. Adding a code is one line here;
 * `ErrorCode` (and so `TablebotError`, `AskResult.error`, the HTTP status map and the exit codes) follows.
 */
export const ERRORS = {
  CONFIG_INVALID: { http: 400, exit: 2, meaning: 'Configuration is missing or invalid.' },
  BAD_REQUEST: { http: 400, exit: 2, meaning: 'The request is malformed.' },
  INTERNAL: { http: 500, exit: 1, meaning: 'An unexpected failure.' },
  // questions (answered with an explanation)
  EMPTY_QUESTION: { http: 200, exit: 0, meaning: 'The question is empty.' },
  QUESTION_TOO_LONG: { http: 200, exit: 0, meaning: 'The question is longer than the limit.' },
  WRITE_REQUEST: { http: 200, exit: 0, meaning: 'The question asks to change data.' },
  SQL_IN_QUESTION: { http: 200, exit: 0, meaning: 'The question is SQL typed in.' },
  SQL_GENERATION_FAILED: { http: 200, exit: 0, meaning: 'No generator produced SQL that passed and ran.' },
  SQL_REJECTED: { http: 400, exit: 0, meaning: 'Generated SQL was refused by the guard.' },
  SQL_TIMEOUT: { http: 500, exit: 0, meaning: 'The query ran out of its time budget.' },
  SQL_FAILED: { http: 500, exit: 0, meaning: 'The database refused the query.' },
  // data sources
  SOURCE_UNREACHABLE: { http: 503, exit: 1, meaning: 'A data source could not be reached.' },
  SOURCE_QUERY_FAILED: { http: 500, exit: 1, meaning: 'A data source refused a catalog query.' },
  SOURCE_PERMISSION: { http: 500, exit: 1, meaning: 'The role may not read the catalog or a schema.' },
  SOURCE_NOT_INDEXED: { http: 400, exit: 1, meaning: 'The source asked about is not indexed.' },
  SOURCE_EMPTY: { http: 400, exit: 1, meaning: 'The selected schemas hold no tables.' },
  SCHEMA_MISSING: { http: 400, exit: 1, meaning: 'A selected schema does not exist.' },
  DATA_DIR_LOCKED: { http: 503, exit: 1, meaning: 'Another process holds the PGlite data folder.' },
  // benchmark
  BENCH_FAILED: { http: 500, exit: 1, meaning: 'The benchmark could not run.' },
  SPIDER_DATASET_INVALID: { http: 400, exit: 2, meaning: 'The Spider-format folder is not valid.' },
  // index
  INDEX_MISSING: { http: 503, exit: 1, meaning: 'Nothing is indexed yet (run the reindex script).' },
  INDEX_CORRUPT: { http: 503, exit: 1, meaning: 'The vector index files are damaged.' },
  INDEX_EMBEDDER_MISMATCH: { http: 503, exit: 1, meaning: 'The index was built by another embedder.' },
  INDEX_MOVED: {
    http: 409,
    exit: 1,
    meaning: 'Another version was published while an index update was prepared against the previous one.',
  },
  STARTING_UP: { http: 503, exit: 1, meaning: 'The server listens but is still loading its index.' },
  // models
  MODEL_MISSING: { http: 503, exit: 1, meaning: 'The model files are not there.' },
  MODEL_LOAD_FAILED: { http: 503, exit: 1, meaning: 'The model files could not be loaded.' },
  // the bot's own store
  METADATA_UNREACHABLE: { http: 503, exit: 1, meaning: 'The metadata store could not be reached.' },
  METADATA_MIGRATION_FAILED: { http: 503, exit: 1, meaning: 'Migrating the metadata store failed.' },
  STATE_CONFLICT: { http: 409, exit: 1, meaning: 'Conversation state changed underneath (eTag).' },
  STATE_STORAGE_FAILED: { http: 500, exit: 1, meaning: 'Conversation state could not be stored.' },
  FEEDBACK_STORE_FAILED: { http: 500, exit: 1, meaning: 'Feedback could not be stored.' },
  // web chat
  STATIC_ASSET_MISSING: { http: 500, exit: 1, meaning: 'A web chat file is missing from the build.' },
  DIRECT_LINE_BADARGUMENT: { http: 400, exit: 1, meaning: 'Direct Line: bad argument.' },
  DIRECT_LINE_UNAUTHORIZED: { http: 401, exit: 1, meaning: 'Direct Line: no valid token.' },
  DIRECT_LINE_TOKENEXPIRED: {
    http: 403,
    exit: 1,
    meaning: 'Direct Line: token expired or not for this conversation.',
  },
  DIRECT_LINE_NOTFOUND: { http: 404, exit: 1, meaning: 'Direct Line: conversation not found or ended.' },
  DIRECT_LINE_BOTERROR: { http: 502, exit: 1, meaning: 'Direct Line: the bot failed.' },
  DIRECT_LINE_UPSTREAMERROR: { http: 502, exit: 1, meaning: 'Direct Line: the upstream service failed.' },
  // reindex and the semantic model
  REINDEX_LOCKED: { http: 503, exit: 1, meaning: 'Another reindex holds the lock on this metadata store.' },
  SEMANTIC_MODEL_FAILED: { http: 500, exit: 1, meaning: 'The semantic model could not be built or stored.' },
  // access
  AUDIT_LOG_FAILED: { http: 500, exit: 1, meaning: 'The audit log could not be written or read.' },
  // command line
  ASK_REMOTE_FAILED: {
    http: 502,
    exit: 1,
    meaning: 'The running bot did not answer the CLI (ask through /api/ask).',
  },
  FIRST_RUN_FAILED: { http: 503, exit: 1, meaning: 'Seeding and indexing the demo on first start failed.' },
  // answers' extras
  CHART_FAILED: { http: 500, exit: 1, meaning: 'A chart could not be drawn (the table is still shown).' },
  UNAUTHORIZED: { http: 401, exit: 2, meaning: 'The request has no valid credentials.' },
} as const satisfies Record<string, ErrorSpec>;

/** A stable, machine-readable error code. */
export type ErrorCode = keyof typeof ERRORS;

/** Whether a string is a known error code. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERRORS, code);
}

/** HTTP status for an error: the catalog's for a `TablebotError`, 500 for anything else. */
export function httpStatus(error: unknown): number {
  return error instanceof TablebotError ? ERRORS[error.code].http : ERRORS.INTERNAL.http;
}

/**
 * Exit code of a command line tool: for an error code the catalog's; for a thrown error at least 1 (a
 * command that throws has failed), the catalog's when it says more (2 for configuration).
 */
export function exitCode(outcome: ErrorCode | null | { thrown: unknown }): number {
  if (outcome === null) return 0;
  if (typeof outcome === 'string') return ERRORS[outcome].exit;
  const error = outcome.thrown;
  return error instanceof TablebotError ? Math.max(1, ERRORS[error.code].exit) : 1;
}

/**
 * Base class of every error tablebot raises on purpose. `code` is stable and machine-readable;
 * `message` names the method that failed and is safe to show to an operator (never a password).
 */
export class TablebotError extends Error {
  /** A stable, machine-readable error code such as `SOURCE_UNREACHABLE` (see {@link ERRORS}). */
  public readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Configuration is missing or invalid. */
export class ConfigError extends TablebotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG_INVALID', message, options);
  }
}

/** A data source could not be reached or refused a query. */
export class SourceError extends TablebotError {
  constructor(
    code:
      | 'SOURCE_UNREACHABLE'
      | 'SOURCE_QUERY_FAILED'
      | 'SOURCE_PERMISSION'
      | 'SOURCE_NOT_INDEXED'
      | 'SCHEMA_MISSING',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** The vector index is missing, corrupt, or was built by another embedder. */
export class IndexError extends TablebotError {
  constructor(
    code: 'INDEX_MISSING' | 'INDEX_CORRUPT' | 'INDEX_EMBEDDER_MISMATCH' | 'INDEX_MOVED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Generated SQL was refused by the guard. `message` is safe to show to the user. */
export class SqlGuardError extends TablebotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SQL_REJECTED', message, options);
  }
}

/** Executing a checked query failed (timeout, database error, size cap). */
export class SqlExecutionError extends TablebotError {
  constructor(
    code: 'SQL_TIMEOUT' | 'SQL_FAILED' | 'SOURCE_UNREACHABLE',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Another reindex holds the metadata store's reindex lock for longer than the wait allows. */
export class ReindexLockError extends TablebotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('REINDEX_LOCKED', message, options);
  }
}

/**
 * A query ran past its time budget and was stopped on the client's side (the connection was dropped, or the
 * embedded database's worker thread was terminated). Not a {@link TablebotError}: `code` is Postgres's own
 * `query_canceled` SQLSTATE, exactly as a server-side statement timeout reports it, so every caller that
 * handles timeouts by SQLSTATE handles this one too.
 */
export class QueryTimeoutError extends Error {
  /** SQLSTATE `57014` (query_canceled). */
  readonly code = '57014';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueryTimeoutError';
  }
}

/** Returns the message of any thrown value, for logs and user-facing summaries. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    // errors from another realm or a worker thread arrive as plain objects: keep what they say
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    try {
      return JSON.stringify(error);
    } catch {
      // a circular object: fall through to its tag
    }
  }
  return String(error);
}
