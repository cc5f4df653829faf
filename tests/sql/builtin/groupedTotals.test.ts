import type { CatalogTable } from '../../../src/catalog/types';
import { BuiltinSqlGenerator } from '../../../src/sql/builtin/builtinSqlGenerator';
import type { JoinEdge } from '../../../src/sql/types';
import { BACKEND, createTestDatabase, type TestDatabase } from '../../support/databases';
import { shopCatalog } from './shopFixture';
import { holdsColumns, queryRows } from './support/resultRows';

/**
 * Totals per group that a business question asks for without saying "total" or "group"
 * (src/sql/builtin/README.md, class 17), on an invented ferry-company schema through the real generator and
 * PGlite/Postgres: a category ranked by an amount's total, an entity's total of a measure its related rows
 * carry ("how much did every X earn", "rank X by Y"), two years set side by side, and catalog rows sold.
 * Retrieval's choice is given as `tables`; the other tables are offered as the pipeline offers them (two
 * foreign keys away as neighbours, three and four keys away beyond them).
 */
const DDL = `
CREATE SCHEMA ferry;
CREATE TABLE ferry.routes (route_id int PRIMARY KEY, route_name text NOT NULL, sea text NOT NULL);
CREATE TABLE ferry.vessels (vessel_id int PRIMARY KEY, vessel_name text NOT NULL, built_year int NOT NULL);
CREATE TABLE ferry.sailings (
  sailing_id int PRIMARY KEY,
  route_id int NOT NULL REFERENCES ferry.routes(route_id),
  vessel_id int NOT NULL REFERENCES ferry.vessels(vessel_id),
  purser_id int NOT NULL,
  departs_on date NOT NULL
);
CREATE TABLE ferry.bookings (
  booking_id int PRIMARY KEY,
  sailing_id int NOT NULL REFERENCES ferry.sailings(sailing_id),
  booked_on date NOT NULL,
  sales_channel text NOT NULL,
  total_amt numeric(10,2) NOT NULL
);
CREATE TABLE ferry.kitchens (kitchen_id int PRIMARY KEY, kitchen_name text NOT NULL);
CREATE TABLE ferry.cuisines (
  cuisine_id int PRIMARY KEY,
  kitchen_id int NOT NULL REFERENCES ferry.kitchens(kitchen_id),
  cuisine_name text NOT NULL
);
CREATE TABLE ferry.meals (
  meal_id int PRIMARY KEY,
  cuisine_id int NOT NULL REFERENCES ferry.cuisines(cuisine_id),
  meal_name text NOT NULL,
  list_price numeric(8,2) NOT NULL
);
CREATE TABLE ferry.crew (
  crew_id int PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  job_role text NOT NULL
);
ALTER TABLE ferry.sailings ADD FOREIGN KEY (purser_id) REFERENCES ferry.crew(crew_id);
CREATE TABLE ferry.meal_lines (
  line_id int PRIMARY KEY,
  booking_id int NOT NULL REFERENCES ferry.bookings(booking_id),
  meal_id int NOT NULL REFERENCES ferry.meals(meal_id),
  qty int NOT NULL,
  line_amt numeric(10,2) NOT NULL
);
CREATE TABLE ferry.vessel_earnings (
  vessel_id int NOT NULL REFERENCES ferry.vessels(vessel_id),
  earned_week date NOT NULL,
  charter_count int NOT NULL,
  earnings_amt numeric(10,2) NOT NULL,
  PRIMARY KEY (vessel_id, earned_week)
);
INSERT INTO ferry.routes VALUES (1, 'Harbour Loop', 'North'), (2, 'Island Dash', 'North'), (3, 'Cape Crossing', 'South');
INSERT INTO ferry.vessels VALUES (1, 'Tern', 1998), (2, 'Gannet', 2005), (3, 'Puffin', 2012);
INSERT INTO ferry.crew VALUES
  (1, 'Ines', 'Marr', 'Purser'), (2, 'Otto', 'Reef', 'Purser'), (3, 'Cara', 'Swell', 'Captain'),
  (4, 'Dev', 'Keel', 'Purser'), (5, 'Lou', 'Brine', 'Deckhand'), (6, 'Max', 'Tide', 'Deckhand');
INSERT INTO ferry.sailings VALUES
  (1, 1, 1, 1, '2023-05-01'), (2, 2, 2, 3, '2023-07-01'), (3, 3, 3, 2, '2024-02-01'),
  (4, 1, 2, 1, '2024-06-01'), (5, 3, 1, 2, '2024-08-01'), (6, 2, 3, 4, '2024-09-01');
INSERT INTO ferry.bookings VALUES
  (1, 1, '2023-04-02', 'Web', 40), (2, 1, '2023-04-20', 'Web', 35), (3, 2, '2023-06-11', 'Agent', 300),
  (4, 2, '2023-06-12', 'Kiosk', 20), (5, 3, '2024-01-05', 'Web', 60), (6, 3, '2024-01-06', 'Web', 55),
  (7, 4, '2024-05-20', 'Web', 45), (8, 4, '2024-05-21', 'Agent', 90), (9, 5, '2024-07-01', 'Kiosk', 25),
  (10, 5, '2024-07-02', 'Kiosk', 30), (11, 6, '2024-08-15', 'Web', 50), (12, 6, '2024-08-16', 'Agent', 95),
  (13, 6, '2024-08-17', 'Web', 40), (14, 3, '2024-01-07', 'Kiosk', 15);
INSERT INTO ferry.kitchens VALUES (1, 'Galley'), (2, 'Deck Cafe');
INSERT INTO ferry.cuisines VALUES (1, 1, 'Seafood'), (2, 1, 'Bakery'), (3, 2, 'Snacks');
INSERT INTO ferry.meals VALUES (1, 1, 'Chowder', 9), (2, 1, 'Fish Pie', 12), (3, 2, 'Scone', 4), (4, 3, 'Toastie', 6);
INSERT INTO ferry.meal_lines VALUES
  (1, 1, 1, 2, 18), (2, 3, 2, 4, 48), (3, 5, 3, 3, 12), (4, 7, 1, 1, 9), (5, 8, 4, 5, 30),
  (6, 11, 2, 2, 24), (7, 12, 3, 6, 24), (8, 2, 4, 1, 6), (9, 4, 4, 9, 54), (10, 13, 4, 1, 6);
INSERT INTO ferry.vessel_earnings VALUES
  (1, '2023-12-25', 1, 500), (1, '2024-01-01', 2, 700), (1, '2024-01-08', 1, 300),
  (2, '2024-01-01', 3, 1200), (2, '2024-01-08', 1, 100), (3, '2024-01-01', 1, 450), (3, '2023-12-25', 4, 2000);
ANALYZE;
`;

