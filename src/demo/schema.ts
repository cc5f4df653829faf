/**
 * The demo warehouse's schema: tables with primary keys, then (after the rows are in) foreign keys,
 * comments on some tables and columns, and a few indexes. Written as plain DDL so it reads like a real
 * warehouse's migration.
 */

/** The schemas of the demo warehouse, in creation order. */
export const DEMO_SCHEMAS: readonly string[] = ['sales', 'catalog', 'crm', 'hr', 'marketing', 'music'];

/** CREATE SCHEMA and CREATE TABLE statements (no foreign keys yet). */
export const CREATE_TABLES_SQL = `
CREATE SCHEMA sales;
CREATE SCHEMA catalog;
CREATE SCHEMA crm;
CREATE SCHEMA hr;
CREATE SCHEMA marketing;
CREATE SCHEMA music;

CREATE TABLE sales.regions (
  region_id smallint PRIMARY KEY,
  region_name text NOT NULL UNIQUE,
  country_code char(2) NOT NULL DEFAULT 'US'
);

CREATE TABLE sales.stores (
  store_id integer PRIMARY KEY,
  store_name text NOT NULL,
  street_address text NOT NULL,
  city text NOT NULL,
  state char(2) NOT NULL,
  region_id smallint NOT NULL,
  opened_on date NOT NULL,
  closed_on date,
  sq_ft integer,
  manager_id integer
);

CREATE TABLE hr.departments (
  department_id smallint PRIMARY KEY,
  department_name text NOT NULL UNIQUE,
  cost_center text NOT NULL
);

CREATE TABLE hr.employees (
  employee_id integer PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text NOT NULL UNIQUE,
  job_title text NOT NULL,
  department_id smallint NOT NULL,
  store_id integer,
  manager_id integer,
  hire_date date NOT NULL,
  termination_date date,
  employment_type text NOT NULL,
  annual_salary numeric(10,2) NOT NULL,
  work_location text NOT NULL
);

CREATE TABLE hr.salary_history (
  salary_change_id integer PRIMARY KEY,
  employee_id integer NOT NULL,
  effective_date date NOT NULL,
  annual_salary numeric(10,2) NOT NULL,
  change_reason text NOT NULL
);

CREATE TABLE hr.time_off_requests (
  request_id integer PRIMARY KEY,
  emp_id integer NOT NULL,
  leave_type text NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  days_requested numeric(4,1) NOT NULL,
  status text NOT NULL,
  requested_at timestamp NOT NULL,
  approved_by integer
);

CREATE TABLE hr.performance_reviews (
  review_id integer PRIMARY KEY,
  employee_id integer NOT NULL,
  reviewer_id integer,
  review_year smallint NOT NULL,
  review_date date NOT NULL,
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  goals_met_pct smallint
);

CREATE TABLE catalog.suppliers (
  supplier_id integer PRIMARY KEY,
  supplier_name text NOT NULL UNIQUE,
  country text NOT NULL,
  contact_name text NOT NULL,
  contact_email text NOT NULL,
  lead_time_days smallint NOT NULL,
  payment_terms text NOT NULL,
  is_preferred boolean NOT NULL DEFAULT false
);

CREATE TABLE catalog.brands (
  brand_id integer PRIMARY KEY,
  brand_name text NOT NULL UNIQUE,
  supplier_id integer NOT NULL,
  country_of_origin text
);

CREATE TABLE catalog.products (
  product_id integer PRIMARY KEY,
  sku text NOT NULL UNIQUE,
  product_name text NOT NULL,
  category text NOT NULL,
  subcategory text NOT NULL,
  brand_id integer NOT NULL,
  supplier_id integer NOT NULL,
  unit_price numeric(10,2) NOT NULL,
  unit_cost numeric(10,2) NOT NULL,
  color text,
  weight_kg numeric(6,2),
  launch_date date NOT NULL,
  discontinued_date date
);

CREATE TABLE catalog.price_history (
  product_id integer NOT NULL,
  effective_date date NOT NULL,
  list_price numeric(10,2) NOT NULL,
  PRIMARY KEY (product_id, effective_date)
);

CREATE TABLE catalog.warehouses (
  warehouse_id smallint PRIMARY KEY,
  warehouse_name text NOT NULL UNIQUE,
  city text NOT NULL,
  state char(2) NOT NULL,
  region_id smallint NOT NULL,
  capacity_units integer NOT NULL
);

CREATE TABLE catalog.inventory (
  warehouse_id smallint NOT NULL,
  product_id integer NOT NULL,
  qty_on_hand integer NOT NULL,
  qty_reserved integer NOT NULL,
  reorder_point integer NOT NULL,
  last_count_dt date NOT NULL,
  PRIMARY KEY (warehouse_id, product_id)
);

CREATE TABLE catalog.purchase_orders (
  po_nbr text PRIMARY KEY,
  supplier_id integer NOT NULL,
  warehouse_id smallint NOT NULL,
  order_date date NOT NULL,
  expected_date date NOT NULL,
  received_date date,
  status text NOT NULL,
  line_cnt smallint NOT NULL,
  total_cost_amt numeric(12,2) NOT NULL
);

CREATE TABLE crm.customers (
  customer_id integer PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text NOT NULL UNIQUE,
  phone text,
  city text NOT NULL,
  state char(2) NOT NULL,
  postal_code text NOT NULL,
  signup_date date NOT NULL,
  birth_year smallint,
  email_opt_in boolean NOT NULL,
  preferred_store_id integer
);

CREATE TABLE crm.loyalty_accounts (
  loyalty_account_id integer PRIMARY KEY,
  customer_id integer NOT NULL UNIQUE,
  tier text NOT NULL,
  points_balance integer NOT NULL,
  enrolled_date date NOT NULL,
  last_activity_date date
);

CREATE TABLE crm.users (
  user_id integer PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  location text,
  customer_id integer,
  joined_at timestamp NOT NULL,
  last_seen_at timestamp,
  is_moderator boolean NOT NULL DEFAULT false,
  is_active boolean NOT NULL DEFAULT true
);

CREATE TABLE crm.product_reviews (
  review_id integer PRIMARY KEY,
  product_id integer NOT NULL,
  user_id integer NOT NULL,
  review_date date NOT NULL,
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title text NOT NULL,
  verified_purchase boolean NOT NULL,
  helpful_votes integer NOT NULL DEFAULT 0
);

CREATE TABLE crm.support_tickets (
  ticket_id integer PRIMARY KEY,
  ticket_nbr text NOT NULL UNIQUE,
  cust_id integer,
  order_id integer,
  opened_at timestamp NOT NULL,
  closed_at timestamp,
  channel text NOT NULL,
  priority text NOT NULL,
  status text NOT NULL,
  issue_category text NOT NULL,
  subject text NOT NULL,
  assigned_agent_id integer,
  csat_score smallint
);

CREATE TABLE crm.complaints (
  complaint_id integer PRIMARY KEY,
  customer_id integer,
  store_id integer,
  order_id integer,
  received_date date NOT NULL,
  complaint_channel text NOT NULL,
  complaint_type text NOT NULL,
  severity text NOT NULL,
  description text NOT NULL,
  resolution text,
  resolved_date date,
  compensation_amt numeric(10,2),
  handled_by integer
);

CREATE TABLE sales.online_orders (
  order_id integer PRIMARY KEY,
  order_nbr text NOT NULL UNIQUE,
  cust_id integer NOT NULL,
  order_date date NOT NULL,
  ship_date date,
  status text NOT NULL,
  channel text NOT NULL,
  promo_code text,
  subtotal_amt numeric(12,2) NOT NULL,
  discount_amt numeric(12,2) NOT NULL,
  shipping_amt numeric(10,2) NOT NULL,
  tax_amt numeric(10,2) NOT NULL,
  total_amt numeric(12,2) NOT NULL,
  ship_city text NOT NULL,
  ship_state char(2) NOT NULL
);

CREATE TABLE sales.order_items (
  order_item_id integer PRIMARY KEY,
  order_id integer NOT NULL,
  line_nbr smallint NOT NULL,
  product_id integer NOT NULL,
  qty integer NOT NULL CHECK (qty > 0),
  unit_price numeric(10,2) NOT NULL,
  discount_amt numeric(10,2) NOT NULL DEFAULT 0,
  line_amt numeric(12,2) NOT NULL,
  UNIQUE (order_id, line_nbr)
);

CREATE TABLE sales.payments (
  payment_id integer PRIMARY KEY,
  order_id integer NOT NULL,
  paid_at timestamp NOT NULL,
  payment_method text NOT NULL,
  card_brand text,
  amount numeric(12,2) NOT NULL,
  status text NOT NULL
);

CREATE TABLE sales.shipments (
  shipment_id integer PRIMARY KEY,
  order_id integer NOT NULL,
  warehouse_id smallint NOT NULL,
  carrier text NOT NULL,
  tracking_nbr text NOT NULL UNIQUE,
  shipped_at timestamp NOT NULL,
  delivered_at timestamp,
  shipping_cost numeric(10,2) NOT NULL
);

CREATE TABLE sales.returns (
  return_id integer PRIMARY KEY,
  order_item_id integer NOT NULL,
  return_date date NOT NULL,
  reason text NOT NULL,
  item_condition text NOT NULL,
  refund_amt numeric(10,2) NOT NULL,
  restocked boolean NOT NULL
);

CREATE TABLE sales.store_sales (
  sale_id integer PRIMARY KEY,
  receipt_nbr text NOT NULL UNIQUE,
  store_id integer NOT NULL,
  sale_date date NOT NULL,
  register_nbr smallint NOT NULL,
  cashier_id integer,
  cust_id integer,
  item_cnt smallint NOT NULL,
  gross_amt numeric(12,2) NOT NULL,
  discount_amt numeric(12,2) NOT NULL,
  net_amt numeric(12,2) NOT NULL,
  tax_amt numeric(10,2) NOT NULL,
  payment_method text NOT NULL
);

CREATE TABLE sales.sales_targets (
  region_id smallint NOT NULL,
  fiscal_year smallint NOT NULL,
  fiscal_quarter smallint NOT NULL CHECK (fiscal_quarter BETWEEN 1 AND 4),
  channel text NOT NULL,
  target_amt numeric(14,2) NOT NULL,
  PRIMARY KEY (region_id, fiscal_year, fiscal_quarter, channel)
);

CREATE TABLE marketing.campaigns (
  campaign_id integer PRIMARY KEY,
  campaign_name text NOT NULL,
  channel text NOT NULL,
  target_category text,
  objective text NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  budget_amt numeric(12,2) NOT NULL,
  owner_id integer
);

CREATE TABLE marketing.promo_codes (
  promo_code text PRIMARY KEY,
  campaign_id integer NOT NULL,
  discount_pct smallint NOT NULL,
  valid_from date NOT NULL,
  valid_to date NOT NULL,
  max_uses integer
);

CREATE TABLE marketing.campaign_spend (
  campaign_id integer NOT NULL,
  spend_week date NOT NULL,
  spend_amt numeric(12,2) NOT NULL,
  impressions integer NOT NULL,
  clicks integer NOT NULL,
  conversions integer NOT NULL,
  PRIMARY KEY (campaign_id, spend_week)
);

CREATE TABLE marketing.web_sessions (
  session_id bigint PRIMARY KEY,
  user_id integer,
  cust_id integer,
  started_at timestamp NOT NULL,
  duration_sec integer NOT NULL,
  landing_page text NOT NULL,
  traffic_source text NOT NULL,
  campaign_id integer,
  device_type text NOT NULL,
  browser text NOT NULL,
  pages_viewed smallint NOT NULL,
  converted boolean NOT NULL,
  order_id integer
);

CREATE TABLE music.artists (
  artist_id integer PRIMARY KEY,
  artist_name text NOT NULL,
  genre text NOT NULL,
  country text NOT NULL,
  formed_year smallint
);

CREATE TABLE music.albums (
  album_id integer PRIMARY KEY,
  artist_id integer NOT NULL,
  album_title text NOT NULL,
  genre text NOT NULL,
  original_release_date date NOT NULL,
  track_cnt smallint NOT NULL
);

CREATE TABLE music.tracks (
  track_id integer PRIMARY KEY,
  album_id integer NOT NULL,
  track_nbr smallint NOT NULL,
  track_title text NOT NULL,
  duration_sec integer NOT NULL,
  explicit boolean NOT NULL DEFAULT false
);

CREATE TABLE music.release_history (
  release_id integer PRIMARY KEY,
  album_id integer NOT NULL,
  region text NOT NULL,
  release_date date NOT NULL,
  label text NOT NULL,
  release_format text NOT NULL,
  catalog_nbr text
);
`;

