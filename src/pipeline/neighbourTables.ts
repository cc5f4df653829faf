import type { CatalogTable } from '../catalog/types';
import type { JoinEdge } from '../joins';
import type { JoinPlanner } from '../retrieval/joinPlanner';
import type { RetrievalState } from '../retrieval/retrievalState';

/**
 * Tables up to two foreign keys from the chosen ones (not chosen themselves), and the edges among all of
 * them: what the generator may add to a reading that names rows retrieval did not choose (an anti-join's
 * other side, a value of a neighbouring table).
 */
export function neighbourTables(
  sourceId: string,
  chosen: readonly string[],
  planner: JoinPlanner,
  state: RetrievalState,
): { tables: CatalogTable[]; joins: JoinEdge[] } {
  const keys = new Set(chosen);
  let frontier = [...chosen];
  for (let hop = 0; hop < 2; hop++) {
    const next = frontier.flatMap((k) => planner.neighbours(sourceId, k)).filter((k) => !keys.has(k));
    for (const k of next) keys.add(k);
    frontier = next;
  }
  const tables = [...keys]
    .filter((k) => !chosen.includes(k))
    .map((k) => state.table(sourceId, k))
    .filter((t): t is CatalogTable => t !== undefined);
  return { tables, joins: planner.edgesWithin({ sourceId, tables: [...keys] }) };
}
