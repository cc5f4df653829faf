import { isoDate, isoTimestamp } from './calendar';
import type { CustomerEntity, DemoWorld } from './model';
import type { SeededRandom } from './random';
import type { SqlValue, TableRows } from './sqlLiterals';
import { CITIES, FIRST_NAMES, HANDLE_WORDS, LAST_NAMES, type City } from './vocabulary';

const CUSTOMER_COUNT = 2500;
const USER_COUNT = 420;
const EMAIL_DOMAINS: readonly string[] = ['example.com', 'mail.example', 'inbox.example', 'example.net'];

/** Community members also write in from outside the US; these stay as typed. */
const FOREIGN_LOCATIONS: readonly string[] = [
  'Toronto, ON',
  'Vancouver, BC',
  'London, UK',
  'Berlin, Germany',
];

/** The community site is popular in a few places, so user locations are weighted differently. */
const USER_CITY_BOOST: Readonly<Record<string, number>> = {
  'Boise, ID': 3,
  'Austin, TX': 1.6,
  'Portland, OR': 1.5,
};

const TIERS: readonly { tier: string; weight: number; points: [number, number] }[] = [
  { tier: 'Bronze', weight: 50, points: [0, 1500] },
  { tier: 'Silver', weight: 30, points: [1000, 5000] },
  { tier: 'Gold', weight: 15, points: [4000, 15000] },
  { tier: 'Platinum', weight: 5, points: [12000, 60000] },
];

