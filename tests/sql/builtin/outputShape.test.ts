import type { CatalogTable } from '../../../src/catalog/types';
import { BuiltinSqlGenerator } from '../../../src/sql/builtin/builtinSqlGenerator';
import type { JoinEdge } from '../../../src/sql/types';
import { BACKEND, createTestDatabase, type TestDatabase } from '../../support/databases';
import { shopCatalog } from './shopFixture';
import { sortedRowKeys } from './support/resultRows';

/**
 * Output shape of business questions (src/sql/builtin/README.md, failure class 15) on an invented gym schema:
 * coaches with a role and a leaving date (one head coach has left), branches with a manager (a foreign key
 * to coaches), gear with a stock keeping unit, and the stock of gear per branch. Each question's SQL must
 * return the rows of a hand-written query.
 */
const DDL = `
CREATE SCHEMA gy;
CREATE TABLE gy.branches (branch_id integer PRIMARY KEY, branch_name text NOT NULL);
CREATE TABLE gy.coaches (
  coach_id integer PRIMARY KEY,
  branch_id integer NOT NULL REFERENCES gy.branches(branch_id),
  first_name text NOT NULL,
  last_name text NOT NULL,
  role text NOT NULL,
  hourly_rate numeric(6,2) NOT NULL,
  hired_on date NOT NULL,
  left_on date
);
ALTER TABLE gy.branches ADD COLUMN manager_id integer REFERENCES gy.coaches(coach_id);
CREATE TABLE gy.gear (gear_id integer PRIMARY KEY, sku text NOT NULL, gear_name text NOT NULL);
CREATE TABLE gy.stock (
  stock_id integer PRIMARY KEY,
  branch_id integer NOT NULL REFERENCES gy.branches(branch_id),
  gear_id integer NOT NULL REFERENCES gy.gear(gear_id),
  on_hand integer NOT NULL
);
INSERT INTO gy.branches VALUES (1, 'Harbor Gym', NULL), (2, 'Hilltop Gym', NULL);
INSERT INTO gy.coaches VALUES
  (1, 1, 'Rosa', 'Vance', 'Head Coach', 40, '2019-02-01', '2022-06-30'),
  (2, 1, 'Ugo', 'Marsh', 'Head Coach', 42, '2022-07-01', NULL),
  (3, 1, 'Pia', 'Lund', 'Coach', 30, '2023-03-10', NULL),
  (4, 2, 'Eli', 'Stone', 'Head Coach', 41, '2020-09-01', NULL),
  (5, 2, 'Ada', 'Krol', 'Coach', 28, '2023-05-05', '2024-01-31');
UPDATE gy.branches SET manager_id = 2 WHERE branch_id = 1;
UPDATE gy.branches SET manager_id = 4 WHERE branch_id = 2;
INSERT INTO gy.gear VALUES (1, 'KB-16', 'kettlebell'), (2, 'RP-02', 'rope'), (3, 'MT-09', 'mat');
INSERT INTO gy.stock VALUES (1, 1, 1, 4), (2, 1, 3, 12), (3, 2, 2, 6), (4, 2, 3, 3);
ANALYZE;
`;

interface ShapeCase {
  rule: string;
  question: string;
  tables: string[];
  /** Tables one foreign key away that retrieval did not choose (the pipeline's `neighbours`). */
  neighbours?: string[];
  referenceSql: string;
}

