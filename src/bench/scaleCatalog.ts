/**
 * A deterministic synthetic business-like catalog for the scale benchmark: N tables in schemas of 50–200
 * tables, 4–15 columns each, table and column comments, foreign keys inside each schema and three rows per
 * table, plus a templated question set (literal wording and a paraphrase) with each question's gold table.
 * Every word is invented here: many tables share an entity, qualifier or facet word, which is what makes a
 * large catalog hard to rank.
 */

/** A word as a question says it: the identifier's words and a paraphrase. */
interface Term {
  /** Identifier part, e.g. `work_order`. */
  id: string;
  /** Paraphrase, e.g. `job ticket`. */
  syn: string;
}

interface Entity extends Term {
  /** Attribute columns of the entity: identifier and paraphrase. */
  attributes: Term[];
}

const t = (id: string, syn: string): Term => ({ id, syn });
const entity = (id: string, syn: string, attributes: [string, string][]): Entity => ({
  id,
  syn,
  attributes: attributes.map(([a, b]) => t(a, b)),
});

const ENTITIES: Entity[] = [
  entity('client', 'account holder', [
    ['credit_rating', 'creditworthiness'],
    ['billing_city', 'invoicing town'],
    ['segment_code', 'market tier'],
  ]),
  entity('contract', 'agreement', [
    ['signed_on', 'signature date'],
    ['renewal_term', 'extension period'],
    ['contract_value', 'deal worth'],
  ]),
  entity('parcel', 'package', [
    ['weight_kg', 'mass in kilograms'],
    ['tracking_code', 'trace number'],
    ['delivered_on', 'drop-off date'],
  ]),
  entity('vessel', 'ship', [
    ['tonnage', 'cargo capacity'],
    ['flag_country', 'registry nation'],
    ['fuel_type', 'propulsion fuel'],
  ]),
  entity('lease', 'rental agreement', [
    ['monthly_rent', 'rent per month'],
    ['lease_start', 'tenancy start'],
    ['deposit_amount', 'security deposit'],
  ]),
  entity('meter', 'gauge', [
    ['serial_number', 'device serial'],
    ['installed_on', 'fitting date'],
    ['unit_of_measure', 'measurement unit'],
  ]),
  entity('claim', 'reimbursement request', [
    ['claimed_amount', 'requested sum'],
    ['incident_date', 'event date'],
    ['adjuster_name', 'assessor'],
  ]),
  entity('vendor', 'seller', [
    ['tax_number', 'fiscal id'],
    ['payment_terms', 'settlement terms'],
    ['vendor_rating', 'seller score'],
  ]),
  entity('courier', 'delivery driver', [
    ['license_class', 'permit category'],
    ['home_depot', 'base yard'],
    ['hired_on', 'start date'],
  ]),
  entity('route', 'itinerary', [
    ['distance_km', 'length in kilometres'],
    ['stop_count', 'number of stops'],
    ['planned_minutes', 'expected duration'],
  ]),
  entity('depot', 'yard', [
    ['dock_count', 'number of bays'],
    ['opening_hour', 'opening time'],
    ['floor_area', 'surface area'],
  ]),
  entity('asset', 'equipment item', [
    ['purchase_cost', 'acquisition price'],
    ['depreciation_rate', 'write-down rate'],
    ['asset_tag', 'equipment label'],
  ]),
  entity('work_order', 'job ticket', [
    ['due_on', 'deadline'],
    ['labor_hours', 'hours of work'],
    ['technician_name', 'assigned mechanic'],
  ]),
  entity('booking', 'reservation', [
    ['check_in', 'arrival date'],
    ['guest_count', 'number of guests'],
    ['booking_channel', 'sales channel'],
  ]),
  entity('timesheet', 'hours record', [
    ['week_start', 'week beginning'],
    ['overtime_hours', 'extra hours'],
    ['approved_by', 'approver'],
  ]),
  entity('contractor', 'freelancer', [
    ['day_rate', 'daily fee'],
    ['specialty', 'field of expertise'],
    ['agency_name', 'staffing firm'],
  ]),
  entity('incident', 'outage', [
    ['severity', 'seriousness'],
    ['resolved_at', 'fix time'],
    ['root_cause', 'underlying reason'],
  ]),
  entity('sensor', 'detector', [
    ['sampling_rate', 'readings per second'],
    ['battery_level', 'charge level'],
    ['firmware_version', 'software release'],
  ]),
  entity('batch', 'production run', [
    ['yield_pct', 'output ratio'],
    ['started_at', 'start time'],
    ['line_number', 'assembly line'],
  ]),
  entity('ingredient', 'component', [
    ['allergen_flag', 'allergy warning'],
    ['unit_cost', 'price per unit'],
    ['shelf_life_days', 'keeping time'],
  ]),
  entity('pallet', 'skid', [
    ['stack_height', 'load height'],
    ['pallet_type', 'skid kind'],
    ['gross_weight', 'total mass'],
  ]),
  entity('carrier', 'haulier', [
    ['scac_code', 'carrier code'],
    ['on_time_rate', 'punctuality'],
    ['insurance_expiry', 'cover end date'],
  ]),
  entity('tariff', 'duty rate', [
    ['hs_code', 'commodity code'],
    ['rate_pct', 'percentage charged'],
    ['effective_from', 'valid from'],
  ]),
  entity('quota', 'allocation', [
    ['quota_units', 'allotted units'],
    ['period_end', 'end of period'],
    ['owner_team', 'responsible team'],
  ]),
  entity('territory', 'sales area', [
    ['population', 'inhabitants'],
    ['manager_name', 'area head'],
    ['boundary_code', 'zone code'],
  ]),
  entity('agent', 'representative', [
    ['commission_rate', 'percentage of sales'],
    ['languages', 'spoken tongues'],
    ['desk_number', 'workstation'],
  ]),
  entity('coupon', 'voucher', [
    ['discount_pct', 'reduction'],
    ['expires_on', 'expiry date'],
    ['redemptions', 'times used'],
  ]),
  entity('subscription', 'plan enrollment', [
    ['plan_tier', 'package level'],
    ['renews_on', 'renewal date'],
    ['seats', 'licensed users'],
  ]),
  entity('quote', 'price offer', [
    ['quoted_total', 'offered price'],
    ['valid_until', 'offer deadline'],
    ['discount_given', 'rebate granted'],
  ]),
  entity('grant', 'funding award', [
    ['award_amount', 'funded sum'],
    ['funder_name', 'sponsor'],
    ['report_due', 'reporting deadline'],
  ]),
  entity('donor', 'benefactor', [
    ['lifetime_giving', 'total donated'],
    ['first_gift_on', 'first donation date'],
    ['donor_tier', 'giving level'],
  ]),
  entity('fleet_vehicle', 'company car', [
    ['odometer_km', 'mileage'],
    ['plate_number', 'registration plate'],
    ['next_service', 'service due date'],
  ]),
  entity('fuel_purchase', 'refuelling', [
    ['litres', 'volume of fuel'],
    ['price_per_litre', 'pump price'],
    ['station_name', 'filling station'],
  ]),
  entity('audit_finding', 'inspection remark', [
    ['risk_score', 'risk rating'],
    ['owner_name', 'responsible person'],
    ['remediated_on', 'fixed date'],
  ]),
  entity('budget_line', 'spending plan entry', [
    ['planned_spend', 'budgeted amount'],
    ['fiscal_year', 'financial year'],
    ['gl_account', 'ledger account'],
  ]),
  entity('ledger_entry', 'bookkeeping record', [
    ['debit', 'charge side'],
    ['credit', 'receipt side'],
    ['posted_on', 'posting date'],
  ]),
  entity('permit', 'authorisation', [
    ['issued_by', 'issuing office'],
    ['permit_class', 'authorisation type'],
    ['valid_to', 'expiry'],
  ]),
  entity('inspection', 'site check', [
    ['inspector_name', 'examiner'],
    ['passed', 'approved result'],
    ['inspected_on', 'check date'],
  ]),
  entity('referral', 'recommendation', [
    ['referrer_name', 'recommender'],
    ['reward_amount', 'bonus paid'],
    ['converted', 'signed up'],
  ]),
  entity('membership', 'club enrollment', [
    ['member_since', 'joining date'],
    ['fee_paid', 'dues paid'],
    ['card_number', 'member card'],
  ]),
];

