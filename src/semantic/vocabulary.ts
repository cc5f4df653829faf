/**
 * General English data tables the semantic model is derived with: which column words mean amounts (summed)
 * or rates (averaged), which name identifiers, events and states, units and currencies, and ordinary
 * business vocabulary (a general lexicon of how people name business things, not any database's names).
 * All words are lower case and already abbreviation-expanded (see `identifierWords`).
 */

function set(text: string): ReadonlySet<string> {
  return new Set(text.trim().split(/\s+/));
}

/** Head words of columns whose values add up over rows: amounts, quantities, counts, money flows. */
export const SUM_WORDS = set(`
  amount total subtotal sum quantity units count sales revenue turnover income cost costs spend spent spending
  expense expenses fee fees freight shipping tax taxes payment paid profit margin earnings budget value
  volume attendees attendance visitors visits views clicks impressions downloads sessions seats tickets
  hours minutes points goals votes orders sold purchased stock inventory onhand balance credit debit
  refund refunds commission bonus donation donations population enrollment headcount capacity
  impressions conversions signups leads installs
`);

/**
 * Head words of a measure's name that only say "how much of the word before it": a summed `credit_amount`
 * is the credits, a `fine_total` the fines.
 */
export const AMOUNT_HEAD_WORDS = set('amount value sum total');

/** Head words of columns whose values are averaged: prices, rates, ratios, percentages, scores, sizes. */
export const AVG_WORDS = set(`
  price rate ratio percent percentage share score rating age average mean discount markup probability
  temperature speed weight height width length depth size duration milliseconds seconds latency
  grade gpa salary wage pay level threshold satisfaction nps rank ranking stars confidence accuracy
  bytes elevation altitude distance frequency interest yield point limit minimum maximum quota goal area
  feet
`);

/** Words that mark a column as an identifier or a code, never a measure. */
export const IDENTIFIER_WORDS = set(`
  id identifier identifiers key uuid guid code number phone telephone fax zip postal postcode sku ean upc isbn
  barcode serial ssn iban swift hash token reference
`);

/** Words that mark a numeric column as an ordinal or a position (a dimension, not a measure). */
export const ORDINAL_WORDS = set(`
  rank position sequence order sort priority tier version floor room seat line index ordinal
`);

/** Words that mark coordinates (never summed or averaged as a business figure). */
export const COORDINATE_WORDS = set('latitude longitude lat lng coordinate coordinates x y z');

/** Words of integer columns that hold a part of a date (a dimension, compared with periods). */
export const PERIOD_PART_WORDS = set('year month quarter week day weekday hour');

/** Words naming a year (an integer column with one is a year column). */
export const YEAR_WORDS = set('year fiscal');

/** Words for rows a person reads instead of an id, best first. */
export const DISPLAY_WORDS: readonly string[] = [
  'name',
  'title',
  'label',
  'headline',
  'subject',
  'caption',
  'username',
  'login',
  'handle',
  'email',
  'description',
];

/**
 * Words of date columns naming the event that creates a row (preferred as the default time dimension):
 * an order is placed, a ticket opened, an account created.
 */
export const CREATION_EVENT_WORDS = set(`
  order ordered placed purchase purchased sale sold transaction invoice invoiced booking booked created creation
  opened open submitted issued posted recorded registered registration signup joined enrolled start started
  begin began event occurred occurrence activity visit transaction payment paid billing report reported
  hire hired admission admitted published release released listed launch launched introduced
`);

/** Words of date columns naming a later or administrative event (avoided as the default time dimension). */
export const LATER_EVENT_WORDS = set(`
  ship shipped shipping delivery delivered due required expected promised end ended ends finish finished
  close closed resolved resolution cancel cancelled canceled cancellation update updated modified changed
  delete deleted archived expiry expires expiration expired last login birth born dob termination terminated
  return returned refund refunded approved verified confirmed completed completion effective valid
  renewal renewed discontinued discontinuation
`);

/**
 * Participles a nullable column name may carry, meaning "the row reached this state when not null"
 * (`shipped_at`), with the state of a null value where English has one.
 */
