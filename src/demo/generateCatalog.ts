import { dateParts, isoDate } from './calendar';
import { priceOn, type DemoWorld, type ProductEntity } from './model';
import type { SeededRandom } from './random';
import { money, type SqlValue, type TableRows } from './sqlLiterals';
import { BRANDS, CATEGORIES, FIRST_NAMES, LAST_NAMES, SUPPLIERS, WAREHOUSES } from './vocabulary';

const SKU_PREFIX: Readonly<Record<string, string>> = {
  Fashion: 'FSH',
  Electronics: 'ELC',
  'Home & Garden': 'HMG',
  Sports: 'SPT',
  Beauty: 'BTY',
  Toys: 'TOY',
  Grocery: 'GRC',
};

const WEIGHT_KG: Readonly<Record<string, [number, number]>> = {
  Fashion: [0.2, 1.8],
  Electronics: [0.1, 6],
  'Home & Garden': [0.3, 12],
  Sports: [0.2, 9],
  Beauty: [0.05, 0.6],
  Toys: [0.2, 3],
  Grocery: [0.1, 1.2],
};

/** Words left out of supplier e-mail domains. */
const DOMAIN_STOP_WORDS = new Set(['co', 'inc', 'group', 'company', 'ab', 'the']);

const PAYMENT_TERMS: readonly string[] = ['Net 30', 'Net 30', 'Net 45', 'Net 60', '2/10 Net 30'];

function pricePoint(dollars: number): number {
  // Retail price points: 19.99, 24.99, 129.00 ...
  return dollars < 100 ? Math.round(dollars) * 100 - 1 : Math.round(dollars / 5) * 500;
}

