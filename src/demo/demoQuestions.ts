/**
 * Example questions about the demo warehouse, with the decision tablebot should reach, the tables that
 * answer them and, for answerable ones, a hand-written reference query. The benchmark, the pipeline tests
 * and the README use them.
 *
 * Reference SQL is schema-qualified Postgres and writes "today" as `CURRENT_DATE`; use {@link sqlAsOf} to
 * pin it to the `today` the warehouse was seeded with.
 */

/** What tablebot should do with a question. */
export type DemoDecision = 'answer' | 'clarify' | 'decline';

/** One reading of a question that fits several tables or columns. */
export interface DemoReading {
  /** What a user would pick, e.g. "Online orders". */
  label: string;
  /** Tables this reading uses (`schema.table`). */
  tables: string[];
  /** The column this reading prefers (`schema.table.column`), for column ambiguities. */
  column?: string;
}

/** An example question and what tablebot should do with it. */
export interface DemoQuestion {
  /** Stable id, e.g. `fashion-peak-quarter`. */
  id: string;
  question: string;
  expected: DemoDecision;
  /** Tables that answer it (`answer`), every table of every reading (`clarify`), or none (`decline`). */
  tables: string[];
  /** The readings to offer (`clarify` only). */
  readings?: DemoReading[];
  /** A correct query (`answer` only); `CURRENT_DATE` stands for the seeding day. */
  referenceSql?: string;
  /** Why this is the expected decision. */
  notes: string;
}

/** "Which quarter in the past 5 years had the most sales for fashion products?" */
export const FASHION_PEAK_QUARTER: DemoQuestion = {
  id: 'fashion-peak-quarter',
  question: 'Which quarter in the past 5 years had the most sales for fashion products?',
  expected: 'answer',
  tables: ['sales.order_items', 'sales.online_orders', 'catalog.products'],
  referenceSql: `SELECT date_trunc('quarter', o.order_date)::date AS quarter,
       sum(oi.line_amt) AS fashion_sales
FROM sales.order_items oi
JOIN sales.online_orders o ON o.order_id = oi.order_id
JOIN catalog.products p ON p.product_id = oi.product_id
WHERE p.category = 'Fashion'
  AND o.order_date > CURRENT_DATE - INTERVAL '5 years'
  AND o.order_date <= CURRENT_DATE
GROUP BY 1
ORDER BY fashion_sales DESC
LIMIT 1`,
  notes:
    'Only online order lines carry a product (in-store receipts do not), so the answer joins order_items to ' +
    'products.category and buckets online_orders.order_date by quarter. The data has growth, a holiday peak and ' +
    'the Fashion Week Mega Sale in Q4 two calendar years before today, which wins by a wide margin whether sales ' +
    'are measured as line amounts, units or orders.',
};

/** "List the users in Boise, ID sorted by display name" */
export const BOISE_USERS: DemoQuestion = {
  id: 'boise-users',
  question: 'List the users in Boise, ID sorted by display name',
  expected: 'answer',
  tables: ['crm.users'],
  referenceSql: `SELECT display_name FROM crm.users WHERE location = 'Boise, ID' ORDER BY display_name`,
  notes:
    "'Boise, ID' is a frequent value of crm.users.location; crm.customers has city and state columns instead.",
};

/** "What were total sales last month?" */
export const TOTAL_SALES_LAST_MONTH: DemoQuestion = {
  id: 'total-sales-last-month',
  question: 'What were total sales last month?',
  expected: 'clarify',
  tables: ['sales.online_orders', 'sales.store_sales'],
  readings: [
    { label: 'Online orders', tables: ['sales.online_orders'] },
    { label: 'In-store sales', tables: ['sales.store_sales'] },
  ],
  notes:
    'Both online orders and in-store receipts hold dated sales amounts; either (or both) could be meant.',
};

/** "What's the weather in Boise tomorrow?" */
export const WEATHER_IN_BOISE: DemoQuestion = {
  id: 'weather-boise',
  question: "What's the weather in Boise tomorrow?",
  expected: 'decline',
  tables: [],
  notes: 'No weather data; "Boise" overlaps store, customer and user locations but nothing answers it.',
};

