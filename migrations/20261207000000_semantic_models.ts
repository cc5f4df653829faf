import type { Knex } from 'knex';

/**
 * The semantic model of each source (src/semantic), stored with the catalog and versioned with the index:
 * one row per source and index version, holding the merged model (derived + the admin's file) and the
 * lines of the admin's file that could not be applied. Older versions are pruned by the store.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tb_semantic_models', (t) => {
    t.text('source_id').notNullable().references('id').inTable('tb_sources').onDelete('CASCADE');
    t.integer('index_version').notNullable();
    /** The whole SemanticModel as JSON. */
    t.jsonb('model').notNullable();
    /** OverrideProblem[]: lines of the admin's file that could not be applied. */
    t.jsonb('problems').notNullable();
    /** The admin's file the model was merged with, when there was one. */
    t.text('overrides_path');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['source_id', 'index_version']);
  });
}

/** Drops everything {@link up} created. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('tb_semantic_models');
}
