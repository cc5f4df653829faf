import type { Knex } from 'knex';

/**
 * The catalog half of the metadata store: introspected sources, their tables, columns and foreign keys,
 * the per-fingerprint embedding cache used by incremental reindexing, and the history of built indexes.
 * Every table carries the `tb_` prefix so the store can share a database with other applications.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tb_sources', (t) => {
    t.text('id').primary();
    t.text('label').notNullable();
    t.jsonb('schemas').notNullable();
    t.timestamp('indexed_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('tb_catalog_tables', (t) => {
    t.text('source_id').notNullable().references('id').inTable('tb_sources').onDelete('CASCADE');
    t.text('schema').notNullable();
    t.text('name').notNullable();
    t.text('kind').notNullable();
    t.text('comment');
    t.double('row_estimate');
    t.jsonb('primary_key').notNullable();
    t.text('fingerprint').notNullable();
    /** The whole CatalogTable as JSON: what loadSource returns, byte for byte. */
    t.jsonb('document').notNullable();
    t.primary(['source_id', 'schema', 'name']);
    t.index(['fingerprint']);
  });

  await knex.schema.createTable('tb_catalog_columns', (t) => {
    t.text('source_id').notNullable();
    t.text('schema').notNullable();
    t.text('table_name').notNullable();
    t.text('name').notNullable();
    t.integer('position').notNullable();
    t.text('data_type').notNullable();
    t.boolean('nullable').notNullable();
    t.text('comment');
    t.jsonb('profile');
    t.primary(['source_id', 'schema', 'table_name', 'name']);
    t.foreign(['source_id', 'schema', 'table_name'])
      .references(['source_id', 'schema', 'name'])
      .inTable('tb_catalog_tables')
      .onDelete('CASCADE');
  });

  await knex.schema.createTable('tb_catalog_relationships', (t) => {
    t.text('source_id').notNullable();
    t.text('schema').notNullable();
    t.text('table_name').notNullable();
    t.text('name').notNullable();
    t.jsonb('columns').notNullable();
    t.text('referenced_schema').notNullable();
    t.text('referenced_table').notNullable();
    t.jsonb('referenced_columns').notNullable();
    t.primary(['source_id', 'schema', 'table_name', 'name']);
    t.foreign(['source_id', 'schema', 'table_name'])
      .references(['source_id', 'schema', 'name'])
      .inTable('tb_catalog_tables')
      .onDelete('CASCADE');
    t.index(['source_id', 'referenced_schema', 'referenced_table']);
  });

  await knex.schema.createTable('tb_table_vectors', (t) => {
    t.text('embedder_id').notNullable();
    t.text('fingerprint').notNullable();
    t.integer('dimension').notNullable();
    /** Little-endian float32 values of the table vector. */
    t.binary('table_vector').notNullable();
    /** Column names, in the order their vectors are concatenated in `column_vectors`. */
    t.jsonb('column_names').notNullable();
    /** The column vectors (each `dimension` float32 values), concatenated. */
    t.binary('column_vectors').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['embedder_id', 'fingerprint']);
  });

  await knex.schema.createTable('tb_index_versions', (t) => {
    t.increments('id').primary();
    t.integer('version').notNullable();
    t.text('embedder_id').notNullable();
    t.integer('dimension').notNullable();
    t.integer('table_count').notNullable();
    t.text('path').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['version']);
  });
}

/** Drops everything {@link up} created. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('tb_index_versions');
  await knex.schema.dropTableIfExists('tb_table_vectors');
  await knex.schema.dropTableIfExists('tb_catalog_relationships');
  await knex.schema.dropTableIfExists('tb_catalog_columns');
  await knex.schema.dropTableIfExists('tb_catalog_tables');
  await knex.schema.dropTableIfExists('tb_sources');
}
