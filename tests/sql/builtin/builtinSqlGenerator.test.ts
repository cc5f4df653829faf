import type { CatalogTable } from '../../../src/catalog/types';
import type { Embedder } from '../../../src/embeddings/embedder';
import { OfflineEmbedder } from '../../../src/embeddings/offlineEmbedder';
import { BuiltinSqlGenerator } from '../../../src/sql/builtin/builtinSqlGenerator';
import type { JoinEdge } from '../../../src/sql/types';
import { BACKEND, createTestDatabase, type TestDatabase } from '../../support/databases';
import { SHOP_NOW, createShop, shopCatalog } from './shopFixture';
import { keyed, queryRows } from './support/resultRows';

/** One question, and a hand-written query whose rows the generated SQL must return. */
interface ShapeCase {
  shape: string;
  question: string;
  referenceSql: string;
  /** Compare rows in order (the question asks for an order). @default false */
  ordered?: boolean;
}

const CASES: readonly ShapeCase[] = [
  {
    shape: 'count',
    question: 'How many customers are there?',
    referenceSql: 'SELECT count(*) FROM shop.customers',
  },
  {
    shape: 'count with a profile value',
    question: 'How many customers live in Austin?',
    referenceSql: `SELECT count(*) FROM shop.customers WHERE city = 'Austin'`,
  },
  {
    shape: 'list with a value in another case',
    question: 'Show the products in the fashion category',
    referenceSql: `SELECT product_name FROM shop.products WHERE category = 'Fashion'`,
  },
  {
    shape: 'select list of asked columns',
    question: 'What are the names and prices of the home products?',
    referenceSql: `SELECT product_name, price FROM shop.products WHERE category = 'Home'`,
  },
  {
    shape: 'comparison',
    question: 'Which products cost more than 100?',
    referenceSql: 'SELECT product_name FROM shop.products WHERE price > 100',
  },
  {
    shape: 'between',
    question: 'Which products have a price between 30 and 60?',
    referenceSql: 'SELECT product_name FROM shop.products WHERE price BETWEEN 30 AND 60',
  },
  {
    shape: 'contains',
    question: "Which products have a name containing 'Lamp'?",
    referenceSql: `SELECT product_name FROM shop.products WHERE product_name LIKE '%Lamp%'`,
  },
  {
    shape: 'aggregate',
    question: 'What is the average price of products?',
    referenceSql: 'SELECT avg(price) FROM shop.products',
  },
  {
    shape: 'aggregate with GROUP BY',
    question: 'How many products are there in each category?',
    referenceSql: 'SELECT count(*), category FROM shop.products GROUP BY category',
  },
  {
    shape: 'aggregate over a join with GROUP BY',
    question: 'What is the total amount per product category?',
    referenceSql: `SELECT sum(i.amount), p.category FROM shop.order_items i JOIN shop.products p USING (product_id)
      GROUP BY p.category`,
  },
  {
    shape: 'superlative by count',
    question: 'Which category has the most products?',
    referenceSql: 'SELECT category FROM shop.products GROUP BY category ORDER BY count(*) DESC LIMIT 1',
  },
  {
    shape: 'top N',
    question: 'What are the 3 most expensive products?',
    referenceSql: 'SELECT product_name FROM shop.products ORDER BY price DESC LIMIT 3',
    ordered: true,
  },
  {
    shape: 'order by, descending',
    question: 'List the product names sorted by price in descending order',
    referenceSql: 'SELECT product_name FROM shop.products ORDER BY price DESC',
    ordered: true,
  },
  {
    shape: 'distinct',
    question: 'What are the different order statuses?',
    referenceSql: 'SELECT DISTINCT status FROM shop.orders',
  },
  {
    shape: 'year',
    question: 'How many orders were placed in 2023?',
    referenceSql: `SELECT count(*) FROM shop.orders WHERE order_date >= '2023-01-01' AND order_date < '2024-01-01'`,
  },
  {
    shape: 'last month',
    question: 'How many orders were placed last month?',
    referenceSql: `SELECT count(*) FROM shop.orders WHERE order_date >= '2024-05-01' AND order_date < '2024-06-01'`,
  },
  {
    shape: 'quarter of the past five years with the most sales of a category',
    question: 'Which quarter in the past 5 years had the most sales for fashion products?',
    referenceSql: `SELECT date_trunc('quarter', o.order_date)::date
      FROM shop.orders o JOIN shop.order_items i USING (order_id) JOIN shop.products p USING (product_id)
      WHERE p.category = 'Fashion' AND o.order_date >= DATE '2024-06-15' - INTERVAL '5 years'
      GROUP BY 1 ORDER BY sum(i.amount) DESC LIMIT 1`,
  },
  {
    shape: 'boolean column',
    question: 'How many users are moderators?',
    referenceSql: 'SELECT count(*) FROM shop.users WHERE is_moderator',
  },
  {
    shape: 'join along a foreign key with a filter on the far table',
    question: 'What are the order dates of the customers from Denver?',
    referenceSql: `SELECT o.order_date FROM shop.orders o JOIN shop.customers c USING (customer_id) WHERE c.city = 'Denver'`,
  },
  {
    shape: 'having',
    question: 'Which customers have more than 2 orders?',
    referenceSql: `SELECT c.first_name, c.last_name FROM shop.customers c JOIN shop.orders o USING (customer_id)
      GROUP BY c.customer_id, c.first_name, c.last_name HAVING count(*) > 2`,
  },
  {
    shape: 'negation across a foreign key',
    question: 'Which customers have never placed an order?',
    referenceSql: `SELECT first_name, last_name FROM shop.customers
      WHERE customer_id NOT IN (SELECT customer_id FROM shop.orders)`,
  },
  {
    shape: 'negation of a value',
    question: 'Which products are not in the Fashion category?',
    referenceSql: `SELECT product_name FROM shop.products WHERE category <> 'Fashion'`,
  },
  {
    shape: 'both A and B (INTERSECT)',
    question: 'Which cities have customers with both delivered and shipped orders?',
    referenceSql: `SELECT c.city FROM shop.customers c JOIN shop.orders o USING (customer_id) WHERE o.status = 'delivered'
      INTERSECT SELECT c.city FROM shop.customers c JOIN shop.orders o USING (customer_id) WHERE o.status = 'shipped'`,
  },
  {
    shape: 'list with a multi-word profile value, named by the name column it is sorted by',
    question: 'List the users in Boise, ID sorted by display name',
    referenceSql: `SELECT display_name FROM shop.users WHERE location = 'Boise, ID' ORDER BY display_name`,
    ordered: true,
  },
  {
    shape: 'aggregate of a column named with a modifier',
    question: 'What is the average selling price of products?',
    referenceSql: 'SELECT avg(price) FROM shop.products',
  },
  {
    shape: 'current rows (no end date yet)',
    question: 'How many current employees are there?',
    referenceSql: 'SELECT count(*) FROM shop.employees WHERE termination_date IS NULL',
  },
  {
    shape: 'comparison between two columns of a row',
    question: 'How many products are below their reorder point?',
    referenceSql: 'SELECT count(*) FROM shop.stock_levels WHERE qty_on_hand < reorder_point',
  },
  {
    shape: 'comparison with other rows (subquery)',
    question: 'Which products have a price higher than any product in the Home category?',
    referenceSql: `SELECT product_name FROM shop.products
      WHERE price > (SELECT max(price) FROM shop.products WHERE category = 'Home')`,
  },
  {
    shape: 'having with a number word',
    question: 'Which customers have at least two orders?',
    referenceSql: `SELECT c.first_name, c.last_name FROM shop.customers c JOIN shop.orders o USING (customer_id)
      GROUP BY c.customer_id, c.first_name, c.last_name HAVING count(*) >= 2`,
  },
  {
    shape: 'having count = N after a verb',
    question: 'Which customers placed exactly one order?',
    referenceSql: `SELECT c.first_name, c.last_name FROM shop.customers c JOIN shop.orders o USING (customer_id)
      GROUP BY c.customer_id, c.first_name, c.last_name HAVING count(*) = 1`,
  },
  {
    shape: 'top N by a quantity summed over related rows',
    question: 'What are the top 2 products by quantity sold?',
    referenceSql: `SELECT p.product_name FROM shop.products p JOIN shop.order_items i USING (product_id)
      GROUP BY p.product_id, p.product_name ORDER BY sum(i.quantity) DESC LIMIT 2`,
    ordered: true,
  },
  {
    shape: 'negated condition on the subject table (EXCEPT)',
    question: 'Find the product ids that never had a quantity above 5.',
    referenceSql: `SELECT product_id FROM shop.order_items
      EXCEPT SELECT product_id FROM shop.order_items WHERE quantity > 5`,
  },
  {
    shape: 'negated value of a related table (NOT IN)',
    question: 'Which customers have no returned orders?',
    referenceSql: `SELECT first_name, last_name FROM shop.customers
      WHERE customer_id NOT IN (SELECT customer_id FROM shop.orders WHERE status = 'returned')`,
  },
];

