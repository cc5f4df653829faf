import { createHash } from 'node:crypto';
import { type CatalogTable, identifierWords, qualifiedName } from '../catalog';
import { type JoinEdge, joinEdges, JoinNetwork } from '../joins';
import type { Embedder } from '../embeddings';
import { Bm25Index, buildTableEntry, type BuiltTableEntry, type TableEntry } from './tableCorpus';

/** An identifier as words for embedding: split, segmented, abbreviations expanded. */
export function nameText(name: string): string {
  return identifierWords(name).join(' ') || name;
}

/** The bare names of a table whose vectors {@link CorpusTable.nameVectors} holds: its name, then each column's. */
export function tableNames(table: CatalogTable): string[] {
  return [table.name, ...table.columns.map((c) => c.name)];
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
  /** Vectors of the bare names: the table name first, then each column name (shared by equal names). */
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

/**
 * The corpus inputs of the catalog tables that have a published table vector (the others are not indexed),
 * in catalog order: what both the reindex (for the snapshot) and a recomputing load build the corpus from.
 */
export function indexedInputs(
  tables: readonly CatalogTable[],
  vectorOf: (id: string) => Float32Array | undefined,
): CorpusInput[] {
  return tables.flatMap((table) => {
    const vector = vectorOf(tableId(table.sourceId, qualifiedName(table)));
    return vector ? [{ table, vector, columnVectors: {} }] : [];
  });
}

/**
 * A table's schema and name from its key (`schema.table`) when the key tells them apart (one dot: neither has
 * a dot), else from its catalog entry: a loaded snapshot's table then answers without reading that entry.
 */
export function schemaAndName(t: Pick<CorpusTable, 'key' | 'table'>): { schema: string; name: string } {
  const dot = t.key.indexOf('.');
  if (dot >= 0 && t.key.indexOf('.', dot + 1) < 0)
    return { schema: t.key.slice(0, dot), name: t.key.slice(dot + 1) };
  const { schema, name } = t.table;
  return { schema, name };
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
  /** Ids by the table name's words joined by spaces (`idsNamed`). */
  private readonly idsByName = new Map<string, string[]>();
  /** Most words in a table name (the longest phrase `idsNamed` can match). */
  private longestName = 0;

  /** The join edges of each source, in the order the join graph was built from (for the snapshot). */
  private readonly edgesBySource = new Map<string, readonly JoinEdge[]>();
  /** The tables in the order given, which is the order of the BM25 entries (see {@link tableOfEntry}). */
  private readonly ordered: readonly CorpusTable[];

  private constructor(
    tables: CorpusTable[],
    bm25: Bm25Index,
    edgesBySource?: ReadonlyMap<string, readonly JoinEdge[]>,
  ) {
    this.ordered = [...tables];
    for (const t of tables) {
      this.byId.set(t.id, t);
      const ids = this.idsByKey.get(t.key);
      if (ids) ids.push(t.id);
      else this.idsByKey.set(t.key, [t.id]);
      const words = t.entry.nameTokens;
      if (words.length === 0) continue;
      const name = words.join(' ');
      const named = this.idsByName.get(name);
      if (named) named.push(t.id);
      else this.idsByName.set(name, [t.id]);
      this.longestName = Math.max(this.longestName, words.length);
    }
    this.bm25 = bm25;
    if (edgesBySource === undefined) {
      const bySource = new Map<string, CatalogTable[]>();
      for (const t of tables) {
        let list = bySource.get(t.sourceId);
        if (!list) bySource.set(t.sourceId, (list = []));
        list.push(t.table);
      }
      for (const [sourceId, list] of bySource) this.edgesBySource.set(sourceId, joinEdges(list));
    } else {
      for (const [sourceId, edges] of edgesBySource) this.edgesBySource.set(sourceId, edges);
    }
    for (const [sourceId, edges] of this.edgesBySource) this.networks.set(sourceId, new JoinNetwork(edges));
  }

  /**
   * A corpus from parts derived earlier (the retrieval snapshot, `corpusSnapshot.ts`): the tables with their
   * lexical entries and name vectors, the BM25 postings over those entries in the same order, and each
   * source's join edges. Nothing is recomputed.
   */
  static fromParts(parts: {
    tables: CorpusTable[];
    bm25: Bm25Index;
    edgesBySource: ReadonlyMap<string, readonly JoinEdge[]>;
  }): RetrievalCorpus {
    return new RetrievalCorpus(parts.tables, parts.bm25, parts.edgesBySource);
  }

  /** Each bare name's vector (see {@link tableNames}), for a reindex to reuse instead of embedding it again. */
  nameVectors(): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (const t of this.byId.values()) {
      tableNames(t.table).forEach((name, n) => {
        const v = t.nameVectors[n];
        if (v !== undefined) out.set(name, v);
      });
    }
    return out;
  }

  /** Every table, in corpus order (the order the BM25 postings number them). */
  tables(): CorpusTable[] {
    return [...this.byId.values()];
  }

  /**
   * The table of a BM25 entry at position `doc` of the index: the table at that position when the entry is its
   * own (the index is built over the tables in order), else the one of the entry's id. A position read, not a
   * lookup by id, for every posting a question reads.
   */
  tableOfEntry(entry: TableEntry, doc: number): CorpusTable | undefined {
    const t = this.ordered[doc];
    return t !== undefined && t.entry === entry ? t : this.byId.get(entry.key);
  }

  /** Each source's join edges (declared and inferred), as the join graphs were built from them. */
  joinEdges(): ReadonlyMap<string, readonly JoinEdge[]> {
    return this.edgesBySource;
  }

  /**
   * Builds the corpus from catalog tables and their vectors; embeds the bare table and column names
   * (words, not documents) so single question words can be matched to them by meaning.
   */
  static async build(
    inputs: readonly CorpusInput[],
    options: {
      embedder: Embedder;
      onProgress?: (tablesDone: number) => void;
      /**
       * The vector of a bare name embedded earlier by the same embedder (a reindex reuses the previous
       * snapshot's), or undefined to embed it.
       */
      knownNameVector?: (name: string) => Float32Array | undefined;
    },
  ): Promise<RetrievalCorpus> {
    const names = inputs.map((i) => tableNames(i.table));
    const known = options.knownNameVector ?? (() => undefined);
    // each distinct name is embedded once and its vector shared by every table that has it (a column name
    // such as `id` or `created_at` recurs across most of a catalog)
    const byName = new Map<string, Float32Array>();
    const toEmbed: string[] = [];
    const pending = new Set<string>();
    for (const list of names) {
      for (const name of list) {
        if (byName.has(name) || pending.has(name)) continue;
        const vector = known(name);
        if (vector !== undefined) byName.set(name, vector);
        else {
          pending.add(name);
          toEmbed.push(name);
        }
      }
    }
    for (let i = 0; i < toEmbed.length; i += 512) {
      const batch = toEmbed.slice(i, i + 512);
      const embedded = await options.embedder.embed(batch.map(nameText));
      batch.forEach((name, n) => byName.set(name, embedded[n]));
      // progress in tables, in proportion to the names embedded
      options.onProgress?.(Math.floor((names.length * (i + batch.length)) / toEmbed.length));
      // let the event loop serve requests (/healthz, /readyz) between batches of a long load
      await new Promise((resolve) => setImmediate(resolve));
    }
    options.onProgress?.(names.length);
    const zero = new Float32Array(options.embedder.dimension);
    const built: BuiltTableEntry[] = inputs.map((i) => buildTableEntry(i.table));
    const tables = inputs.map((i, n): CorpusTable => {
      const key = qualifiedName(i.table);
      const nameVectors = names[n].map((name) => byName.get(name) ?? zero);
      return {
        id: tableId(i.table.sourceId, key),
        key,
        sourceId: i.table.sourceId,
        tenants: i.tenants ?? [],
        table: i.table,
        entry: built[n].entry,
        vector: i.vector,
        columnVectors: i.columnVectors,
        nameVectors,
        contentSignature: contentSignature(i.table),
      };
    });
    return new RetrievalCorpus(tables, Bm25Index.build(built));
  }

  /** Ids of the tables named `schema.table` in any source (a lookup, not a scan). */
  idsOfKey(key: string): readonly string[] {
    return this.idsByKey.get(key) ?? [];
  }

  /**
   * Ids of the tables whose whole name a question says as a phrase: every run of consecutive words of
   * `sequence` (the question's identifier tokens in order) that is a table name's words. A lookup per run,
   * so the cost depends on the question's length, not on the catalog's. A phrase that names more than
   * `limit` tables (`users` in every schema) is left out: it does not single a table out.
   */
  idsNamed(sequence: readonly string[], limit: number): string[] {
    const out: string[] = [];
    for (let start = 0; start < sequence.length; start++) {
      let phrase = '';
      for (let end = start; end < sequence.length && end - start < this.longestName; end++) {
        phrase = end === start ? sequence[end] : `${phrase} ${sequence[end]}`;
        const ids = this.idsByName.get(phrase);
        if (ids && ids.length <= limit) out.push(...ids);
      }
    }
    return out;
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
