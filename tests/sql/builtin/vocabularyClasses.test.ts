import type { CatalogTable } from '../../../src/catalog/types';
import { BuiltinSqlGenerator } from '../../../src/sql/builtin/builtinSqlGenerator';
import type { JoinEdge } from '../../../src/sql/types';
import { BACKEND, createTestDatabase, type TestDatabase } from '../../support/databases';
import { shopCatalog } from './shopFixture';
import { sortedRowKeys } from './support/resultRows';

/**
 * Business vocabulary read against the schema (src/sql/builtin/README.md, failure class 18), on an invented
 * ferry company: terminals, employees (two have left, one leaves next year), ticket sales with a status
 * column whose values spell the same words as another table's measure, cancellations with the refunded
 * amount, damage claims with a settlement amount handled by an employee with a yearly salary, and
 * incidents with a yes/no column named by a re- verb. Each question's SQL must return the rows of a
 * hand-written query.
 */
const DDL = `
CREATE SCHEMA fy;
CREATE TABLE fy.terminals (terminal_id integer PRIMARY KEY, terminal_name text NOT NULL);
CREATE TABLE fy.employees (
  employee_id integer PRIMARY KEY,
  terminal_id integer NOT NULL REFERENCES fy.terminals(terminal_id),
  first_name text NOT NULL,
  last_name text NOT NULL,
  yearly_salary numeric(10,2) NOT NULL,
  hired_on date NOT NULL,
  left_on date
);
CREATE TABLE fy.tickets (
  ticket_id integer PRIMARY KEY,
  sold_on date NOT NULL,
  fare numeric(8,2) NOT NULL,
  status text NOT NULL
);
CREATE TABLE fy.cancellations (
  cancellation_id integer PRIMARY KEY,
  ticket_id integer NOT NULL REFERENCES fy.tickets(ticket_id),
  cancelled_on date NOT NULL,
  refund_amt numeric(8,2) NOT NULL
);
CREATE TABLE fy.incidents (
  incident_id integer PRIMARY KEY,
  reported_on date NOT NULL,
  reopened boolean NOT NULL
);
CREATE TABLE fy.claims (
  claim_id integer PRIMARY KEY,
  handled_by integer NOT NULL REFERENCES fy.employees(employee_id),
  filed_on date NOT NULL,
  settlement_amt numeric(10,2) NOT NULL
);
INSERT INTO fy.terminals VALUES (1, 'North Pier'), (2, 'Harbour Gate');
INSERT INTO fy.employees VALUES
  (1, 1, 'Ines', 'Dahl', 52000, '2018-04-01', NULL),
  (2, 1, 'Tomas', 'Berg', 48000, '2019-09-15', '2021-12-31'),
  (3, 1, 'Lea', 'Nord', 45000, '2020-02-01', NULL),
  (4, 2, 'Arvid', 'Lund', 61000, '2017-06-01', NULL),
  (5, 2, 'Maja', 'Sand', 39000, '2022-03-01', '2023-05-31'),
  (6, 2, 'Nils', 'Holm', 41000, '2023-01-09', '2999-01-01');
INSERT INTO fy.tickets VALUES
  (1, '2024-01-05', 30, 'Used'), (2, '2024-02-11', 45, 'Refunded'), (3, '2024-03-15', 30, 'Used'),
  (4, '2024-04-01', 60, 'Refunded'), (5, '2023-11-20', 25, 'Refunded'), (6, '2024-05-02', 35, 'Open');
INSERT INTO fy.cancellations VALUES
  (1, 2, '2024-02-12', 40.00), (2, 4, '2024-04-03', 55.50), (3, 5, '2023-11-21', 25.00);
INSERT INTO fy.incidents VALUES
  (1, '2024-01-10', true), (2, '2024-02-01', false), (3, '2024-03-03', true), (4, '2023-05-05', true),
  (5, '2024-07-07', false);
INSERT INTO fy.claims VALUES
  (1, 1, '2024-02-02', 300.00), (2, 3, '2024-06-10', 120.00), (3, 4, '2023-08-08', 75.00),
  (4, 4, '2024-09-09', 410.00);
ANALYZE;
`;

