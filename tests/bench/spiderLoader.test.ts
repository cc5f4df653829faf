import Database from 'better-sqlite3';
import { loadSpider } from '../../src/bench/spiderLoader';
import { readSpiderQuestions, readSpiderSchemas, spiderDatabaseFile } from '../../src/bench/spiderDataset';
import { normaliseSpiderName, spiderQualifiedName } from '../../src/bench/spiderNames';
import { BACKEND, createTestDatabase, type TestDatabase } from '../support/databases';
import { SPIDER_SAMPLE_DIR } from './spiderSample';

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

  beforeAll(async () => {
    db = await createTestDatabase('tb_bench_loader');
  });

  afterAll(async () => {
    await db.drop();
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
      spiderDir: SPIDER_SAMPLE_DIR,
      target: db.source,
      dbIds: ['soccer_2', 'allergy_1'],
    });
    expect(result.schemas).toEqual(['soccer_2', 'allergy_1']);
    expect(result.tables).toBe(6);

    // Row counts equal the SQLite files'.
    let sqliteRows = 0;
    for (const dbId of ['soccer_2', 'allergy_1']) {
      const sqlite = new Database(spiderDatabaseFile(SPIDER_SAMPLE_DIR, dbId), { readonly: true });
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

    const soccer = await columnTypes('soccer_2');
    expect(soccer.get('college.cname')).toBe('text');
    expect(soccer.get('college.enr')).toBe('integer'); // numeric(5,0) holding whole numbers
    expect(soccer.get('player.pid')).toBe('integer');
    expect(soccer.get('player.ycard')).toBe('text');
    expect(soccer.get('tryout.ppos')).toBe('text');
    const allergy = await columnTypes('allergy_1');
    expect(allergy.get('student.stuid')).toBe('integer');
    expect(allergy.get('student.lname')).toBe('text');
    expect(allergy.get('has_allergy.allergy')).toBe('text');

    expect(await constraints('soccer_2')).toEqual([
      'f soccer_2.tryout(cname) -> soccer_2.college',
      'f soccer_2.tryout(pid) -> soccer_2.player',
      'p soccer_2.college(cname)',
      'p soccer_2.player(pid)',
      'p soccer_2.tryout(pid,cname)', // composite key from the SQLite schema; tables.json lists only pid
    ]);
    // Has_Allergy.StuID references students that do not exist (1013): that key is skipped and reported.
    expect(await constraints('allergy_1')).toEqual([
      'f allergy_1.has_allergy(allergy) -> allergy_1.allergy_type',
      'p allergy_1.allergy_type(allergy)',
      'p allergy_1.student(stuid)',
    ]);
    expect(result.skipped).toEqual([
      expect.stringMatching(/^allergy_1\.has_allergy \(stuid\) -> student \(stuid\): .*1013/),
    ]);

    const players = await db.source.queryArrays(
      'SELECT pid, pname, hs FROM soccer_2.player ORDER BY pid LIMIT 2',
    );
    expect(players.rows).toEqual([
      [10001, 'Andrew', 1200],
      [20002, 'Blake', 1600],
    ]);
  });

  it('is idempotent: loading again recreates the schema with the same content', async () => {
    await db.source.exec('CREATE TABLE soccer_2.leftover (x int)');
    const again = await loadSpider({ spiderDir: SPIDER_SAMPLE_DIR, target: db.source, dbIds: ['soccer_2'] });
    expect(again).toMatchObject({ schemas: ['soccer_2'], tables: 3, rows: 16 });
    const tables = await db.source.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'soccer_2' ORDER BY 1",
    );
    expect(tables.rows.map((t) => t.table_name)).toEqual(['college', 'player', 'tryout']);
  });

  it('types dates, timestamps, booleans, decimals and mixed columns from the stored values', async () => {
    const result = await loadSpider({
      spiderDir: SPIDER_SAMPLE_DIR,
      target: db.source,
      dbIds: ['hospital_1'],
    });
    expect(result.tables).toBe(15);
    const types = await columnTypes('hospital_1');
    expect(types.get('trained_in.certificationdate')).toBe('date'); // '2008-01-01' in a DATETIME column
    expect(types.get('appointment.start')).toBe('timestamp without time zone'); // '2008-04-24 10:00'
    expect(types.get('nurse.registered')).toBe('boolean'); // BOOLEAN holding 0/1
    expect(types.get('procedures.cost')).toBe('double precision'); // REAL
    expect(types.get('prescribes.dose')).toBe('integer'); // VARCHAR holding '5', '10'
    expect(types.get('patient.phone')).toBe('text'); // '555-0256'
    // The composite keys of the SQLite schema are kept; the composite foreign key to block stays composite.
    const keys = await constraints('hospital_1');
    expect(keys).toContain('p hospital_1.block(blockfloor,blockcode)');
    expect(keys).toContain('f hospital_1.room(blockfloor,blockcode) -> hospital_1.block');
    const nulls = await db.source.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM hospital_1.appointment WHERE prepnurse IS NULL',
    );
    expect(nulls.rows[0].n).toBe(2);
  });
});

describe('Spider dataset files', () => {
  it('reads tables.json and both question sets with aligned ids', () => {
    const schemas = readSpiderSchemas({ spiderDir: SPIDER_SAMPLE_DIR });
    expect(schemas).toHaveLength(15);
    const original = readSpiderQuestions({ spiderDir: SPIDER_SAMPLE_DIR, set: 'original' });
    const syn = readSpiderQuestions({ spiderDir: SPIDER_SAMPLE_DIR, set: 'syn' });
    expect(original).toHaveLength(1515);
    expect(syn).toHaveLength(1515);
    expect(original[0]).toEqual({
      id: 'original:0',
      dbId: 'bike_1',
      question: 'Give me the dates when the max temperature was higher than 85.',
      goldSql: 'SELECT date FROM weather WHERE max_temperature_f  >  85',
    });
    expect(syn[0]).toMatchObject({ id: 'syn:0', dbId: 'bike_1', goldSql: original[0].goldSql });
  });

  it('normalises names the same way for the loader and the gold tables', () => {
    expect(normaliseSpiderName('Department_Store_Chain')).toBe('department_store_chain');
    expect(normaliseSpiderName('Track Name')).toBe('track_name');
    expect(normaliseSpiderName('db-1.x')).toBe('db_1_x');
    expect(spiderQualifiedName('Hospital_1', 'Trained_In')).toBe('hospital_1.trained_in');
  });
});
