import type { CatalogTable } from '../../../src/catalog/types';
import { BuiltinSqlGenerator } from '../../../src/sql/builtin/builtinSqlGenerator';
import type { JoinEdge } from '../../../src/sql/types';
import { BACKEND, createTestDatabase, type TestDatabase } from '../../support/databases';
import { shopCatalog } from './shopFixture';
import { holdsColumns, queryRows } from './support/resultRows';

/**
 * An entity ranked, counted or grouped by a measure (or a number of rows) that lives in a related table
 * reached through foreign keys (src/sql/builtin/README.md, class 16), on an invented plant-nursery schema
 * through the real generator and PGlite/Postgres. Retrieval's choice is given as `tables`; every other table
 * is offered as a neighbour, as the pipeline does. The generated SQL's rows must hold the reference query's
 * columns (extra columns, such as the ranking measure, are allowed).
 */
const DDL = `
CREATE SCHEMA nur;
CREATE TABLE nur.gardeners (gardener_id int PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, hired_on date NOT NULL);
CREATE TABLE nur.growers (grower_id int PRIMARY KEY, grower_name text NOT NULL, region text NOT NULL);
CREATE TABLE nur.plants (
  plant_id int PRIMARY KEY,
  grower_id int NOT NULL REFERENCES nur.growers(grower_id),
  plant_name text NOT NULL,
  sku text NOT NULL,
  list_price numeric(8,2) NOT NULL
);
CREATE TABLE nur.customers (
  customer_id int PRIMARY KEY,
  full_name text NOT NULL,
  city text NOT NULL,
  advisor_id int NOT NULL REFERENCES nur.gardeners(gardener_id)
);
CREATE TABLE nur.orders (
  order_id int PRIMARY KEY,
  customer_id int NOT NULL REFERENCES nur.customers(customer_id),
  ordered_on date NOT NULL,
  total_amt numeric(10,2) NOT NULL
);
CREATE TABLE nur.order_lines (
  line_id int PRIMARY KEY,
  order_id int NOT NULL REFERENCES nur.orders(order_id),
  plant_id int NOT NULL REFERENCES nur.plants(plant_id),
  qty int NOT NULL,
  line_amt numeric(10,2) NOT NULL,
  discount_amt numeric(10,2) NOT NULL
);
INSERT INTO nur.gardeners VALUES (1, 'Ada', 'Moss', '2019-03-01'), (2, 'Ben', 'Fern', '2020-05-02'), (3, 'Cleo', 'Birch', '2021-07-03');
INSERT INTO nur.growers VALUES (1, 'Greenhill', 'North'), (2, 'Rosebay', 'South'), (3, 'Oakridge', 'North');
INSERT INTO nur.plants VALUES
  (1, 1, 'Lavender', 'LV-01', 5), (2, 1, 'Rosemary', 'RM-02', 4), (3, 2, 'Tea Rose', 'TR-03', 12),
  (4, 2, 'Climbing Rose', 'CR-04', 15), (5, 2, 'Peony', 'PN-05', 9), (6, 3, 'Maple Sapling', 'MS-06', 30),
  (7, 1, 'Thyme', 'TH-07', 3), (8, 1, 'Sage', 'SG-08', 3);
INSERT INTO nur.customers VALUES
  (1, 'Iris Quay', 'Leeds', 1), (2, 'Tom Vale', 'York', 1), (3, 'Una Webb', 'Leeds', 2),
  (4, 'Vic Yates', 'Hull', 1), (5, 'Wren Zane', 'York', 3);
INSERT INTO nur.orders VALUES
  (1, 1, '2024-01-10', 60), (2, 2, '2024-02-11', 45), (3, 3, '2024-03-12', 150),
  (4, 4, '2024-04-13', 30), (5, 5, '2024-05-14', 24), (6, 1, '2024-06-15', 100);
INSERT INTO nur.order_lines VALUES
  (1, 1, 1, 4, 20, 0), (2, 1, 6, 1, 40, 2),
  (3, 2, 3, 2, 24, 0), (4, 2, 5, 1, 9, 0), (5, 2, 2, 3, 12, 0),
  (6, 3, 4, 10, 150, 5),
  (7, 4, 6, 1, 30, 0),
  (8, 5, 1, 2, 10, 0), (9, 5, 2, 2, 8, 0), (10, 5, 1, 1, 6, 0),
  (11, 6, 3, 5, 70, 3), (12, 6, 1, 3, 30, 0);
`;

interface RankCase {
  rule: string;
  question: string;
  /** Tables retrieval chose (by name); the others are neighbours. */
  tables: string[];
  referenceSql: string;
  ordered?: boolean;
}

