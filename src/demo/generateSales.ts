import { dateParts, isoDate, isoTimestamp, quarterOf } from './calendar';
import {
  countUpTo,
  demandFactor,
  holderAt,
  inFashionPeak,
  priceOn,
  type CustomerEntity,
  type DemoWorld,
  type OrderEntity,
  type ProductEntity,
} from './model';
import type { SeededRandom } from './random';
import { money, type SqlValue, type TableRows } from './sqlLiterals';
import { CATEGORIES, CITIES, REGIONS, type CategorySeed } from './vocabulary';

/** Average online orders per day when the data starts (demand factor 1). */
const ONLINE_ORDERS_PER_DAY = 1.8;
/** Average receipts per store per day at traffic 1. */
const STORE_RECEIPTS_PER_DAY = 0.085;
/** How much more of the order lines are fashion during the Fashion Week Mega Sale quarter. */
const FASHION_PEAK_BOOST = 2.5;
/** Orders at or above this subtotal ship free (cents). */
const FREE_SHIPPING_CENTS = 7500;

/** Combined state and average local sales tax rates. */
const SALES_TAX: Readonly<Record<string, number>> = {
  NY: 0.0852,
  MA: 0.0625,
  PA: 0.0634,
  CT: 0.0635,
  ME: 0.055,
  GA: 0.0735,
  FL: 0.0702,
  NC: 0.0698,
  TN: 0.0955,
  IL: 0.0881,
  MN: 0.0749,
  OH: 0.0723,
  MI: 0.06,
  WI: 0.0543,
  MO: 0.0825,
  TX: 0.082,
  AZ: 0.084,
  NM: 0.0772,
  CO: 0.0777,
  ID: 0.0602,
  UT: 0.0719,
  NV: 0.0823,
  MT: 0,
  WA: 0.0929,
  OR: 0,
  CA: 0.0882,
};

/** Distribution center (1-based) serving each sales region. */
const REGION_WAREHOUSE: Readonly<Record<string, number>> = {
  Northeast: 1,
  Southeast: 2,
  Midwest: 3,
  Southwest: 2,
  Mountain: 4,
  Pacific: 4,
};

const CARRIERS: readonly { name: string; weight: number }[] = [
  { name: 'UPS', weight: 40 },
  { name: 'FedEx', weight: 30 },
  { name: 'USPS', weight: 25 },
  { name: 'DHL', weight: 5 },
];

const ONLINE_PAYMENT: readonly { method: string; weight: number; card: boolean }[] = [
  { method: 'Credit card', weight: 58, card: true },
  { method: 'Debit card', weight: 12, card: true },
  { method: 'PayPal', weight: 17, card: false },
  { method: 'Apple Pay', weight: 10, card: false },
  { method: 'Gift card', weight: 3, card: false },
];

const STORE_PAYMENT: readonly { method: string; weight: number }[] = [
  { method: 'Credit card', weight: 52 },
  { method: 'Debit card', weight: 21 },
  { method: 'Cash', weight: 16 },
  { method: 'Apple Pay', weight: 9 },
  { method: 'Gift card', weight: 2 },
];

const CARD_BRANDS: readonly { name: string; weight: number }[] = [
  { name: 'Visa', weight: 52 },
  { name: 'Mastercard', weight: 30 },
  { name: 'Amex', weight: 13 },
  { name: 'Discover', weight: 5 },
];

/** Return reasons by category (weights); categories not listed use the default. */
const RETURN_REASONS: Readonly<Record<string, readonly [string, number][]>> = {
  Fashion: [
    ['Wrong size', 45],
    ['Changed mind', 20],
    ['Not as described', 15],
    ['Defective', 8],
    ['Arrived late', 4],
    ['Damaged in transit', 8],
  ],
  default: [
    ['Defective', 30],
    ['Changed mind', 25],
    ['Not as described', 20],
    ['Damaged in transit', 15],
    ['Arrived late', 10],
  ],
};

function trackingNumber(rng: SeededRandom, carrier: string, shipmentId: number): string {
  const id = String(shipmentId).padStart(7, '0');
  const digits = (n: number): string => Array.from({ length: n }, () => rng.int(0, 9)).join('');
  switch (carrier) {
    case 'UPS':
      return `1Z${digits(3)}E${digits(2)}${id}${digits(3)}`;
    case 'USPS':
      return `9400${digits(11)}${id}`;
    case 'DHL':
      return `JD01${id}${digits(3)}`;
    default:
      return `${digits(5)}${id}`;
  }
}

interface QuarterKey {
  regionId: number;
  year: number;
  quarter: number;
  channel: 'Online' | 'In-store';
}

function quarterKey(k: QuarterKey): string {
  return `${k.regionId}|${k.year}|${k.quarter}|${k.channel}`;
}

