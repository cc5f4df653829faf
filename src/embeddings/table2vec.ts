import { buildTableDocument, type CatalogTable, qualifiedName, type TableDocument, type TableDocumentOptions, type TableEntity, type TableEntityKind } from '../catalog';
import { normalizeInPlace } from '../vector';
import type { Embedder } from './embedder';
import { hashString } from './featureHashing';
import type { InformativenessScorer } from './offlineEmbedder';

/** A table's embedding and the per-column embeddings used for schema linking. */
export interface TableVectors {
  /** `schema.table`. */
  table: string;
  /**
   * Hash of the table's catalog fingerprint, the embedder id and the combination settings: an unchanged
   * value means the vectors can be reused by an incremental reindex.
   */
  fingerprint: string;
  /** Unit-length table vector. */
  vector: Float32Array;
  /** Column name -> unit-length vector of the column's name, comment and a few values. */
  columns: Record<string, Float32Array>;
}

/**
 * How entity embeddings are combined into the table vector.
 * - `kind_mass`: each kind gets a total mass, shared among its entities by weight x informativeness, so a
 *   table with 40 columns is not all columns (the default, the better one on the Spider sample);
 * - `entity_sum`: every entity adds its kind weight x weight x informativeness (wide tables lean on columns);
 * - `document`: the whole document embedded as one text (no per-entity weighting).
 */
export type CombinationMethod = 'kind_mass' | 'entity_sum' | 'document';

/** Combination settings of {@link embedTables}. */
export interface Table2VecWeights {
  method: CombinationMethod;
  /** Weight (mass) per entity kind. */
  kinds: Record<TableEntityKind, number>;
  /**
   * `kind_mass` only: an entity's share of its kind's mass is weight / (kind total)^exponent; 1 shares the
   * mass out (a wide table's columns each weigh little), 0.5 lets wide tables keep more column mass.
   */
  massExponent: number;
  /**
   * Multiply entity weights by the embedder's informativeness score (when it has one) raised to this
   * power: 0 ignores it, 1 applies it fully.
   */
  informativeness: number;
  /** Weight of the column comment and of the values (averaged) in a column vector; the name weighs 1. */
  columnComment: number;
  columnValues: number;
}

/** Default combination, chosen on the Spider training sample (see `src/bench/evalSpider.ts`). */
export const DEFAULT_TABLE2VEC_WEIGHTS: Readonly<Table2VecWeights> = {
  method: 'kind_mass',
  kinds: {
    table_name: 0.8,
    schema_name: 0.25,
    table_comment: 0.6,
    column_name: 1,
    column_comment: 0.5,
    value: 0.4,
  },
  massExponent: 0.5,
  informativeness: 0,
  columnComment: 0.8,
  columnValues: 0.3,
};

/** Options of {@link embedTables}. */
export interface EmbedTablesOptions {
  embedder: Embedder;
  tables: readonly CatalogTable[];
  /** Overrides of {@link DEFAULT_TABLE2VEC_WEIGHTS}. */
  weights?: Partial<Table2VecWeights>;
  /** How documents are built (compound segmentation, value limits). */
  document?: TableDocumentOptions;
  /** Tables whose entity texts go to the embedder in one call. @default 64 */
  chunkSize?: number;
  /** Called after each chunk with the number of tables done. */
  onProgress?: (done: number, total: number) => void;
}

/** The embedder can score informativeness (the offline embedder can; transformers.js cannot). */
function scoresInformativeness(embedder: Embedder): embedder is Embedder & InformativenessScorer {
  return 'informativeness' in embedder && typeof embedder.informativeness === 'function';
}

/** The reuse fingerprint of a table's vectors (see {@link TableVectors.fingerprint}). */
export function tableVectorsFingerprint(
  table: CatalogTable,
  embedderId: string,
  weights: Partial<Table2VecWeights> = {},
): string {
  const settings = JSON.stringify({ ...DEFAULT_TABLE2VEC_WEIGHTS, ...weights });
  return `${hashString(`${table.fingerprint}|${embedderId}|${settings}`).toString(16)}-${table.fingerprint}`;
}

