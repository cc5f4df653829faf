/**
 * Join edges and join paths, shared by retrieval (which tables form an answer) and SQL generation (how
 * they join): the declared and inferred foreign keys (one rule) and the join graph over them.
 */
export { declaredEdges, inferredEdges, joinEdges, updatedJoinEdges } from './joinKeys';
export { JoinNetwork, type JoinNetworkOptions, type NetworkStep } from './joinNetwork';
export { edgeId, type JoinEdge } from './types';
