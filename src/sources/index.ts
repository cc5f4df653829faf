/**
 * The users' databases: Postgres and PGlite sources (their drivers load on first use), the registry that opens
 * the configured ones, and the data-folder lock.
 */
export { DataDirLock, processAlive } from './dataDirLock';
export { PgSource, redactUrl } from './pgSource';
export { ANSWERING_SHARED_BUFFERS, PgliteSource } from './pgliteSource';
export { SourceRegistry } from './sourceRegistry';
export type { DataSource, Queryable } from './types';
