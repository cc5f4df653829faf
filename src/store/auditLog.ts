/** The pipeline's decision (`AuditDecision`). */
export type AuditDecision = 'answer' | 'clarify' | 'decline';

/** One question as the audit log keeps it. */
export interface AuditEntry {
  askedAt: Date;
  /** The asker's most specific identity (`teams:<tenant>/<aad>`, `api:<subject>`, ...) or `anonymous`. */
  userId: string;
  /** The channel it came through (`msteams`, `slack`, `webchat`, `api`, `cli`, ...). */
  channel: string;
  /** The asker's access groups. */
  groups: string[];
  question: string;
  /** The source that answered (or would have), when one was chosen. */
  sourceId: string | null;
  decision: AuditDecision;
  tables: string[];
  sql: string | null;
  /** Rows the query returned (null when nothing ran). */
  rowCount: number | null;
  durationMs: number;
  /** The result's error code, if any. */
  error: string | null;
}

/** Filters of {@link AuditLog.list}. */
export interface AuditQuery {
  /** Only rows at or after this time. */
  since?: Date;
  /** Only rows before this time. */
  until?: Date;
  /** Only this user id (`*` wildcards allowed). */
  userId?: string;
  channel?: string;
  decision?: AuditDecision;
  /** Only rows that read this table (`schema.table`). */
  table?: string;
  /** @default 100 */
  limit?: number;
}

/** Where the pipeline records every question (secrets redacted by the implementation). */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** Entries matching the query, newest first. */
  list(query?: AuditQuery): Promise<AuditEntry[]>;
  /**
   * Deletes entries older than `before`.
   * @returns how many were deleted.
   */
  prune(before: Date): Promise<number>;
}
