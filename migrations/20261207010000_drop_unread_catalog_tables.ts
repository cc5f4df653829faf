import type { Knex } from 'knex';

/**
 * Drops `tb_catalog_columns` and `tb_catalog_relationships`: every reindex wrote them and nothing read them
 * (`loadSource` reads the whole table from `tb_catalog_tables.document`, which holds the columns and foreign
 * keys too).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('tb_catalog_relationships');
  await knex.schema.dropTableIfExists('tb_catalog_columns');
}

interface DocumentRow {
  source_id: string;
  schema: string;
  name: string;
  document: string | DocumentTable;
}

interface DocumentTable {
  columns: {
    name: string;
    position: number;
    dataType: string;
    nullable: boolean;
    comment: string | null;
    profile: unknown;
  }[];
  foreignKeys: {
    name: string;
    columns: string[];
    referencedSchema: string;
    referencedTable: string;
    referencedColumns: string[];
  }[];
}

/** Recreates both tables as they were and fills them again from the stored table documents. */
export async function down(knex: Knex): Promise<void> {
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
  const rows: DocumentRow[] = await knex('tb_catalog_tables').select(
    'source_id',
    'schema',
    'name',
    'document',
  );
  for (const row of rows) {
    const doc: DocumentTable = typeof row.document === 'string' ? JSON.parse(row.document) : row.document;
    const at = { source_id: row.source_id, schema: row.schema, table_name: row.name };
    const columns = doc.columns.map((c) => ({
      ...at,
      name: c.name,
      position: c.position,
      data_type: c.dataType,
      nullable: c.nullable,
      comment: c.comment,
      profile: c.profile ? JSON.stringify(c.profile) : null,
    }));
    const relationships = doc.foreignKeys.map((fk) => ({
      ...at,
      name: fk.name,
      columns: JSON.stringify(fk.columns),
      referenced_schema: fk.referencedSchema,
      referenced_table: fk.referencedTable,
      referenced_columns: JSON.stringify(fk.referencedColumns),
    }));
    for (let i = 0; i < columns.length; i += 500)
      await knex('tb_catalog_columns').insert(columns.slice(i, i + 500));
    for (let i = 0; i < relationships.length; i += 500)
      await knex('tb_catalog_relationships').insert(relationships.slice(i, i + 500));
  }
}