interface VocabularyCase {
  rule: string;
  question: string;
  tables: string[];
  referenceSql: string;
}

const CASES: readonly VocabularyCase[] = [
  {
    rule: 'headcount of a staff table counts the current people, grouped by the dimension named after "by"',
    question: 'headcount by terminal',
    tables: ['terminals', 'employees'],
    referenceSql: `SELECT t.terminal_name, count(*) FROM fy.employees e JOIN fy.terminals t USING (terminal_id)
      WHERE e.left_on IS NULL OR e.left_on > '2030-01-01' GROUP BY t.terminal_name`,
  },
  {
    rule: 'headcount alone is one number: the current people',
    question: "what's our headcount?",
    tables: ['employees'],
    referenceSql: `SELECT count(*) FROM fy.employees WHERE left_on IS NULL OR left_on > '2030-01-01'`,
  },
  {
    rule: 'staff count per dimension counts the current people',
    question: 'staff count per terminal',
    tables: ['terminals', 'employees'],
    referenceSql: `SELECT t.terminal_name, count(*) FROM fy.employees e JOIN fy.terminals t USING (terminal_id)
      WHERE e.left_on IS NULL OR e.left_on > '2030-01-01' GROUP BY t.terminal_name`,
  },
  {
    rule: "a measure named by its column's own word beats a synonym of a joined table's measure; how much sums it",
    question: 'how much did we pay in claim settlements in 2024?',
    tables: ['claims', 'employees'],
    referenceSql: `SELECT sum(settlement_amt) FROM fy.claims WHERE filed_on >= '2024-01-01' AND filed_on < '2025-01-01'`,
  },
  {
    rule: 'how much of a summed measure is its total',
    question: 'how much claim settlement in 2024?',
    tables: ['claims'],
    referenceSql: `SELECT sum(settlement_amt) FROM fy.claims WHERE filed_on >= '2024-01-01' AND filed_on < '2025-01-01'`,
  },
  {
    rule: 'a phrase that says a flag\'s re- verb in words ("opened again") is the flag',
    question: 'how many incidents were opened again in 2024?',
    tables: ['incidents'],
    referenceSql: `SELECT count(*) FROM fy.incidents WHERE reopened AND reported_on >= '2024-01-01' AND reported_on < '2025-01-01'`,
  },
];

describe(`BuiltinSqlGenerator business vocabulary on a ferry schema (${BACKEND})`, () => {
  let db: TestDatabase;
  let tables: CatalogTable[];
  let joins: JoinEdge[];
  let generator: BuiltinSqlGenerator;

  beforeAll(async () => {
    db = await createTestDatabase('tb_vocabulary');
    await db.source.exec(DDL);
    ({ tables, joins } = await shopCatalog(db.source, ['fy']));
    generator = await BuiltinSqlGenerator.create({});
  });
  afterAll(() => db?.drop());

  describe.each(CASES.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    it(`answers "${c.question}" with the rows of the hand-written SQL`, async () => {
      const chosen = c.tables.map((n) => tables.find((t) => t.name === n) as CatalogTable);
      const keys = new Set(chosen.map((t) => `${t.schema}.${t.name}`));
      const [candidate] = await generator.generate({
        question: c.question,
        tables: chosen,
        joins: joins.filter((j) => keys.has(j.from) && keys.has(j.to)),
      });
      expect(candidate).toBeDefined();
      const expected = await sortedRowKeys(db.source, c.referenceSql, { sortCells: true });
      expect(expected.length).toBeGreaterThan(0);
      expect({
        sql: candidate.sql,
        rows: await sortedRowKeys(db.source, candidate.sql, { sortCells: true }),
      }).toEqual({
        sql: candidate.sql,
        rows: expected,
      });
    });
  });
});