/**
 * Table2Vec-style table embeddings: each table's key entities (names, comments, values) are embedded in
 * one batch per chunk of tables and combined into a weighted average by kind and informativeness; each
 * column also gets a vector of its own.
 */
export async function embedTables(options: EmbedTablesOptions): Promise<TableVectors[]> {
  const weights: Table2VecWeights = { ...DEFAULT_TABLE2VEC_WEIGHTS, ...options.weights };
  const chunkSize = Math.max(1, options.chunkSize ?? 64);
  const out: TableVectors[] = [];
  for (let start = 0; start < options.tables.length; start += chunkSize) {
    const chunk = options.tables.slice(start, start + chunkSize);
    const documents = chunk.map((table) => buildTableDocument(table, options.document));
    const texts = uniqueTexts(documents, weights.method === 'document');
    const vectors = await options.embedder.embed(texts);
    if (vectors.length !== texts.length) {
      throw new Error(`embedTables: the embedder returned ${vectors.length} vectors for ${texts.length} texts`);
    }
    const byText = new Map(texts.map((text, i) => [text, vectors[i]]));
    chunk.forEach((table, i) => {
      out.push(combineTable(table, documents[i], byText, options.embedder, weights));
    });
    options.onProgress?.(Math.min(start + chunkSize, options.tables.length), options.tables.length);
  }
  return out;
}

function uniqueTexts(documents: readonly TableDocument[], wholeDocuments: boolean): string[] {
  const texts = new Set<string>();
  for (const document of documents) {
    for (const entity of document.entities) texts.add(entity.text);
    if (wholeDocuments) texts.add(document.text);
  }
  return [...texts];
}

function combineTable(
  table: CatalogTable,
  document: TableDocument,
  byText: ReadonlyMap<string, Float32Array>,
  embedder: Embedder,
  weights: Table2VecWeights,
): TableVectors {
  const vectorOf = (text: string): Float32Array => {
    const vector = byText.get(text);
    if (vector === undefined) throw new Error(`embedTables: no vector for entity text "${text}"`);
    return vector;
  };
  const info = (entity: TableEntity): number =>
    weights.informativeness > 0 && scoresInformativeness(embedder)
      ? embedder.informativeness(entity.text) ** weights.informativeness
      : 1;

  const tableVector = new Float32Array(embedder.dimension);
  if (weights.method === 'document') {
    tableVector.set(vectorOf(document.text));
  } else {
    // A kind's mass is shared by structural weight; informativeness then scales each entity, so a kind
    // whose entities say little (`id`, `code`) keeps little of its mass.
    const kindTotals = new Map<TableEntityKind, number>();
    for (const entity of document.entities) {
      kindTotals.set(entity.kind, (kindTotals.get(entity.kind) ?? 0) + entity.weight);
    }
    for (const entity of document.entities) {
      const kindTotal = kindTotals.get(entity.kind) ?? 0;
      const weight = entity.weight * info(entity);
      if (weight === 0 || kindTotal === 0) continue;
      const share = weights.method === 'kind_mass' ? weight / kindTotal ** weights.massExponent : weight;
      addScaled(tableVector, vectorOf(entity.text), weights.kinds[entity.kind] * share);
    }
  }
  normalizeInPlace(tableVector);

  const columns: Record<string, Float32Array> = {};
  for (const column of table.columns) {
    const vector = new Float32Array(embedder.dimension);
    const own = document.entities.filter((entity) => entity.column === column.name);
    const values = own.filter((entity) => entity.kind === 'value');
    for (const entity of own) {
      const scale =
        entity.kind === 'column_name'
          ? 1
          : entity.kind === 'column_comment'
            ? weights.columnComment
            : weights.columnValues / values.length;
      addScaled(vector, vectorOf(entity.text), scale);
    }
    columns[column.name] = normalizeInPlace(vector);
  }
  return {
    table: qualifiedName(table),
    fingerprint: tableVectorsFingerprint(table, embedder.id, weights),
    vector: tableVector,
    columns,
  };
}

function addScaled(target: Float32Array, source: Float32Array, scale: number): void {
  for (let i = 0; i < target.length; i++) target[i] += source[i] * scale;
}
