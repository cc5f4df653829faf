import type { Knex } from 'knex';

/**
 * `tb_semantic_models.build`: the identity of the build that produced a stored model, recorded in the row
 * and in the `semantic.json` published with the index version, so a process answering from that version
 * reads the published file instead of the (large) row when both hold the same build.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tb_semantic_models', (t) => {
    t.text('build');
  });
}

/** Drops the column {@link up} added. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tb_semantic_models', (t) => {
    t.dropColumn('build');
  });
}
