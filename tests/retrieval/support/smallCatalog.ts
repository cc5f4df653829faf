import type { CatalogColumn, CatalogTable, ForeignKey } from '../../../src/catalog/types';
import { OfflineEmbedder } from '../../../src/embeddings/offlineEmbedder';
import { embedTables } from '../../../src/embeddings/table2vec';
import { DecisionPolicy, type DecisionThresholds } from '../../../src/retrieval/decisionPolicy';
import { HybridRetriever } from '../../../src/retrieval/hybridRetriever';
import { RetrievalCorpus, tableId } from '../../../src/retrieval/retrievalCorpus';
import { RetrievalState } from '../../../src/retrieval/retrievalState';
import { HnswIndex } from '../../../src/vector/hnswIndex';

/** A column spec: name, type and optional representative values. */
type ColumnSpec = [name: string, dataType: string, values?: string[]];

/** Builds a catalog table from a compact spec. */
export function table(options: {
  sourceId?: string;
  schema: string;
  name: string;
  columns: ColumnSpec[];
  foreignKeys?: Omit<ForeignKey, 'name'>[];
}): CatalogTable {
  const columns: CatalogColumn[] = options.columns.map(([name, dataType, values], i) => ({
    name,
    position: i + 1,
    dataType,
    nullable: true,
    comment: null,
    profile: values
      ? { distinctEstimate: values.length, nullFraction: 0, topValues: values, min: null, max: null }
      : null,
  }));
  return {
    sourceId: options.sourceId ?? 'src',
    schema: options.schema,
    name: options.name,
    kind: 'table',
    comment: null,
    rowEstimate: 100,
    columns,
    primaryKey: [columns[0].name],
    foreignKeys: (options.foreignKeys ?? []).map((fk, i) => ({ ...fk, name: `${options.name}_fk${i}` })),
    fingerprint: `${options.schema}.${options.name}`,
  };
}

/** The retrieval state and policy of a small catalog, with the real embedder, HNSW index and corpus. */
export async function retrievalFor(
  tables: CatalogTable[],
  thresholds: DecisionThresholds = { decline: 0.35, clarifyMargin: 0.1 },
  options: { topK?: number } = {},
): Promise<{ state: RetrievalState; policy: DecisionPolicy }> {
  const embedder = await OfflineEmbedder.create();
  const vectors = await embedTables({ embedder, tables });
  const index = HnswIndex.build({
    embedderId: embedder.id,
    dimension: embedder.dimension,
    entries: tables.map((t, i) => ({
      key: tableId(t.sourceId, `${t.schema}.${t.name}`),
      meta: { table: `${t.schema}.${t.name}`, sourceId: t.sourceId, tenants: [] },
      vector: vectors[i].vector,
    })),
  });
  const corpus = await RetrievalCorpus.build(
    tables.map((t, i) => ({ table: t, vector: vectors[i].vector, columnVectors: vectors[i].columns })),
    { embedder },
  );
  const retriever = new HybridRetriever({ embedder, index, corpus, topK: options.topK });
  return { state: new RetrievalState(retriever, 0), policy: new DecisionPolicy({ thresholds }) };
}
