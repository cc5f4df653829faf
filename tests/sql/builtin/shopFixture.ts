import { CatalogIntrospector } from '../../../src/catalog/catalogIntrospector';
import type { CatalogTable } from '../../../src/catalog/types';
import { qualifiedName } from '../../../src/catalog/types';
import type { DataSource } from '../../../src/sources/types';
import type { JoinEdge } from '../../../src/sql/types';

/**
 * A small shop schema for the built-in generator's tests: customers, users (with locations), products (with
 * categories), orders and order lines, employees (some terminated) and stock levels. Dates are laid out around {@link SHOP_NOW} so period questions have
 * one right answer: the best Fashion quarter of the past five years is 2022 Q3, while a bigger Fashion quarter
 * lies outside the window (2018 Q4) and a bigger quarter of another category lies inside it (2023 Q2).
 */
export const SHOP_NOW = new Date('2024-06-15T12:00:00Z');

const DDL = `
CREATE SCHEMA shop;
CREATE TABLE shop.customers (
  customer_id integer PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  city text NOT NULL,
  state char(2) NOT NULL,
  signup_date date NOT NULL
);
CREATE TABLE shop.users (
  user_id integer PRIMARY KEY,
  username text NOT NULL,
  display_name text NOT NULL,
  location text,
  is_moderator boolean NOT NULL DEFAULT false,
  customer_id integer REFERENCES shop.customers(customer_id)
);
CREATE TABLE shop.products (
  product_id integer PRIMARY KEY,
  product_name text NOT NULL,
  category text NOT NULL,
  price numeric(10,2) NOT NULL
);
CREATE TABLE shop.orders (
  order_id integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES shop.customers(customer_id),
  order_date date NOT NULL,
  status text NOT NULL
);
CREATE TABLE shop.order_items (
  order_item_id integer PRIMARY KEY,
  order_id integer NOT NULL REFERENCES shop.orders(order_id),
  product_id integer NOT NULL REFERENCES shop.products(product_id),
  quantity integer NOT NULL,
  amount numeric(10,2) NOT NULL
);
CREATE TABLE shop.employees (
  employee_id integer PRIMARY KEY,
  employee_name text NOT NULL,
  hire_date date NOT NULL,
  termination_date date
);
CREATE TABLE shop.stock_levels (
  product_id integer PRIMARY KEY REFERENCES shop.products(product_id),
  qty_on_hand integer NOT NULL,
  reorder_point integer NOT NULL
);
`;

const DATA = `
INSERT INTO shop.customers VALUES
  (1, 'Ada', 'Lovelace', 'Boise', 'ID', '2018-03-01'),
  (2, 'Grace', 'Hopper', 'Austin', 'TX', '2019-07-12'),
  (3, 'Alan', 'Turing', 'Denver', 'CO', '2020-01-20'),
  (4, 'Edsger', 'Dijkstra', 'Boise', 'ID', '2021-05-05'),
  (5, 'Barbara', 'Liskov', 'Portland', 'OR', '2022-09-30'),
  (6, 'Donald', 'Knuth', 'Austin', 'TX', '2023-11-11');
INSERT INTO shop.users VALUES
  (1, 'alpha', 'Zed Walker', 'Boise, ID', false, 1),
  (2, 'zulu', 'Amy Chen', 'Boise, ID', true, 4),
  (3, 'mlopez', 'Maria Lopez', 'Austin, TX', false, 2),
  (4, 'bravo', 'Bo Jensen', 'Boise, ID', false, NULL),
  (5, 'kmoore', 'Kai Moore', 'Denver, CO', true, 3),
  (6, 'lfox', 'Lena Fox', 'Portland, OR', false, 5);
INSERT INTO shop.products VALUES
  (1, 'Linen Shirt', 'Fashion', 45.00),
  (2, 'Wool Coat', 'Fashion', 180.00),
  (3, 'Silk Scarf', 'Fashion', 35.00),
  (4, 'Desk Lamp', 'Home', 25.00),
  (5, 'Floor Lamp', 'Home', 60.00),
  (6, 'Laptop', 'Electronics', 1200.00),
  (7, 'Headphones', 'Electronics', 150.00),
  (8, 'Cookware Set', 'Home', 95.00);
INSERT INTO shop.orders VALUES
  (1, 1, '2018-11-03', 'delivered'),
  (2, 2, '2021-05-10', 'delivered'),
  (3, 1, '2022-07-14', 'delivered'),
  (4, 3, '2022-08-02', 'delivered'),
  (5, 4, '2023-02-20', 'delivered'),
  (6, 2, '2023-04-18', 'returned'),
  (7, 2, '2023-05-09', 'delivered'),
  (8, 5, '2023-12-01', 'cancelled'),
  (9, 1, '2024-05-20', 'shipped'),
  (10, 3, '2024-05-28', 'shipped');
INSERT INTO shop.order_items VALUES
  (1, 1, 2, 30, 5400.00),
  (2, 2, 1, 6, 270.00),
  (3, 3, 2, 3, 540.00),
  (4, 4, 1, 8, 360.00),
  (5, 5, 3, 10, 350.00),
  (6, 5, 1, 5, 225.00),
  (7, 6, 6, 2, 2400.00),
  (8, 7, 6, 1, 1200.00),
  (9, 7, 7, 2, 300.00),
  (10, 8, 4, 2, 50.00),
  (11, 9, 5, 1, 60.00),
  (12, 10, 8, 1, 95.00),
  (13, 10, 3, 1, 35.00);
INSERT INTO shop.employees VALUES
  (1, 'Rosa Diaz', '2019-02-01', NULL),
  (2, 'Tom Hale', '2020-06-15', '2023-01-31'),
  (3, 'Iris Park', '2021-09-01', NULL),
  (4, 'Omar Said', '2022-03-10', '2024-02-29');
INSERT INTO shop.stock_levels VALUES
  (1, 40, 10), (2, 3, 5), (3, 12, 15), (4, 50, 20), (5, 8, 8), (6, 2, 4), (7, 30, 10), (8, 6, 5);
ANALYZE;
`;

/** Creates and fills the shop schema. */
export async function createShop(source: DataSource): Promise<void> {
  await source.exec(DDL);
  await source.exec(DATA);
}

/** The shop's tables as the product's introspector sees them (with profiles), and their FK join edges. */
export async function shopCatalog(
  source: DataSource,
  schemas: string[] = ['shop'],
): Promise<{ tables: CatalogTable[]; joins: JoinEdge[] }> {
  const catalog = await new CatalogIntrospector().introspect(source, { schemas });
  return { tables: catalog.tables, joins: joinEdges(catalog.tables) };
}

/** Foreign-key join edges among `tables`, as retrieval passes them to a generator. */
export function joinEdges(tables: CatalogTable[]): JoinEdge[] {
  const names = new Set(tables.map(qualifiedName));
  return tables.flatMap((t) =>
    t.foreignKeys
      .filter((fk) => names.has(`${fk.referencedSchema}.${fk.referencedTable}`))
      .map((fk) => ({
        from: qualifiedName(t),
        fromColumns: fk.columns,
        to: `${fk.referencedSchema}.${fk.referencedTable}`,
        toColumns: fk.referencedColumns,
      })),
  );
}
