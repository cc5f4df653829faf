/**
 * The semantic model of each source: entities, measures, time dimensions, dimensions, flags, metrics,
 * synonyms and verified queries, derived from the catalog and the profiles, and the lookup that resolves
 * a question's words to them.
 */
export * from './types';
export {
  deriveSemanticModel,
  updateSemanticModel,
  deriveEntity,
  entityName,
  columnName,
  chooseDisplayColumns,
} from './deriveSemanticModel';
export type { DeriveInput, ModelUpdate } from './deriveSemanticModel';
export { classifyColumn, columnWords, typeFamily, unitsOfText } from './columnRoles';
export type { ColumnRole, ColumnWords, ColumnContext } from './columnRoles';
export { chooseDefaultTimeDimension } from './defaultTime';
export { deriveMetrics } from './metricDerivation';
export { synonymsOf, businessSynonyms } from './synonyms';
export { identifierWords, isFunctionWord, singular, singularPhrase, textWords, wordKey } from './language';
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
export { ModelExpressions, expressionSql, metricSql, predicateSql } from './modelExpressions';
export type { ParsedMetric, ExpressionResult } from './modelExpressions';
export { parseOverrideFile } from './overrideFile';
export type { ModelOverrides, ParsedOverrideFile, TableOverride } from './overrideFile';
export { applyOverrides, columnsOf } from './applyOverrides';
export type { AppliedOverrides, ApplyOverridesOptions } from './applyOverrides';
export { formatProblems, modelToText, modelToYaml, semanticSummaryLine } from './modelYaml';
export { KnexSemanticModelStore, InMemorySemanticModelStore, KEPT_VERSIONS } from './semanticModelStore';
export type { SemanticModelStore, StoredSemanticModel, SemanticModelRecord } from './semanticModelStore';
export { SemanticModelService, modelFileName } from './semanticModelService';
export type {
  BuiltSemanticModel,
  PreparedSemanticModel,
  PreviousSemanticModel,
  SemanticModelSummary,
  SemanticModelServiceOptions,
} from './semanticModelService';
export { SemanticModelRegistry } from './semanticModelRegistry';
export type { SemanticModelRegistryOptions } from './semanticModelRegistry';
export {
  PublishedOrStoredSemanticModels,
  PublishedSemanticModels,
  writeSemanticSnapshot,
} from './semanticSnapshot';
