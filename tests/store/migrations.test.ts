import { mkdtemp, rm, writeFile, mkdir, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { MIGRATIONS_TABLE, migrateLatest, migrateRollbackAll } from '../../src/store/metadataStore';
import { createMetadataFixture, type MetadataFixture } from './metadataFixture';

const CATALOG_TABLES = [
  'tb_sources',
  'tb_catalog_tables',
  'tb_catalog_columns',
  'tb_catalog_relationships',
  'tb_table_vectors',
  'tb_index_versions',
];

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
