import { openSqlSourceApp, type SqlSourceApp } from '../support/sqlSourceApp';

/**
 * A made-up ferry company: payments whose status says "Refunded", and cancellations that carry the amount
 * refunded (`refund_amt`). "Total refunds" names the summed measure of the cancellations, not the status of
 * the payments (src/retrieval/README.md, rule 8). Dates lie in the previous calendar year, so "last year" has
 * one right answer on any day.
 */
const LAST_YEAR = `(date_trunc('year', current_date) - interval '6 months')::date`;
const FERRY_SQL = `
CREATE SCHEMA fy;
CREATE TABLE fy.customers (customer_id int PRIMARY KEY, full_name text NOT NULL, email text NOT NULL);
CREATE TABLE fy.bookings (
  booking_id int PRIMARY KEY, customer_id int NOT NULL REFERENCES fy.customers(customer_id),
  booked_on date NOT NULL, total_amt numeric(8,2) NOT NULL
);
CREATE TABLE fy.payments (
  payment_id int PRIMARY KEY, booking_id int NOT NULL REFERENCES fy.bookings(booking_id), paid_at date NOT NULL,
  amount numeric(8,2) NOT NULL, status text NOT NULL
);
CREATE TABLE fy.cancellations (
  cancellation_id int PRIMARY KEY, booking_id int NOT NULL REFERENCES fy.bookings(booking_id),
  cancelled_on date NOT NULL, reason text NOT NULL, refund_amt numeric(8,2) NOT NULL
);
INSERT INTO fy.customers VALUES (1, 'Ada Kern', 'ada@example.org'), (2, 'Oli Vance', 'oli@example.org');
INSERT INTO fy.bookings VALUES
  (1, 1, ${LAST_YEAR}, 30), (2, 1, ${LAST_YEAR}, 45), (3, 2, ${LAST_YEAR}, 30), (4, 2, ${LAST_YEAR}, 60),
  (5, 1, current_date, 25), (6, 2, ${LAST_YEAR}, 35);
INSERT INTO fy.payments VALUES
  (1, 1, ${LAST_YEAR}, 30, 'Captured'), (2, 2, ${LAST_YEAR}, 45, 'Refunded'), (3, 3, ${LAST_YEAR}, 30, 'Captured'),
  (4, 4, ${LAST_YEAR}, 60, 'Refunded'), (5, 5, current_date, 25, 'Refunded'), (6, 6, ${LAST_YEAR}, 35, 'Failed');
INSERT INTO fy.cancellations VALUES
  (1, 2, ${LAST_YEAR}, 'weather', 40.00), (2, 4, ${LAST_YEAR}, 'illness', 55.50), (3, 5, current_date, 'weather', 25.00);
`;

describe('measure words (issue 8: a total of a word that is a summed measure and a state)', () => {
  let opened: SqlSourceApp | undefined;

  beforeAll(async () => {
    opened = await openSqlSourceApp({ name: 'ferry', sql: FERRY_SQL });
  }, 180_000);
  afterAll(() => opened?.close());

  const ask = (question: string) => (opened as SqlSourceApp).ask(question);

  it('sums the measure the word names, not the rows of the table whose status spells it', async () => {
    const result = await ask('total refunds we issued last year');
    expect(result.decision).toBe('answer');
    expect(result.tables).toEqual(['fy.cancellations']);
    expect(result.sql).toContain('sum(refund_amt)');
    expect(result.rows?.map((r) => r.map(Number))).toEqual([[95.5]]);
  });

  it('keeps the state when it names which rows of its own table are meant', async () => {
    const result = await ask('total refunded payments last year');
    expect(result.tables).toEqual(['fy.payments']);
    expect(result.sql).not.toContain('refund_amt');
  });

  it('still filters on the state when no total is asked', async () => {
    const result = await ask('which payments were refunded?');
    expect(result.decision).toBe('answer');
    expect(result.tables).toContain('fy.payments');
    expect(result.sql).toContain("'Refunded'");
  });
});
