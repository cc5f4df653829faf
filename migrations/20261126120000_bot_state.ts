import type { Knex } from 'knex';

/**
 * The bot half of the metadata store: Bot Framework conversation and user state (one JSON document per
 * storage key, with the eTag botbuilder's optimistic concurrency needs) and the 👍 / 👎 feedback people
 * give on answers.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tb_bot_state', (t) => {
    t.text('key').primary();
    t.jsonb('data').notNullable();
    t.text('etag').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('tb_bot_feedback', (t) => {
    t.bigIncrements('id').primary();
    t.text('answer_id').notNullable();
    t.text('value').notNullable();
    t.text('question');
    t.text('sql');
    t.jsonb('tables').notNullable();
    t.text('decision');
    t.text('conversation_id').notNullable();
    t.text('user_id').notNullable();
    t.text('channel_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['answer_id', 'user_id']);
    t.index(['created_at']);
    t.check("value IN ('up', 'down')", [], 'tb_bot_feedback_value_check');
  });
}

/** Drops the bot tables. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('tb_bot_feedback');
  await knex.schema.dropTableIfExists('tb_bot_state');
}
