import type { VectorEntryMeta, VectorSearchFilter } from './types';

/**
 * Whether an entry may be returned for a search: its source is among `filter.sourceIds` (when given) and
 * the tenant may see it (an entry without tenants is visible to everyone).
 */
export function matchesFilter(meta: VectorEntryMeta, filter: VectorSearchFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (filter.sourceIds !== undefined && !filter.sourceIds.includes(meta.sourceId)) return false;
  if (filter.tenant !== undefined && meta.tenants.length > 0 && !meta.tenants.includes(filter.tenant))
    return false;
  if (filter.allow !== undefined && !filter.allow(meta.sourceId, meta.table)) return false;
  return true;
}

/**
 * The filter as a search needs it: undefined when it restricts nothing (no sources, tenant or `allow` given),
 * so a graph search runs without calling back for every entry it visits.
 */
export function effectiveFilter(filter: VectorSearchFilter | undefined): VectorSearchFilter | undefined {
  if (filter === undefined) return undefined;
  return filter.sourceIds === undefined && filter.tenant === undefined && filter.allow === undefined
    ? undefined
    : filter;
}
