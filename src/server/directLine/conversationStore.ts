import { randomBytes } from 'node:crypto';
import { DirectLineConversation } from './conversation';
import type { ChannelMember } from './types';

/** Options of {@link DirectLineConversationStore}. */
export interface DirectLineConversationStoreOptions {
  /**
   * Conversations kept in memory; beyond this the least recently active one is dropped (one without an open
   * stream first). @default 1000
   */
  maxConversations?: number;
  /** A conversation with no open WebSocket and no request for this long is dropped. @default 1800000 (30 min) */
  idleTimeoutMs?: number;
  /** Activities kept per conversation. @default 500 */
  maxActivitiesPerConversation?: number;
  /** Bytes (JSON) of activities kept per conversation, oldest dropped first. @default 1 MiB */
  maxBytesPerConversation?: number;
  /**
   * Bytes (JSON) of activities kept over all conversations; beyond it the oldest activities anywhere are
   * dropped first. @default 64 MiB
   */
  maxTotalBytes?: number;
  /** Clock, epoch milliseconds. @default Date.now */
  now?: () => number;
}

/**
 * The local Direct Line conversations, in memory, with a cap and an idle expiry. They do not survive
 * a restart, as the tokens that name them do not either; the bot's own state lives in its Storage.
 */
export class DirectLineConversationStore {
  private readonly conversations = new Map<string, DirectLineConversation>();
  private readonly maxConversations: number;
  private readonly idleTimeoutMs: number;
  private readonly maxActivities: number;
  private readonly maxBytesPerConversation: number;
  private readonly maxTotalBytes: number;
  private totalBytes = 0;
  private readonly now: () => number;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(options: DirectLineConversationStoreOptions = {}) {
    this.maxConversations = options.maxConversations ?? 1000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 30 * 60 * 1000;
    this.maxActivities = options.maxActivitiesPerConversation ?? 500;
    this.maxBytesPerConversation = options.maxBytesPerConversation ?? 1024 * 1024;
    this.maxTotalBytes = options.maxTotalBytes ?? 64 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  /** Bytes (JSON) of the activities held over all conversations (kept within `maxTotalBytes`). */
  get bytes(): number {
    return this.totalBytes;
  }

  /** Number of conversations held. */
  get size(): number {
    return this.conversations.size;
  }

  /** Creates a conversation with a fresh random id for `user`, dropping the oldest one when full. */
  create(user: ChannelMember): DirectLineConversation {
    this.sweep();
    while (this.conversations.size >= this.maxConversations) this.evictLeastRecentlyActive();
    const conversation = new DirectLineConversation({
      id: randomBytes(18).toString('base64url'),
      user,
      maxActivities: this.maxActivities,
      maxBytes: this.maxBytesPerConversation,
      onBytes: (delta) => this.accountBytes(delta),
      now: this.now,
    });
    this.conversations.set(conversation.id, conversation);
    return conversation;
  }

  /** The conversation with this id, unless it expired or never existed. */
  get(id: string): DirectLineConversation | undefined {
    const conversation = this.conversations.get(id);
    if (conversation && this.isExpired(conversation)) {
      this.drop(conversation, 'conversation expired');
      return undefined;
    }
    return conversation;
  }

  /** Every conversation held, for shutdown. */
  all(): DirectLineConversation[] {
    return [...this.conversations.values()];
  }

  /** Drops expired conversations. */
  sweep(): void {
    for (const conversation of this.conversations.values()) {
      if (this.isExpired(conversation)) this.drop(conversation, 'conversation expired');
    }
  }

  /** Sweeps every `intervalMs` until {@link stop}; the timer does not keep the process alive. */
  startSweeping(intervalMs = 60_000): void {
    this.stop();
    this.sweeper = setInterval(() => this.sweep(), intervalMs);
    this.sweeper.unref();
  }

  /** Stops the sweeper. */
  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /** Closes and drops every conversation. */
  closeAll(reason: string): void {
    this.stop();
    for (const conversation of this.all()) this.drop(conversation, reason);
  }

  /** Keeps the total within budget: drops the oldest activities held, whichever conversation has them. */
  private accountBytes(delta: number): void {
    this.totalBytes += delta;
    if (delta <= 0) return;
    while (this.totalBytes > this.maxTotalBytes) {
      let oldest: DirectLineConversation | undefined;
      for (const conversation of this.conversations.values()) {
        const at = conversation.oldestAt;
        if (at !== undefined && (oldest === undefined || at < (oldest.oldestAt ?? Infinity)))
          oldest = conversation;
      }
      if (oldest === undefined || !oldest.dropOldest()) return;
    }
  }

  private isExpired(conversation: DirectLineConversation): boolean {
    return conversation.listenerCount === 0 && this.now() - conversation.lastActiveAt > this.idleTimeoutMs;
  }

  /** Drops the least recently active conversation, preferring one that nobody is streaming. */
  private evictLeastRecentlyActive(): void {
    let oldest: DirectLineConversation | undefined;
    const rank = (c: DirectLineConversation): [number, number] => [
      c.listenerCount > 0 ? 1 : 0,
      c.lastActiveAt,
    ];
    for (const conversation of this.conversations.values()) {
      const [streaming, active] = rank(conversation);
      if (!oldest) {
        oldest = conversation;
        continue;
      }
      const [oldestStreaming, oldestActive] = rank(oldest);
      if (streaming < oldestStreaming || (streaming === oldestStreaming && active < oldestActive)) {
        oldest = conversation;
      }
    }
    if (oldest) this.drop(oldest, 'too many conversations');
  }

  private drop(conversation: DirectLineConversation, reason: string): void {
    this.conversations.delete(conversation.id);
    conversation.close(reason);
  }
}