const QUALIFIERS: Term[] = [
  t('nordic', 'scandinavian'),
  t('coastal', 'seaside'),
  t('inland', 'interior'),
  t('bulk', 'wholesale volume'),
  t('consumer', 'household'),
  t('affiliate', 'partner network'),
  t('legacy', 'old system'),
  t('trial', 'evaluation'),
  t('premium', 'top tier'),
  t('municipal', 'city council'),
  t('federal', 'national government'),
  t('seasonal', 'holiday period'),
  t('urgent', 'high priority'),
  t('overnight', 'next day'),
  t('refrigerated', 'cold chain'),
  t('hazardous', 'dangerous goods'),
  t('export', 'outbound foreign'),
  t('import', 'inbound foreign'),
  t('franchise', 'licensed outlet'),
  t('academic', 'university'),
  t('rural', 'countryside'),
  t('urban', 'metropolitan'),
  t('offshore', 'at sea'),
  t('mobile', 'on the road'),
  t('corporate', 'business account'),
  t('charity', 'nonprofit'),
  t('pilot', 'experimental'),
  t('certified', 'accredited'),
  t('disputed', 'contested'),
  t('recurring', 'repeating'),
];

const FACETS: Term[] = [
  t('', ''),
  t('history', 'past changes'),
  t('snapshot', 'point in time copy'),
  t('audit', 'review trail'),
  t('forecast', 'projection'),
  t('target', 'goal'),
  t('exception', 'anomaly'),
  t('adjustment', 'correction'),
  t('summary', 'rollup'),
  t('detail', 'line level'),
];

