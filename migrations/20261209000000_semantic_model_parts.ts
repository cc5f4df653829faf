import type { Knex } from 'knex';

/**
 * `tb_semantic_model_parts`: a stored semantic model written as consecutive parts of its JSON text, one row
 * each, instead of one `jsonb` value. A model of tens of thousands of tables is a JSON document of a
 * hundred megabytes; written as one value, an embedded PGlite store grows its wasm memory by several times
 * that (the parameter, the parsed jsonb, the toasted copy) and never gives it back. A row of
 * `tb_semantic_models` whose `model` is null has its model in the parts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tb_semantic_model_parts', (t) => {
    t.text('source_id').notNullable();
    t.integer('index_version').notNullable();
    /** 0, 1, 2…: the parts concatenated in this order are the model's JSON text. */
    t.integer('part').notNullable();
    t.text('body').notNullable();
    t.primary(['source_id', 'index_version', 'part']);
    t.foreign(['source_id', 'index_version'])
      .references(['source_id', 'index_version'])
      .inTable('tb_semantic_models')
      .onDelete('CASCADE');
  });
  await knex.schema.alterTable('tb_semantic_models', (t) => {
    t.jsonb('model').nullable().alter();
  });
}

/** Drops the parts (and the models stored in parts), and makes `model` required again. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('tb_semantic_model_parts');
  await knex('tb_semantic_models').whereNull('model').del();
  await knex.schema.alterTable('tb_semantic_models', (t) => {
    t.jsonb('model').notNullable().alter();
  });
}
