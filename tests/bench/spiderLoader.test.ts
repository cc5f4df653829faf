import path from 'node:path';
import Database from 'better-sqlite3';
import { loadSpider } from '../../src/bench/spiderLoader';
import { readSpiderQuestions, readSpiderSchemas, spiderDatabaseFile } from '../../src/bench/spiderDataset';
import { normaliseSpiderName, spiderQualifiedName } from '../../src/bench/spiderNames';
import { BACKEND, createTestDatabase, type TestDatabase } from '../support/databases';
import { describeWhen } from '../support/skip';
import { createSpiderFixture, SPIDER_FIXTURE_SOURCE, type SpiderFixture } from './spiderFixture';
import { SPIDER_SAMPLE_DIR, SPIDER_SAMPLE_PRESENT, SPIDER_SAMPLE_REASON } from './spiderSample';

const sampleDescribe = describeWhen(SPIDER_SAMPLE_PRESENT, SPIDER_SAMPLE_REASON);

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
}

interface ConstraintRow {
  table_name: string;
  constraint_type: string;
  columns: string;
  referenced: string | null;
}

describe(`loadSpider (${BACKEND})`, () => {
  let db: TestDatabase;
  let fixture: SpiderFixture;

  beforeAll(async () => {
    fixture = createSpiderFixture();
    db = await createTestDatabase('tb_bench_loader');
  });

  afterAll(async () => {
    await db.drop();
    fixture.remove();
  });

  async function columnTypes(schema: string): Promise<Map<string, string>> {
    const r = await db.source.query<ColumnRow>(
      'SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = $1',
      [schema],
    );
    return new Map(r.rows.map((c) => [`${c.table_name}.${c.column_name}`, c.data_type]));
  }

  async function constraints(schema: string): Promise<string[]> {
    const r = await db.source.query<ConstraintRow>(
      `SELECT c.conrelid::regclass::text AS table_name, c.contype AS constraint_type,
              (SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
              CASE WHEN c.contype = 'f' THEN c.confrelid::regclass::text END AS referenced
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = $1 AND c.contype IN ('p', 'f', 'u')`,
      [schema],
    );
    return r.rows
      .map(
        (c) =>
          `${c.constraint_type} ${c.table_name}(${c.columns})${c.referenced ? ` -> ${c.referenced}` : ''}`,
      )
      .sort();
  }

  it('loads two databases with inferred types, every row, and the keys the data allows', async () => {
    const result = await loadSpider({
      spiderDir: fixture.dir,
      target: db.source,
      dbIds: ['orchard_1', 'clinic_1'],
    });
    expect(result.schemas).toEqual(['orchard_1', 'clinic_1']);
    expect(result.tables).toBe(6);

    // Row counts equal the SQLite files'.
    let sqliteRows = 0;
    for (const dbId of ['orchard_1', 'clinic_1']) {
      const sqlite = new Database(spiderDatabaseFile(fixture.dir, dbId), { readonly: true });
      try {
        const names = sqlite
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
          .all() as { name: string }[];
        for (const { name } of names) {
          const expected = (sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
          const actual = await db.source.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${spiderQualifiedName(dbId, name)}`,
          );
          expect({ table: name, rows: actual.rows[0].n }).toEqual({ table: name, rows: expected });
          sqliteRows += expected;
        }
      } finally {
        sqlite.close();
      }
    }
    expect(result.rows).toBe(sqliteRows);

    const orchard = await columnTypes('orchard_1');
    expect(orchard.get('farm.name')).toBe('text');
    expect(orchard.get('farm.acres')).toBe('integer'); // numeric(5,0) holding whole numbers
    expect(orchard.get('farm.organic')).toBe('boolean'); // BOOLEAN holding 0/1
    expect(orchard.get('picker.picker_id')).toBe('integer');
    expect(orchard.get('picker.rookie')).toBe('text');
    expect(orchard.get('picker.hired')).toBe('date'); // '2019-03-01' in a DATETIME column
    expect(orchard.get('picker.phone')).toBe('text'); // '555-0101'
    expect(orchard.get('picker.badge')).toBe('integer'); // VARCHAR holding '12', '7'
    expect(orchard.get('harvest.picked_at')).toBe('timestamp without time zone'); // '2021-09-14 08:30'
    expect(orchard.get('harvest.kilos')).toBe('double precision'); // REAL
    const clinic = await columnTypes('clinic_1');
    expect(clinic.get('visit.visit_id')).toBe('integer');
    expect(clinic.get('vet.vname')).toBe('text');

    expect(await constraints('orchard_1')).toEqual([
      'f orchard_1.harvest(farm_id,plot_code) -> orchard_1.plot', // composite foreign key stays composite
      'f orchard_1.harvest(picker_id) -> orchard_1.picker',
      'f orchard_1.plot(farm_id) -> orchard_1.farm',
      'p orchard_1.farm(farm_id)',
      'p orchard_1.harvest(picker_id,farm_id,plot_code)', // from the SQLite schema; tables.json lists one column
      'p orchard_1.picker(picker_id)',
      'p orchard_1.plot(farm_id,plot_code)',
    ]);
    // Visit.Vet_ID references a vet that does not exist (99): that key is skipped and reported.
    expect(await constraints('clinic_1')).toEqual(['p clinic_1.vet(vet_id)', 'p clinic_1.visit(visit_id)']);
    expect(result.skipped).toEqual([
      expect.stringMatching(/^clinic_1\.visit \(vet_id\) -> vet \(vet_id\): .*99/),
    ]);

    const pickers = await db.source.queryArrays(
      'SELECT picker_id, pname, badge FROM orchard_1.picker ORDER BY picker_id LIMIT 2',
    );
    expect(pickers.rows).toEqual([
      [101, 'Mara', 12],
      [102, 'Tomas', 7],
    ]);
    const nulls = await db.source.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM clinic_1.visit WHERE nurse IS NULL',
    );
    expect(nulls.rows[0].n).toBe(2);
  });

  it('is idempotent: loading again recreates the schema with the same content', async () => {
    await db.source.exec('CREATE TABLE orchard_1.leftover (x int)');
    const again = await loadSpider({ spiderDir: fixture.dir, target: db.source, dbIds: ['orchard_1'] });
    expect(again).toMatchObject({ schemas: ['orchard_1'], tables: 4, rows: 17 });
    const tables = await db.source.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'orchard_1' ORDER BY 1",
    );
    expect(tables.rows.map((t) => t.table_name)).toEqual(['farm', 'harvest', 'picker', 'plot']);
  });
});

describe('Spider dataset files', () => {
  it('reads tables.json and both question sets with aligned ids', () => {
    const schemas = readSpiderSchemas({ spiderDir: SPIDER_FIXTURE_SOURCE });
    expect(schemas.map((s) => s.dbId)).toEqual(['orchard_1', 'clinic_1']);
    expect(schemas[0].primaryKeys).toEqual([1, [6, 7], 9, 15]);
    expect(schemas[0].columns[0]).toEqual([-1, '*']);
    const original = readSpiderQuestions({ spiderDir: SPIDER_FIXTURE_SOURCE, set: 'original' });
    const syn = readSpiderQuestions({ spiderDir: SPIDER_FIXTURE_SOURCE, set: 'syn' });
    expect(original).toHaveLength(10);
    expect(syn).toHaveLength(10);
    expect(original[0]).toEqual({
      id: 'original:0',
      dbId: 'orchard_1',
      question: 'How many pickers are rookies?',
      goldSql: 'SELECT count(*) FROM Picker WHERE Rookie  =  "yes"',
    });
    expect(syn[0]).toMatchObject({ id: 'syn:0', dbId: 'orchard_1', goldSql: original[0].goldSql });
  });

  it('says which file is missing or malformed', () => {
    expect(() => readSpiderSchemas({ spiderDir: path.join(SPIDER_FIXTURE_SOURCE, 'database') })).toThrow(
      /readSpiderSchemas: cannot read .*tables\.json/,
    );
    expect(() =>
      readSpiderQuestions({ spiderDir: path.join(SPIDER_FIXTURE_SOURCE, 'database'), set: 'syn' }),
    ).toThrow(/no syn question file/);
  });

  sampleDescribe('the full Spider sample', () => {
    it('has 15 databases and 1515 aligned questions per set', () => {
      expect(readSpiderSchemas({ spiderDir: SPIDER_SAMPLE_DIR })).toHaveLength(15);
      const original = readSpiderQuestions({ spiderDir: SPIDER_SAMPLE_DIR, set: 'original' });
      const syn = readSpiderQuestions({ spiderDir: SPIDER_SAMPLE_DIR, set: 'syn' });
      expect(original).toHaveLength(1515);
      expect(syn).toHaveLength(1515);
      expect(syn.map((q) => q.goldSql)).toEqual(original.map((q) => q.goldSql));
    });
  });

  it('normalises names the same way for the loader and the gold tables', () => {
    expect(normaliseSpiderName('Department_Store_Chain')).toBe('department_store_chain');
    expect(normaliseSpiderName('Track Name')).toBe('track_name');
    expect(normaliseSpiderName('db-1.x')).toBe('db_1_x');
    expect(spiderQualifiedName('Hospital_1', 'Trained_In')).toBe('hospital_1.trained_in');
  });
});
