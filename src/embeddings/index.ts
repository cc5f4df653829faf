/**
 * Embedders: the offline concept embedder, the transformers.js embedder (its model library is loaded only
 * when the embedder first runs) and the factory choosing between them; Table2Vec, which turns table documents
 * into the vectors the index holds.
 */
export { createEmbedder } from './createEmbedder';
export type { Embedder } from './embedder';
export { OfflineEmbedder } from './offlineEmbedder';
export { embedTables, tableVectorsFingerprint, type Table2VecWeights } from './table2vec';
export { configureTransformersEnv } from './transformersEnv';
