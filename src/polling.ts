import { errorMessage } from './errors';
import type { Logger } from './logging';

/** Options of {@link PollingReloader}. */
export interface PollingReloaderOptions {
  /** Loads the newest state; the caller keeps its old state when this throws. */
  load: () => Promise<void>;
  /** True when something newer than what was last loaded is there (another process wrote it). */
  changed: () => Promise<boolean>;
  /** Milliseconds between checks; 0 or less never checks. Default 5000. */
  everyMs?: number;
  logger: Logger;
  /** What is watched, for the warning a failed check logs ("index", "semantic model"). */
  what: string;
}

/**
 * Single-flight reloading plus polling for changes made by other processes: concurrent `reload()` calls
 * share one load, and `watch()` checks `changed()` on an unref'd timer and reloads when it says so.
 * Used by the holders of state that a reindex in another process replaces (the index, the semantic models).
 */
export class PollingReloader {
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> | null = null;

  constructor(private readonly options: PollingReloaderOptions) {}

  /** Runs `load`, or joins the load already running. */
  reload(): Promise<void> {
    if (this.loading) return this.loading;
    this.loading = this.options.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** Starts checking for changes (idempotent). */
  watch(): void {
    const every = this.options.everyMs ?? 5000;
    if (every <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.options
        .changed()
        .then((changed) => (changed ? this.reload() : undefined))
        .catch((error: unknown) =>
          this.options.logger.warn({ err: errorMessage(error) }, `${this.options.what} watch failed`),
        );
    }, every);
    this.timer.unref();
  }

  /** Stops checking. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