/** Online orders with lines, payments, shipments and returns; in-store receipts; regional targets. Fills `world.orders`. */
export function generateSales(rng: SeededRandom, world: DemoWorld): TableRows[] {
  const { timeline, customers } = world;
  const productsByCategory = new Map<string, ProductEntity[]>(
    CATEGORIES.map((c) => [c.name, world.products.filter((p) => p.category === c.name)]),
  );
  const available = (category: CategorySeed, day: number): ProductEntity | null => {
    const pool = productsByCategory.get(category.name) ?? [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const p = rng.pick(pool);
      if (p.launch <= day && (p.discontinued === null || p.discontinued > day)) return p;
    }
    return null;
  };
  const actuals = new Map<string, number>();
  const addActual = (k: QuarterKey, cents: number): void => {
    actuals.set(quarterKey(k), (actuals.get(quarterKey(k)) ?? 0) + cents);
  };

  const orderRows: SqlValue[][] = [];
  const itemRows: SqlValue[][] = [];
  const paymentRows: SqlValue[][] = [];
  const shipmentRows: SqlValue[][] = [];
  const returnRows: SqlValue[][] = [];
  const orders: OrderEntity[] = [];
  const seqByYear = new Map<number, number>();
  const span = timeline.today - timeline.start;

  for (let day = timeline.start; day <= timeline.today; day++) {
    const signedUp = countUpTo(customers, (c) => c.signup, day);
    if (signedUp === 0) continue;
    const active = world.campaigns.filter((c) => c.start <= day && c.end >= day);
    const peak = inFashionPeak(timeline, day);
    const n = rng.poisson(ONLINE_ORDERS_PER_DAY * demandFactor(timeline, day, 'online'));
    for (let k = 0; k < n; k++) {
      const customer = customers[rng.int(0, signedUp - 1)];
      const campaign =
        active.length > 0 && rng.chance(peak ? 0.35 : 0.2)
          ? (active.find((c) => c.category === 'Fashion' && peak) ?? rng.pick(active))
          : null;
      const weight = (c: CategorySeed): number =>
        c.share *
        (peak && c.name === 'Fashion' ? FASHION_PEAK_BOOST : 1) *
        (active.some((a) => a.category === c.name) ? 1.2 : 1);

      const lines: { product: ProductEntity; qty: number; price: number; discount: number }[] = [];
      const lineCount = Math.min(6, 1 + rng.poisson(1.1));
      for (let l = 0; l < lineCount; l++) {
        const category = rng.weighted(CATEGORIES, weight);
        const product = available(category, day);
        if (!product || lines.some((x) => x.product.id === product.id)) continue;
        const qty =
          category.name === 'Grocery'
            ? rng.int(1, 4)
            : rng.choose([
                [1, 75],
                [2, 18],
                [3, 5],
                [4, 2],
              ]);
        const price = priceOn(product, day);
        const promo = campaign && (campaign.category === null || campaign.category === product.category);
        const discount = promo && campaign ? Math.round((qty * price * campaign.discountPct) / 100) : 0;
        lines.push({ product, qty, price, discount });
      }
      if (lines.length === 0) continue;

      const orderId = orderRows.length + 1;
      const { year } = dateParts(day);
      const seq = (seqByYear.get(year) ?? 0) + 1;
      seqByYear.set(year, seq);
      const mobileShare = 0.2 + (0.25 * (day - timeline.start)) / span;
      const channel = rng.chance(mobileShare) ? 'Mobile app' : 'Web';
      const shipTo = rng.chance(0.9) ? customer.city : rng.weighted(CITIES, (c) => c.weight);
      const subtotal = lines.reduce((s, x) => s + x.qty * x.price, 0);
      const discount = lines.reduce((s, x) => s + x.discount, 0);
      const shipping = subtotal - discount >= FREE_SHIPPING_CENTS ? 0 : rng.chance(0.85) ? 695 : 1495;
      const tax = Math.round((subtotal - discount) * (SALES_TAX[shipTo.state] ?? 0.07));
      const total = subtotal - discount + shipping + tax;

      const cancelled = rng.chance(0.02);
      const shipDay = cancelled
        ? null
        : day +
          rng.choose([
            [0, 15],
            [1, 45],
            [2, 25],
            [3, 15],
          ]);
      const shipped = shipDay !== null && shipDay <= timeline.today ? shipDay : null;
      const deliveredDay = shipped === null ? null : shipped + rng.int(2, 6);
      const delivered = deliveredDay !== null && deliveredDay <= timeline.today ? deliveredDay : null;

      // Lines and their returns.
      let returnedLines = 0;
      let refunded = 0;
      const firstItemId = itemRows.length + 1;
      lines.forEach((line, i) => {
        const itemId = firstItemId + i;
        const amount = line.qty * line.price - line.discount;
        itemRows.push([
          itemId,
          orderId,
          i + 1,
          line.product.id,
          line.qty,
          money(line.price),
          money(line.discount),
          money(amount),
        ]);
        const category = CATEGORIES.find((c) => c.name === line.product.category);
        if (delivered === null || !category || !rng.chance(category.returnRate)) return;
        const returnDay = delivered + rng.int(3, 30);
        if (returnDay > timeline.today) return;
        const reasons = RETURN_REASONS[category.name] ?? RETURN_REASONS.default;
        const reason = rng.choose(reasons);
        const condition =
          reason === 'Defective' || reason === 'Damaged in transit'
            ? 'Damaged'
            : rng.chance(0.7)
              ? 'New'
              : 'Opened';
        const refund = condition === 'Opened' && rng.chance(0.3) ? Math.round(amount * 0.85) : amount;
        returnRows.push([
          returnRows.length + 1,
          itemId,
          isoDate(returnDay),
          reason,
          condition,
          money(refund),
          condition !== 'Damaged',
        ]);
        returnedLines += 1;
        refunded += refund;
      });

      const status = cancelled
        ? 'Cancelled'
        : shipped === null
          ? 'Processing'
          : delivered === null
            ? 'Shipped'
            : returnedLines === lines.length
              ? 'Returned'
              : 'Delivered';
      orderRows.push([
        orderId,
        `${channel === 'Web' ? 'WEB' : 'APP'}-${year}-${String(seq).padStart(6, '0')}`,
        customer.id,
        isoDate(day),
        shipped === null ? null : isoDate(shipped),
        status,
        channel,
        campaign && discount > 0 ? campaign.promoCode : null,
        money(subtotal),
        money(discount),
        money(shipping),
        money(tax),
        money(total),
        shipTo.city,
        shipTo.state,
      ]);
      orders.push({ id: orderId, customerId: customer.id, day });

      const orderSecond = rng.int(6 * 3600, 23 * 3600 + 3599);
      const pay = rng.weighted(ONLINE_PAYMENT, (p) => p.weight);
      paymentRows.push([
        paymentRows.length + 1,
        orderId,
        isoTimestamp(day, orderSecond + rng.int(5, 90)),
        pay.method,
        pay.card ? rng.weighted(CARD_BRANDS, (b) => b.weight).name : null,
        money(total),
        cancelled
          ? 'Voided'
          : returnedLines === lines.length
            ? 'Refunded'
            : refunded > 0
              ? 'Partially refunded'
              : 'Captured',
      ]);
      if (shipped !== null) {
        const carrier = rng.weighted(CARRIERS, (c) => c.weight).name;
        const shipmentId = shipmentRows.length + 1;
        const warehouse = REGION_WAREHOUSE[shipTo.region] ?? 1;
        shipmentRows.push([
          shipmentId,
          orderId,
          warehouse,
          carrier,
          trackingNumber(rng, carrier, shipmentId),
          isoTimestamp(shipped, rng.int(9 * 3600, 20 * 3600)),
          delivered === null ? null : isoTimestamp(delivered, rng.int(9 * 3600, 20 * 3600)),
          money(rng.int(450, 900) + 120 * lines.length),
        ]);
      }
      if (!cancelled) {
        const { year: y } = dateParts(day);
        addActual(
          {
            regionId: REGIONS.indexOf(shipTo.region) + 1,
            year: y,
            quarter: quarterOf(day),
            channel: 'Online',
          },
          subtotal - discount,
        );
      }
    }
  }
  world.orders = orders;

  // In-store receipts.
  const storeRows: SqlValue[][] = [];
  const customersByCity = new Map<string, CustomerEntity[]>();
  for (const c of customers) {
    const key = `${c.city.city}|${c.city.state}`;
    const list = customersByCity.get(key) ?? [];
    list.push(c);
    customersByCity.set(key, list);
  }
  const receiptSeq = new Map<string, number>();
  for (let day = timeline.start; day <= timeline.today; day++) {
    const factor = demandFactor(timeline, day, 'store');
    for (const store of world.stores) {
      if (day < store.opened || (store.closed !== null && day >= store.closed)) continue;
      const n = rng.poisson(STORE_RECEIPTS_PER_DAY * store.traffic * factor);
      if (n === 0) continue;
      const local = customersByCity.get(`${store.city.city}|${store.city.state}`) ?? [];
      const localSignedUp = countUpTo(local, (c) => c.signup, day);
      const staff = store.slots
        .filter((s) => /Cashier|Sales Associate|Assistant/.test(s.title))
        .map((s) => holderAt(s, day))
        .filter((e): e is number => e !== null);
      const registers = store.traffic >= 2 ? 6 : 3;
      for (let k = 0; k < n; k++) {
        const items = rng.choose([
          [1, 30],
          [2, 26],
          [3, 18],
          [4, 11],
          [5, 7],
          [6, 5],
          [7, 3],
        ]);
        let gross = 0;
        for (let i = 0; i < items; i++) gross += Math.round(rng.float(8, 110) * 100) - 1;
        gross = Math.round(gross * 1.03 ** ((day - timeline.start) / 365.25));
        const discount = rng.chance(0.22) ? Math.round(gross * rng.pick([0.1, 0.15, 0.2, 0.25])) : 0;
        const net = gross - discount;
        const ymd = isoDate(day).replace(/-/g, '');
        const key = `${store.id}|${ymd}`;
        const seq = (receiptSeq.get(key) ?? 0) + 1;
        receiptSeq.set(key, seq);
        const scanned =
          localSignedUp > 0 && rng.chance(0.35) ? local[rng.int(0, localSignedUp - 1)].id : null;
        storeRows.push([
          storeRows.length + 1,
          `R${store.id}-${ymd}-${String(seq).padStart(4, '0')}`,
          store.id,
          isoDate(day),
          rng.int(1, registers),
          staff.length > 0 ? rng.pick(staff) : null,
          scanned,
          items,
          money(gross),
          money(discount),
          money(net),
          money(Math.round(net * (SALES_TAX[store.city.state] ?? 0.07))),
          rng.weighted(STORE_PAYMENT, (p) => p.weight).method,
        ]);
        const { year } = dateParts(day);
        addActual({ regionId: store.regionId, year, quarter: quarterOf(day), channel: 'In-store' }, net);
      }
    }
  }

  // Targets per region, quarter and channel: finance sets them near what the quarter turned out to be.
  const targetRows: SqlValue[][] = [];
  const { year: lastYear } = dateParts(timeline.today);
  const lastQuarter = quarterOf(timeline.today);
  for (let year = dateParts(timeline.start).year; year <= lastYear; year++) {
    for (let quarter = 1; quarter <= 4; quarter++) {
      if (year === lastYear && quarter > lastQuarter) break;
      if (year === dateParts(timeline.start).year && quarter < quarterOf(timeline.start)) continue;
      REGIONS.forEach((_r, ri) => {
        for (const channel of ['Online', 'In-store'] as const) {
          const current = year === lastYear && quarter === lastQuarter;
          const basis = current
            ? (actuals.get(quarterKey({ regionId: ri + 1, year: year - 1, quarter, channel })) ?? 0) * 1.08
            : (actuals.get(quarterKey({ regionId: ri + 1, year, quarter, channel })) ?? 0);
          if (basis === 0) continue;
          const target = Math.round((basis * rng.float(0.9, 1.12)) / 100_000) * 1000;
          targetRows.push([ri + 1, year, quarter, channel, target]);
        }
      });
    }
  }

  return [
    {
      table: 'sales.online_orders',
      columns: [
        'order_id',
        'order_nbr',
        'cust_id',
        'order_date',
        'ship_date',
        'status',
        'channel',
        'promo_code',
        'subtotal_amt',
        'discount_amt',
        'shipping_amt',
        'tax_amt',
        'total_amt',
        'ship_city',
        'ship_state',
      ],
      rows: orderRows,
    },
    {
      table: 'sales.order_items',
      columns: [
        'order_item_id',
        'order_id',
        'line_nbr',
        'product_id',
        'qty',
        'unit_price',
        'discount_amt',
        'line_amt',
      ],
      rows: itemRows,
    },
    {
      table: 'sales.payments',
      columns: ['payment_id', 'order_id', 'paid_at', 'payment_method', 'card_brand', 'amount', 'status'],
      rows: paymentRows,
    },
    {
      table: 'sales.shipments',
      columns: [
        'shipment_id',
        'order_id',
        'warehouse_id',
        'carrier',
        'tracking_nbr',
        'shipped_at',
        'delivered_at',
        'shipping_cost',
      ],
      rows: shipmentRows,
    },
    {
      table: 'sales.returns',
      columns: [
        'return_id',
        'order_item_id',
        'return_date',
        'reason',
        'item_condition',
        'refund_amt',
        'restocked',
      ],
      rows: returnRows,
    },
    {
      table: 'sales.store_sales',
      columns: [
        'sale_id',
        'receipt_nbr',
        'store_id',
        'sale_date',
        'register_nbr',
        'cashier_id',
        'cust_id',
        'item_cnt',
        'gross_amt',
        'discount_amt',
        'net_amt',
        'tax_amt',
        'payment_method',
      ],
      rows: storeRows,
    },
    {
      table: 'sales.sales_targets',
      columns: ['region_id', 'fiscal_year', 'fiscal_quarter', 'channel', 'target_amt'],
      rows: targetRows,
    },
  ];
}
