import type { CatalogTable } from '../catalog';
import type { JoinEdge } from '../joins';
import type { JoinPlanner, RetrievalState } from '../retrieval';

/** Foreign keys within which neighbours are offered to every reading (negations, values of other entities). */
const NEAR_HOPS = 2;
/** Foreign keys within which tables are offered for a ranking or grouping path only. */
const FAR_HOPS = 4;
/** At most this many farther tables (a wide schema's fourth ring can be large; the path needs few). */
const MAX_BEYOND = 40;

/**
 * Tables up to two foreign keys from the chosen ones (not chosen themselves), and the edges among all of
 * them: what the generator may add to a reading that names rows retrieval did not choose (an anti-join's
 * other side, a value of a neighbouring table). Tables three and four keys away come apart (`beyond`), with
 * the edges among all of them, for the join path of a ranking or grouping question only.
 */
export function neighbourTables(
  sourceId: string,
  chosen: readonly string[],
  planner: JoinPlanner,
  state: RetrievalState,
): { tables: CatalogTable[]; joins: JoinEdge[]; beyond?: { tables: CatalogTable[]; joins: JoinEdge[] } } {
  const keys = new Set(chosen);
  const rings: string[][] = [];
  let frontier = [...chosen];
  for (let hop = 0; hop < FAR_HOPS; hop++) {
    const next = [...new Set(frontier.flatMap((k) => planner.neighbours(sourceId, k)))].filter(
      (k) => !keys.has(k),
    );
    for (const k of next) keys.add(k);
    rings.push(next);
    frontier = next;
  }
  const table = (k: string) => state.table(sourceId, k);
  const near = rings.slice(0, NEAR_HOPS).flat();
  const far = rings.slice(NEAR_HOPS).flat().slice(0, MAX_BEYOND);
  const tables = near.map(table).filter((t): t is CatalogTable => t !== undefined);
  const farTables = far.map(table).filter((t): t is CatalogTable => t !== undefined);
  const result = { tables, joins: planner.edgesWithin({ sourceId, tables: [...chosen, ...near] }) };
  if (farTables.length === 0) return result;
  return {
    ...result,
    beyond: {
      tables: farTables,
      joins: planner.edgesWithin({ sourceId, tables: [...chosen, ...near, ...far] }),
    },
  };
}