export const NULLABLE_STATE_EVENTS: Readonly<Record<string, { state: string; nullStates: string[] }>> = {
  ship: { state: 'shipped', nullStates: ['unshipped'] },
  shipped: { state: 'shipped', nullStates: ['unshipped'] },
  dispatch: { state: 'dispatched', nullStates: [] },
  dispatched: { state: 'dispatched', nullStates: [] },
  delivery: { state: 'delivered', nullStates: ['undelivered', 'in transit'] },
  delivered: { state: 'delivered', nullStates: ['undelivered', 'in transit'] },
  close: { state: 'closed', nullStates: ['open'] },
  closed: { state: 'closed', nullStates: ['open'] },
  resolved: { state: 'resolved', nullStates: ['unresolved', 'open'] },
  resolution: { state: 'resolved', nullStates: ['unresolved', 'open'] },
  cancelled: { state: 'cancelled', nullStates: [] },
  canceled: { state: 'cancelled', nullStates: [] },
  cancellation: { state: 'cancelled', nullStates: [] },
  completed: { state: 'completed', nullStates: ['incomplete', 'in progress'] },
  completion: { state: 'completed', nullStates: ['incomplete', 'in progress'] },
  paid: { state: 'paid', nullStates: ['unpaid', 'outstanding'] },
  payment: { state: 'paid', nullStates: ['unpaid', 'outstanding'] },
  returned: { state: 'returned', nullStates: [] },
  approved: { state: 'approved', nullStates: ['unapproved'] },
  approval: { state: 'approved', nullStates: ['unapproved'] },
  terminated: { state: 'terminated', nullStates: ['active', 'current', 'employed'] },
  termination: { state: 'terminated', nullStates: ['active', 'current', 'employed'] },
  left: { state: 'left', nullStates: ['current', 'active', 'employed'] },
  end: { state: 'ended', nullStates: ['ongoing', 'current', 'active'] },
  ended: { state: 'ended', nullStates: ['ongoing', 'current', 'active'] },
  deleted: { state: 'deleted', nullStates: ['active', 'existing'] },
  archived: { state: 'archived', nullStates: [] },
  verified: { state: 'verified', nullStates: ['unverified'] },
  confirmed: { state: 'confirmed', nullStates: ['unconfirmed'] },
  published: { state: 'published', nullStates: ['unpublished', 'draft'] },
  received: { state: 'received', nullStates: [] },
  fulfilled: { state: 'fulfilled', nullStates: ['unfulfilled'] },
  submitted: { state: 'submitted', nullStates: [] },
  expired: { state: 'expired', nullStates: [] },
  discontinued: { state: 'discontinued', nullStates: ['active', 'available', 'current'] },
  refunded: { state: 'refunded', nullStates: [] },
};

/** Name words of a low-cardinality text column that holds a state. */
export const STATUS_WORDS = set('status state stage phase outcome result disposition lifecycle condition');

/**
 * State words with what else a question calls them. A text column whose values are mostly such words is a
 * status column even when its name does not say so.
 */
export const STATE_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  open: ['unresolved', 'outstanding', 'not closed'],
  closed: ['resolved', 'done', 'finished'],
  resolved: ['closed', 'fixed', 'done'],
  pending: ['waiting', 'awaiting', 'on hold', 'not yet processed'],
  active: ['current', 'enabled', 'live'],
  inactive: ['not active', 'disabled', 'dormant', 'former'],
  cancelled: ['canceled', 'voided', 'called off'],
  canceled: ['cancelled', 'voided', 'called off'],
  shipped: ['sent', 'dispatched'],
  delivered: ['received', 'arrived'],
  completed: ['complete', 'finished', 'done', 'fulfilled'],
  complete: ['completed', 'finished', 'done'],
  paid: ['settled'],
  unpaid: ['outstanding', 'due', 'not paid'],
  failed: ['unsuccessful', 'errored'],
  approved: ['accepted'],
  rejected: ['declined', 'refused', 'denied'],
  draft: ['unpublished'],
  'in progress': ['ongoing', 'in process', 'underway', 'being worked on'],
  new: ['fresh', 'unassigned'],
  returned: ['sent back'],
  refunded: ['reimbursed'],
  processing: ['being processed', 'in progress'],
  escalated: ['raised'],
  won: ['closed won', 'successful'],
  lost: ['closed lost', 'unsuccessful'],
};

/**
 * Event words of a state: how a question names the moment a row entered it ("tickets opened last month"
 * asks when tickets were created, not which are open now).
 */
export const STATE_EVENT_WORDS: Readonly<Record<string, readonly string[]>> = {
  open: ['opened', 'raised', 'filed', 'logged', 'submitted', 'created'],
  closed: ['closed'],
  resolved: ['resolved'],
  shipped: ['shipped'],
  delivered: ['delivered'],
  cancelled: ['cancelled', 'canceled'],
  completed: ['completed'],
  paid: ['paid'],
  returned: ['returned'],
  approved: ['approved'],
};

