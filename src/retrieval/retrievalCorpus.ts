import { createHash } from 'node:crypto';
import type { CatalogTable } from '../catalog/types';
import { qualifiedName } from '../catalog/types';
import { JoinNetwork, joinEdges, type JoinEdge } from '../joins';
import type { Embedder } from '../embeddings/embedder';
import { identifierWords } from '../catalog/tableDocument';
import { Bm25Index, buildTableEntry, type TableEntry } from './tableCorpus';

/** An identifier as words for embedding: split, segmented, abbreviations expanded. */
function nameText(name: string): string {
  return identifierWords(name).join(' ') || name;
}

/** One table as retrieval sees it: catalog entry, lexical entry and vectors. */
export interface CorpusTable {
  /** `<sourceId>|<schema>.<table>`: unique across sources. */
  id: string;
  /** `<schema>.<table>`. */
  key: string;
  sourceId: string;
  tenants: string[];
  table: CatalogTable;
  entry: TableEntry;
  /** Table2Vec vector (unit length). */
  vector: Float32Array;
  /** Per-column vectors (unit length), for schema linking. */
  columnVectors: Record<string, Float32Array>;
  /** Vectors of the bare names: the table name first, then each column name. */
  nameVectors: Float32Array[];
  /** Hash of the table's name, columns and data profile, without schema or source: equal for copies. */
  contentSignature: string;
}

/** A table's content without where it lives: copies in other schemas or sources share it. */
export function contentSignature(table: CatalogTable): string {
  const content = {
    name: table.name,
    rows: table.rowEstimate,
    columns: table.columns.map((c) => [
      c.name,
      c.dataType,
      c.profile?.distinctEstimate,
      c.profile?.min,
      c.profile?.max,
      c.profile?.topValues,
    ]),
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** Input of {@link RetrievalCorpus.build}. */
export interface CorpusInput {
  table: CatalogTable;
  vector: Float32Array;
  columnVectors: Record<string, Float32Array>;
  tenants?: string[];
}

/** Builds the id retrieval uses for a table of a source. */
export function tableId(sourceId: string, key: string): string {
  return `${sourceId}|${key}`;
}

/**
 * Everything retrieval needs in memory: tables by id, a BM25 index and the join graph of each source.
 * Immutable; a reindex builds a new one and the pipeline swaps it in.
 */
export class RetrievalCorpus {
  public readonly byId = new Map<string, CorpusTable>();
  public readonly bm25: Bm25Index;
  /** The join graph of each source (declared and inferred keys, `src/joins`). */
  private readonly networks = new Map<string, JoinNetwork>();
  /** Ids by `schema.table`: the same key in several sources. */
  private readonly idsByKey = new Map<string, string[]>();

  private constructor(tables: CorpusTable[]) {
    for (const t of tables) {
      this.byId.set(t.id, t);
      const ids = this.idsByKey.get(t.key);
      if (ids) ids.push(t.id);
      else this.idsByKey.set(t.key, [t.id]);
    }
    this.bm25 = new Bm25Index(tables.map((t) => t.entry));
    const bySource = new Map<string, CorpusTable[]>();
    for (const t of tables) {
      let list = bySource.get(t.sourceId);
      if (!list) bySource.set(t.sourceId, (list = []));
      list.push(t);
    }
    for (const [sourceId, list] of bySource) {
      this.networks.set(sourceId, new JoinNetwork(joinEdges(list.map((t) => t.table))));
    }
  }

  /**
   * Builds the corpus from catalog tables and their vectors; embeds the bare table and column names
   * (words, not documents) so single question words can be matched to them by meaning.
   */
  static async build(
    inputs: readonly CorpusInput[],
    options: { embedder: Embedder; onProgress?: (tablesDone: number) => void },
  ): Promise<RetrievalCorpus> {
    const names = inputs.map((i) => [i.table.name, ...i.table.columns.map((c) => c.name)].map(nameText));
    const flat = names.flat();
    const vectors: Float32Array[] = [];
    let tablesDone = 0;
    let namesOfDone = 0;
    for (let i = 0; i < flat.length; i += 512) {
      vectors.push(...(await options.embedder.embed(flat.slice(i, i + 512))));
      while (tablesDone < names.length && namesOfDone + names[tablesDone].length <= vectors.length)
        namesOfDone += names[tablesDone++].length;
      options.onProgress?.(tablesDone);
      // let the event loop serve requests (/healthz, /readyz) between batches of a long load
      await new Promise((resolve) => setImmediate(resolve));
    }
    let offset = 0;
    return new RetrievalCorpus(
      inputs.map((i, n) => {
        const key = qualifiedName(i.table);
        const nameVectors = vectors.slice(offset, offset + names[n].length);
        offset += names[n].length;
        return {
          id: tableId(i.table.sourceId, key),
          key,
          sourceId: i.table.sourceId,
          tenants: i.tenants ?? [],
          table: i.table,
          entry: buildTableEntry(i.table),
          vector: i.vector,
          columnVectors: i.columnVectors,
          nameVectors,
          contentSignature: contentSignature(i.table),
        };
      }),
    );
  }

  /** Ids of the tables named `schema.table` in any source (a lookup, not a scan). */
  idsOfKey(key: string): readonly string[] {
    return this.idsByKey.get(key) ?? [];
  }

  /** Number of tables. */
  get size(): number {
    return this.byId.size;
  }

  /** The join graph of one source (empty when the source has no tables). */
  network(sourceId: string): JoinNetwork {
    return this.networks.get(sourceId) ?? EMPTY_NETWORK;
  }

  /** Foreign-key edges (declared and inferred) touching a table. */
  edgesOf(id: string): readonly JoinEdge[] {
    const t = this.byId.get(id);
    return t === undefined ? [] : this.network(t.sourceId).edgesOf(t.key);
  }

  /**
   * Whether a table is among the given sources (all when none given) and one the asking user may see
   * (`allow`, from the access file; everything when absent).
   */
  visible(filter: {
    sourceIds?: readonly string[];
    allow?: (sourceId: string, table: string) => boolean;
  }): (t: CorpusTable) => boolean {
    const sources = filter.sourceIds && filter.sourceIds.length > 0 ? new Set(filter.sourceIds) : undefined;
    const allow = filter.allow;
    return (t) =>
      (!sources || sources.has(t.sourceId)) &&
      t.tenants.length === 0 &&
      (allow === undefined || allow(t.sourceId, t.key));
  }
}

const EMPTY_NETWORK = new JoinNetwork([]);
