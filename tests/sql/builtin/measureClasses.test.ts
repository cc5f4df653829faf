import type { CatalogTable } from '../../../src/catalog/types';
import { BuiltinSqlGenerator } from '../../../src/sql/builtin/builtinSqlGenerator';
import type { JoinEdge } from '../../../src/sql/types';
import { BACKEND, createTestDatabase, type TestDatabase } from '../../support/databases';
import { shopCatalog } from './shopFixture';
import { sortedRowKeys } from './support/resultRows';

/**
 * The measure side of business questions (src/sql/builtin/README.md, failure classes 6-10), on an invented
 * recording-studio schema: staff with a supervisor (a self-reference), rooms, formats, recordings with a
 * duration in milliseconds, and room rentals with a fee. Each question's SQL must return the rows of a
 * hand-written query.
 */
const DDL = `
CREATE SCHEMA st;
CREATE TABLE st.staff (
  staff_id integer PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  supervisor_id integer REFERENCES st.staff(staff_id),
  hired_on date NOT NULL
);
CREATE TABLE st.rooms (room_id integer PRIMARY KEY, room_name text NOT NULL);
CREATE TABLE st.formats (format_id integer PRIMARY KEY, format_name text NOT NULL);
CREATE TABLE st.recordings (
  recording_id integer PRIMARY KEY,
  title text NOT NULL,
  format_id integer NOT NULL REFERENCES st.formats(format_id),
  duration_ms integer NOT NULL
);
CREATE TABLE st.rentals (
  rental_id integer PRIMARY KEY,
  room_id integer NOT NULL REFERENCES st.rooms(room_id),
  rented_on date NOT NULL,
  fee_amt numeric(10,2) NOT NULL
);
CREATE TABLE st.gear (
  gear_id integer PRIMARY KEY,
  room_id integer NOT NULL REFERENCES st.rooms(room_id),
  gear_label text NOT NULL,
  qty_in_stock integer NOT NULL
);
CREATE TABLE st.bookings (
  booking_id integer PRIMARY KEY,
  room_id integer NOT NULL REFERENCES st.rooms(room_id),
  booked_on date NOT NULL
);
CREATE TABLE st.booking_lines (
  line_id integer PRIMARY KEY,
  booking_id integer NOT NULL REFERENCES st.bookings(booking_id),
  unit_price numeric(10,2) NOT NULL,
  quantity integer NOT NULL
);
CREATE TABLE st.sessions (
  session_id integer PRIMARY KEY,
  room_id integer NOT NULL REFERENCES st.rooms(room_id),
  held_on date NOT NULL,
  esat_score numeric(3,1) NOT NULL
);
CREATE TABLE st.orders (
  order_id integer PRIMARY KEY,
  placed_on date NOT NULL,
  subtotal_amt numeric(10,2) NOT NULL,
  tax_amt numeric(10,2) NOT NULL,
  shipping_amt numeric(10,2) NOT NULL,
  total_amt numeric(10,2) NOT NULL
);
INSERT INTO st.staff VALUES
  (1, 'Vera', 'Holm', NULL, '2019-01-10'), (2, 'Ansel', 'Rook', 1, '2020-05-01'),
  (3, 'Mina', 'Falk', 2, '2021-07-15'), (4, 'Otto', 'Lind', 2, '2022-02-20');
INSERT INTO st.rooms VALUES (1, 'Blue Room'), (2, 'Loft'), (3, 'Booth');
INSERT INTO st.formats VALUES (1, 'Vinyl'), (2, 'Tape'), (3, 'Digital');
INSERT INTO st.recordings VALUES
  (1, 'Morning Tide', 1, 240000), (2, 'Static Bloom', 3, 180000), (3, 'Low Orbit', 3, 300000),
  (4, 'Paper Crane', 2, 150000), (5, 'Ember Lane', 3, 210000);
INSERT INTO st.rentals VALUES
  (1, 1, '2023-02-03', 120.00), (2, 2, '2023-05-11', 80.00), (3, 1, '2024-01-15', 150.00),
  (4, 3, '2024-03-02', 60.00), (5, 1, '2024-03-20', 200.00), (6, 2, '2024-07-08', 90.00),
  (7, 2, '2024-11-30', 45.00), (8, 3, '2025-02-14', 70.00),
  (9, 2, '2024-12-01', 10.00);
INSERT INTO st.gear VALUES (1, 1, 'microphone', 6), (2, 1, 'stand', 9), (3, 2, 'cable', 25), (4, 3, 'headphones', 4);
INSERT INTO st.bookings VALUES (1, 1, '2024-01-05'), (2, 2, '2024-02-11'), (3, 3, '2024-03-15'), (4, 2, '2024-04-01');
INSERT INTO st.booking_lines VALUES
  (1, 1, 10.00, 3), (2, 1, 4.00, 10), (3, 2, 50.00, 1), (4, 3, 2.00, 30), (5, 4, 20.00, 2), (6, 3, 1.00, 5);
INSERT INTO st.orders VALUES
  (1, '2023-03-01', 100, 8, 5, 113), (2, '2023-08-09', 50, 4, 5, 59), (3, '2024-02-02', 200, 16, 0, 216);
INSERT INTO st.sessions VALUES
  (1, 1, '2024-01-09', 8.0), (2, 1, '2024-02-10', 6.0), (3, 2, '2024-02-11', 9.5), (4, 3, '2024-03-01', 5.0);
ANALYZE;
`;

