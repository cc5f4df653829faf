import { createHash } from 'node:crypto';
import type { CatalogTable } from '../catalog/types';
import { qualifiedName } from '../catalog/types';
import type { JoinEdge } from '../sql/types';
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

/** A table name and its singular forms (`customers` → `customer`), lower-cased. */
function singularNames(name: string): string[] {
  const n = name.toLowerCase();
  const out = [n];
  if (n.endsWith('ies')) out.push(`${n.slice(0, -3)}y`);
  else if (n.endsWith('ses') || n.endsWith('xes')) out.push(n.slice(0, -2));
  else if (n.endsWith('s')) out.push(n.slice(0, -1));
  return out;
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
 * Everything retrieval needs in memory: tables by id, a BM25 index and the foreign-key graph.
 * Immutable; a reindex builds a new one and the pipeline swaps it in.
 */
export class RetrievalCorpus {
  public readonly byId = new Map<string, CorpusTable>();
  public readonly bm25: Bm25Index;
  /** Foreign-key edges by table id, both directions. */
  private readonly edges = new Map<string, JoinEdge[]>();

  private constructor(tables: CorpusTable[]) {
    for (const t of tables) this.byId.set(t.id, t);
    this.bm25 = new Bm25Index(tables.map((t) => t.entry));
    for (const t of tables) {
      for (const fk of t.table.foreignKeys) {
        const to = tableId(t.sourceId, `${fk.referencedSchema}.${fk.referencedTable}`);
        if (!this.byId.has(to)) continue;
        const edge: JoinEdge = {
          from: t.key,
          fromColumns: fk.columns,
          to: `${fk.referencedSchema}.${fk.referencedTable}`,
          toColumns: fk.referencedColumns,
        };
        this.addEdge(t.id, edge);
        if (to !== t.id) this.addEdge(to, edge);
      }
    }
    this.inferEdges(tables);
  }

  /**
   * Many databases declare no foreign keys (or the data breaks them). Within one schema, a column that
   * carries another table's single-column primary key by name — `has_allergy.stuid` for
   * `student.stuid`, or `orders.customer_id` for `customer.id` — is taken as a join edge when no
   * declared key already links the two tables.
   */
  private inferEdges(tables: readonly CorpusTable[]): void {
    const bySchema = new Map<string, CorpusTable[]>();
    for (const t of tables) {
      const k = `${t.sourceId}|${t.table.schema}`;
      let list = bySchema.get(k);
      if (!list) bySchema.set(k, (list = []));
      list.push(t);
    }
    for (const group of bySchema.values()) {
      for (const target of group) {
        if (target.table.primaryKey.length !== 1) continue;
        const pk = target.table.primaryKey[0];
        const pkType = target.table.columns.find((c) => c.name === pk)?.dataType;
        const names = new Set([pk.toLowerCase()]);
        if (pk.toLowerCase() === 'id') for (const n of singularNames(target.table.name)) names.add(`${n}_id`);
        for (const from of group) {
          if (from === target) continue;
          if (this.edgesOf(from.id).some((e) => e.from === target.key || e.to === target.key)) continue;
          const column = from.table.columns.find(
            (c) => names.has(c.name.toLowerCase()) && c.dataType === pkType,
          );
          if (!column) continue;
          if (
            from.table.primaryKey.length === 1 &&
            from.table.primaryKey[0] === column.name &&
            column.name === pk
          )
            continue;
          const edge: JoinEdge = {
            from: from.key,
            fromColumns: [column.name],
            to: target.key,
            toColumns: [pk],
          };
          this.addEdge(from.id, edge);
          this.addEdge(target.id, edge);
        }
      }
    }
  }

  /**
   * Builds the corpus from catalog tables and their vectors; embeds the bare table and column names
   * (words, not documents) so single question words can be matched to them by meaning.
   */
  static async build(
    inputs: readonly CorpusInput[],
    options: { embedder: Embedder },
  ): Promise<RetrievalCorpus> {
    const names = inputs.map((i) => [i.table.name, ...i.table.columns.map((c) => c.name)].map(nameText));
    const flat = names.flat();
    const vectors: Float32Array[] = [];
    for (let i = 0; i < flat.length; i += 512)
      vectors.push(...(await options.embedder.embed(flat.slice(i, i + 512))));
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

  /** Number of tables. */
  get size(): number {
    return this.byId.size;
  }

  /** Foreign-key edges touching a table. */
  edgesOf(id: string): readonly JoinEdge[] {
    return this.edges.get(id) ?? [];
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

  private addEdge(id: string, edge: JoinEdge): void {
    let list = this.edges.get(id);
    if (!list) this.edges.set(id, (list = []));
    list.push(edge);
  }
}
