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
