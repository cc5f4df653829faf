import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import type { Knex } from 'knex';
import { errorMessage, TablebotError } from '../errors';

/** Options for {@link KnexStorage}. */
export interface KnexStorageOptions {
  /** The metadata store (PGlite or Postgres), already migrated. */
  knex: Knex;
  /** Table created by the `bot_state` migration. @default tb_bot_state */
  tableName?: string;
}

/** One row of the state table. */
interface StateRow {
  key: string;
  data: unknown;
  etag: string;
}

const NUL = String.fromCharCode(0);

/** JSON text for a jsonb column: Postgres rejects `\u0000` inside jsonb strings, so NUL characters go. */
function toJsonb(value: Record<string, unknown>): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.split(NUL).join('') : v));
}

/** jsonb arrives parsed from both drivers; a string is parsed defensively. */
function fromJsonb(value: unknown): Record<string, unknown> {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    ? Object.fromEntries(Object.entries(parsed))
    : {};
}

/**
 * botbuilder {@link Storage} in the metadata store through knex, so conversation and user state survive
 * restarts and several bot instances can share it.
 *
 * eTag semantics match botbuilder's `MemoryStorage`: every write stores a new eTag; a write whose item
 * carries eTag `'*'` (or none) always succeeds; a write whose eTag differs from the stored one fails with a
 * `STATE_CONFLICT` error. The check is a conditional `UPDATE ... WHERE etag = ?` (and an
 * `INSERT ... ON CONFLICT DO NOTHING` for new keys) whose affected rows are counted, so it holds across
 * processes; all items of one `write` commit together or not at all.
 */
export class KnexStorage implements Storage {
  private readonly knex: Knex;
  private readonly table: string;

  constructor(options: KnexStorageOptions) {
    this.knex = options.knex;
    this.table = options.tableName ?? 'tb_bot_state';
  }

  /** Reads the items that exist; missing keys are absent from the result. */
  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new TypeError('KnexStorage.read: keys are required');
    if (keys.length === 0) return {};
    let rows: StateRow[];
    try {
      rows = await this.knex<StateRow>(this.table).select('key', 'data', 'etag').whereIn('key', keys);
    } catch (cause) {
      throw new TablebotError('STATE_STORAGE_FAILED', `KnexStorage.read: ${errorMessage(cause)}`, { cause });
    }
    const items: StoreItems = {};
    for (const row of rows) items[row.key] = { ...fromJsonb(row.data), eTag: row.etag };
    return items;
  }

  /**
   * Writes the items in one transaction.
   * @throws TablebotError STATE_CONFLICT when an item's eTag is stale; nothing of this call is written then.
   */
  async write(changes: StoreItems): Promise<void> {
    if (changes === null || typeof changes !== 'object') {
      throw new TypeError('KnexStorage.write: changes are required');
    }
    // A fixed key order keeps two concurrent multi-key writes from deadlocking.
    const keys = Object.keys(changes).sort();
    if (keys.length === 0) return;
    try {
      await this.knex.transaction(async (trx) => {
        for (const key of keys) await this.writeOne(trx, key, changes[key]);
      });
    } catch (cause) {
      if (cause instanceof TablebotError) throw cause;
      throw new TablebotError('STATE_STORAGE_FAILED', `KnexStorage.write: ${errorMessage(cause)}`, { cause });
    }
  }

  /** Deletes the items; missing keys are ignored. */
  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new TypeError('KnexStorage.delete: keys are required');
    if (keys.length === 0) return;
    try {
      await this.knex(this.table).whereIn('key', keys).delete();
    } catch (cause) {
      throw new TablebotError('STATE_STORAGE_FAILED', `KnexStorage.delete: ${errorMessage(cause)}`, {
        cause,
      });
    }
  }

  private async writeOne(trx: Knex.Transaction, key: string, item: StoreItem): Promise<void> {
    const { eTag, ...rest } = item ?? {};
    const row = {
      key,
      data: trx.raw('?::jsonb', [toJsonb(rest)]),
      etag: randomUUID(),
      updated_at: trx.fn.now(),
    };
    if (eTag === undefined || eTag === null || eTag === '' || eTag === '*') {
      await trx(this.table).insert(row).onConflict('key').merge(['data', 'etag', 'updated_at']);
      return;
    }
    const updated = await trx(this.table)
      .where({ key, etag: String(eTag) })
      .update({ data: row.data, etag: row.etag, updated_at: row.updated_at });
    if (updated > 0) return;
    // No row with that eTag: a key that does not exist yet is created (as MemoryStorage does); a key
    // that exists with another eTag was changed by someone else since it was read.
    const inserted: unknown[] = await trx(this.table).insert(row).onConflict('key').ignore().returning('key');
    if (inserted.length === 0) {
      throw new TablebotError(
        'STATE_CONFLICT',
        `KnexStorage.write: error writing "${key}" due to eTag conflict (the item changed since it was read)`,
      );
    }
  }
}