const CASES: readonly RankCase[] = [
  {
    rule: '1. the entity named, the measure in the chosen fact table: join the entity, group, sum, top N',
    question: 'top 3 customers by total amount',
    tables: ['orders'],
    referenceSql: `SELECT c.full_name FROM nur.orders o JOIN nur.customers c USING (customer_id)
      GROUP BY c.customer_id, c.full_name ORDER BY sum(o.total_amt) DESC LIMIT 3`,
    ordered: true,
  },
  {
    rule: "1. the entity chosen, the amount on a header two keys away: the lines' own amount is summed",
    question: 'top 2 plants by order total amount',
    tables: ['plants'],
    referenceSql: `SELECT p.plant_name FROM nur.plants p JOIN nur.order_lines l USING (plant_id)
      GROUP BY p.plant_id, p.plant_name ORDER BY sum(l.line_amt) DESC LIMIT 2`,
    ordered: true,
  },
  {
    rule: '1. "the most <rows>" of a table outside the chosen one counts those rows per entity',
    question: 'which gardener has the most customers?',
    tables: ['gardeners'],
    referenceSql: `SELECT g.first_name, g.last_name FROM nur.gardeners g JOIN nur.customers c ON c.advisor_id = g.gardener_id
      GROUP BY g.gardener_id, g.first_name, g.last_name ORDER BY count(*) DESC LIMIT 1`,
  },
  {
    rule: '1. a noun read as a name (an acronym plural) after a superlative counts the table it spells',
    question: 'which grower supplies the most SKUs?',
    tables: ['growers'],
    referenceSql: `SELECT g.grower_name FROM nur.growers g JOIN nur.plants p USING (grower_id)
      GROUP BY g.grower_id, g.grower_name ORDER BY count(*) DESC LIMIT 1`,
  },
  {
    rule: '1. "by number of <rows> sold" over catalog tables sums the quantity of the order lines below',
    question: 'top 1 grower by number of plants sold',
    tables: ['growers'],
    referenceSql: `SELECT g.grower_name FROM nur.growers g JOIN nur.plants p USING (grower_id)
      JOIN nur.order_lines l USING (plant_id) GROUP BY g.grower_id, g.grower_name ORDER BY sum(l.qty) DESC LIMIT 1`,
  },
  {
    rule: "2. a group by a foreign key shows the referenced row's display columns, joining its table",
    question: 'how many customers does each advisor look after?',
    tables: ['customers'],
    referenceSql: `SELECT g.first_name, g.last_name, count(*) FROM nur.customers c JOIN nur.gardeners g ON g.gardener_id = c.advisor_id
      GROUP BY g.gardener_id, g.first_name, g.last_name`,
  },
  {
    rule: '3. "how many <entity> have more than N <rows>" counts over a grouped HAVING subquery',
    question: 'how many growers have more than 2 plants?',
    tables: ['growers', 'plants'],
    referenceSql: `SELECT count(*) FROM (SELECT grower_id FROM nur.plants GROUP BY grower_id HAVING count(*) > 2) g`,
  },
  {
    rule: '3. the same over the related table alone, through its foreign key',
    question: 'how many growers have more than 2 plants?',
    tables: ['plants'],
    referenceSql: `SELECT count(*) FROM (SELECT grower_id FROM nur.plants GROUP BY grower_id HAVING count(*) > 2) g`,
  },
  {
    rule: 'nothing named outside the chosen table: no table joins',
    question: 'how many customers live in Leeds?',
    tables: ['customers'],
    referenceSql: `SELECT count(*) FROM nur.customers WHERE city = 'Leeds'`,
  },
];

describe(`ranking and grouping along foreign keys on a plant-nursery schema (${BACKEND})`, () => {
  let db: TestDatabase;
  let tables: CatalogTable[];
  let joins: JoinEdge[];
  let generator: BuiltinSqlGenerator;

  beforeAll(async () => {
    db = await createTestDatabase('tb_rankpath');
    await db.source.exec(DDL);
    ({ tables, joins } = await shopCatalog(db.source, ['nur']));
    generator = await BuiltinSqlGenerator.create({});
  });
  afterAll(() => db?.drop());

  const request = (question: string, names: string[]) => {
    const chosen = names.map((n) => tables.find((t) => t.name === n) as CatalogTable);
    const keys = new Set(chosen.map((t) => `${t.schema}.${t.name}`));
    return {
      question,
      tables: chosen,
      joins: joins.filter((j) => keys.has(j.from) && keys.has(j.to)),
      neighbours: { tables: tables.filter((t) => !chosen.includes(t)), joins },
    };
  };

  describe.each(CASES.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    it(`answers "${c.question}" with the reference rows`, async () => {
      const [candidate] = await generator.generate(request(c.question, c.tables));
      expect(candidate).toBeDefined();
      const actual = await queryRows(db.source, candidate.sql);
      const expected = await queryRows(db.source, c.referenceSql);
      expect(expected.length).toBeGreaterThan(0);
      expect({ sql: candidate.sql, match: holdsColumns(actual, expected, c.ordered ?? false) }).toEqual({
        sql: candidate.sql,
        match: true,
      });
    });
  });

  it('reads "<rows> sold" from the order lines, not from the catalog rows', async () => {
    const [candidate] = await generator.generate(
      request('top 1 grower by number of plants sold', ['growers']),
    );
    expect(candidate.sql).toMatch(/sum\(t\d\.qty\)/);
    const [most] = await generator.generate(
      request('which grower sold the most plants?', ['growers', 'plants']),
    );
    expect(most.sql).toMatch(/JOIN nur\.order_lines/);
  });

  it('does not join a table for a question that names nothing outside the chosen ones', async () => {
    const [candidate] = await generator.generate(request('how many customers live in Leeds?', ['customers']));
    expect(candidate.sql).not.toMatch(/JOIN/);
  });
});
