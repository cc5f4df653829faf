import { openSqlSourceApp, type SqlSourceApp } from '../support/sqlSourceApp';

/** A made-up workshop: staff and clients (both with e-mail addresses), jobs billed to clients. */
const WORKSHOP_SQL = `
CREATE SCHEMA ops;
CREATE TABLE ops.staff (staff_id int PRIMARY KEY, full_name text NOT NULL, email text, hired_on date NOT NULL);
CREATE TABLE ops.clients (client_id int PRIMARY KEY, company text NOT NULL, email text, city text NOT NULL);
CREATE TABLE ops.jobs (
  job_id int PRIMARY KEY,
  client_id int NOT NULL REFERENCES ops.clients(client_id),
  staff_id int NOT NULL REFERENCES ops.staff(staff_id),
  billed_amount numeric(10,2) NOT NULL,
  finished_on date NOT NULL
);
INSERT INTO ops.staff VALUES (1, 'Mira Holt', 'mira@ws.test', '2020-01-05'), (2, 'Ivo Brandt', 'ivo@ws.test', '2021-03-01');
INSERT INTO ops.clients VALUES (1, 'Acme', 'buy@acme.test', 'Lyon'), (2, 'Borka', 'hi@borka.test', 'Graz'), (3, 'Cantor', 'c@cantor.test', 'Lyon');
INSERT INTO ops.jobs VALUES (1, 1, 1, 120.00, '2024-02-01'), (2, 2, 2, 80.50, '2024-03-04'), (3, 3, 1, 42.00, '2024-05-09');
`;

/** Honest doubt through the real pipeline (retrieval, semantic model, generator, executor) on PGlite. */
describe('honest doubt (issue 8 decision rules)', () => {
  let opened: SqlSourceApp | undefined;

  beforeAll(async () => {
    opened = await openSqlSourceApp({ name: 'ws', sql: WORKSHOP_SQL });
  }, 180_000);
  afterAll(() => opened?.close());

  const ask = (question: string) => (opened as SqlSourceApp).ask(question);

  it('declines a question about data that is not there and says what is lacking', async () => {
    const result = await ask('What are the salaries of our staff?');
    expect(result.decision).toBe('decline');
    expect(result.message).toContain('salaries');
  });

  it('answers a question whose words the data accounts for', async () => {
    const result = await ask('How many clients are in Lyon?');
    expect(result.decision).toBe('answer');
  });

  it('never answers an e-mail question from one of two unrelated tables silently', async () => {
    const result = await ask("What's Mira's email?");
    expect(result.decision).not.toBe('decline');
  });
});
