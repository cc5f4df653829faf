import { isoDate, isoTimestamp } from './calendar';
import { countUpTo, demandFactor, holderAt, type DemoWorld } from './model';
import type { SeededRandom } from './random';
import { money, type SqlValue, type TableRows } from './sqlLiterals';
import { COMPLAINT_TYPES, DEPARTMENTS, LANDING_PAGES, REVIEW_TITLES, SUPPORT_SUBJECTS } from './vocabulary';

const TICKETS_PER_DAY = 0.55;
const COMPLAINTS_PER_DAY = 0.2;
const REVIEWS_PER_DAY = 0.75;
const SESSIONS_PER_DAY = 1.4;

/** Hours a ticket stays open (before jitter), with weights. */
const HOURS_TO_CLOSE: readonly [number, number][] = [
  [2, 20],
  [8, 30],
  [24, 30],
  [72, 15],
  [200, 5],
];

/** Pages viewed in a session that does not buy, with weights. */
const PAGES_PER_SESSION: readonly [number, number][] = [
  [1, 38],
  [2, 18],
  [3, 14],
  [5, 14],
  [8, 10],
  [15, 6],
];

const TICKET_CATEGORIES: readonly [string, number][] = [
  ['Shipping', 32],
  ['Returns', 24],
  ['Billing', 16],
  ['Product issue', 18],
  ['Account', 10],
];

const TRAFFIC_SOURCES: readonly [string, number][] = [
  ['Organic search', 34],
  ['Direct', 22],
  ['Paid search', 16],
  ['Email', 11],
  ['Social', 12],
  ['Referral', 5],
];

const DEVICES: readonly [string, number][] = [
  ['Mobile', 55],
  ['Desktop', 38],
  ['Tablet', 7],
];

const BROWSERS: Readonly<Record<string, readonly [string, number][]>> = {
  Mobile: [
    ['Safari', 55],
    ['Chrome', 40],
    ['Samsung Internet', 5],
  ],
  Desktop: [
    ['Chrome', 62],
    ['Safari', 14],
    ['Edge', 14],
    ['Firefox', 10],
  ],
  Tablet: [
    ['Safari', 70],
    ['Chrome', 30],
  ],
};