interface MeasureCase {
  failureClass: string;
  question: string;
  tables: string[];
  referenceSql: string;
  /** Time columns retrieval prefers (`schema.table.column`), as the pipeline passes them. */
  preferColumns?: string[];
}

const CASES: readonly MeasureCase[] = [
  {
    failureClass: '6. an all-time total has no period and no grouping',
    question: 'What are our total rental fees, all time?',
    tables: ['rentals'],
    referenceSql: `SELECT sum(fee_amt) FROM st.rentals`,
  },
  {
    failureClass: '6. a measure by a calendar unit is summed per unit',
    question: 'rental fees by year',
    tables: ['rentals'],
    referenceSql: `SELECT sum(fee_amt), extract(year from rented_on)::int FROM st.rentals GROUP BY 2`,
  },
  {
    failureClass:
      "6. a business word linked weakly to several money columns alike takes the model's metric column",
    question: 'revenue by year',
    tables: ['orders'],
    referenceSql: `SELECT sum(total_amt), extract(year from placed_on)::int FROM st.orders GROUP BY 2`,
  },
  {
    failureClass: '6. a measure by a dimension for a year is summed per dimension',
    question: 'fee amount by room for 2024',
    tables: ['rentals', 'rooms'],
    referenceSql: `SELECT sum(r.fee_amt), m.room_name FROM st.rentals r JOIN st.rooms m USING (room_id)
      WHERE r.rented_on >= '2024-01-01' AND r.rented_on < '2025-01-01' GROUP BY m.room_id, m.room_name`,
  },
  {
    failureClass: '7. the best month for a measure ranks the months by its total',
    question: 'What was our best month for rental fees in 2024?',
    tables: ['rentals'],
    referenceSql: `SELECT date_trunc('month', rented_on)::date FROM st.rentals
      WHERE rented_on >= '2024-01-01' AND rented_on < '2025-01-01' GROUP BY 1 ORDER BY sum(fee_amt) DESC LIMIT 1`,
  },
  {
    failureClass: '7. top N by a metric over several columns joins to the line items and ranks by its total',
    question: 'top 2 rooms by revenue',
    tables: ['rooms', 'bookings', 'booking_lines'],
    referenceSql: `SELECT m.room_name FROM st.rooms m JOIN st.bookings s USING (room_id) JOIN st.booking_lines l USING (booking_id)
      GROUP BY m.room_id, m.room_name ORDER BY sum(l.unit_price * l.quantity) DESC LIMIT 2`,
  },
  {
    failureClass: '7. "by <measure>" after a superlative ranks by the measure, not by the number of rows',
    question: 'what was our best selling room in 2024, by fee amount?',
    tables: ['rooms', 'rentals'],
    referenceSql: `SELECT m.room_name FROM st.rentals r JOIN st.rooms m USING (room_id)
      WHERE r.rented_on >= '2024-01-01' AND r.rented_on < '2025-01-01'
      GROUP BY m.room_id, m.room_name ORDER BY sum(r.fee_amt) DESC LIMIT 1`,
  },
  {
    failureClass: '8. <rows> count by <dimension through a FK> counts rows per referenced row',
    question: 'break down the recording count by format',
    tables: ['recordings', 'formats'],
    referenceSql: `SELECT count(*), f.format_name FROM st.recordings r JOIN st.formats f USING (format_id)
      GROUP BY f.format_id, f.format_name`,
  },
  {
    failureClass: '8. <rows> by <dimension>, sorted most to least, counts the rows per group',
    question: 'rentals by room, sorted most to least',
    tables: ['rentals', 'rooms'],
    referenceSql: `SELECT count(*), m.room_name FROM st.rentals r JOIN st.rooms m USING (room_id)
      GROUP BY m.room_id, m.room_name`,
  },
  {
    failureClass: '8. how many units of a stored quantity sums it',
    question: 'how many units do we have in stock across all rooms?',
    tables: ['gear'],
    referenceSql: `SELECT sum(qty_in_stock) FROM st.gear`,
  },
  {
    failureClass: '9. a unit named in the question converts a column stored in another unit',
    question: 'average duration of a digital recording in minutes?',
    tables: ['recordings', 'formats'],
    referenceSql: `SELECT avg(r.duration_ms) / 60000.0 FROM st.recordings r JOIN st.formats f USING (format_id)
      WHERE f.format_name = 'Digital'`,
  },
  {
    failureClass: '9. "longest" orders by a column named in a unit of time',
    question: 'list the 2 longest recordings, longest first',
    tables: ['recordings'],
    referenceSql: `SELECT title FROM st.recordings ORDER BY duration_ms DESC LIMIT 2`,
  },
  {
    failureClass: '10. a self-referencing key is shown as the referenced row',
    question: 'who is Mina Falk supervisor',
    tables: ['staff'],
    referenceSql: `SELECT b.first_name, b.last_name FROM st.staff s JOIN st.staff b ON b.staff_id = s.supervisor_id
      WHERE s.first_name = 'Mina' AND s.last_name = 'Falk'`,
  },
  {
    failureClass:
      '11. an abbreviation spelling a column name run together is that column (ESAT ~ esat_score)',
    question: 'avg ESAT by room',
    tables: ['sessions', 'rooms'],
    referenceSql: `SELECT avg(s.esat_score), m.room_name FROM st.sessions s JOIN st.rooms m USING (room_id)
      GROUP BY m.room_id, m.room_name`,
  },
  {
    failureClass: "11. an average of <rows> <generic amount word> averages the row's total, never its key",
    question: 'whats the avg order value in 2023',
    tables: ['orders'],
    referenceSql: `SELECT avg(total_amt) FROM st.orders WHERE placed_on >= '2023-01-01' AND placed_on < '2024-01-01'`,
  },
  {
    failureClass: '11. total <a word nothing names> <measure> sums the measure',
    question: 'total studio fee amount in 2024',
    tables: ['rentals'],
    referenceSql: `SELECT sum(fee_amt) FROM st.rentals WHERE rented_on >= '2024-01-01' AND rented_on < '2025-01-01'`,
  },
  {
    failureClass: "11. a quarter bucket is one column, the quarter's first day",
    question: 'rental fees by quarter for 2024',
    tables: ['rentals'],
    referenceSql: `SELECT sum(fee_amt), date_trunc('quarter', rented_on)::date FROM st.rentals
      WHERE rented_on >= '2024-01-01' AND rented_on < '2025-01-01' GROUP BY 2`,
  },
  {
    failureClass:
      "11. a period dates the aggregated measure's own table, not another table retrieval preferred",
    question: 'average fee amount in 2024',
    tables: ['rentals', 'rooms', 'bookings'],
    preferColumns: ['st.bookings.booked_on'],
    referenceSql: `SELECT avg(fee_amt) FROM st.rentals WHERE rented_on >= '2024-01-01' AND rented_on < '2025-01-01'`,
  },
];

