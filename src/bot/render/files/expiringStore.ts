/** Options for {@link ExpiringStore}. */
export interface ExpiringStoreOptions {
  /** How long an entry lives, ms. */
  ttlMs: number;
  /** Most entries kept; the oldest go first. @default 500 */
  maxEntries?: number;
  /** What "now" is. @default Date.now */
  now?: () => number;
}

/** A small in-memory map whose entries expire: what short-lived links point at (charts, stored queries). */
export class ExpiringStore<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: ExpiringStoreOptions) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries ?? 500;
    this.now = options.now ?? Date.now;
  }

  /** Keeps a value under an id; returns when it expires (ms since the epoch). */
  put(id: string, value: T): number {
    this.prune();
    const expiresAt = this.now() + this.ttlMs;
    this.entries.delete(id);
    this.entries.set(id, { value, expiresAt });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return expiresAt;
  }

  /** The value under an id, or undefined when there is none or it expired. */
  get(id: string): T | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.value;
  }

  private prune(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
  }
}
