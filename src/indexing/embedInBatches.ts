import type { CachedTableVectors } from '../store';
import type { CatalogTable } from '../catalog';
import { type Embedder, embedTables } from '../embeddings';
import type { ReindexProgress } from './reindexer';

/**
 * Embeds tables in batches of 16, reporting progress; each table with its vectors, in order. `keep` turns
 * each batch's vectors into what is kept of them (e.g. column vectors written to a file) before the next.
 */
export async function embedInBatches<V = CachedTableVectors>(o: {
  embedder: Embedder;
  tables: readonly CatalogTable[];
  progress: (p: ReindexProgress) => void;
  keep?: (vectors: CachedTableVectors) => V;
}): Promise<{ table: CatalogTable; vectors: V }[]> {
  const { embedder, tables, progress } = o;
  const keep = o.keep ?? ((v: CachedTableVectors) => v as V);
  const out: { table: CatalogTable; vectors: V }[] = [];
  const batch = 16;
  for (let i = 0; i < tables.length; i += batch) {
    progress({
      phase: 'embed',
      done: i,
      total: tables.length,
      message: `embedding tables ${i}/${tables.length}`,
    });
    const part = tables.slice(i, i + batch);
    const vectors = await embedTables({ embedder, tables: part });
    vectors.forEach((v, k) =>
      out.push({
        table: part[k],
        vectors: keep({ fingerprint: v.fingerprint, table: v.vector, columns: v.columns }),
      }),
    );
  }
  progress({ phase: 'embed', done: tables.length, total: tables.length, message: 'embedded' });
  return out;
}
