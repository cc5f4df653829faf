import type { Knex } from 'knex';
import { errorMessage, ReindexLockError } from '../errors';

/**
 * Advisory-lock key of "reindex and publish" (an arbitrary constant: the first 8 bytes of sha256('tablebot
 * reindex') as a signed bigint). Every tablebot process on one metadata database takes the same key.
 */
export const REINDEX_ADVISORY_KEY = '-3104850217352412329';

/** Options of {@link ReindexLock}. */
export interface ReindexLockOptions {
  /** The metadata store. On Postgres the lock is a server-side advisory lock; on PGlite an in-process queue. */
  knex: Knex;
  /** How long a reindex waits for another one to finish before giving up. @default 600000 (10 min) */
  waitTimeoutMs?: number;
}

/** In-process queues, one per metadata store connection (two reindexes in one process never interleave). */
const queues = new WeakMap<Knex, Promise<unknown>>();

/**
 * Serialises "reindex and publish" per metadata store. Two reindexes that interleave lose tables (each
 * builds the index from the catalog it read before the other wrote its part) and may publish versions
 * out of order. One lock holder at a time closes both holes:
 * - within a process, reindexes wait in a queue per metadata store (so they never hold pool connections
 *   while waiting);
 * - on a Postgres metadata store, the holder also takes a transaction-scoped advisory lock
 *   (`pg_advisory_xact_lock`), so reindexes of different processes and hosts are serialised too, and a
 *   crashed holder's lock goes with its connection;
 * - an embedded PGlite metadata store is already open in one process only (its folder lock,
 *   `DataDirLock`), so the in-process queue is the whole lock there.
 */
export class ReindexLock {
  private readonly knex: Knex;
  private readonly waitTimeoutMs: number;

  constructor(options: ReindexLockOptions) {
    this.knex = options.knex;
    this.waitTimeoutMs = options.waitTimeoutMs ?? 600_000;
  }

  /** Whether the metadata store is a Postgres server (where a cross-process advisory lock is needed). */
  get serverSide(): boolean {
    const client: unknown = this.knex.client.config.client;
    return client === 'pg' || client === 'postgres' || client === 'postgresql';
  }

  /**
   * Runs `work` while holding the lock.
   * @throws ReindexLockError REINDEX_LOCKED when another reindex held the lock longer than the wait timeout.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = queues.get(this.knex) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    queues.set(this.knex, tail);
    try {
      await previous;
      return this.serverSide ? await this.withAdvisoryLock(work) : await work();
    } finally {
      release();
      if (queues.get(this.knex) === tail) queues.delete(this.knex);
    }
  }

  private async withAdvisoryLock<T>(work: () => Promise<T>): Promise<T> {
    return this.knex.transaction(async (trx) => {
      // lock_timeout bounds the wait for the advisory lock (advisory locks use the regular lock manager)
      await trx.raw(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(this.waitTimeoutMs))}`);
      try {
        await trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [REINDEX_ADVISORY_KEY]);
      } catch (cause) {
        throw new ReindexLockError(
          `ReindexLock.run: another reindex has held the metadata store's reindex lock for over ` +
            `${this.waitTimeoutMs} ms (${errorMessage(cause)}); try again when it has finished`,
          { cause },
        );
      }
      return work();
    });
  }
}
