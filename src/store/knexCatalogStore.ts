import type { Knex } from 'knex';
import type { CatalogTable, SourceCatalog } from '../catalog';
import {
  compareCodePoints,
  compareTables,
  type CachedTableVectors,
  type CatalogStore,
  type IndexVersionInput,
  type IndexVersionRecord,
  type SourceChanges,
  type SourceSummary,
} from './catalogStore';

/** Options for {@link KnexCatalogStore}. */
export interface KnexCatalogStoreOptions {
  /** A migrated metadata store (see `createMetadataKnex` and `migrateLatest`). */
  knex: Knex;
  /** Rows per INSERT statement. @default 500 */
  batchSize?: number;
}

interface SourceRow {
  id: string;
  label: string;
  schemas: string[];
  indexed_at: Date;
  table_count?: number | string;
}

interface TableRow {
  document: CatalogTable;
}

interface VectorRow {
  fingerprint: string;
  dimension: number;
  table_vector: Uint8Array;
  column_names: string[];
  column_vectors: Uint8Array;
}

interface IndexVersionRow {
  version: number;
  embedder_id: string;
  dimension: number;
  table_count: number;
  path: string;
  created_at: Date;
}

/**
 * The {@link CatalogStore} of the bot's metadata database (PGlite or Postgres, through knex). Tables
 * are the `tb_*` tables of `migrations/` (the catalog migration and the later ones).
 */
export class KnexCatalogStore implements CatalogStore {
  private readonly knex: Knex;
  private readonly batchSize: number;

  constructor(options: KnexCatalogStoreOptions) {
    this.knex = options.knex;
    this.batchSize = options.batchSize ?? 500;
  }

  async replaceSource(catalog: SourceCatalog): Promise<void> {
    const sourceId = catalog.sourceId;
    await this.knex.transaction(async (trx) => {
      await this.upsertSourceRow(trx, catalog);
      await trx('tb_catalog_tables').where({ source_id: sourceId }).del();
      await this.insertTables(trx, sourceId, catalog.tables);
    });
  }

  async updateSource(catalog: SourceCatalog, changes: SourceChanges): Promise<void> {
    const sourceId = catalog.sourceId;
    const stale = [...changes.changed, ...changes.removed];
    await this.knex.transaction(async (trx) => {
      await this.upsertSourceRow(trx, catalog);
      for (let i = 0; i < stale.length; i += this.batchSize) {
        const batch = stale.slice(i, i + this.batchSize);
        // two array parameters, not a (schema, name) IN list of pairs: on PGlite a list of a few hundred
        // pairs of parameters silently matched no row, and the insert below then failed on the primary key
        await trx('tb_catalog_tables')
          .where({ source_id: sourceId })
          .whereRaw('(schema, name) IN (SELECT * FROM unnest(?::text[], ?::text[]))', [
            batch.map((t) => t.schema),
            batch.map((t) => t.name),
          ])
          .del();
      }
      await this.insertTables(trx, sourceId, changes.changed);
    });
  }

  private async upsertSourceRow(trx: Knex.Transaction, catalog: SourceCatalog): Promise<void> {
    await trx('tb_sources')
      .insert({
        id: catalog.sourceId,
        label: catalog.label,
        schemas: JSON.stringify(catalog.schemas),
        indexed_at: catalog.introspectedAt,
      })
      .onConflict('id')
      .merge();
  }

  private async insertTables(
    trx: Knex.Transaction,
    sourceId: string,
    tables: readonly CatalogTable[],
  ): Promise<void> {
    // rows are made batch by batch: the whole catalog's documents are never held as JSON text at once
    // (at 50,000 tables that text alone was a few hundred MB next to the catalog it was made from)
    await this.insertBatches(trx, 'tb_catalog_tables', tables, (table) => {
      const t = { ...table, sourceId };
      return {
        source_id: sourceId,
        schema: t.schema,
        name: t.name,
        kind: t.kind,
        comment: t.comment,
        row_estimate: t.rowEstimate,
        primary_key: JSON.stringify(t.primaryKey),
        fingerprint: t.fingerprint,
        document: JSON.stringify(t),
      };
    });
  }

  async loadSource(sourceId: string): Promise<SourceCatalog | null> {
    const source: SourceRow | undefined = await this.knex('tb_sources').where({ id: sourceId }).first();
    if (!source) return null;
    return {
      sourceId: source.id,
      label: source.label,
      schemas: source.schemas,
      tables: await this.loadAllTables([sourceId]),
      introspectedAt: new Date(source.indexed_at),
    };
  }

