/**
 * The bot's own metadata store: the catalog store, audit log and retention, feedback, bot state storage, the
 * audit spool of one-shot runs and the reindex lock. `metadataStore.ts` (knex, migrations) and
 * `knexCatalogStore.ts` are imported by path, since the one-shot `tablebot ask` loads them only when it needs
 * the database.
 */
export type { AuditDecision, AuditLog, AuditQuery } from './auditLog';
export { KnexAuditLog } from './auditLogKnex';
export { AuditRetention } from './auditRetention';
export { AuditSpool } from './auditSpool';
export type { CachedTableVectors, CatalogStore, SourceChanges } from './catalogStore';
export { DeferredCatalogStore } from './deferredCatalogStore';
export type { FeedbackStore, FeedbackValue } from './feedbackStore';
export { KnexFeedbackStore } from './feedbackStoreKnex';
export { InMemoryFeedbackStore } from './feedbackStoreMemory';
export { KnexStorage } from './knexStorage';
export { ReindexLock } from './reindexLock';