/** A foreign key added after the rows are loaded. */
interface ForeignKeySpec {
  table: string;
  columns: string;
  references: string;
  referencedColumns: string;
}

const FOREIGN_KEYS: readonly ForeignKeySpec[] = [
  {
    table: 'sales.stores',
    columns: 'region_id',
    references: 'sales.regions',
    referencedColumns: 'region_id',
  },
  {
    table: 'sales.stores',
    columns: 'manager_id',
    references: 'hr.employees',
    referencedColumns: 'employee_id',
  },
  {
    table: 'hr.employees',
    columns: 'department_id',
    references: 'hr.departments',
    referencedColumns: 'department_id',
  },
  { table: 'hr.employees', columns: 'store_id', references: 'sales.stores', referencedColumns: 'store_id' },
  {
    table: 'hr.employees',
    columns: 'manager_id',
    references: 'hr.employees',
    referencedColumns: 'employee_id',
  },
  {
    table: 'hr.salary_history',
    columns: 'employee_id',
    references: 'hr.employees',
    referencedColumns: 'employee_id',
  },
  {
    table: 'hr.time_off_requests',
    columns: 'emp_id',
    references: 'hr.employees',
    referencedColumns: 'employee_id',
  },
  {
    table: 'hr.time_off_requests',
    columns: 'approved_by',
    references: 'hr.employees',
    referencedColumns: 'employee_id',
  },
  {
    table: 'hr.performance_reviews',
    columns: 'employee_id',
    references: 'hr.employees',
    referencedColumns: 'employee_id',
  },
  {
    table: 'hr.performance_reviews',
    columns: 'reviewer_id',
    references: 'hr.employees',
    referencedColumns: 'employee_id',
  },
  {
    table: 'catalog.brands',
    columns: 'supplier_id',
    references: 'catalog.suppliers',
    referencedColumns: 'supplier_id',
  },
  {
    table: 'catalog.products',
    columns: 'brand_id',
    references: 'catalog.brands',
    referencedColumns: 'brand_id',
  },
  {
    table: 'catalog.products',
    columns: 'supplier_id',
    references: 'catalog.suppliers',
    referencedColumns: 'supplier_id',
  },
  {
    table: 'catalog.price_history',
    columns: 'product_id',
    references: 'catalog.products',
    referencedColumns: 'product_id',
  },
  {
    table: 'catalog.warehouses',
    columns: 'region_id',
    references: 'sales.regions',
    referencedColumns: 'region_id',
  },
  {
    table: 'catalog.inventory',
    columns: 'warehouse_id',
    references: 'catalog.warehouses',
    referencedColumns: 'warehouse_id',
  },
  {
    table: 'catalog.inventory',
    columns: 'product_id',
    references: 'catalog.products',
    referencedColumns: 'product_id',
  },
  {
    table: 'catalog.purchase_orders',
    columns: 'supplier_id',
    references: 'catalog.suppliers',
    referencedColumns: 'supplier_id',
  },
  {
    table: 'catalog.purchase_orders',
    columns: 'warehouse_id',
    references: 'catalog.warehouses',
    referencedColumns: 'warehouse_id',
  },
  {
    table: 'crm.customers',
    columns: 'preferred_store_id',
    references: 'sales.stores',
    referencedColumns: 'store_id',
  },
  {
    table: 'crm.loyalty_accounts',
    columns: 'customer_id',
    references: 'crm.customers',
    referencedColumns: 'customer_id',
  },
  {
    table: 'crm.users',
    columns: 'customer_id',
    references: 'crm.customers',
    referencedColumns: 'customer_id',
  },
  {
    table: 'crm.product_reviews',
    columns: 'product_id',
    references: 'catalog.products',
    referencedColumns: 'product_id',
  },
  { table: 'crm.product_reviews', columns: 'user_id', references: 'crm.users', referencedColumns: 'user_id' },
  {
    table: 'crm.support_tickets',
    columns: 'cust_id',
    references: 'crm.customers',
    referencedColumns: 'customer_id',
  },
  {
    table: 'crm.support_tickets',
    columns: 'order_id',
    references: 'sales.online_orders',
    referencedColumns: 'order_id',
  },
  {
    table: 'crm.support_tickets',
    columns: 'assigned_agent_id',
    references: 'hr.employees',
    referencedColumns: 'employee_id',
  },
  {
    table: 'crm.complaints',
    columns: 'customer_id',
    references: 'crm.customers',
    referencedColumns: 'customer_id',
  },
  { table: 'crm.complaints', columns: 'store_id', references: 'sales.stores', referencedColumns: 'store_id' },
  {
    table: 'crm.complaints',
    columns: 'order_id',
    references: 'sales.online_orders',
    referencedColumns: 'order_id',
  },
  {
    table: 'crm.complaints',
    columns: 'handled_by',
    references: 'hr.employees',
    referencedColumns: 'employee_id',
  },
  {
    table: 'sales.online_orders',
    columns: 'cust_id',
    references: 'crm.customers',
    referencedColumns: 'customer_id',
  },
  {
    table: 'sales.online_orders',
    columns: 'promo_code',
    references: 'marketing.promo_codes',
    referencedColumns: 'promo_code',
  },
  {
    table: 'sales.order_items',
    columns: 'order_id',
    references: 'sales.online_orders',
    referencedColumns: 'order_id',
  },
  {
    table: 'sales.order_items',
    columns: 'product_id',
    references: 'catalog.products',
    referencedColumns: 'product_id',
  },
  {
    table: 'sales.payments',
    columns: 'order_id',
    references: 'sales.online_orders',
    referencedColumns: 'order_id',
  },
  {
    table: 'sales.shipments',
    columns: 'order_id',
    references: 'sales.online_orders',
    referencedColumns: 'order_id',
  },
  {
    table: 'sales.shipments',
    columns: 'warehouse_id',
    references: 'catalog.warehouses',
    referencedColumns: 'warehouse_id',
  },
  {
    table: 'sales.returns',
    columns: 'order_item_id',
    references: 'sales.order_items',
    referencedColumns: 'order_item_id',
  },
  {
    table: 'sales.store_sales',
    columns: 'store_id',
    references: 'sales.stores',
    referencedColumns: 'store_id',
  },
  {
    table: 'sales.store_sales',
    columns: 'cashier_id',
    references: 'hr.employees',
    referencedColumns: 'employee_id',
  },
  {
    table: 'sales.store_sales',
    columns: 'cust_id',
    references: 'crm.customers',
    referencedColumns: 'customer_id',
  },
  {
    table: 'sales.sales_targets',
    columns: 'region_id',
    references: 'sales.regions',
    referencedColumns: 'region_id',
  },
  {
    table: 'marketing.campaigns',
    columns: 'owner_id',
    references: 'hr.employees',
    referencedColumns: 'employee_id',
  },
  {
    table: 'marketing.promo_codes',
    columns: 'campaign_id',
    references: 'marketing.campaigns',
    referencedColumns: 'campaign_id',
  },
  {
    table: 'marketing.campaign_spend',
    columns: 'campaign_id',
    references: 'marketing.campaigns',
    referencedColumns: 'campaign_id',
  },
  {
    table: 'marketing.web_sessions',
    columns: 'user_id',
    references: 'crm.users',
    referencedColumns: 'user_id',
  },
  {
    table: 'marketing.web_sessions',
    columns: 'cust_id',
    references: 'crm.customers',
    referencedColumns: 'customer_id',
  },
  {
    table: 'marketing.web_sessions',
    columns: 'campaign_id',
    references: 'marketing.campaigns',
    referencedColumns: 'campaign_id',
  },
  {
    table: 'marketing.web_sessions',
    columns: 'order_id',
    references: 'sales.online_orders',
    referencedColumns: 'order_id',
  },
  {
    table: 'music.albums',
    columns: 'artist_id',
    references: 'music.artists',
    referencedColumns: 'artist_id',
  },
  { table: 'music.tracks', columns: 'album_id', references: 'music.albums', referencedColumns: 'album_id' },
  {
    table: 'music.release_history',
    columns: 'album_id',
    references: 'music.albums',
    referencedColumns: 'album_id',
  },
];

