import { openSqlSourceApp, type SqlSourceApp } from '../support/sqlSourceApp';

/**
 * A made-up clothing shop: garments of brands, staff whose job titles say "Sales", and orders with a
 * total (the model derives revenue on them).
 */
const SHOP_SQL = `
CREATE SCHEMA shop;
CREATE TABLE shop.brands (brand_id int PRIMARY KEY, brand_name text NOT NULL);
CREATE TABLE shop.garments (
  garment_id int PRIMARY KEY, garment_name text NOT NULL, size text NOT NULL, colour text NOT NULL,
  brand_id int NOT NULL REFERENCES shop.brands(brand_id), list_price numeric(8,2) NOT NULL
);
CREATE TABLE shop.staff (
  staff_id int PRIMARY KEY, full_name text NOT NULL, job_title text NOT NULL, country text NOT NULL,
  hired_on date NOT NULL
);
CREATE TABLE shop.orders (
  order_id int PRIMARY KEY, staff_id int NOT NULL REFERENCES shop.staff(staff_id),
  ship_country text NOT NULL, ordered_on date NOT NULL, total_amount numeric(10,2) NOT NULL
);
INSERT INTO shop.brands VALUES (1, 'Northway'), (2, 'Pellam');
INSERT INTO shop.garments VALUES
  (1, 'Oxford', 'M', 'white', 1, 45.00), (2, 'Chino', 'L', 'sand', 2, 60.00), (3, 'Parka', 'S', 'olive', 1, 120.00);
INSERT INTO shop.staff VALUES
  (1, 'Ada Kern', 'Sales Assistant', 'Austria', '2024-03-01'), (2, 'Oli Vance', 'Sales Lead', 'Ireland', '2024-07-15'),
  (3, 'Rui Sousa', 'Tailor', 'Portugal', '2022-01-10');
INSERT INTO shop.orders VALUES
  (1, 1, 'Austria', '2024-01-05', 90.00), (2, 2, 'Ireland', '2024-01-20', 60.00),
  (3, 1, 'Austria', '2024-02-11', 120.00), (4, 3, 'Portugal', '2023-12-30', 45.00);
`;

/** Ordinary domain words that are no table or column name, through the real pipeline on PGlite. */
describe('domain words (issue 8: business words that are not names)', () => {
  let opened: SqlSourceApp | undefined;

  beforeAll(async () => {
    opened = await openSqlSourceApp({ name: 'shop', sql: SHOP_SQL });
  }, 180_000);
  afterAll(() => opened?.close());

  const ask = (question: string) => (opened as SqlSourceApp).ask(question);

  it('reads a kind of what a table holds as that table (shirts are garments)', async () => {
    const result = await ask('how many shirts and trousers do we have?');
    expect(result.decision).toBe('answer');
    expect(result.tables).toContain('shop.garments');
  });

  it('still declines data that is not there', async () => {
    const result = await ask('what are the salaries of our tailors?');
    expect(result.decision).toBe('decline');
  });

  it('answers "sales" from the table revenue is computed on, not from job titles and hire dates', async () => {
    const result = await ask('monthly sales for 2024');
    expect(result.decision).toBe('answer');
    expect(result.tables).toEqual(['shop.orders']);
    expect(result.sql).toContain('ordered_on');
    expect(result.sql).not.toContain('hired_on');
  });

  it('reads money made as revenue, from the table it is computed on', async () => {
    const result = await ask('how much money did we make in 2024?');
    expect(result.decision).toBe('answer');
    expect(result.tables).toEqual(['shop.orders']);
    expect(result.sql).toContain('total_amount');
  });
});
