/**
 * The semantic model of each source: entities, measures, time dimensions, dimensions, flags, metrics,
 * synonyms and verified queries, derived from the catalog and the profiles, and the lookup that resolves
 * a question's words to them.
 */
export * from './types';
export {
  deriveSemanticModel,
  deriveEntity,
  entityName,
  columnName,
  chooseDisplayColumns,
} from './deriveSemanticModel';
export type { DeriveInput } from './deriveSemanticModel';
export { classifyColumn, columnWords, typeFamily, unitsOfText } from './columnRoles';
export type { ColumnRole, ColumnWords, ColumnContext } from './columnRoles';
export { chooseDefaultTimeDimension } from './defaultTime';
export { deriveMetrics } from './metricDerivation';
export { synonymsOf, businessSynonyms } from './synonyms';
export { SemanticLookup, elementKey, elementTable, sameElement } from './semanticLookup';
export type {
  ModelElement,
  ModelElementKind,
  ModelMatch,
  MatchVia,
  QuestionReading,
  SemanticLookupOptions,
  ValueMatchOptions,
} from './semanticLookup';
