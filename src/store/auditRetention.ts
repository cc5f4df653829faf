import { errorMessage } from '../errors';
import type { Logger } from '../logging';
import type { AuditLog } from './auditLog';

/** Options of {@link AuditRetention}. */
export interface AuditRetentionOptions {
  audit: Pick<AuditLog, 'prune'>;
  /** `AUDIT_RETENTION_DAYS`; 0 keeps every row. */
  retentionDays: number;
  logger: Logger;
  /** How often to prune. @default 3600000 (hourly) */
  everyMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/** Prunes audit rows older than the retention period: once at start, then periodically. */
export class AuditRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: AuditRetentionOptions) {}

  /** Prunes now and then every `everyMs` (the timer does not keep the process alive). */
  start(): void {
    if (this.options.retentionDays <= 0 || this.timer) return;
    void this.pruneNow();
    this.timer = setInterval(() => void this.pruneNow(), this.options.everyMs ?? 3_600_000);
    this.timer.unref();
  }

  /** Stops the timer and waits for a prune in progress (so the store can be closed after). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * Deletes rows older than the retention period (never throws: a failure is logged).
   * @returns how many rows were deleted.
   */
  async pruneNow(): Promise<number> {
    if (this.options.retentionDays <= 0) return 0;
    if (this.running) return this.running;
    const before = new Date((this.options.now ?? Date.now)() - this.options.retentionDays * 86_400_000);
    this.running = this.options.audit
      .prune(before)
      .then((removed) => {
        if (removed > 0) this.options.logger.info({ removed, before }, 'audit log: pruned old questions');
        return removed;
      })
      .catch((error: unknown) => {
        this.options.logger.warn({ err: errorMessage(error) }, 'audit log: pruning failed');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