describe(`BuiltinSqlGenerator measures on a studio schema (${BACKEND})`, () => {
  let db: TestDatabase;
  let tables: CatalogTable[];
  let joins: JoinEdge[];
  let generator: BuiltinSqlGenerator;

  beforeAll(async () => {
    db = await createTestDatabase('tb_measures');
    await db.source.exec(DDL);
    ({ tables, joins } = await shopCatalog(db.source, ['st']));
    generator = await BuiltinSqlGenerator.create({});
  });
  afterAll(() => db?.drop());

  describe.each(CASES.map((c) => [c.failureClass, c] as const))('%s', (_class, c) => {
    it(`answers "${c.question}" with the rows of the hand-written SQL`, async () => {
      const chosen = c.tables.map((n) => tables.find((t) => t.name === n) as CatalogTable);
      const keys = new Set(chosen.map((t) => `${t.schema}.${t.name}`));
      const [candidate] = await generator.generate({
        question: c.question,
        tables: chosen,
        joins: joins.filter((j) => keys.has(j.from) && keys.has(j.to)),
        ...(c.preferColumns ? { preferColumns: c.preferColumns } : {}),
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

  it('names a converted result in the unit asked for', async () => {
    const chosen = tables.filter((t) => t.name === 'recordings');
    const [candidate] = await generator.generate({
      question: 'total duration of recordings in hours',
      tables: chosen,
      joins: [],
    });
    expect(candidate.sql).toMatch(/sum\(duration_ms\) \/ 3600000\.0 AS "[^"]*in hours"/);
  });
});
