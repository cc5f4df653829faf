import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { PGlite } from '@electric-sql/pglite';
import ClientPgLite from 'knex-pglite';
import { errorMessage, TablebotError } from '../errors';
import type { Logger } from '../logging';
import { DataDirLock, redactUrl } from '../sources';
import { KnexAuditLog } from './auditLogKnex';
import { takeInAuditSpool } from './auditSpool';

/** Options for {@link createMetadataKnex}. */
export interface MetadataKnexOptions {
  /** Postgres URL of the metadata store; when unset the store is an embedded PGlite. */
  databaseUrl?: string;
  /** Data folder; the embedded store lives in `<dataDir>/meta`. */
  dataDir: string;
  /** Receives knex's own warnings (pool and connection errors) instead of the console. */
  logger?: Logger;
  /**
   * Postgres `shared_buffers` of the embedded PGlite (its data files stay in the kernel's page cache
   * whatever this is). PGlite's Postgres touches all of its buffers when it starts, so they are resident from
   * the first second: 128MB (the default) costs ~115 MiB more than `ANSWERING_SHARED_BUFFERS` (32MB).
   * @default PGlite's own (128MB)
   */
  sharedBuffers?: string;
}

/** Options shared by {@link migrateLatest} and {@link migrateRollbackAll}. */
export interface MigrateOptions {
  /** Folder holding the migration files. @default the top-level `migrations/` folder (`dist/migrations` when compiled) */
  directory?: string;
}

/** Table in which knex records applied migrations (its lock table gets a `_lock` suffix). */
export const MIGRATIONS_TABLE = 'tb_knex_migrations';

/** One migration file found on disk. */
interface MigrationFile {
  /** File name without extension, identical under ts-jest (.ts) and compiled (.js). */
  name: string;
  file: string;
}

/** Migration files are `<14-digit timestamp>_<name>.<ext>`. */
const MIGRATION_FILE = /^(\d{14}_[\w-]+)\.(ts|js)$/;

/**
 * Loads every migration of a folder, in the language this module itself runs in: `.ts` files under
 * ts-jest, `.js` files in the compiled `dist/` tree. Names carry no extension so a database migrated by
 * one runtime is recognised by the other.
 */
class FolderMigrationSource implements Knex.MigrationSource<MigrationFile> {
  private readonly directory: string;
  private readonly extension: string;

  constructor(directory: string) {
    this.directory = directory;
    this.extension = path.extname(__filename).slice(1);
  }