/** Suppliers, brands, products with price history, stock levels and purchase orders. Fills `world.products`. */
export function generateCatalog(rng: SeededRandom, world: DemoWorld): TableRows[] {
  const { timeline } = world;
  const supplierRows = SUPPLIERS.map((s, i): SqlValue[] => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const domain = s.name
      .toLowerCase()
      .replace(/[^a-z ]+/g, '')
      .split(' ')
      .filter((w) => !DOMAIN_STOP_WORDS.has(w))
      .slice(0, 2)
      .join('');
    return [
      i + 1,
      s.name,
      s.country,
      `${first} ${last}`,
      `${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, '')}@${domain}.example`,
      s.country === 'United States' ? rng.int(5, 14) : rng.int(21, 75),
      rng.pick(PAYMENT_TERMS),
      rng.chance(0.35),
    ];
  });
  const brandSupplier = BRANDS.map((b) => {
    const candidates = SUPPLIERS.map((s, i) => ({ s, id: i + 1 })).filter((x) => x.s.category === b.category);
    return rng.pick(candidates).id;
  });
  const brandRows = BRANDS.map((b, i): SqlValue[] => [i + 1, b.name, brandSupplier[i], b.country]);

  const products: ProductEntity[] = [];
  const productRows: SqlValue[][] = [];
  const priceRows: SqlValue[][] = [];
  for (const category of CATEGORIES) {
    const brandIds = BRANDS.map((b, i) => ({ b, id: i + 1 })).filter((x) => x.b.category === category.name);
    let skuNumber = 10001;
    for (const sub of category.subcategories) {
      for (const item of sub.items) {
        const count = rng.chance(0.5) ? 2 : 1;
        const variants = rng.sample(category.variants, count);
        for (const variant of variants) {
          const brand = rng.pick(brandIds);
          const id = products.length + 1;
          const launch = rng.chance(0.72)
            ? timeline.start - rng.int(30, 1500)
            : rng.int(timeline.start, timeline.today - 90);
          const discontinued =
            rng.chance(0.08) && launch + 400 < timeline.today ? rng.int(launch + 400, timeline.today) : null;
          const prices: { from: number; cents: number }[] = [
            { from: launch, cents: pricePoint(rng.float(sub.price[0], sub.price[1])) },
          ];
          for (
            let t = launch + rng.int(300, 600);
            t <= (discontinued ?? timeline.today);
            t += rng.int(360, 620)
          ) {
            const last = prices[prices.length - 1].cents;
            const change = rng.chance(0.8) ? rng.float(1.03, 1.12) : rng.float(0.85, 0.97);
            prices.push({ from: t, cents: pricePoint((last * change) / 100) });
          }
          const product: ProductEntity = {
            id,
            category: category.name,
            subcategory: sub.name,
            launch,
            discontinued,
            prices,
            supplierId: brandSupplier[brand.id - 1],
          };
          products.push(product);
          const current = prices[prices.length - 1].cents;
          const weight = WEIGHT_KG[category.name];
          productRows.push([
            id,
            `${SKU_PREFIX[category.name]}-${skuNumber++}`,
            `${brand.b.name} ${variant} ${item}`,
            category.name,
            sub.name,
            brand.id,
            product.supplierId,
            money(current),
            money(current * rng.float(0.32, 0.6)),
            category.colors ? rng.pick(category.colors) : null,
            Math.round(rng.float(weight[0], weight[1]) * 100) / 100,
            isoDate(launch),
            discontinued === null ? null : isoDate(discontinued),
          ]);
          for (const p of prices) priceRows.push([id, isoDate(p.from), money(p.cents)]);
        }
      }
    }
  }
  world.products = products;

  const inventoryRows: SqlValue[][] = [];
  WAREHOUSES.forEach((_w, wi) => {
    for (const p of products) {
      if (p.discontinued !== null || p.launch > timeline.today) continue;
      const popularity = CATEGORIES.find((c) => c.name === p.category)?.share ?? 0.1;
      const reorder = Math.round(popularity * rng.float(80, 200));
      const onHand = rng.chance(0.06) ? rng.int(0, reorder) : rng.int(reorder, reorder * 6);
      inventoryRows.push([
        wi + 1,
        p.id,
        onHand,
        Math.min(onHand, rng.int(0, Math.ceil(onHand * 0.15))),
        reorder,
        isoDate(timeline.today - rng.int(0, 45)),
      ]);
    }
  });

  const purchases: { day: number; values: SqlValue[] }[] = [];
  SUPPLIERS.forEach((_s, si) => {
    const leadTime = Number(supplierRows[si][5]);
    const catalogProducts = products.filter((p) => p.supplierId === si + 1);
    if (catalogProducts.length === 0) return;
    for (let t = timeline.start + rng.int(0, 60); t <= timeline.today; t += rng.int(45, 110)) {
      const warehouse = rng.int(1, WAREHOUSES.length);
      const expected = t + leadTime + rng.int(-2, 5);
      const cancelled = rng.chance(0.03);
      const received = cancelled || expected + 4 > timeline.today ? null : expected + rng.int(-3, 6);
      const status = cancelled
        ? 'Cancelled'
        : received !== null && received <= timeline.today
          ? 'Received'
          : t + 2 > timeline.today
            ? 'Open'
            : 'In transit';
      const lines = rng.int(2, Math.min(18, catalogProducts.length * 2));
      let cost = 0;
      for (let k = 0; k < lines; k++) cost += priceOn(rng.pick(catalogProducts), t) * 0.45 * rng.int(24, 240);
      purchases.push({
        day: t,
        values: [
          si + 1,
          warehouse,
          isoDate(t),
          isoDate(expected),
          received === null || received > timeline.today ? null : isoDate(received),
          status,
          lines,
          money(cost),
        ],
      });
    }
  });
  // Purchase order numbers run per year in date order.
  purchases.sort((a, b) => a.day - b.day);
  const poCountByYear = new Map<number, number>();
  const poRows = purchases.map((p): SqlValue[] => {
    const { year } = dateParts(p.day);
    const n = (poCountByYear.get(year) ?? 0) + 1;
    poCountByYear.set(year, n);
    return [`PO-${year}-${String(n).padStart(5, '0')}`, ...p.values];
  });

  return [
    {
      table: 'catalog.suppliers',
      columns: [
        'supplier_id',
        'supplier_name',
        'country',
        'contact_name',
        'contact_email',
        'lead_time_days',
        'payment_terms',
        'is_preferred',
      ],
      rows: supplierRows,
    },
    {
      table: 'catalog.brands',
      columns: ['brand_id', 'brand_name', 'supplier_id', 'country_of_origin'],
      rows: brandRows,
    },
    {
      table: 'catalog.products',
      columns: [
        'product_id',
        'sku',
        'product_name',
        'category',
        'subcategory',
        'brand_id',
        'supplier_id',
        'unit_price',
        'unit_cost',
        'color',
        'weight_kg',
        'launch_date',
        'discontinued_date',
      ],
      rows: productRows,
    },
    {
      table: 'catalog.price_history',
      columns: ['product_id', 'effective_date', 'list_price'],
      rows: priceRows,
    },
    {
      table: 'catalog.inventory',
      columns: [
        'warehouse_id',
        'product_id',
        'qty_on_hand',
        'qty_reserved',
        'reorder_point',
        'last_count_dt',
      ],
      rows: inventoryRows,
    },
    {
      table: 'catalog.purchase_orders',
      columns: [
        'po_nbr',
        'supplier_id',
        'warehouse_id',
        'order_date',
        'expected_date',
        'received_date',
        'status',
        'line_cnt',
        'total_cost_amt',
      ],
      rows: poRows,
    },
  ];
}