/** Columns any table may have, with their paraphrases. */
const GENERIC: Term[] = [
  t('created_at', 'creation date'),
  t('updated_at', 'last change'),
  t('status', 'state'),
  t('notes', 'remarks'),
  t('region_code', 'area code'),
  t('cost_center', 'budget unit'),
  t('currency_code', 'currency'),
  t('priority_level', 'urgency'),
  t('external_ref', 'outside reference'),
  t('is_active', 'active flag'),
  t('owner_email', 'contact address'),
  t('sequence_no', 'running number'),
];

const DOMAINS = [
  'ops',
  'finance',
  'field',
  'supply',
  'service',
  'compliance',
  'planning',
  'facilities',
  'revenue',
  'partners',
];

/** One generated column. */
export interface ScaleColumn {
  name: string;
  type: 'integer' | 'text' | 'numeric' | 'date' | 'boolean';
  comment: string;
  /** `schema.table` this column references (its `id`). */
  references?: string;
}

/** One generated table. */
export interface ScaleTable {
  schema: string;
  name: string;
  comment: string;
  columns: ScaleColumn[];
  /** The words a literal question and a paraphrase use for the table. */
  words: { literal: string; paraphrase: string };
  /** A distinctive attribute column and its words. */
  attribute: { column: string; literal: string; paraphrase: string };
}

/** One benchmark question. */
export interface ScaleQuestion {
  id: string;
  kind: 'literal' | 'paraphrase';
  question: string;
  /** `schema.table` of the gold table. */
  gold: string;
}

/** The generated catalog. */
export interface ScaleCatalog {
  schemas: string[];
  tables: ScaleTable[];
  questions: ScaleQuestion[];
}