/** Table comments: deliberately only on some tables, as in a real warehouse. */
const TABLE_COMMENTS: Readonly<Record<string, string>> = {
  'sales.regions': 'Sales regions that group stores, warehouses and targets.',
  'sales.stores': 'Physical retail stores.',
  'sales.online_orders':
    'Orders placed online (website and mobile app), one row per order. In-store purchases are in sales.store_sales.',
  'sales.order_items': 'Line items of online orders: one row per product in an order.',
  'sales.store_sales': 'In-store purchases rung up at store registers, one row per receipt.',
  'sales.shipments': 'Parcels shipped for online orders, with carrier and tracking number.',
  'sales.sales_targets': 'Quarterly sales targets per region and channel, set by finance.',
  'catalog.products': 'Products we sell, with their merchandise category and current list price.',
  'catalog.price_history': 'List price changes per product.',
  'catalog.inventory': 'Current stock per distribution center and product.',
  'catalog.purchase_orders': 'Purchase orders sent to suppliers to restock the distribution centers.',
  'crm.customers': 'Registered customers (online accounts and loyalty members).',
  'crm.users':
    'Accounts on the community site and mobile app: public display name and self-reported location.',
  'crm.support_tickets': 'Help desk tickets raised by customers by email, chat or phone.',
  'crm.complaints': 'Formal complaints logged by customer relations, including complaints made in stores.',
  'hr.employees': 'Employees at headquarters, distribution centers and stores.',
  'hr.performance_reviews': 'Annual performance reviews, rating 1 (poor) to 5 (outstanding).',
  'marketing.campaigns': 'Marketing campaigns with budget, channel and the product category they promote.',
  'marketing.campaign_spend': 'Weekly media spend and results per campaign.',
  'music.albums': "Albums of Brightline Music, the company's record label, and the labels it distributes.",
  'music.release_history': 'Release history of each album: region, release date, label and format.',
};

