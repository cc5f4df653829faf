import type { Knex } from 'knex';

/**
 * The audit log: one row per question any front end asked the pipeline — who (identity and channel), what,
 * when, the decision, the tables, the SQL, rows returned, duration and error code. Secrets are redacted
 * before a row is written (see src/store/auditRedaction.ts); `AUDIT_RETENTION_DAYS` prunes old rows.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tb_audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('asked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('user_id').notNullable();
    t.text('channel').notNullable();
    t.jsonb('groups').notNullable();
    t.text('question').notNullable();
    t.text('source_id');
    t.text('decision').notNullable();
    t.jsonb('tables').notNullable();
    t.text('sql');
    t.integer('row_count');
    t.double('duration_ms').notNullable();
    t.text('error');
    t.index(['asked_at']);
    t.index(['user_id', 'asked_at']);
  });
}

/** Drops the audit log. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('tb_audit_log');
}