/** mulberry32: a small deterministic PRNG. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const words = (id: string) => id.replace(/_/g, ' ');
const plural = (w: string) =>
  /(s|x|ch|sh)$/.test(w) ? `${w}es` : /[^aeiou]y$/.test(w) ? `${w.slice(0, -1)}ies` : `${w}s`;

function columnType(name: string): ScaleColumn['type'] {
  if (
    /_(at|on|from|to|until|since|due|start|end|expiry)$|^(check_in|week_start|lease_start|next_service|period_end|report_due|valid_to|valid_until)$/.test(
      name,
    )
  )
    return 'date';
  if (/^(is_|passed|converted|allergen_flag)/.test(name)) return 'boolean';
  if (
    /(amount|cost|rate|pct|value|rent|spend|total|price|weight|kg|km|litres|hours|level|score|tonnage|debit|credit|giving|area|height|units|population|seats|count|redemptions|minutes|number|no|paid|year|days|rating)$/.test(
      name,
    )
  )
    return 'numeric';
  return 'text';
}

/** Options of {@link generateScaleCatalog}. */
export interface ScaleCatalogOptions {
  tables: number;
  /** Questions to generate (half literal, half paraphrased; at most two per table). @default 200 */
  questions?: number;
  /** @default 12 */
  seed?: number;
}

/** Generates the catalog and its questions; the same options always give the same catalog. */
export function generateScaleCatalog(options: ScaleCatalogOptions): ScaleCatalog {
  const rnd = random(options.seed ?? 12);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const used = new Set<string>();
  const singleSpace = QUALIFIERS.length * ENTITIES.length * FACETS.length;
  const tables: ScaleTable[] = [];
  const schemas: string[] = [];
  let remaining = options.tables;
  while (remaining > 0) {
    const size = Math.min(remaining, 50 + Math.floor(rnd() * 151));
    const schema = `${DOMAINS[schemas.length % DOMAINS.length]}_${String(Math.floor(schemas.length / DOMAINS.length) + 1).padStart(2, '0')}`;
    schemas.push(schema);
    const inSchema: ScaleTable[] = [];
    for (let i = 0; i < size; i++) {
      const quals = used.size < singleSpace * 0.7 ? [pick(QUALIFIERS)] : [pick(QUALIFIERS), pick(QUALIFIERS)];
      if (quals.length === 2 && quals[0] === quals[1]) quals.pop();
      const ent = pick(ENTITIES);
      const facet = pick(FACETS);
      const name = [...quals.map((q) => q.id), ent.id, facet.id].filter((w) => w !== '').join('_');
      if (used.has(name)) {
        i--;
        continue;
      }
      used.add(name);
      inSchema.push(makeTable({ schema, name, quals, ent, facet, earlier: inSchema, rnd, pick }));
    }
    tables.push(...inSchema);
    remaining -= size;
  }
  return { schemas, tables, questions: makeQuestions(tables, options.questions ?? 200, rnd) };
}

function makeTable(o: {
  schema: string;
  name: string;
  quals: Term[];
  ent: Entity;
  facet: Term;
  earlier: readonly ScaleTable[];
  rnd: () => number;
  pick: <T>(list: readonly T[]) => T;
}): ScaleTable {
  const { ent, facet, quals, rnd, pick } = o;
  const literal = [...quals.map((q) => words(q.id)), words(ent.id), words(facet.id)]
    .filter(Boolean)
    .join(' ');
  const paraphrase = [...quals.map((q) => q.syn), ent.syn, facet.syn].filter(Boolean).join(' ');
  const columns: ScaleColumn[] = [
    { name: 'id', type: 'integer', comment: `Identifier of the ${words(ent.id)}` },
  ];
  const target = 4 + Math.floor(rnd() * 12);
  const refs = o.earlier.length === 0 ? 0 : 1 + Math.floor(rnd() * 2);
  for (let r = 0; r < refs; r++) {
    const other = pick(o.earlier);
    const col = `${other.name.split('_').slice(-2).join('_')}_id`;
    if (columns.some((c) => c.name === col)) continue;
    columns.push({
      name: col,
      type: 'integer',
      comment: `The ${other.words.literal} it belongs to`,
      references: `${other.schema}.${other.name}`,
    });
  }
  for (const a of ent.attributes) {
    if (columns.length >= target && columns.length > 2) break;
    columns.push({ name: a.id, type: columnType(a.id), comment: `${a.syn} of the ${words(ent.id)}` });
  }
  const generic = [...GENERIC];
  while (columns.length < target && generic.length > 0) {
    const g = generic.splice(Math.floor(rnd() * generic.length), 1)[0];
    columns.push({ name: g.id, type: columnType(g.id), comment: g.syn });
  }
  const attribute = ent.attributes.find((a) => columns.some((c) => c.name === a.id)) ?? ent.attributes[0];
  if (!columns.some((c) => c.name === attribute.id))
    columns.push({ name: attribute.id, type: columnType(attribute.id), comment: attribute.syn });
  return {
    schema: o.schema,
    name: o.name,
    comment: `${literal[0].toUpperCase()}${literal.slice(1)}: one row per ${words(ent.id)}${facet.id ? ` ${facet.syn}` : ''}.`,
    columns,
    words: { literal, paraphrase },
    attribute: { column: attribute.id, literal: words(attribute.id), paraphrase: attribute.syn },
  };
}

