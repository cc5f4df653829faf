import type { ActivitySet, ChannelMember, DirectLineActivity } from './types';

/** Receives a conversation's activities as they are appended, and its end. */
export interface ConversationListener {
  onActivities(set: ActivitySet): void;
  onClose(reason: string): void;
}

/** Options of {@link DirectLineConversation}. */
export interface DirectLineConversationOptions {
  id: string;
  /** The user this conversation belongs to. */
  user: ChannelMember;
  /** Activities kept for `GET .../activities`; older ones are dropped (watermarks keep counting). @default 500 */
  maxActivities?: number;
  /** Bytes (JSON) of activities kept; the oldest are dropped first beyond it. @default unlimited */
  maxBytes?: number;
  /** Told how many bytes the kept activities grew (positive) or shrank (negative) by, for a global budget. */
  onBytes?: (delta: number) => void;
  /** Clock, epoch milliseconds. @default Date.now */
  now?: () => number;
}

/**
 * One local Direct Line conversation: an append-only log of activities numbered by a watermark,
 * the listeners (WebSockets) that stream it, and a queue that runs the bot's turns one at a time
 * so that replies keep the order of the questions.
 */
export class DirectLineConversation {
  /** Conversation id, as the client and the bot see it. */
  public readonly id: string;
  /** The user the conversation's tokens are bound to. */
  public readonly user: ChannelMember;
  /** Locale the client asked for at start, if any. */
  public locale: string | undefined;
  /** True once the bot has been told that the conversation started. */
  public started = false;
  /** Epoch milliseconds of the last request or activity. */
  public lastActiveAt: number;

  private readonly maxActivities: number;
  private readonly maxBytes: number;
  private readonly onBytes: (delta: number) => void;
  private readonly now: () => number;
  private readonly log: { seq: number; activity: DirectLineActivity; bytes: number; at: number }[] = [];
  private keptBytes = 0;
  private readonly listeners = new Set<ConversationListener>();
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: DirectLineConversationOptions) {
    this.id = options.id;
    this.user = options.user;
    this.maxActivities = options.maxActivities ?? 500;
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    this.onBytes = options.onBytes ?? (() => undefined);
    this.now = options.now ?? Date.now;
    this.lastActiveAt = this.now();
  }

  /** The watermark of the newest activity (0 before the first). */
  get watermark(): number {
    return this.seq;
  }

  /** Number of open listeners (WebSockets). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Bytes (JSON) of the activities kept. */
  get bytes(): number {
    return this.keptBytes;
  }

  /** Epoch milliseconds of the oldest activity kept, or undefined when none is. */
  get oldestAt(): number | undefined {
    return this.log[0]?.at;
  }

  /**
   * Drops the oldest activity kept (its watermark stays counted: a client asking from an older watermark
   * gets what is left). @returns false when nothing was kept.
   */
  dropOldest(): boolean {
    const dropped = this.log.shift();
    if (dropped === undefined) return false;
    this.keptBytes -= dropped.bytes;
    this.onBytes(-dropped.bytes);
    return true;
  }

  /** True after {@link close}. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Appends an activity: gives it the next id (`<conversationId>|0000001`) and a server timestamp,
   * stores it and pushes it to every listener.
   * @returns the stored activity.
   */
  append(activity: DirectLineActivity): DirectLineActivity {
    this.seq += 1;
    const stored: DirectLineActivity = {
      ...activity,
      id: `${this.id}|${String(this.seq).padStart(7, '0')}`,
      timestamp: new Date(this.now()).toISOString(),
      conversation: { id: this.id },
    };
    this.push(stored);
    return stored;
  }

  /**
   * Replaces an activity the bot updated: the new version keeps its id and is appended again,
   * so clients that already saw it receive the update (Web Chat replaces by id).
   * @returns the stored update, or undefined when no activity has that id.
   */
  update(activityId: string, activity: DirectLineActivity): DirectLineActivity | undefined {
    const existing = this.log.find((entry) => entry.activity.id === activityId);
    if (!existing) return undefined;
    this.seq += 1;
    const stored: DirectLineActivity = {
      ...activity,
      id: activityId,
      timestamp: existing.activity.timestamp,
      conversation: { id: this.id },
    };
    this.push(stored);
    return stored;
  }

  /** Activities newer than `watermark`, and the watermark to ask with next time. */
  activitiesAfter(watermark: number): ActivitySet {
    const activities = this.log.filter((entry) => entry.seq > watermark).map((entry) => entry.activity);
    return { activities, watermark: String(this.seq) };
  }

  /**
   * Adds a listener and sends it what it missed since `watermark`.
   * @returns a function that removes the listener.
   */
  subscribe(listener: ConversationListener, watermark: number): () => void {
    this.listeners.add(listener);
    const backlog = this.activitiesAfter(watermark);
    if (backlog.activities.length > 0) listener.onActivities(backlog);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Runs `turn` after every turn queued before it has finished (whatever their outcome).
   * @returns the result of `turn`.
   */
  enqueue<T>(turn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(turn, turn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every queued turn has finished. */
  async idle(): Promise<void> {
    await this.queue;
  }

  /** Marks the conversation as active now. */
  touch(): void {
    this.lastActiveAt = this.now();
  }

  /** Ends the conversation: listeners are told why and removed; its activities are let go. */
  close(reason: string): void {
    this.closed = true;
    while (this.dropOldest());
    for (const listener of this.listeners) listener.onClose(reason);
    this.listeners.clear();
  }

  private push(stored: DirectLineActivity): void {
    const bytes = Buffer.byteLength(JSON.stringify(stored), 'utf8');
    this.log.push({ seq: this.seq, activity: stored, bytes, at: this.now() });
    this.keptBytes += bytes;
    this.onBytes(bytes);
    while (this.log.length > this.maxActivities || (this.keptBytes > this.maxBytes && this.log.length > 1)) {
      this.dropOldest();
    }
    this.touch();
    const set: ActivitySet = { activities: [stored], watermark: String(this.seq) };
    for (const listener of this.listeners) listener.onActivities(set);
  }
}