interface TotalCase {
  rule: string;
  question: string;
  /** Tables retrieval chose (by name); the others are neighbours. */
  tables: string[];
  referenceSql: string;
  ordered?: boolean;
}

const CASES: readonly TotalCase[] = [
  {
    rule: 'a category asked with a superlative over an amount: its total, not the single largest row',
    question: 'which sales channel had the highest revenue in 2024?',
    tables: ['bookings'],
    referenceSql: `SELECT sales_channel FROM ferry.bookings WHERE booked_on >= '2024-01-01' AND booked_on < '2025-01-01'
      GROUP BY sales_channel ORDER BY sum(total_amt) DESC LIMIT 1`,
  },
  {
    rule: 'the same for "top N by"',
    question: 'top 2 sales channels by total amount',
    tables: ['bookings'],
    referenceSql: `SELECT sales_channel FROM ferry.bookings GROUP BY sales_channel ORDER BY sum(total_amt) DESC LIMIT 2`,
    ordered: true,
  },
  {
    rule: 'one row named with "of the <rows> with": that row, not a category total',
    question: 'what is the sales channel of the booking with the highest total amount?',
    tables: ['bookings'],
    referenceSql: `SELECT sales_channel FROM ferry.bookings ORDER BY total_amt DESC LIMIT 1`,
  },
  {
    rule: '"how much did every X <verb>" over a table named "<X> <measure>": X by name, the measure summed',
    question: 'how much did every vessel earn in 2024?',
    tables: ['vessel_earnings', 'vessels'],
    referenceSql: `SELECT v.vessel_name, sum(e.earnings_amt) FROM ferry.vessels v JOIN ferry.vessel_earnings e USING (vessel_id)
      WHERE e.earned_week >= '2024-01-01' AND e.earned_week < '2025-01-01' GROUP BY v.vessel_id, v.vessel_name`,
  },
  {
    rule: '"rank X by <measure>, highest first": X grouped, the measure summed and ordered, shown',
    question: 'rank our vessels by earnings in 2024, highest first',
    tables: ['vessels', 'vessel_earnings'],
    referenceSql: `SELECT v.vessel_name, sum(e.earnings_amt) FROM ferry.vessels v JOIN ferry.vessel_earnings e USING (vessel_id)
      WHERE e.earned_week >= '2024-01-01' AND e.earned_week < '2025-01-01'
      GROUP BY v.vessel_id, v.vessel_name ORDER BY 2 DESC`,
    ordered: true,
  },
  {
    rule: '"rank X by <a metric\'s word>": the metric of the related rows, through the path',
    question: 'rank routes by revenue, highest first',
    tables: ['routes', 'sailings', 'bookings'],
    referenceSql: `SELECT r.route_name, sum(b.total_amt) FROM ferry.routes r JOIN ferry.sailings s USING (route_id)
      JOIN ferry.bookings b USING (sailing_id) GROUP BY r.route_id, r.route_name ORDER BY 2 DESC`,
    ordered: true,
  },
  {
    rule: 'two years side by side with a comparison: one row per year, the amount summed',
    question: 'did we take more revenue in 2023 or 2024?',
    tables: ['bookings'],
    referenceSql: `SELECT extract(year FROM booked_on)::int, sum(total_amt) FROM ferry.bookings
      WHERE booked_on >= '2023-01-01' AND booked_on < '2025-01-01' GROUP BY 1`,
  },
  {
    rule: '"A vs B" compares too',
    question: 'booking total amount 2023 vs 2024',
    tables: ['bookings'],
    referenceSql: `SELECT extract(year FROM booked_on)::int, sum(total_amt) FROM ferry.bookings
      WHERE booked_on >= '2023-01-01' AND booked_on < '2025-01-01' GROUP BY 1`,
  },
  {
    rule: '"in A or B" without a comparison, years next to each other: one period over both',
    question: 'how many bookings in 2023 or 2024?',
    tables: ['bookings'],
    referenceSql: `SELECT count(*) FROM ferry.bookings WHERE booked_on >= '2023-01-01' AND booked_on < '2025-01-01'`,
  },
  {
    rule: '"how many <catalog rows> were sold in <year>": the quantity of the lines below, dated by the header',
    question: 'how many meals were sold in 2024?',
    tables: ['meals'],
    referenceSql: `SELECT sum(l.qty) FROM ferry.meal_lines l JOIN ferry.bookings b USING (booking_id)
      WHERE b.booked_on >= '2024-01-01' AND b.booked_on < '2025-01-01'`,
  },
  {
    rule: 'a negation keeps counting the catalog rows (anti-join)',
    question: 'how many meals have never been sold?',
    tables: ['meals'],
    referenceSql: `SELECT count(*) FROM ferry.meals m WHERE NOT EXISTS (SELECT 1 FROM ferry.meal_lines l WHERE l.meal_id = m.meal_id)`,
  },
  {
    rule: 'catalog rows sold, ranked per group three keys up: the dated header lies beyond the near ring',
    question: 'which cuisine sold the most meals in 2024?',
    tables: ['cuisines'],
    referenceSql: `SELECT c.cuisine_name FROM ferry.cuisines c JOIN ferry.meals m USING (cuisine_id)
      JOIN ferry.meal_lines l USING (meal_id) JOIN ferry.bookings b USING (booking_id)
      WHERE b.booked_on >= '2024-01-01' AND b.booked_on < '2025-01-01'
      GROUP BY c.cuisine_id, c.cuisine_name ORDER BY sum(l.qty) DESC LIMIT 1`,
  },
  {
    rule: 'the same four keys up: the order lines and their header both lie beyond the near ring',
    question: 'which kitchen sold the most meals in 2024?',
    tables: ['kitchens'],
    referenceSql: `SELECT k.kitchen_name FROM ferry.kitchens k JOIN ferry.cuisines c USING (kitchen_id)
      JOIN ferry.meals m USING (cuisine_id) JOIN ferry.meal_lines l USING (meal_id)
      JOIN ferry.bookings b USING (booking_id) WHERE b.booked_on >= '2024-01-01' AND b.booked_on < '2025-01-01'
      GROUP BY k.kitchen_id, k.kitchen_name ORDER BY sum(l.qty) DESC LIMIT 1`,
  },
  {
    rule: '"which <a category value> ..." ranks the rows holding the value, two keys from the amount',
    question: 'which purser took the most revenue?',
    tables: ['bookings'],
    referenceSql: `SELECT p.first_name, p.last_name FROM ferry.crew p JOIN ferry.sailings s ON s.purser_id = p.crew_id
      JOIN ferry.bookings b USING (sailing_id) WHERE p.job_role = 'Purser'
      GROUP BY p.crew_id, p.first_name, p.last_name ORDER BY sum(b.total_amt) DESC LIMIT 1`,
  },
];

