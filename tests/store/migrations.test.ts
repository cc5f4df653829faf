import { mkdtemp, rm, writeFile, mkdir, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { MIGRATIONS_TABLE, migrateLatest, migrateRollbackAll } from '../../src/store/metadataStore';
import { KnexCatalogStore } from '../../src/store/knexCatalogStore';
import * as dropUnread from '../../migrations/20261207010000_drop_unread_catalog_tables';
import { createMetadataFixture, type MetadataFixture } from './metadataFixture';

const CATALOG_TABLES = ['tb_sources', 'tb_catalog_tables', 'tb_table_vectors', 'tb_index_versions'];

async function existingTables(knex: Knex, names: string[]): Promise<string[]> {
  const rows: { table_name: string }[] = await knex('information_schema.tables')
    .select('table_name')
    .whereIn('table_name', names)
    .andWhere('table_schema', knex.raw('current_schema()'));
  return rows.map((r) => r.table_name).sort();
}

describe('metadata store migrations', () => {
  let fixture: MetadataFixture;
  beforeAll(async () => {
    fixture = await createMetadataFixture();
  });
  afterAll(async () => {
    await fixture.drop();
  });

  it(`migrates up and all the way down again`, async () => {
    const applied = await migrateLatest(fixture.knex);
    expect(applied).toContain('20261126100000_catalog');
    expect(await existingTables(fixture.knex, CATALOG_TABLES)).toEqual([...CATALOG_TABLES].sort());
    expect(await migrateLatest(fixture.knex)).toEqual([]);

    const reverted = await migrateRollbackAll(fixture.knex);
    expect(reverted).toContain('20261126100000_catalog');
    expect(await existingTables(fixture.knex, CATALOG_TABLES)).toEqual([]);
    const left: { n: number }[] = await fixture.knex(MIGRATIONS_TABLE).count({ n: '*' });
    expect(Number(left[0].n)).toBe(0);

    expect(await migrateLatest(fixture.knex)).toContain('20261126100000_catalog');
    expect(await existingTables(fixture.knex, CATALOG_TABLES)).toEqual([...CATALOG_TABLES].sort());
  });

  it('the unread catalog tables are dropped, and come back filled from the table documents on down', async () => {
    const unread = ['tb_catalog_columns', 'tb_catalog_relationships'];
    await migrateLatest(fixture.knex);
    expect(await existingTables(fixture.knex, unread)).toEqual([]);
    const store = new KnexCatalogStore({ knex: fixture.knex });
    await store.replaceSource({
      sourceId: 'm',
      label: 'm',
      schemas: ['s'],
      introspectedAt: new Date('2026-01-01T00:00:00Z'),
      tables: [
        {
          sourceId: 'm',
          schema: 's',
          name: 'orders',
          kind: 'table',
          comment: null,
          rowEstimate: 1,
          columns: [
            { name: 'id', position: 1, dataType: 'integer', nullable: false, comment: null, profile: null },
            {
              name: 'customer_id',
              position: 2,
              dataType: 'integer',
              nullable: true,
              comment: 'who',
              profile: null,
            },
          ],
          primaryKey: ['id'],
          foreignKeys: [
            {
              name: 'orders_customer_fkey',
              columns: ['customer_id'],
              referencedSchema: 's',
              referencedTable: 'customers',
              referencedColumns: ['id'],
            },
          ],
          fingerprint: 'fp',
        },
      ],
    });
    await dropUnread.down(fixture.knex);
    try {
      expect(await existingTables(fixture.knex, unread)).toEqual(unread);
      const columns = await fixture.knex('tb_catalog_columns').orderBy('position').select('name', 'comment');
      expect(columns).toEqual([
        { name: 'id', comment: null },
        { name: 'customer_id', comment: 'who' },
      ]);
      const relationships = await fixture.knex('tb_catalog_relationships').select('name', 'referenced_table');
      expect(relationships).toEqual([{ name: 'orders_customer_fkey', referenced_table: 'customers' }]);
    } finally {
      await dropUnread.up(fixture.knex);
    }
    expect(await existingTables(fixture.knex, unread)).toEqual([]);
    expect((await store.loadSource('m'))?.tables[0].foreignKeys).toHaveLength(1);
  });

  it('picks up every migration file of the folder, in timestamp order', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tb-migrations-'));
    try {
      await mkdir(dir, { recursive: true });
      await copyFile(
        path.join(__dirname, '..', '..', 'migrations', '20261126100000_catalog.ts'),
        path.join(dir, '20261126100000_catalog.ts'),
      );
      await writeFile(
        path.join(dir, '20261126130000_extra.ts'),
        [
          "import type { Knex } from 'knex';",
          "export async function up(knex: Knex): Promise<void> { await knex.schema.createTable('tb_extra_probe', (t) => { t.text('id'); }); }",
          "export async function down(knex: Knex): Promise<void> { await knex.schema.dropTable('tb_extra_probe'); }",
        ].join('\n'),
      );
      await writeFile(path.join(dir, 'README.md'), 'not a migration');
      await migrateRollbackAll(fixture.knex);
      const applied = await migrateLatest(fixture.knex, { directory: dir });
      expect(applied).toEqual(['20261126100000_catalog', '20261126130000_extra']);
      expect(await existingTables(fixture.knex, ['tb_extra_probe'])).toEqual(['tb_extra_probe']);
      expect(await migrateRollbackAll(fixture.knex, { directory: dir })).toEqual([
        '20261126130000_extra',
        '20261126100000_catalog',
      ]);
      expect(await existingTables(fixture.knex, ['tb_extra_probe', ...CATALOG_TABLES])).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