/** Currencies by code and by the words a name or comment may use for them. */
export const CURRENCY_WORDS: Readonly<Record<string, string>> = {
  usd: 'USD',
  dollar: 'USD',
  dollars: 'USD',
  eur: 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  gbp: 'GBP',
  sterling: 'GBP',
  jpy: 'JPY',
  yen: 'JPY',
  cad: 'CAD',
  aud: 'AUD',
  chf: 'CHF',
  cny: 'CNY',
  rmb: 'CNY',
  yuan: 'CNY',
  inr: 'INR',
  rupee: 'INR',
  rupees: 'INR',
  sek: 'SEK',
  nok: 'NOK',
  dkk: 'DKK',
  brl: 'BRL',
  mxn: 'MXN',
  zar: 'ZAR',
  krw: 'KRW',
};

/** Currency symbols a comment may use. */
export const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₹': 'INR',
};

/** Units by the words a name or comment may use for them. */
export const UNIT_WORDS: Readonly<Record<string, string>> = {
  kg: 'kg',
  kilograms: 'kg',
  kilogram: 'kg',
  g: 'g',
  grams: 'g',
  gram: 'g',
  lb: 'lb',
  lbs: 'lb',
  km: 'km',
  kilometers: 'km',
  kilometres: 'km',
  miles: 'miles',
  mi: 'miles',
  m: 'm',
  meters: 'm',
  metres: 'm',
  cm: 'cm',
  mm: 'mm',
  ms: 'milliseconds',
  millis: 'milliseconds',
  milliseconds: 'milliseconds',
  sec: 'seconds',
  secs: 'seconds',
  seconds: 'seconds',
  minutes: 'minutes',
  mins: 'minutes',
  hours: 'hours',
  hrs: 'hours',
  days: 'days',
  bytes: 'bytes',
  kb: 'kilobytes',
  mb: 'megabytes',
  gb: 'gigabytes',
  percent: 'percent',
  pct: 'percent',
  percentage: 'percent',
  ft: 'feet',
  sqft: 'square feet',
  liters: 'liters',
  litres: 'liters',
  gallons: 'gallons',
};

/** Words of money columns (a measure with one is money even when no currency is named). */
export const MONEY_WORDS = set(`
  price cost costs amount total subtotal revenue sales turnover income spend spent spending expense expenses
  fee fees freight tax taxes payment paid profit earnings budget salary wage pay balance credit debit refund
  commission bonus donation charge charges premium rent value
`);

/** Words of quantities of items (a line-item table's counted units), not stock levels. */
export const QUANTITY_WORDS = set('quantity units qty pieces items');

/** Words that make a quantity a stock or threshold rather than units moved. */
export const STOCK_WORDS = set(
  'stock inventory onhand hand reorder minimum maximum level threshold on order',
);

/** Words of entities whose money columns are money coming in (sales), for the revenue metric. */
export const INFLOW_ENTITY_WORDS = set(`
  order sale sales invoice payment transaction booking reservation receipt purchase subscription charge
  checkout basket cart deal
`);

/** Words of entities whose money columns are money going out, for the spend metric. */
export const OUTFLOW_ENTITY_WORDS = set(`
  expense expenses cost costs spend spending payroll refund budget bill bills campaign procurement
  supplier vendor
`);

/** Nouns for money in general ("make money", "spend cash"): the verb next to them says which flow. */
export const MONEY_NOUNS = set('money cash');

/** Verb forms that make money money coming in ("did the shop make more money", "money it brought in"). */
export const EARNING_VERBS = set(`
  make makes made making earn earns earned earning bring brings brought bringing take takes took taking
  generate generates generated generating gross grossed collect collected receive received
`);

/** Verb forms that make money money going out ("how much money did we spend"). */
export const SPENDING_VERBS = set('spend spends spent spending pay pays paid paying');

/** Words of entities whose rows are people on the payroll (headcount is their count). */
export const STAFF_ENTITY_WORDS = set(
  'employee employees staff worker workers personnel rep reps agent agents',
);

/**
 * Ordinary business vocabulary: each group lists words and phrases people use for the same thing. A model
 * element named by one member gets the others as synonyms. General English, not any database's names.
 */