const LITERAL_TEMPLATES = [
  (tb: string, col: string) => `What is the ${col} of each ${tb}?`,
  (tb: string, col: string) => `Show the ${col} for ${plural(tb)}`,
  (tb: string, col: string) => `List ${plural(tb)} with their ${col}`,
];
const PARAPHRASE_TEMPLATES = [
  (tb: string, col: string) => `Which ${col} does every ${tb} have?`,
  (tb: string, col: string) => `Give me the ${col} per ${tb}`,
  (tb: string, col: string) => `I need the ${col} of all ${plural(tb)}`,
];

function makeQuestions(tables: readonly ScaleTable[], count: number, rnd: () => number): ScaleQuestion[] {
  const questions: ScaleQuestion[] = [];
  const pairs = Math.ceil(count / 2);
  const step = tables.length / Math.max(1, Math.min(pairs, tables.length));
  for (let i = 0; questions.length < count && i * step < tables.length; i++) {
    const table = tables[Math.floor(i * step)];
    const gold = `${table.schema}.${table.name}`;
    const lit = LITERAL_TEMPLATES[Math.floor(rnd() * LITERAL_TEMPLATES.length)];
    const par = PARAPHRASE_TEMPLATES[Math.floor(rnd() * PARAPHRASE_TEMPLATES.length)];
    questions.push({
      id: `s${i}l`,
      kind: 'literal',
      question: lit(table.words.literal, table.attribute.literal),
      gold,
    });
    if (questions.length < count)
      questions.push({
        id: `s${i}p`,
        kind: 'paraphrase',
        question: par(table.words.paraphrase, table.attribute.paraphrase),
        gold,
      });
  }
  return questions;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literalSql = (text: string) => `'${text.replace(/'/g, "''")}'`;

function value(column: ScaleColumn, row: number): string {
  if (column.name === 'id' || column.references) return String(row);
  switch (column.type) {
    case 'integer':
    case 'numeric':
      return String((row * 37) % 101);
    case 'date':
      return `'2024-0${row}-1${row}'`;
    case 'boolean':
      return row % 2 === 0 ? 'true' : 'false';
    case 'text':
      return literalSql(`${column.name.replace(/_/g, '-')}-${row}`);
  }
}

/** The SQL that creates one schema's tables (comments, keys and three rows each), schema first. */
export function schemaSql(schema: string, tables: readonly ScaleTable[]): string {
  const lines = [`CREATE SCHEMA ${ident(schema)};`];
  for (const table of tables.filter((x) => x.schema === schema)) {
    const q = `${ident(schema)}.${ident(table.name)}`;
    const cols = table.columns.map((c) => {
      const type = c.name === 'id' ? 'integer PRIMARY KEY' : c.type;
      const ref = c.references ? ` REFERENCES ${c.references.split('.').map(ident).join('.')}(id)` : '';
      return `${ident(c.name)} ${type}${ref}`;
    });
    lines.push(`CREATE TABLE ${q} (${cols.join(', ')});`);
    lines.push(`COMMENT ON TABLE ${q} IS ${literalSql(table.comment)};`);
    for (const c of table.columns)
      lines.push(`COMMENT ON COLUMN ${q}.${ident(c.name)} IS ${literalSql(c.comment)};`);
    const rows = [1, 2, 3].map((r) => `(${table.columns.map((c) => value(c, r)).join(', ')})`);
    lines.push(`INSERT INTO ${q} VALUES ${rows.join(', ')};`);
  }
  return lines.join('\n');
}