  async getMigrations(): Promise<MigrationFile[]> {
    let entries: string[];
    try {
      entries = await readdir(this.directory);
    } catch (cause) {
      throw new TablebotError(
        'METADATA_MIGRATION_FAILED',
        `FolderMigrationSource.getMigrations: cannot read the migrations folder ${this.directory}`,
        { cause },
      );
    }
    return entries
      .map((entry) => MIGRATION_FILE.exec(entry))
      .filter((m): m is RegExpExecArray => m !== null && m[2] === this.extension)
      .map((m) => ({ name: m[1], file: path.join(this.directory, m[0]) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  getMigrationName(migration: MigrationFile): string {
    return migration.name;
  }

  async getMigration(migration: MigrationFile): Promise<Knex.Migration> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- migrations are found by path at run time
    const loaded: Partial<Knex.Migration> = require(migration.file);
    if (typeof loaded.up !== 'function' || typeof loaded.down !== 'function') {
      throw new TablebotError(
        'METADATA_MIGRATION_FAILED',
        `FolderMigrationSource.getMigration: ${migration.file} must export up() and down()`,
      );
    }
    return { up: loaded.up, down: loaded.down };
  }
}

function migratorConfig(options: MigrateOptions): Knex.MigratorConfig {
  const directory = options.directory ?? path.resolve(__dirname, '..', '..', 'migrations');
  return { tableName: MIGRATIONS_TABLE, migrationSource: new FolderMigrationSource(directory) };
}

/**
 * Opens the bot's metadata store: the Postgres server at `databaseUrl` when given, else an embedded
 * PGlite in `<dataDir>/meta` (created when missing). Checks the connection before returning.
 * @throws TablebotError METADATA_UNREACHABLE
 */
export async function createMetadataKnex(options: MetadataKnexOptions): Promise<Knex> {
  let knex: Knex;
  let label: string;
  const logger = options.logger;
  const log: Knex.Config['log'] = logger && {
    warn: (message: unknown) => logger.warn({ knex: message }, 'metadata store warning'),
    error: (message: unknown) => logger.error({ knex: message }, 'metadata store error'),
    deprecate: (method: unknown, alternative: unknown) =>
      logger.warn({ method, alternative }, 'metadata store: deprecated knex call'),
    debug: (message: unknown) => logger.debug({ knex: message }, 'metadata store debug'),
  };
  if (options.databaseUrl) {
    label = redactUrl(options.databaseUrl);
    knex = knexFactory({
      client: 'pg',
      connection: { connectionString: options.databaseUrl, connectionTimeoutMillis: 5000 },
      pool: { min: 0, max: 4 },
      log,
    });
  } else {
    const filename = path.join(options.dataDir, 'meta');
    label = `pglite:${filename}`;
    await mkdir(filename, { recursive: true });
    // Held for the life of the process: PGlite folders are single-process (see DataDirLock).
    DataDirLock.acquire(filename);
    const startParams =
      options.sharedBuffers === undefined
        ? undefined
        : [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers}`];
    // knex-pglite takes an instance it is given (and closes it with the pool)
    const connection: Knex.Sqlite3ConnectionConfig & { pglite: PGlite } = {
      filename,
      pglite: new PGlite(filename, startParams === undefined ? {} : { startParams }),
    };
    knex = knexFactory({ client: ClientPgLite, connection, log });
  }
  try {
    await knex.raw('SELECT 1');
  } catch (cause) {
    await knex.destroy().catch(() => undefined);
    throw new TablebotError(
      'METADATA_UNREACHABLE',
      `createMetadataKnex: cannot open the metadata store ${label}: ${errorMessage(cause)}`,
      { cause },
    );
  }
  return knex;
}

/**
 * Applies every pending migration of the migrations folder (including ones other components add).
 * @returns the names of the migrations applied by this call.
 */
export async function migrateLatest(knex: Knex, options: MigrateOptions = {}): Promise<string[]> {
  try {
    const result: [number, string[]] = await knex.migrate.latest(migratorConfig(options));
    return result[1];
  } catch (cause) {
    throw new TablebotError('METADATA_MIGRATION_FAILED', `migrateLatest: ${errorMessage(cause)}`, {
      cause,
    });
  }
}

/**
 * Reverts every applied migration, newest first.
 * @returns the names of the migrations reverted.
 */
export async function migrateRollbackAll(knex: Knex, options: MigrateOptions = {}): Promise<string[]> {
  try {
    const result: [number, string[]] = await knex.migrate.rollback(migratorConfig(options), true);
    return result[1];
  } catch (cause) {
    throw new TablebotError('METADATA_MIGRATION_FAILED', `migrateRollbackAll: ${errorMessage(cause)}`, {
      cause,
    });
  }
}

/** Options of {@link openMetadataStore}. */
export interface OpenMetadataStoreOptions extends MetadataKnexOptions {
  logger: Logger;
  /** The audit spool folder (see `AuditSpool`) whose entries are taken in once the store is open. */
  auditSpoolDir?: string;
}

/**
 * Opens the metadata store ({@link createMetadataKnex}), applies pending migrations, and takes in the audit
 * entries one-shot processes spooled meanwhile; closed again when the migration fails.
 */
export async function openMetadataStore(options: OpenMetadataStoreOptions): Promise<Knex> {
  const knex = await createMetadataKnex(options);
  try {
    await migrateLatest(knex);
  } catch (error) {
    await knex.destroy();
    throw error;
  }
  if (options.auditSpoolDir !== undefined) {
    await takeInAuditSpool({
      dir: options.auditSpoolDir,
      audit: new KnexAuditLog({ knex }),
      logger: options.logger,
    });
  }
  return knex;
}