export const BUSINESS_SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['customer', 'client', 'buyer', 'shopper', 'account', 'patron'],
  [
    'employee',
    'staff',
    'staff member',
    'worker',
    'personnel',
    'team member',
    'rep',
    'sales rep',
    'representative',
  ],
  ['product', 'item', 'sku', 'article', 'goods', 'merchandise'],
  ['supplier', 'vendor', 'provider', 'seller'],
  ['purchase order', 'po'],
  ['order', 'purchase'],
  ['order line', 'order item', 'order detail', 'line item', 'order position'],
  ['invoice', 'bill'],
  ['invoice line', 'invoice item', 'billing line'],
  ['revenue', 'sales', 'turnover', 'income', 'takings', 'sales amount', 'gross sales'],
  ['freight', 'shipping cost', 'shipping fee', 'delivery cost', 'shipping', 'carriage'],
  ['shipper', 'carrier', 'courier', 'shipping company'],
  ['quantity', 'units', 'qty', 'volume', 'number of units'],
  ['price', 'cost per unit'],
  ['unit price', 'price per unit', 'price', 'list price'],
  ['discount', 'markdown', 'rebate', 'reduction'],
  ['department', 'division', 'dept', 'business unit'],
  ['region', 'area', 'territory', 'zone'],
  ['category', 'type', 'group', 'class', 'kind'],
  ['country', 'nation'],
  ['city', 'town'],
  ['store', 'shop', 'outlet', 'branch'],
  ['warehouse', 'depot', 'distribution center', 'fulfillment center'],
  ['ticket', 'case', 'support ticket', 'issue', 'support request'],
  ['campaign', 'promotion', 'marketing campaign'],
  ['salary', 'pay', 'wage', 'compensation', 'earnings'],
  ['cost', 'expense', 'spend', 'spending', 'expenditure'],
  ['attendee', 'participant', 'visitor', 'guest'],
  ['rating', 'score', 'stars'],
  ['manager', 'supervisor', 'boss', 'reports to'],
  ['headcount', 'number of employees', 'staff count', 'employee count'],
  ['average order value', 'aov', 'average order size', 'average basket', 'average sale'],
  ['payment', 'transaction', 'charge'],
  ['contract', 'agreement'],
  ['subscription', 'plan', 'membership'],
  ['stock', 'inventory', 'units in stock', 'stock level', 'on hand'],
  ['phone', 'telephone', 'phone number'],
  ['email', 'email address', 'e-mail'],
  ['address', 'street address'],
  ['postal code', 'zip', 'zip code', 'postcode'],
  ['company', 'business', 'firm', 'organization', 'organisation'],
  ['hire date', 'start date', 'date hired', 'joined'],
  ['birth date', 'date of birth', 'birthday', 'dob'],
  ['order date', 'date ordered', 'purchase date'],
  ['ship date', 'shipped date', 'date shipped', 'dispatch date'],
  ['required date', 'due date', 'deadline'],
  ['created', 'created at', 'creation date', 'opened', 'date created'],
  ['job title', 'position', 'role'],
  ['genre', 'style'],
  ['duration', 'length', 'running time'],
  ['profit', 'margin', 'earnings'],
  ['budget', 'allocation', 'planned spend'],
  ['target', 'quota', 'goal'],
];

/** Prefixes and suffixes of table names that say nothing about the business concept. */
export const TABLE_AFFIXES = set('tbl tb t dim fact fct stg vw v view mv table tab');

/** Prefixes of boolean column names that are not part of the state (`is_active` -> `active`). */
export const BOOLEAN_PREFIXES = set('is has was are can should flag');

/** Negations of state adjectives that are ordinary English (`active` -> `inactive`). */
export const STATE_OPPOSITES: Readonly<Record<string, string>> = {
  active: 'inactive',
  available: 'unavailable',
  enabled: 'disabled',
  paid: 'unpaid',
  verified: 'unverified',
  valid: 'invalid',
  visible: 'hidden',
  public: 'private',
  explicit: 'clean',
  approved: 'unapproved',
  published: 'unpublished',
  discontinued: 'available',
  deleted: 'existing',
  open: 'closed',
  read: 'unread',
  subscribed: 'unsubscribed',
  complete: 'incomplete',
  completed: 'incomplete',
  shipped: 'unshipped',
  resolved: 'unresolved',
  married: 'single',
  online: 'offline',
  remote: 'on site',
  refundable: 'non-refundable',
  taxable: 'tax exempt',
};
