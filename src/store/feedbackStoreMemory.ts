import type { FeedbackEntry, FeedbackListOptions, FeedbackStore } from './feedbackStore';

/** A {@link FeedbackStore} in process memory, for tests and for running without a metadata store. */
export class InMemoryFeedbackStore implements FeedbackStore {
  private readonly entries = new Map<string, FeedbackEntry>();

  /** Records a vote; the same user voting again on the same answer replaces the earlier vote. */
  async record(entry: FeedbackEntry): Promise<void> {
    const key = JSON.stringify([entry.answerId, entry.userId]);
    this.entries.delete(key);
    this.entries.set(key, { ...entry, tables: [...entry.tables] });
  }

  /** Entries, newest first. */
  async list(options: FeedbackListOptions = {}): Promise<FeedbackEntry[]> {
    return [...this.entries.values()]
      .filter((e) => options.conversationId === undefined || e.conversationId === options.conversationId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, options.limit ?? 100)
      .map((e) => ({ ...e, tables: [...e.tables] }));
  }
}
