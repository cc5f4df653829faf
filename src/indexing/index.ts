/**
 * The reindex flow: introspect each source, build and embed table documents, publish a new vector index
 * version with its retrieval and semantic snapshots, and save the catalog.
 */
export { Reindexer, type ReindexProgress } from './reindexer';