function cityLabel(c: City): string {
  return `${c.city}, ${c.state}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Customers, loyalty accounts and community users. Fills `world.customers` and `world.userIds`. */
export function generateCustomers(rng: SeededRandom, world: DemoWorld): TableRows[] {
  const { timeline } = world;
  const span = timeline.today - timeline.start;

  // Sign-ups: a base before the data starts, then growing with the business.
  const signups: number[] = [];
  for (let i = 0; i < CUSTOMER_COUNT; i++) {
    if (rng.chance(0.25)) {
      signups.push(timeline.start - rng.int(1, 1500));
      continue;
    }
    let t = timeline.start + rng.int(0, span);
    while (rng.next() > 0.55 + (0.45 * (t - timeline.start)) / span) t = timeline.start + rng.int(0, span);
    signups.push(t);
  }
  signups.sort((a, b) => a - b);

  const usedEmails = new Set<string>();
  const customers: CustomerEntity[] = [];
  const customerRows: SqlValue[][] = [];
  signups.forEach((signup, i) => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const city = rng.weighted(CITIES, (c) => c.weight);
    const base = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
    const domain = rng.pick(EMAIL_DOMAINS);
    let email = `${base}@${domain}`;
    while (usedEmails.has(email)) email = `${base}${rng.int(1, 999)}@${domain}`;
    usedEmails.add(email);
    const localStores = world.stores.filter((s) => s.city === city && s.opened <= timeline.today);
    const regionStores = world.stores.filter((s) => s.city.region === city.region && s.closed === null);
    const preferred =
      localStores.length > 0 && rng.chance(0.7)
        ? rng.pick(localStores).id
        : regionStores.length > 0 && rng.chance(0.2)
          ? rng.pick(regionStores).id
          : null;
    const customer: CustomerEntity = { id: i + 1, firstName: first, lastName: last, city, signup };
    customers.push(customer);
    customerRows.push([
      customer.id,
      first,
      last,
      email,
      rng.chance(0.85) ? `(${rng.int(201, 989)}) 555-${String(rng.int(100, 9999)).padStart(4, '0')}` : null,
      city.city,
      city.state,
      `${city.zip}${String(rng.int(1, 99)).padStart(2, '0')}`,
      isoDate(signup),
      rng.chance(0.8) ? rng.int(1950, 2006) : null,
      rng.chance(0.62),
      preferred,
    ]);
  });
  world.customers = customers;

  const loyaltyRows: SqlValue[][] = [];
  for (const c of customers) {
    if (!rng.chance(0.55)) continue;
    const enrolled = Math.min(timeline.today, c.signup + (rng.chance(0.6) ? 0 : rng.int(1, 400)));
    const tier = rng.weighted(TIERS, (t) => t.weight);
    const lastActivity = rng.chance(0.9) ? rng.int(enrolled, timeline.today) : null;
    loyaltyRows.push([
      loyaltyRows.length + 1,
      c.id,
      tier.tier,
      rng.int(tier.points[0], tier.points[1]),
      isoDate(enrolled),
      lastActivity === null ? null : isoDate(lastActivity),
    ]);
  }

  const usedHandles = new Set<string>();
  const joinDays = new Map<SqlValue[], number>();
  const userRows: SqlValue[][] = [];
  const linked = new Set(rng.sample(customers, Math.round(USER_COUNT * 0.45)).map((c) => c.id));
  const linkedCustomers = customers.filter((c) => linked.has(c.id));
  for (let i = 0; i < USER_COUNT; i++) {
    const customer = i < linkedCustomers.length ? linkedCustomers[i] : undefined;
    const first = customer?.firstName ?? rng.pick(FIRST_NAMES);
    const last = customer?.lastName ?? rng.pick(LAST_NAMES);
    const city =
      customer?.city ?? rng.weighted(CITIES, (c) => c.weight * (USER_CITY_BOOST[cityLabel(c)] ?? 1));
    const style = rng.next();
    const handleBase =
      style < 0.4
        ? `${first}${last}`
        : style < 0.7
          ? `${first}_${last.charAt(0)}`
          : `${rng.pick(HANDLE_WORDS)}${capitalise(rng.pick(HANDLE_WORDS))}${rng.chance(0.5) ? rng.int(1, 99) : ''}`;
    let username = handleBase.toLowerCase().replace(/[^a-z0-9_]/g, '');
    while (usedHandles.has(username))
      username = `${handleBase.toLowerCase().replace(/[^a-z0-9_]/g, '')}${rng.int(1, 999)}`;
    usedHandles.add(username);
    const displayName =
      style < 0.4 ? `${first} ${last}` : style < 0.7 ? `${first} ${last.charAt(0)}.` : handleBase;
    const location = rng.chance(0.05)
      ? null
      : customer === undefined && rng.chance(0.04)
        ? rng.pick(FOREIGN_LOCATIONS)
        : cityLabel(city);
    const joined = Math.max(customer?.signup ?? timeline.start - 900, timeline.start - 900) + rng.int(0, 900);
    const joinedDay = Math.min(joined, timeline.today - 1);
    const lastSeen = rng.chance(0.9) ? rng.int(joinedDay, timeline.today) : null;
    const row: SqlValue[] = [
      1000 + i,
      username,
      displayName,
      location,
      customer?.id ?? null,
      isoTimestamp(joinedDay, rng.int(0, 86_399)),
      lastSeen === null ? null : isoTimestamp(lastSeen, rng.int(0, 86_399)),
      rng.chance(0.03),
      rng.chance(0.93),
    ];
    userRows.push(row);
    joinDays.set(row, joinedDay);
  }
  // Users in join order.
  userRows.sort((a, b) => String(a[5]).localeCompare(String(b[5])));
  userRows.forEach((row, i) => {
    row[0] = 1001 + i;
  });
  world.users = userRows.map((r) => ({ id: Number(r[0]), joined: joinDays.get(r) ?? timeline.start }));

  return [
    {
      table: 'crm.customers',
      columns: [
        'customer_id',
        'first_name',
        'last_name',
        'email',
        'phone',
        'city',
        'state',
        'postal_code',
        'signup_date',
        'birth_year',
        'email_opt_in',
        'preferred_store_id',
      ],
      rows: customerRows,
    },
    {
      table: 'crm.loyalty_accounts',
      columns: [
        'loyalty_account_id',
        'customer_id',
        'tier',
        'points_balance',
        'enrolled_date',
        'last_activity_date',
      ],
      rows: loyaltyRows,
    },
    {
      table: 'crm.users',
      columns: [
        'user_id',
        'username',
        'display_name',
        'location',
        'customer_id',
        'joined_at',
        'last_seen_at',
        'is_moderator',
        'is_active',
      ],
      rows: userRows,
    },
  ];
}
