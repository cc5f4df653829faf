import type { AuditEntry, AuditLog, AuditQuery } from './auditLog';
import { redactSecrets } from './auditRedaction';

/** An {@link AuditLog} in memory, for tests and tools without a metadata store. Redacts like the real one. */
export class InMemoryAuditLog implements AuditLog {
  private readonly entries: AuditEntry[] = [];

  async record(entry: AuditEntry): Promise<void> {
    this.entries.push({
      ...entry,
      durationMs: Math.round(entry.durationMs * 100) / 100,
      userId: redactSecrets(entry.userId),
      question: redactSecrets(entry.question),
      sourceId: entry.sourceId === null ? null : redactSecrets(entry.sourceId),
      sql: entry.sql === null ? null : redactSecrets(entry.sql),
    });
  }

  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const user = query.userId
      ? new RegExp(`^${query.userId.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`)
      : undefined;
    return this.entries
      .filter(
        (e) =>
          (!query.since || e.askedAt >= query.since) &&
          (!query.until || e.askedAt < query.until) &&
          (!user || user.test(e.userId)) &&
          (!query.channel || e.channel === query.channel) &&
          (!query.decision || e.decision === query.decision) &&
          (!query.table || e.tables.includes(query.table)),
      )
      .reverse()
      .slice(0, query.limit ?? 100);
  }

  async prune(before: Date): Promise<number> {
    const kept = this.entries.filter((e) => e.askedAt >= before);
    const removed = this.entries.length - kept.length;
    this.entries.splice(0, this.entries.length, ...kept);
    return removed;
  }
}