/** Support tickets, formal complaints, product reviews and web sessions. */
export function generateService(rng: SeededRandom, world: DemoWorld): TableRows[] {
  const { timeline, customers, orders } = world;
  const supportSlots = world.slots.filter((s) => DEPARTMENTS[s.department - 1].name === 'Customer Support');
  const agentsOn = (day: number, titles: RegExp): number[] =>
    supportSlots
      .filter((s) => titles.test(s.title))
      .map((s) => holderAt(s, day))
      .filter((e): e is number => e !== null);
  const recentOrder = (day: number, withinDays: number): (typeof orders)[number] | null => {
    const hi = countUpTo(orders, (o) => o.day, day);
    const lo = countUpTo(orders, (o) => o.day, day - withinDays);
    return hi > lo ? orders[rng.int(lo, hi - 1)] : null;
  };

  const ticketRows: SqlValue[][] = [];
  const complaintRows: SqlValue[][] = [];
  const reviewRows: SqlValue[][] = [];
  const sessionRows: SqlValue[][] = [];
  let sessionId = 880_000_000;

  for (let day = timeline.start; day <= timeline.today; day++) {
    const factor = demandFactor(timeline, day, 'online');
    const signedUp = countUpTo(customers, (c) => c.signup, day);

    for (let k = rng.poisson(TICKETS_PER_DAY * factor); k > 0; k--) {
      const category = rng.choose(TICKET_CATEGORIES);
      const order = category === 'Account' ? null : recentOrder(day, 21);
      const customerId = order?.customerId ?? (signedUp > 0 ? customers[rng.int(0, signedUp - 1)].id : null);
      const opened = rng.int(7 * 3600, 22 * 3600);
      const hoursToClose = rng.choose(HOURS_TO_CLOSE);
      const closeAt = day * 86_400 + opened + Math.round(hoursToClose * 3600 * rng.float(0.5, 1.5));
      const closed = closeAt <= (timeline.today + 1) * 86_400 - 1 && rng.chance(0.98);
      const closedDay = Math.floor(closeAt / 86_400);
      const agents = agentsOn(day, /Agent|Team Lead/);
      const id = ticketRows.length + 1;
      ticketRows.push([
        id,
        `TCK-${String(100_000 + id)}`,
        customerId,
        order?.id ?? null,
        isoTimestamp(day, opened),
        closed ? isoTimestamp(closedDay, closeAt - closedDay * 86_400) : null,
        rng.choose([
          ['Email', 35],
          ['Chat', 30],
          ['Phone', 20],
          ['Web form', 15],
        ]),
        rng.choose([
          ['Low', 25],
          ['Normal', 55],
          ['High', 16],
          ['Urgent', 4],
        ]),
        closed ? 'Closed' : rng.chance(0.6) ? 'Open' : 'Pending customer',
        category,
        rng.pick(SUPPORT_SUBJECTS[category]),
        agents.length > 0 ? rng.pick(agents) : null,
        closed && rng.chance(0.55)
          ? rng.choose([
              [1, 8],
              [2, 7],
              [3, 15],
              [4, 30],
              [5, 40],
            ])
          : null,
      ]);
    }

    for (let k = rng.poisson(COMPLAINTS_PER_DAY * Math.sqrt(factor)); k > 0; k--) {
      const type = rng.pick(COMPLAINT_TYPES);
      const openStores = world.stores.filter((s) => s.opened <= day && (s.closed === null || s.closed > day));
      const store = type.inStore && openStores.length > 0 ? rng.pick(openStores) : null;
      const order = store ? null : recentOrder(day, 45);
      const customerId =
        order?.customerId ??
        (signedUp > 0 && rng.chance(0.8) ? customers[rng.int(0, signedUp - 1)].id : null);
      const resolvedDay = day + rng.int(1, 40);
      const resolved = resolvedDay <= timeline.today && rng.chance(0.93);
      const resolution = resolved ? rng.pick(type.resolutions) : null;
      const handlers = agentsOn(day, /Relations|Manager|Team Lead/);
      complaintRows.push([
        complaintRows.length + 1,
        customerId,
        store?.id ?? null,
        order?.id ?? null,
        isoDate(day),
        store
          ? rng.choose([
              ['In store', 50],
              ['Phone', 17],
              ['Email', 17],
              ['Social media', 17],
            ])
          : rng.choose([
              ['Phone', 32],
              ['Email', 32],
              ['Social media', 32],
              ['Letter', 5],
            ]),
        type.type,
        rng.choose([
          ['Low', 45],
          ['Medium', 40],
          ['High', 15],
        ]),
        rng.pick(type.descriptions),
        resolution,
        resolved ? isoDate(resolvedDay) : null,
        resolution && /credit|refund/i.test(resolution) ? money(rng.int(10, 150) * 100) : null,
        handlers.length > 0 ? rng.pick(handlers) : null,
      ]);
    }

    const joined = countUpTo(world.users, (u) => u.joined, day);
    for (let k = joined > 0 ? rng.poisson(REVIEWS_PER_DAY * factor) : 0; k > 0; k--) {
      const product = rng.pick(world.products);
      if (product.launch > day) continue;
      const rating = rng.choose([
        [1, 6],
        [2, 7],
        [3, 12],
        [4, 33],
        [5, 42],
      ]);
      reviewRows.push([
        reviewRows.length + 1,
        product.id,
        world.users[rng.int(0, joined - 1)].id,
        isoDate(day),
        rating,
        rng.pick(REVIEW_TITLES[rating - 1]),
        rng.chance(0.7),
        rng.chance(0.4) ? 0 : Math.min(250, rng.poisson(3) + (rng.chance(0.05) ? rng.int(10, 120) : 0)),
      ]);
    }

    const todaysOrders = orders.slice(
      countUpTo(orders, (o) => o.day, day - 1),
      countUpTo(orders, (o) => o.day, day),
    );
    const activeCampaigns = world.campaigns.filter((c) => c.start <= day && c.end >= day);
    for (let k = rng.poisson(SESSIONS_PER_DAY * factor); k > 0; k--) {
      const converting = todaysOrders.length > 0 && rng.chance(0.12) ? todaysOrders.pop() : undefined;
      const source = rng.choose(TRAFFIC_SOURCES);
      const device = rng.choose(DEVICES);
      const campaign =
        (source === 'Email' || source === 'Paid search' || source === 'Social') && activeCampaigns.length > 0
          ? rng.pick(activeCampaigns)
          : null;
      const pages = converting ? rng.int(4, 25) : rng.choose(PAGES_PER_SESSION);
      const user = joined > 0 && rng.chance(0.15) ? world.users[rng.int(0, joined - 1)].id : null;
      sessionRows.push([
        sessionId++,
        user,
        converting?.customerId ??
          (signedUp > 0 && rng.chance(0.25) ? customers[rng.int(0, signedUp - 1)].id : null),
        isoTimestamp(day, rng.int(0, 86_399)),
        pages === 1 ? rng.int(3, 45) : Math.round(pages * rng.float(20, 95)),
        campaign && source === 'Email' ? '/sale' : rng.pick(LANDING_PAGES),
        source,
        campaign?.id ?? null,
        device,
        rng.choose(BROWSERS[device]),
        pages,
        converting !== undefined,
        converting?.id ?? null,
      ]);
    }
  }

  return [
    {
      table: 'crm.support_tickets',
      columns: [
        'ticket_id',
        'ticket_nbr',
        'cust_id',
        'order_id',
        'opened_at',
        'closed_at',
        'channel',
        'priority',
        'status',
        'issue_category',
        'subject',
        'assigned_agent_id',
        'csat_score',
      ],
      rows: ticketRows,
    },
    {
      table: 'crm.complaints',
      columns: [
        'complaint_id',
        'customer_id',
        'store_id',
        'order_id',
        'received_date',
        'complaint_channel',
        'complaint_type',
        'severity',
        'description',
        'resolution',
        'resolved_date',
        'compensation_amt',
        'handled_by',
      ],
      rows: complaintRows,
    },
    {
      table: 'crm.product_reviews',
      columns: [
        'review_id',
        'product_id',
        'user_id',
        'review_date',
        'rating',
        'title',
        'verified_purchase',
        'helpful_votes',
      ],
      rows: reviewRows,
    },
    {
      table: 'marketing.web_sessions',
      columns: [
        'session_id',
        'user_id',
        'cust_id',
        'started_at',
        'duration_sec',
        'landing_page',
        'traffic_source',
        'campaign_id',
        'device_type',
        'browser',
        'pages_viewed',
        'converted',
        'order_id',
      ],
      rows: sessionRows,
    },
  ];
}
