import type { Knex } from 'knex';
import { errorMessage, TablebotError } from '../errors';
import type { AuditEntry, AuditLog, AuditQuery } from './auditLog';
import { redactSecrets } from './auditRedaction';

/** Options of {@link KnexAuditLog}. */
export interface KnexAuditLogOptions {
  /** The metadata store (PGlite or Postgres), already migrated. */
  knex: Knex;
}

interface AuditRow {
  asked_at: Date | string;
  user_id: string;
  channel: string;
  groups: unknown;
  question: string;
  source_id: string | null;
  decision: AuditEntry['decision'];
  tables: unknown;
  sql: string | null;
  row_count: number | null;
  duration_ms: number | string;
  error: string | null;
}

const TABLE = 'tb_audit_log';

function stringArray(value: unknown): string[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/**
 * The audit log in the metadata store's `tb_audit_log` table. Question, SQL and source id are passed
 * through {@link redactSecrets} before they are written. Query it with {@link list} (or `npm run audit`),
 * or in SQL: `SELECT asked_at, user_id, channel, decision, tables, row_count FROM tb_audit_log ORDER BY asked_at DESC`.
 */
export class KnexAuditLog implements AuditLog {
  private readonly knex: Knex;

  constructor(options: KnexAuditLogOptions) {
    this.knex = options.knex;
  }

  async record(entry: AuditEntry): Promise<void> {
    try {
      await this.knex(TABLE).insert({
        asked_at: entry.askedAt,
        user_id: redactSecrets(entry.userId).slice(0, 500),
        channel: entry.channel.slice(0, 100),
        groups: this.knex.raw('?::jsonb', [JSON.stringify(entry.groups)]),
        question: redactSecrets(entry.question).slice(0, 4000),
        source_id: entry.sourceId === null ? null : redactSecrets(entry.sourceId),
        decision: entry.decision,
        tables: this.knex.raw('?::jsonb', [JSON.stringify(entry.tables)]),
        sql: entry.sql === null ? null : redactSecrets(entry.sql).slice(0, 20_000),
        row_count: entry.rowCount,
        duration_ms: Math.round(entry.durationMs * 100) / 100,
        error: entry.error,
      });
    } catch (cause) {
      throw new TablebotError('AUDIT_LOG_FAILED', `KnexAuditLog.record: ${errorMessage(cause)}`, { cause });
    }
  }

  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    let rows: AuditRow[];
    try {
      const q = this.knex<AuditRow>(TABLE)
        .select('*')
        .orderBy([
          { column: 'asked_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(Math.max(1, Math.min(query.limit ?? 100, 100_000)));
      if (query.since) q.where('asked_at', '>=', query.since);
      if (query.until) q.where('asked_at', '<', query.until);
      if (query.userId) q.whereLike('user_id', query.userId.replace(/[%_\\]/g, '\\$&').replace(/\*/g, '%'));
      if (query.channel) q.where('channel', query.channel);
      if (query.decision) q.where('decision', query.decision);
      if (query.table) q.whereRaw('tables @> ?::jsonb', [JSON.stringify([query.table])]);
      rows = await q;
    } catch (cause) {
      throw new TablebotError('AUDIT_LOG_FAILED', `KnexAuditLog.list: ${errorMessage(cause)}`, { cause });
    }
    return rows.map((r) => ({
      askedAt: r.asked_at instanceof Date ? r.asked_at : new Date(r.asked_at),
      userId: r.user_id,
      channel: r.channel,
      groups: stringArray(r.groups),
      question: r.question,
      sourceId: r.source_id,
      decision: r.decision,
      tables: stringArray(r.tables),
      sql: r.sql,
      rowCount: r.row_count,
      durationMs: Number(r.duration_ms),
      error: r.error,
    }));
  }

  async prune(before: Date): Promise<number> {
    try {
      const result: unknown = await this.knex(TABLE).where('asked_at', '<', before).delete();
      // pg returns the count; knex-pglite the driver's result object.
      return typeof result === 'number' ? result : Number((result as { rowCount?: number }).rowCount ?? 0);
    } catch (cause) {
      throw new TablebotError('AUDIT_LOG_FAILED', `KnexAuditLog.prune: ${errorMessage(cause)}`, { cause });
    }
  }
}