/** Column comments, `schema.table.column` → comment: only some columns, many abbreviations left bare. */
const COLUMN_COMMENTS: Readonly<Record<string, string>> = {
  'sales.stores.sq_ft': 'Selling floor area in square feet.',
  'sales.stores.manager_id': 'Store manager (hr.employees).',
  'sales.online_orders.order_date': 'Date the customer placed the order.',
  'sales.online_orders.ship_date': 'Date the order left the distribution center; null until shipped.',
  'sales.online_orders.cust_id': 'Customer who placed the order.',
  'sales.online_orders.total_amt': 'Amount charged in USD: subtotal minus discount plus shipping and tax.',
  'sales.online_orders.channel': 'Web or Mobile app.',
  'sales.order_items.unit_price': 'List price per unit when the order was placed, before discount.',
  'sales.order_items.line_amt': 'qty * unit_price - discount_amt, in USD.',
  'sales.store_sales.sale_date': 'Business date of the sale.',
  'sales.store_sales.net_amt': 'Amount paid after discounts, excluding tax, in USD.',
  'sales.store_sales.cust_id': 'Loyalty customer, when the card was scanned.',
  'sales.shipments.shipped_at': 'When the carrier picked up the parcel.',
  'sales.returns.refund_amt': 'Amount refunded to the customer, in USD.',
  'catalog.products.category': 'Top-level merchandise category.',
  'catalog.products.unit_price': 'Current list price in USD.',
  'catalog.products.unit_cost': 'Landed cost per unit from the supplier, in USD.',
  'catalog.inventory.reorder_point': 'Reorder when qty_on_hand falls below this level.',
  'catalog.suppliers.lead_time_days': 'Typical days from purchase order to delivery.',
  'crm.customers.signup_date': 'Date the customer created an account.',
  'crm.users.display_name': 'Public name shown on reviews and posts.',
  'crm.users.location': 'Self-reported location, usually "City, ST".',
  'crm.support_tickets.csat_score': 'Customer satisfaction survey score, 1 to 5, after the ticket closed.',
  'crm.complaints.compensation_amt': 'Goodwill credit or refund granted, in USD.',
  'hr.employees.manager_id': 'Direct manager.',
  'hr.employees.annual_salary': 'Current base salary in USD (hourly staff annualised).',
  'marketing.campaigns.target_category': 'Product category promoted; null for store-wide campaigns.',
  'marketing.web_sessions.duration_sec': 'Session length in seconds.',
  'music.release_history.release_format': 'Format of this edition.',
  'music.release_history.catalog_nbr': "The label's catalog number.",
};

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Foreign keys, comments, indexes and planner statistics, run after the rows are loaded. */
export function finishSchemaSql(): string {
  const statements: string[] = [];
  for (const fk of FOREIGN_KEYS) {
    const table = fk.table.split('.')[1];
    const name = `fk_${table}_${fk.columns.replace(/_id$/, '')}`;
    statements.push(
      `ALTER TABLE ${fk.table} ADD CONSTRAINT ${name} FOREIGN KEY (${fk.columns}) ` +
        `REFERENCES ${fk.references} (${fk.referencedColumns});`,
    );
  }
  for (const [table, comment] of Object.entries(TABLE_COMMENTS)) {
    statements.push(`COMMENT ON TABLE ${table} IS ${quoteLiteral(comment)};`);
  }
  for (const [column, comment] of Object.entries(COLUMN_COMMENTS)) {
    statements.push(`COMMENT ON COLUMN ${column} IS ${quoteLiteral(comment)};`);
  }
  statements.push(
    'CREATE INDEX ix_online_orders_order_date ON sales.online_orders (order_date);',
    'CREATE INDEX ix_order_items_order ON sales.order_items (order_id);',
    'CREATE INDEX ix_order_items_product ON sales.order_items (product_id);',
    'CREATE INDEX ix_store_sales_store_date ON sales.store_sales (store_id, sale_date);',
    'CREATE INDEX ix_web_sessions_started_at ON marketing.web_sessions (started_at);',
  );
  for (const schema of DEMO_SCHEMAS) statements.push(`ANALYZE ${schemaTables(schema)};`);
  return statements.join('\n');
}

/** Every table of the demo warehouse, schema-qualified, in creation order. */
export function demoTableNames(): string[] {
  return [...CREATE_TABLES_SQL.matchAll(/CREATE TABLE ([a-z_]+\.[a-z_]+)/g)].map((m) => m[1]);
}

function schemaTables(schema: string): string {
  return demoTableNames()
    .filter((t) => t.startsWith(`${schema}.`))
    .join(', ');
}
