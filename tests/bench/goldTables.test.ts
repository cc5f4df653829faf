import { GoldSqlAnalyzer } from '../../src/bench/goldTables';
import { readSpiderQuestions, readSpiderSchemas } from '../../src/bench/spiderDataset';
import { sqliteToPostgres, tokenizeSql } from '../../src/bench/sqliteSql';
import { describeWhen } from '../support/skip';
import { SPIDER_FIXTURE_SOURCE } from './spiderFixture';
import { SPIDER_SAMPLE_DIR, SPIDER_SAMPLE_PRESENT, SPIDER_SAMPLE_REASON } from './spiderSample';

/** Every gold query of a Spider folder: the tokenizer fallback agrees with the parser and finds tables. */
function expectEveryGoldQueryRead(analyzer: GoldSqlAnalyzer, spiderDir: string, parsedShare: number): void {
  const questions = readSpiderQuestions({ spiderDir, set: 'original' });
  let parsed = 0;
  for (const q of questions) {
    const main = analyzer.analyze({ dbId: q.dbId, sql: q.goldSql });
    // An unbalanced tail makes the Postgres parser refuse the text, so the tokenizer reads it.
    const fallback = analyzer.analyze({ dbId: q.dbId, sql: `${q.goldSql} ) (` });
    expect(fallback.parser).toBe('tokenizer');
    expect({ id: q.id, tables: fallback.tables, ordered: fallback.ordered }).toEqual({
      id: q.id,
      tables: main.tables,
      ordered: main.ordered,
    });
    expect(main.tables.length).toBeGreaterThan(0);
    if (main.parser === 'libpg-query') parsed += 1;
  }
  expect(parsed).toBeGreaterThanOrEqual(questions.length * parsedShare);
}

/**
 * Gold SQL in Spider's style, with the tables and order a careful reader finds. These databases are not in
 * the fixture's tables.json, so every name in a FROM position counts.
 */
const CASES: {
  name: string;
  dbId: string;
  sql: string;
  tables: string[];
  ordered: boolean;
  parser?: string;
}[] = [
  {
    name: 'single table, double-quoted string',
    dbId: 'bike_1',
    sql: 'SELECT avg(lat) ,  avg(long) FROM station WHERE city  =  "San Jose"',
    tables: ['bike_1.station'],
    ordered: false,
  },
  {
    name: 'join with aliases T1/T2 (aliases are not tables), mixed-case names',
    dbId: 'department_store',
    sql: 'SELECT T1.staff_name ,  T1.staff_gender FROM staff AS T1 JOIN Staff_Department_Assignments AS T2 ON T1.staff_id  =  T2.staff_id WHERE T2.job_title_code  =  "Sales Person"',
    tables: ['department_store.staff', 'department_store.staff_department_assignments'],
    ordered: false,
  },
  {
    name: 'four-way join, ORDER BY at the top level',
    dbId: 'store_1',
    sql: 'SELECT T1.name FROM tracks AS T1 JOIN invoice_lines AS T2 ON T1.id = T2.track_id JOIN invoices AS T3 ON T3.id = T2.invoice_id JOIN customers AS T4 ON T4.id = T3.customer_id WHERE T4.first_name = "Daan" AND T4.last_name = "Peeters" ORDER BY T1.name;',
    tables: ['store_1.customers', 'store_1.invoice_lines', 'store_1.invoices', 'store_1.tracks'],
    ordered: true,
  },
  {
    name: 'NOT IN subquery',
    dbId: 'bike_1',
    sql: 'SELECT avg(bikes_available) FROM status WHERE station_id NOT IN (SELECT id FROM station WHERE city  =  "Palo Alto")',
    tables: ['bike_1.station', 'bike_1.status'],
    ordered: false,
  },
  {
    name: 'UNION of a join and a filter on the same table',
    dbId: 'bike_1',
    sql: 'SELECT T1.name ,  T1.id FROM station AS T1 JOIN status AS T2 ON T1.id  =  T2.station_id GROUP BY T2.station_id HAVING avg(T2.bikes_available)  >  14 UNION SELECT name ,  id FROM station WHERE installation_date LIKE "12/%"',
    tables: ['bike_1.station', 'bike_1.status'],
    ordered: false,
  },
  {
    name: 'EXCEPT whose right branch reads a different table',
    dbId: 'college_1',
    sql: "SELECT T1.emp_fname FROM employee AS T1 JOIN professor AS T2 ON T1.emp_num  =  T2.emp_num JOIN department AS T3 ON T2.dept_code  =  T3.dept_code WHERE T3.dept_name  =  'History' EXCEPT SELECT T4.emp_fname FROM employee AS T4 JOIN CLASS AS T5 ON T4.emp_num  =  T5.prof_num",
    tables: ['college_1.class', 'college_1.department', 'college_1.employee', 'college_1.professor'],
    ordered: false,
  },
  {
    name: 'INTERSECT nested inside an IN subquery',
    dbId: 'game_1',
    sql: 'SELECT lname ,  sex FROM Student WHERE StuID IN (SELECT T1.StuID FROM Plays_games AS T1 JOIN Video_games AS T2 ON T1.GameID  =  T2.GameID WHERE T2.Gname  =  "Call of Destiny" INTERSECT SELECT T1.StuID FROM Plays_games AS T1 JOIN Video_games AS T2 ON T1.GameID  =  T2.GameID WHERE T2.Gname  =  "Works of Widenius")',
    tables: ['game_1.plays_games', 'game_1.student', 'game_1.video_games'],
    ordered: false,
  },
  {
    name: 'derived table in FROM with a set operation inside',
    dbId: 'soccer_2',
    sql: "SELECT COUNT(*) FROM (SELECT T1.state FROM college AS T1 JOIN tryout AS T2 ON T1.cName  =  T2.cName WHERE T2.pPos  =  'mid' EXCEPT SELECT T1.state FROM college AS T1 JOIN tryout AS T2 ON T1.cName  =  T2.cName WHERE T2.pPos  =  'goalie')",
    tables: ['soccer_2.college', 'soccer_2.tryout'],
    ordered: false,
  },
  {
    name: 'scalar subqueries in WHERE',
    dbId: 'hr_1',
    sql: "SELECT employee_id ,  first_name ,  last_name ,  salary FROM employees WHERE salary  >  ( SELECT AVG (salary) FROM employees ) AND department_id IN ( SELECT department_id FROM employees WHERE first_name LIKE '%J%')",
    tables: ['hr_1.employees'],
    ordered: false,
  },
  {
    name: 'ORDER BY only inside a subquery does not order the result',
    dbId: 'dorm_1',
    sql: 'SELECT dorm_name FROM dorm WHERE dormid IN (SELECT dormid FROM has_amenity GROUP BY dormid ORDER BY count(*) DESC LIMIT 1)',
    tables: ['dorm_1.dorm', 'dorm_1.has_amenity'],
    ordered: false,
  },
  {
    name: 'SQLite-only JOIN without ON: the tokenizer fallback reads it',
    dbId: 'bike_1',
    sql: 'SELECT count(*) FROM station AS T1 JOIN trip AS T2 JOIN station AS T3 JOIN trip AS T4 ON T1.id  =  T2.start_station_id AND T2.id  =  T4.id AND T3.id  =  T4.end_station_id WHERE T1.city  =  "Mountain View" AND T3.city  =  "Palo Alto"',
    tables: ['bike_1.station', 'bike_1.trip'],
    ordered: false,
    parser: 'tokenizer',
  },
];

