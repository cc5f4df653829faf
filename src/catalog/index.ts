/**
 * The catalog of each source: introspection (tables, columns, keys, profiles, change fingerprints), the
 * catalog types and SQL quoting, and the table documents the index is built from.
 */
export { CatalogIntrospector } from './catalogIntrospector';
export {
  buildTableDocument,
  identifierWords,
  type TableDocument,
  type TableDocumentOptions,
  type TableEntity,
  type TableEntityKind,
} from './tableDocument';
export {
  qualifiedName,
  quoteIdent,
  quoteLiteral,
  quoteTable,
  type CatalogColumn,
  type CatalogTable,
  type ColumnProfile,
  type ForeignKey,
  type SourceCatalog,
} from './types';
