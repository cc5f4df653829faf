/**
 * Base class of every error tablebot raises on purpose. `code` is stable and machine-readable;
 * `message` names the method that failed and is safe to show to an operator (never a password).
 */
export class TablebotError extends Error {
  /** A stable, machine-readable error code such as `SOURCE_UNREACHABLE`. */
  public readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
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
    code: 'INDEX_MISSING' | 'INDEX_CORRUPT' | 'INDEX_EMBEDDER_MISMATCH',
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

/** Returns the message of any thrown value, for logs and user-facing summaries. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
