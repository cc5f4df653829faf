/**
 * A small shop schema for the semantic model tests: line items with price, quantity and discount, orders
 * with a total and several dates, people with first/last names, flags of every kind, a year column.
 */
export const SEMANTIC_FIXTURE_SQL = `
CREATE SCHEMA shop;
CREATE TABLE shop.clients_tbl (
  client_id serial PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text,
  is_active boolean NOT NULL DEFAULT true,
  signup_year integer,
  phone_number bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz
);
COMMENT ON TABLE shop.clients_tbl IS 'People and companies who buy from the shop';
CREATE TABLE shop.items (
  item_id serial PRIMARY KEY,
  item_name text NOT NULL,
  category text NOT NULL,
  list_prc numeric(10,2) NOT NULL,
  units_in_stock integer NOT NULL,
  weight_kg numeric(8,3),
  discontinued boolean NOT NULL DEFAULT false,
  password_hash text
);
CREATE TABLE shop.orders (
  order_id serial PRIMARY KEY,
  client_id integer NOT NULL REFERENCES shop.clients_tbl(client_id),
  ordered_on date NOT NULL,
  ship_date date,
  required_date date,
  status text NOT NULL,
  freight numeric(10,2) NOT NULL,
  total_amt numeric(12,2) NOT NULL
);
COMMENT ON COLUMN shop.orders.total_amt IS 'Order total in EUR';
CREATE TABLE shop.order_lines (
  line_id serial PRIMARY KEY,
  order_id integer NOT NULL REFERENCES shop.orders(order_id),
  item_id integer NOT NULL REFERENCES shop.items(item_id),
  unit_price numeric(10,2) NOT NULL,
  qty integer NOT NULL,
  discount real NOT NULL DEFAULT 0,
  line_no integer NOT NULL
);
CREATE TABLE shop.employees (
  emp_id serial PRIMARY KEY,
  full_name text NOT NULL,
  job_title text,
  hired_on date NOT NULL,
  termination_date date,
  salary numeric(10,2),
  age integer
);
CREATE TABLE shop.support_tickets (
  ticket_id serial PRIMARY KEY,
  subject text NOT NULL,
  state text NOT NULL,
  priority integer NOT NULL,
  opened_at timestamp NOT NULL,
  closed_at timestamp,
  satisfaction_score numeric(3,1)
);

INSERT INTO shop.clients_tbl (first_name, last_name, email, is_active, signup_year, phone_number, created_at)
SELECT 'First' || g, 'Last' || g, 'c' || g || '@example.com', g % 5 <> 0, 2015 + g % 8, 5550000 + g,
       timestamptz '2020-01-01' + g * interval '3 days'
FROM generate_series(1, 60) g;
INSERT INTO shop.items (item_name, category, list_prc, units_in_stock, weight_kg, discontinued)
SELECT 'Item ' || g, (ARRAY['Beverages','Condiments','Dairy Products','Seafood'])[1 + g % 4], 5 + g, g * 3, g / 10.0, g % 7 = 0
FROM generate_series(1, 40) g;
INSERT INTO shop.orders (client_id, ordered_on, ship_date, required_date, status, freight, total_amt)
SELECT 1 + g % 60, date '2021-01-01' + g, CASE WHEN g % 4 = 0 THEN NULL ELSE date '2021-01-03' + g END,
       date '2021-01-10' + g, (ARRAY['open','shipped','cancelled'])[1 + g % 3], g % 17, 20 + g
FROM generate_series(1, 300) g;
INSERT INTO shop.order_lines (order_id, item_id, unit_price, qty, discount, line_no)
SELECT 1 + g % 300, 1 + g % 40, 5 + g % 40, 1 + g % 9, (g % 5) * 0.05, 1 + g % 3
FROM generate_series(1, 900) g;
INSERT INTO shop.employees (full_name, job_title, hired_on, termination_date, salary, age)
SELECT 'Employee ' || g, 'Sales Representative', date '2015-01-01' + g * 30,
       CASE WHEN g % 6 = 0 THEN date '2023-01-01' ELSE NULL END, 40000 + g * 100, 25 + g
FROM generate_series(1, 30) g;
INSERT INTO shop.support_tickets (subject, state, priority, opened_at, closed_at, satisfaction_score)
SELECT 'Issue ' || g, (ARRAY['Open','Closed','Pending'])[1 + g % 3], 1 + g % 3,
       timestamp '2024-01-01' + g * interval '1 day', CASE WHEN g % 3 = 1 THEN timestamp '2024-01-05' + g * interval '1 day' END,
       g % 10
FROM generate_series(1, 120) g;
ANALYZE;
`;