/**
 * A small embedder over a fixed concept table ("tariff" and "price" share a concept), so the embedding
 * fallback can be checked without model files. Unknown words get their own direction.
 */
class ConceptEmbedder implements Embedder {
  readonly id = 'test:concepts';
  readonly dimension = 16;
  private readonly concepts: Record<string, number> = {
    tariff: 0,
    price: 0,
    'unit price': 0,
    category: 1,
    product: 2,
  };

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((text) => {
      const v = new Float32Array(this.dimension);
      const concept = this.concepts[text.toLowerCase()];
      const index =
        concept ?? 3 + ([...text].reduce((h, c) => h * 31 + c.charCodeAt(0), 7) % (this.dimension - 3));
      v[index] = 1;
      return v;
    });
  }
}

describe(`BuiltinSqlGenerator on a shop schema (${BACKEND})`, () => {
  let db: TestDatabase;
  let tables: CatalogTable[];
  let joins: JoinEdge[];
  let generator: BuiltinSqlGenerator;

  beforeAll(async () => {
    db = await createTestDatabase('tb_builtin');
    await createShop(db.source);
    ({ tables, joins } = await shopCatalog(db.source));
    generator = await BuiltinSqlGenerator.create({});
  });
  afterAll(() => db?.drop());

  describe.each(CASES.map((c) => [c.shape, c] as const))('%s', (_shape, c) => {
    it(`answers "${c.question}" with the rows of the hand-written SQL`, async () => {
      const [candidate] = await generator.generate({ question: c.question, tables, joins, now: SHOP_NOW });
      expect(candidate).toBeDefined();
      expect(candidate.generator).toBe('builtin');
      const actual = await queryRows(db.source, candidate.sql);
      const expected = await queryRows(db.source, c.referenceSql);
      expect(expected.length).toBeGreaterThan(0);
      expect({ sql: candidate.sql, rows: keyed(actual, c.ordered ?? false) }).toEqual({
        sql: candidate.sql,
        rows: keyed(expected, c.ordered ?? false),
      });
    });
  });

  it('writes schema-qualified tables and reads only the tables it was given', async () => {
    const only = tables.filter((t) => t.name === 'products');
    const [candidate] = await generator.generate({
      question: 'How many products cost less than 50?',
      tables: only,
      joins: [],
    });
    expect(candidate.sql).toMatch(/FROM shop\.products\b/);
    expect(candidate.sql).not.toMatch(/shop\.(orders|customers|users|order_items)/);
    expect(keyed(await queryRows(db.source, candidate.sql), false)).toEqual(['["3"]']);
  });

  it('runs with the offline embedder', async () => {
    const embedder = await OfflineEmbedder.create();
    const withEmbedder = await BuiltinSqlGenerator.create({ embedder });
    const [candidate] = await withEmbedder.generate({
      question: 'What is the mean cost of the merchandise?',
      tables: tables.filter((t) => t.name === 'products'),
      joins: [],
    });
    expect(keyed(await queryRows(db.source, candidate.sql), false)).toEqual(
      keyed(await queryRows(db.source, 'SELECT avg(price) FROM shop.products'), false),
    );
  });

  it('links a word no lexicon knows through the embedder (cosine to column names)', async () => {
    const withEmbedder = await BuiltinSqlGenerator.create({
      embedder: new ConceptEmbedder(),
      wordNet: false,
    });
    const [candidate] = await withEmbedder.generate({
      question: 'What is the mean tariff of products?',
      tables: tables.filter((t) => t.name === 'products'),
      joins: [],
    });
    expect(candidate.sql).toMatch(/avg\(price\)/);
  });

  it('returns no candidate without tables', async () => {
    expect(
      await generator.generate({ question: 'How many products are there?', tables: [], joins: [] }),
    ).toEqual([]);
  });

  it('explains its reading and gives a confidence', async () => {
    const [candidate] = await generator.generate({
      question: 'What is the average price per category?',
      tables,
      joins,
      now: SHOP_NOW,
    });
    expect(candidate.explanation).toMatch(/avg\(price\)/);
    expect(candidate.confidence).toBeGreaterThan(0);
    expect(candidate.confidence).toBeLessThanOrEqual(1);
  });
});
