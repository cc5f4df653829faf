/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Requests per minute each client may make on average; also the burst. 0 turns the limit off. */
  perMinute: number;
  /** Clients tracked at once; the least recently seen are forgotten first. @default 10000 */
  maxClients?: number;
  /** Clock, epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** What {@link RateLimiter.take} decided. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A token bucket per client key (the remote address): each client may burst up to `perMinute` requests
 * and then gets `perMinute / 60` per second. Memory is bounded by `maxClients`.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMinute: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(options: RateLimiterOptions) {
    this.perMinute = Math.max(0, options.perMinute);
    this.maxClients = Math.max(1, options.maxClients ?? 10_000);
    this.now = options.now ?? Date.now;
  }

  /** Whether the limit is on. */
  get enabled(): boolean {
    return this.perMinute > 0;
  }

  /** Takes one request from `key`'s bucket. */
  take(key: string): RateDecision {
    if (!this.enabled) return { allowed: true };
    const now = this.now();
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    // most recently seen last, so the first key is the one to forget
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    while (this.buckets.size > this.maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000)),
    };
  }
}
