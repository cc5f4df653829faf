/**
 * Column headers people read: a business name the SQL generator gave a column ("Total sales") is kept as
 * it is; a raw column name is humanised (`unit_price` → "Unit price", `count` → "Count", `avg` → "Average").
 */

/** Short forms in column names and what they stand for. */
const EXPANSIONS: Readonly<Record<string, string>> = {
  avg: 'average',
  sum: 'total',
  cnt: 'count',
  qty: 'quantity',
  amt: 'amount',
  pct: 'percent',
  num: 'number',
  yr: 'year',
  addr: 'address',
  desc: 'description',
  dept: 'department',
  mgr: 'manager',
  emp: 'employee',
  dob: 'date of birth',
};

/** Words written in capitals. */
const ACRONYMS: ReadonlySet<string> = new Set([
  'id',
  'sku',
  'url',
  'uri',
  'ip',
  'api',
  'sql',
  'usd',
  'eur',
  'gbp',
  'vat',
  'gst',
  'kpi',
  'ytd',
  'mtd',
  'qtd',
  'ean',
  'upc',
  'isbn',
  'iso',
]);

/** True when a name already reads as words: it has a space, or capitals after a lower-case letter and no `_`. */
function isBusinessName(name: string): boolean {
  return /\s/.test(name.trim()) || /^[A-Z][a-z]+$/.test(name);
}

/** Splits `unitPrice`, `unit_price`, `UNIT-PRICE` or `sum(amount)` into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z\d%]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w.length > 0);
}

/** The header shown for a result column. */
export function humanizeHeader(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) return name;
  if (isBusinessName(trimmed)) return trimmed;
  const parts = words(trimmed).map((w) => EXPANSIONS[w] ?? w);
  if (parts.length === 0) return trimmed;
  const text = parts.map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w)).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