describe(`totals per group on a ferry-company schema (${BACKEND})`, () => {
  let db: TestDatabase;
  let tables: CatalogTable[];
  let joins: JoinEdge[];
  let generator: BuiltinSqlGenerator;

  beforeAll(async () => {
    db = await createTestDatabase('tb_grouptotals');
    await db.source.exec(DDL);
    ({ tables, joins } = await shopCatalog(db.source, ['ferry']));
    generator = await BuiltinSqlGenerator.create({});
  });
  afterAll(() => db?.drop());

  /** As the pipeline offers them: tables two keys away as neighbours, three and four keys away beyond them. */
  const request = (question: string, names: string[]) => {
    const chosen = names.map((n) => tables.find((t) => t.name === n) as CatalogTable);
    const key = (t: CatalogTable) => `${t.schema}.${t.name}`;
    const keys = new Set(chosen.map(key));
    const rings: CatalogTable[][] = [];
    const seen = new Set(keys);
    let frontier = [...keys];
    for (let hop = 0; hop < 4; hop++) {
      const next = tables.filter(
        (t) =>
          !seen.has(key(t)) &&
          joins.some(
            (j) =>
              (j.from === key(t) && frontier.includes(j.to)) ||
              (j.to === key(t) && frontier.includes(j.from)),
          ),
      );
      for (const t of next) seen.add(key(t));
      rings.push(next);
      frontier = next.map(key);
    }
    const near = rings.slice(0, 2).flat();
    const far = rings.slice(2).flat();
    const within = (list: CatalogTable[]) => {
      const names = new Set([...keys, ...list.map(key)]);
      return joins.filter((j) => names.has(j.from) && names.has(j.to));
    };
    return {
      question,
      tables: chosen,
      joins: joins.filter((j) => keys.has(j.from) && keys.has(j.to)),
      neighbours: {
        tables: near,
        joins: within(near),
        ...(far.length > 0 ? { beyond: { tables: far, joins: within([...near, ...far]) } } : {}),
      },
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

  it('explains the rank verb and the sales verb (no word left unexplained)', async () => {
    const [ranked] = await generator.generate(
      request('rank our vessels by earnings in 2024, highest first', ['vessels', 'vessel_earnings']),
    );
    expect(ranked.unaccounted).toEqual([]);
    const [sold] = await generator.generate(request('how many meals were sold in 2024?', ['meals']));
    expect(sold.unaccounted).toEqual([]);
  });
});