describe('GoldSqlAnalyzer', () => {
  let analyzer: GoldSqlAnalyzer;

  beforeAll(async () => {
    analyzer = await GoldSqlAnalyzer.create({
      schemas: readSpiderSchemas({ spiderDir: SPIDER_FIXTURE_SOURCE }),
    });
  });

  it.each(CASES)('$name', ({ dbId, sql, tables, ordered, parser }) => {
    const result = analyzer.analyze({ dbId, sql });
    expect(result.tables).toEqual(tables);
    expect(result.ordered).toBe(ordered);
    expect(result.parser).toBe(parser ?? 'libpg-query');
  });

  it('drops CTE names and, with tables.json, names that are no table of the database', () => {
    const sql =
      'WITH top AS (SELECT Farm_ID FROM Plot) SELECT * FROM top JOIN Farm ON top.Farm_ID = Farm.Farm_ID';
    expect(analyzer.analyze({ dbId: 'orchard_1', sql }).tables).toEqual(['orchard_1.farm', 'orchard_1.plot']);
    expect(analyzer.analyze({ dbId: 'orchard_1', sql: 'SELECT * FROM nowhere' }).tables).toEqual([]);
    // Without tables.json for a database, the name is kept.
    expect(analyzer.analyze({ dbId: 'elsewhere', sql: 'SELECT * FROM nowhere' }).tables).toEqual([
      'elsewhere.nowhere',
    ]);
  });

  it('agrees with the tokenizer fallback and finds tables for every gold query of the fixture', () => {
    expectEveryGoldQueryRead(analyzer, SPIDER_FIXTURE_SOURCE, 1);
  });

  describeWhen(SPIDER_SAMPLE_PRESENT, SPIDER_SAMPLE_REASON)('on the full Spider sample', () => {
    it('agrees with the tokenizer fallback and finds tables for every gold query', async () => {
      const sample = await GoldSqlAnalyzer.create({
        schemas: readSpiderSchemas({ spiderDir: SPIDER_SAMPLE_DIR }),
      });
      expectEveryGoldQueryRead(sample, SPIDER_SAMPLE_DIR, 0.99);
    });
  });
});

describe('SQLite to Postgres rewrite', () => {
  it('turns double-quoted strings into literals, backticks into identifiers, == into =', () => {
    expect(sqliteToPostgres('SELECT `Name` FROM "Singer" WHERE a == "it\'s" AND b != \'x\'')).toBe(
      `SELECT "Name" FROM "Singer" WHERE a = 'it''s' AND b != 'x'`,
    );
    expect(sqliteToPostgres('SELECT T1.x FROM t AS T1 -- note\nWHERE T1.y = "a.b"')).toBe(
      "SELECT T1.x FROM t AS T1 WHERE T1.y = 'a.b'",
    );
  });

  it('tracks parenthesis depth', () => {
    const tokens = tokenizeSql('SELECT (a) FROM t ORDER BY a');
    expect(tokens.map((t) => `${t.text}@${t.depth}`)).toEqual([
      'SELECT@0',
      '(@0',
      'a@1',
      ')@0',
      'FROM@0',
      't@0',
      'ORDER@0',
      'BY@0',
      'a@0',
    ]);
  });
});