const CASES: readonly ShapeCase[] = [
  {
    rule: 'a column named by its expanded abbreviation joins the neighbour table that holds it',
    question: 'show the SKUs stocked at Harbor Gym',
    tables: ['stock', 'branches'],
    neighbours: ['gear'],
    referenceSql: `SELECT DISTINCT g.sku FROM gy.stock s JOIN gy.gear g USING (gear_id) JOIN gy.branches b USING (branch_id)
      WHERE b.branch_name = 'Harbor Gym'`,
  },
  {
    rule: 'a key answered alone shows the row of the neighbour table it points to',
    question: 'what is the manager of Hilltop Gym',
    tables: ['branches'],
    neighbours: ['coaches'],
    referenceSql: `SELECT c.first_name, c.last_name FROM gy.branches b JOIN gy.coaches c ON c.coach_id = b.manager_id
      WHERE b.branch_name = 'Hilltop Gym'`,
  },
  {
    rule: 'who asks for the person a filter is on, and people with a leaving date are the current ones',
    question: "who's the head coach at Harbor Gym?",
    tables: ['branches', 'coaches'],
    referenceSql: `SELECT c.first_name, c.last_name FROM gy.coaches c JOIN gy.branches b ON b.branch_id = c.branch_id
      WHERE b.branch_name = 'Harbor Gym' AND c.role = 'Head Coach' AND c.left_on IS NULL`,
  },
  {
    rule: 'counting people with a leaving date counts the current ones',
    question: 'how many coaches do we have',
    tables: ['coaches'],
    referenceSql: `SELECT count(*) FROM gy.coaches WHERE left_on IS NULL`,
  },
  {
    rule: 'an average over people with a leaving date averages the current ones',
    question: 'average hourly rate of coaches',
    tables: ['coaches'],
    referenceSql: `SELECT avg(hourly_rate) FROM gy.coaches WHERE left_on IS NULL`,
  },
  {
    rule: 'a person named by their name is meant whoever they are now (one who has left too)',
    question: 'what is the hourly rate of Rosa Vance',
    tables: ['coaches'],
    referenceSql: `SELECT hourly_rate FROM gy.coaches WHERE first_name = 'Rosa' AND last_name = 'Vance'`,
  },
  {
    rule: 'a period on their own dates keeps the people who have left since',
    question: 'how many coaches were hired in 2023',
    tables: ['coaches'],
    referenceSql: `SELECT count(*) FROM gy.coaches WHERE hired_on >= '2023-01-01' AND hired_on < '2024-01-01'`,
  },
  {
    rule: '"all" asks for every person, whatever their state',
    question: 'how many coaches have we had in all',
    tables: ['coaches'],
    referenceSql: `SELECT count(*) FROM gy.coaches`,
  },
];

describe(`BuiltinSqlGenerator output shape on a gym schema (${BACKEND})`, () => {
  let db: TestDatabase;
  let tables: CatalogTable[];
  let joins: JoinEdge[];
  let generator: BuiltinSqlGenerator;

  beforeAll(async () => {
    db = await createTestDatabase('tb_shape');
    await db.source.exec(DDL);
    ({ tables, joins } = await shopCatalog(db.source, ['gy']));
    generator = await BuiltinSqlGenerator.create({});
  });
  afterAll(() => db?.drop());

  describe.each(CASES.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    it(`answers "${c.question}" with the rows of the hand-written SQL`, async () => {
      const pick = (names: string[]) => names.map((n) => tables.find((t) => t.name === n) as CatalogTable);
      const chosen = pick(c.tables);
      const keys = new Set(chosen.map((t) => `${t.schema}.${t.name}`));
      const near = pick(c.neighbours ?? []);
      const all = new Set([...keys, ...near.map((t) => `${t.schema}.${t.name}`)]);
      const [candidate] = await generator.generate({
        question: c.question,
        tables: chosen,
        joins: joins.filter((j) => keys.has(j.from) && keys.has(j.to)),
        ...(near.length > 0
          ? { neighbours: { tables: near, joins: joins.filter((j) => all.has(j.from) && all.has(j.to)) } }
          : {}),
      });
      expect(candidate).toBeDefined();
      const expected = await sortedRowKeys(db.source, c.referenceSql);
      expect(expected.length).toBeGreaterThan(0);
      expect({ sql: candidate.sql, rows: await sortedRowKeys(db.source, candidate.sql) }).toEqual({
        sql: candidate.sql,
        rows: expected,
      });
    });
  });
});