  async listSources(): Promise<SourceSummary[]> {
    const rows: SourceRow[] = await this.knex('tb_sources as s')
      .leftJoin('tb_catalog_tables as t', 't.source_id', 's.id')
      .groupBy('s.id', 's.label', 's.schemas', 's.indexed_at')
      .select('s.id', 's.label', 's.schemas', 's.indexed_at')
      .select(this.knex.raw('count(t.name)::int AS table_count'));
    return rows
      .map((r) => ({
        sourceId: r.id,
        label: r.label,
        schemas: r.schemas,
        tableCount: Number(r.table_count ?? 0),
        indexedAt: new Date(r.indexed_at),
      }))
      .sort((a, b) => compareCodePoints(a.sourceId, b.sourceId));
  }

  async loadAllTables(sourceIds?: string[]): Promise<CatalogTable[]> {
    const query = this.knex('tb_catalog_tables').select('document');
    if (sourceIds) query.whereIn('source_id', sourceIds);
    const rows: TableRow[] = await query;
    return rows.map((r) => r.document).sort(compareTables);
  }

  async getCachedVectors(
    embedderId: string,
    fingerprints: string[],
  ): Promise<Map<string, CachedTableVectors>> {
    const found = new Map<string, CachedTableVectors>();
    const unique = [...new Set(fingerprints)];
    for (let i = 0; i < unique.length; i += this.batchSize) {
      const rows: VectorRow[] = await this.knex('tb_table_vectors')
        .select('fingerprint', 'dimension', 'table_vector', 'column_names', 'column_vectors')
        .where({ embedder_id: embedderId })
        .whereIn('fingerprint', unique.slice(i, i + this.batchSize));
      for (const row of rows) {
        const columnValues = bytesToFloats(row.column_vectors);
        const columns: Record<string, Float32Array> = {};
        row.column_names.forEach((name, k) => {
          columns[name] = columnValues.slice(k * row.dimension, (k + 1) * row.dimension);
        });
        found.set(row.fingerprint, {
          fingerprint: row.fingerprint,
          table: bytesToFloats(row.table_vector),
          columns,
        });
      }
    }
    return found;
  }

  async putCachedVectors(embedderId: string, entries: CachedTableVectors[]): Promise<void> {
    const rows = entries.map((e) => {
      const names = Object.keys(e.columns);
      const concatenated = new Float32Array(names.length * e.table.length);
      names.forEach((name, k) => {
        const v = e.columns[name];
        if (v.length !== e.table.length) {
          throw new RangeError(
            `KnexCatalogStore.putCachedVectors: column ${name} of ${e.fingerprint} has ${v.length} dimensions, the table vector ${e.table.length}`,
          );
        }
        concatenated.set(v, k * e.table.length);
      });
      return {
        embedder_id: embedderId,
        fingerprint: e.fingerprint,
        dimension: e.table.length,
        table_vector: floatsToBytes(e.table),
        column_names: JSON.stringify(names),
        column_vectors: floatsToBytes(concatenated),
      };
    });
    await this.knex.transaction(async (trx) => {
      for (let i = 0; i < rows.length; i += this.batchSize) {
        await trx('tb_table_vectors')
          .insert(rows.slice(i, i + this.batchSize))
          .onConflict(['embedder_id', 'fingerprint'])
          .merge();
      }
    });
  }

  async recordIndexVersion(version: IndexVersionInput): Promise<void> {
    await this.knex('tb_index_versions').insert({
      version: version.version,
      embedder_id: version.embedderId,
      dimension: version.dimension,
      table_count: version.tableCount,
      path: version.path,
    });
  }

  async latestIndexVersion(): Promise<IndexVersionRecord | null> {
    const row: IndexVersionRow | undefined = await this.knex('tb_index_versions')
      .orderBy([
        { column: 'version', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    if (!row) return null;
    return {
      version: row.version,
      embedderId: row.embedder_id,
      dimension: row.dimension,
      tableCount: row.table_count,
      path: row.path,
      createdAt: new Date(row.created_at),
    };
  }

  /** Inserts `items` as rows of `table`, {@link batchSize} per statement, each batch's rows made just before it. */
  private async insertBatches<T>(
    trx: Knex.Transaction,
    table: string,
    items: readonly T[],
    row: (item: T) => object,
  ): Promise<void> {
    for (let i = 0; i < items.length; i += this.batchSize) {
      await trx(table).insert(items.slice(i, i + this.batchSize).map(row));
    }
  }
}

/** Float32 values as little-endian bytes (the `bytea` layout of `tb_table_vectors`). */
function floatsToBytes(values: Float32Array): Buffer {
  const bytes = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) bytes.writeFloatLE(values[i], i * 4);
  return bytes;
}

/** Inverse of {@link floatsToBytes}; works on any `Uint8Array` view (pg returns pooled Buffers). */
function bytesToFloats(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(Math.floor(bytes.byteLength / 4));
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}
