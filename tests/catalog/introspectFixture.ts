/**
 * A small warehouse with the awkward parts of real schemas: foreign keys across schemas and over two
 * columns, comments on some objects, a view, a materialized view, a domain and an enum, and identifiers with
 * mixed case, spaces, reserved words, quotes and non-ASCII letters. Plus an empty schema and one larger table.
 */
export const FIXTURE_SQL = `
CREATE SCHEMA sales;
CREATE SCHEMA "Ünïcode Schema";
CREATE SCHEMA empty_one;
CREATE DOMAIN sales.money_amount AS numeric(12,2);
CREATE TYPE sales.order_status AS ENUM ('new', 'shipped', 'returned');

CREATE TABLE sales.categories (id int PRIMARY KEY, name text NOT NULL);
COMMENT ON TABLE sales.categories IS 'Product categories such as Fashion';
COMMENT ON COLUMN sales.categories.name IS 'Category display name';
INSERT INTO sales.categories VALUES (1, 'Fashion'), (2, 'Electronics'), (3, 'Garden'), (4, 'Toys');

CREATE TABLE sales.products (
  id int PRIMARY KEY,
  category_id int NOT NULL REFERENCES sales.categories (id),
  "Product Name" varchar(80),
  price sales.money_amount,
  launched date
);
INSERT INTO sales.products
  SELECT i, 1 + i % 4, 'Product ' || i, (i * 2.5)::numeric(12,2), date '2020-01-01' + i FROM generate_series(1, 40) i;

CREATE TABLE sales.users (user_id int PRIMARY KEY, display_name text, location text, "quote""d" text);
INSERT INTO sales.users
  SELECT i, 'User ' || i,
         (ARRAY['Boise, ID', 'Austin, TX', 'Portland, OR', 'Boise, ID', NULL])[1 + i % 5], NULL
    FROM generate_series(1, 25) i;

CREATE TABLE "Ünïcode Schema"."Order Lines" (
  "order" int,
  "Line No" int,
  product_id int REFERENCES sales.products (id),
  qty int NOT NULL,
  status sales.order_status,
  shipped_at timestamptz,
  "größe" text,
  PRIMARY KEY ("order", "Line No")
);
COMMENT ON COLUMN "Ünïcode Schema"."Order Lines".qty IS 'Quantity ordered';
INSERT INTO "Ünïcode Schema"."Order Lines"
  SELECT i / 3, i % 3, 1 + i % 40, i % 7 + 1, (ARRAY['new', 'shipped', 'returned'])[1 + i % 3]::sales.order_status,
         timestamptz '2024-01-01 00:00:00+00' + i * interval '1 hour', (ARRAY['S', 'M', 'L', 'XL'])[1 + i % 4]
    FROM generate_series(0, 89) i;

CREATE TABLE "Ünïcode Schema".line_notes (
  id serial PRIMARY KEY,
  "order" int,
  line int,
  note text,
  CONSTRAINT line_notes_line_fk FOREIGN KEY ("order", line) REFERENCES "Ünïcode Schema"."Order Lines" ("order", "Line No")
);

CREATE VIEW sales.fashion_products AS
  SELECT p.* FROM sales.products p JOIN sales.categories c ON c.id = p.category_id WHERE c.name = 'Fashion';
COMMENT ON VIEW sales.fashion_products IS 'Products of the Fashion category';
CREATE MATERIALIZED VIEW sales."Select" AS SELECT category_id, count(*)::int AS n FROM sales.products GROUP BY 1;

CREATE TABLE sales.big_events (id bigint PRIMARY KEY, kind text NOT NULL, amount float8, happened date, ref text);
INSERT INTO sales.big_events
  SELECT i, (ARRAY['click', 'view', 'buy', 'share', 'like'])[1 + i % 5], i * 0.5, date '2021-01-01' + i % 1000, 'ref-' || md5(i::text)
    FROM generate_series(1, 30000) i;
`;