/** Every example question, answerable ones first. */
export const DEMO_QUESTIONS: readonly DemoQuestion[] = [
  FASHION_PEAK_QUARTER,
  BOISE_USERS,
  {
    id: 'boise-user-count',
    question: 'How many users are located in Boise, ID?',
    expected: 'answer',
    tables: ['crm.users'],
    referenceSql: `SELECT count(*) AS users FROM crm.users WHERE location = 'Boise, ID'`,
    notes: 'A count with a value filter on crm.users.location.',
  },
  {
    id: 'vinyl-releases-by-region',
    question: 'How many vinyl releases were there in each region?',
    expected: 'answer',
    tables: ['music.release_history'],
    referenceSql: `SELECT region, count(*) AS releases
FROM music.release_history
WHERE release_format = 'Vinyl'
GROUP BY region
ORDER BY releases DESC, region`,
    notes: 'release_format and region are columns of the release history.',
  },
  {
    id: 'label-most-cds-japan',
    question: 'Which label released the most CDs in Japan?',
    expected: 'answer',
    tables: ['music.release_history'],
    referenceSql: `SELECT label, count(*) AS releases
FROM music.release_history
WHERE region = 'Japan' AND release_format = 'CD'
GROUP BY label
ORDER BY releases DESC, label
LIMIT 1`,
    notes: 'A superlative over the release history with two value filters.',
  },
  {
    id: 'top-products-by-units',
    question: 'What are the top 5 products by units sold?',
    expected: 'answer',
    tables: ['sales.order_items', 'catalog.products'],
    referenceSql: `SELECT p.product_name, sum(oi.qty) AS units
FROM sales.order_items oi
JOIN catalog.products p ON p.product_id = oi.product_id
GROUP BY p.product_name
ORDER BY units DESC, p.product_name
LIMIT 5`,
    notes: 'Units per product exist only for online order lines (qty).',
  },
  {
    id: 'orders-placed-last-month',
    question: 'How many orders were placed last month?',
    expected: 'answer',
    tables: ['sales.online_orders'],
    referenceSql: `SELECT count(*) AS orders
FROM sales.online_orders
WHERE order_date >= date_trunc('month', CURRENT_DATE) - INTERVAL '1 month'
  AND order_date < date_trunc('month', CURRENT_DATE)`,
    notes:
      'Customer orders are online orders (in-store receipts are sales, not orders; purchase orders go to ' +
      'suppliers and are named as such). "Last month" is the previous calendar month.',
  },
  {
    id: 'tickets-opened-last-month',
    question: 'How many support tickets were opened last month?',
    expected: 'answer',
    tables: ['crm.support_tickets'],
    referenceSql: `SELECT count(*) AS tickets
FROM crm.support_tickets
WHERE opened_at >= date_trunc('month', CURRENT_DATE) - INTERVAL '1 month'
  AND opened_at < date_trunc('month', CURRENT_DATE)`,
    notes:
      '"Opened" is the event whose date is opened_at, not the status value \'Open\': a ticket opened last ' +
      'month may be closed by now and still counts.',
  },
  {
    id: 'online-sales-by-month-last-year',
    question: 'What were total online sales by month last year?',
    expected: 'answer',
    tables: ['sales.online_orders'],
    referenceSql: `SELECT date_trunc('month', order_date)::date AS month, sum(total_amt) AS sales
FROM sales.online_orders
WHERE order_date >= date_trunc('year', CURRENT_DATE) - INTERVAL '1 year'
  AND order_date < date_trunc('year', CURRENT_DATE)
GROUP BY 1
ORDER BY 1`,
    notes: 'Online sales are the order totals of online orders, summed per calendar month of last year.',
  },
  {
    id: 'employees-per-department',
    question: 'How many current employees work in each department?',
    expected: 'answer',
    tables: ['hr.employees', 'hr.departments'],
    referenceSql: `SELECT d.department_name, count(*) AS employees
FROM hr.employees e
JOIN hr.departments d ON d.department_id = e.department_id
WHERE e.termination_date IS NULL
GROUP BY d.department_name
ORDER BY employees DESC, d.department_name`,
    notes: 'Join along the foreign key to the department name; current means not terminated.',
  },
  {
    id: 'shipments-by-carrier-last-year',
    question: 'Which carrier shipped the most parcels last year?',
    expected: 'answer',
    tables: ['sales.shipments'],
    referenceSql: `SELECT carrier, count(*) AS parcels
FROM sales.shipments
WHERE shipped_at >= date_trunc('year', CURRENT_DATE) - INTERVAL '1 year'
  AND shipped_at < date_trunc('year', CURRENT_DATE)
GROUP BY carrier
ORDER BY parcels DESC
LIMIT 1`,
    notes: 'Carrier lives only on shipments.',
  },
  {
    id: 'csat-by-channel',
    question: 'What is the average satisfaction score of support tickets by channel?',
    expected: 'answer',
    tables: ['crm.support_tickets'],
    referenceSql: `SELECT channel, round(avg(csat_score), 2) AS avg_csat
FROM crm.support_tickets
WHERE csat_score IS NOT NULL
GROUP BY channel
ORDER BY channel`,
    notes: 'csat_score is commented as the satisfaction survey score.',
  },
  {
    id: 'largest-campaign-budget',
    question: 'Which marketing campaign had the largest budget?',
    expected: 'answer',
    tables: ['marketing.campaigns'],
    referenceSql: `SELECT campaign_name, budget_amt FROM marketing.campaigns ORDER BY budget_amt DESC LIMIT 1`,
    notes: 'budget_amt is an abbreviation (amount) the embedder has to expand.',
  },
  {
    id: 'below-reorder-point',
    question: 'How many products are below their reorder point in each distribution center?',
    expected: 'answer',
    tables: ['catalog.inventory', 'catalog.warehouses'],
    referenceSql: `SELECT w.warehouse_name, count(*) AS products
FROM catalog.inventory i
JOIN catalog.warehouses w ON w.warehouse_id = i.warehouse_id
WHERE i.qty_on_hand < i.reorder_point
GROUP BY w.warehouse_name
ORDER BY w.warehouse_name`,
    notes: 'Comparison between two columns of the inventory; "distribution center" names the warehouses.',
  },
  {
    id: 'suppliers-in-china',
    question: 'Which suppliers are based in China?',
    expected: 'answer',
    tables: ['catalog.suppliers'],
    referenceSql: `SELECT supplier_name FROM catalog.suppliers WHERE country = 'China' ORDER BY supplier_name`,
    notes: 'A list with a value filter.',
  },
  {
    id: 'fashion-return-reasons',
    question: 'What is the most common return reason for fashion products?',
    expected: 'answer',
    tables: ['sales.returns', 'sales.order_items', 'catalog.products'],
    referenceSql: `SELECT r.reason, count(*) AS returns
FROM sales.returns r
JOIN sales.order_items oi ON oi.order_item_id = r.order_item_id
JOIN catalog.products p ON p.product_id = oi.product_id
WHERE p.category = 'Fashion'
GROUP BY r.reason
ORDER BY returns DESC
LIMIT 1`,
    notes: 'Returns reach the category through order_items (a bridge table).',
  },
  {
    id: 'pacific-stores',
    question: 'List the stores in the Pacific region',
    expected: 'answer',
    tables: ['sales.stores', 'sales.regions'],
    referenceSql: `SELECT s.store_name
FROM sales.stores s
JOIN sales.regions r ON r.region_id = s.region_id
WHERE r.region_name = 'Pacific'
ORDER BY s.store_name`,
    notes: 'The region name is a value of sales.regions, reached along the foreign key.',
  },
  TOTAL_SALES_LAST_MONTH,
  {
    id: 'revenue-q2',
    question: 'How much revenue did we make in the second quarter of last year?',
    expected: 'clarify',
    tables: ['sales.online_orders', 'sales.store_sales'],
    readings: [
      { label: 'Online orders', tables: ['sales.online_orders'] },
      { label: 'In-store sales', tables: ['sales.store_sales'] },
    ],
    notes: 'Revenue is recorded separately for online orders and in-store receipts.',
  },
  {
    id: 'orders-per-date',
    question: 'How many online orders were there per date over the last two weeks?',
    expected: 'clarify',
    tables: ['sales.online_orders'],
    readings: [
      { label: 'By order date', tables: ['sales.online_orders'], column: 'sales.online_orders.order_date' },
      { label: 'By ship date', tables: ['sales.online_orders'], column: 'sales.online_orders.ship_date' },
    ],
    notes: 'online_orders has both order_date and ship_date; "per date" does not say which.',
  },
  {
    id: 'customer-issues-last-month',
    question: 'How many customer issues were reported last month?',
    expected: 'clarify',
    tables: ['crm.support_tickets', 'crm.complaints'],
    readings: [
      { label: 'Support tickets', tables: ['crm.support_tickets'] },
      { label: 'Complaints', tables: ['crm.complaints'] },
    ],
    notes: 'Help desk tickets and formal complaints are both customer issues.',
  },
  WEATHER_IN_BOISE,
  {
    id: 'world-cup-2018',
    question: 'Who won the 2018 World Cup?',
    expected: 'decline',
    tables: [],
    notes: 'General knowledge; the catalog has campaigns and sports products but no tournament results.',
  },
  {
    id: 'apple-stock-price',
    question: 'What is the stock price of Apple today?',
    expected: 'decline',
    tables: [],
    notes: '"Stock" and "price" overlap inventory and list prices, but there is no market data.',
  },
  {
    id: 'portland-population',
    question: 'What is the population of Portland, Oregon?',
    expected: 'decline',
    tables: [],
    notes: 'Portland is a store, customer and user location, but no table has city populations.',
  },
  {
    id: 'calories-banana',
    question: 'How many calories are in a banana?',
    expected: 'decline',
    tables: [],
    notes: 'Grocery products exist, but no nutrition data.',
  },
];

/**
 * `sql` with every `CURRENT_DATE` replaced by the literal local calendar date of `today`, so reference
 * answers match a warehouse seeded for that day.
 */
export function sqlAsOf(sql: string, today: Date): string {
  const y = today.getFullYear();
  const m = String(today.getMonth() + 1).padStart(2, '0');
  const d = String(today.getDate()).padStart(2, '0');
  return sql.replace(/\bCURRENT_DATE\b/g, `DATE '${y}-${m}-${d}'`);
}
