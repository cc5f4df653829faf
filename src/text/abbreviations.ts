/**
 * Abbreviations of database identifiers (`cust_nbr` -> `customer number`), one map for table documents,
 * the embedders, lexical retrieval and the built-in SQL generator. General data-modelling vocabulary, not
 * tuned to any particular schema.
 *
 * Where the earlier copies disagreed, the choice is explicit:
 * - `st` (street, state or saint) and `reg` (region or registration) mean different things in different
 *   schemas and nothing in the identifier says which: they are not expanded (left as written, so they still
 *   match a question that uses the same short form).
 * - `pct` and `perc` mean the same thing: `percentage` (the noun a column holds).
 * - `zip` is `zip code` everywhere (`zip_code` stays `zip code`: a repeated word is dropped).
 * - `id` / `ids` depend on the form wanted: readable text (documents, embeddings) spells out `identifier`;
 *   matching keys (the SQL generator) keep `id`, the word people type ("student id").
 */

/** How an abbreviation may be expanded. */
export interface Abbreviation {
  /** The words the abbreviation stands for, as readable text. */
  expansion: string[];
  /** The words used for matching keys, when they differ from `expansion` (`id` stays `id`). */
  matching?: string[];
  /**
   * True for expansions used only by matching keys inside identifiers (the SQL generator's schema
   * linking), never in readable text: short forms that are ordinary words or have other common readings
   * (`ship`, `pay`, `pop`, `sec`, `dir`, `hr`), where a wrong expansion in a table document costs more than
   * a missed one in matching.
   */
  matchingOnly?: boolean;
  /**
   * True when the short form is also an ordinary English word or stop word (`no`, `cat`, `pay`), so it is
   * expanded only inside identifiers, never in free text such as a question.
   */
  identifierOnly?: boolean;
}

/** Where a word stands: in an identifier, or in free text (a question, a comment). */
export type AbbreviationContext = 'identifier' | 'text';

/** Which form of an expansion is wanted: readable words, or the words matching compares. */
export type AbbreviationForm = 'readable' | 'matching';

/** Common abbreviations of database identifiers. */
export const ABBREVIATIONS: Readonly<Record<string, Abbreviation>> = {
  acc: { expansion: ['account'], identifierOnly: true },
  acct: { expansion: ['account'] },
  addr: { expansion: ['address'] },
  adr: { expansion: ['address'] },
  amt: { expansion: ['amount'] },
  approx: { expansion: ['approximately'] },
  appt: { expansion: ['appointment'] },
  apt: { expansion: ['apartment'], identifierOnly: true },
  attr: { expansion: ['attribute'] },
  avg: { expansion: ['average'] },
  bal: { expansion: ['balance'], identifierOnly: true },
  bday: { expansion: ['birthday'] },
  bldg: { expansion: ['building'] },
  cat: { expansion: ['category'], identifierOnly: true },
  cd: { expansion: ['code'], matchingOnly: true },
  cnt: { expansion: ['count'] },
  cntry: { expansion: ['country'], matchingOnly: true },
  co: { expansion: ['company'], identifierOnly: true },
  comm: { expansion: ['commission'], matchingOnly: true },
  corp: { expansion: ['corporation'], matchingOnly: true },
  crs: { expansion: ['course'], matchingOnly: true },
  ctry: { expansion: ['country'] },
  cty: { expansion: ['city'] },
  curr: { expansion: ['currency'], identifierOnly: true },
  cust: { expansion: ['customer'] },
  del: { expansion: ['delivery'], identifierOnly: true },
  dept: { expansion: ['department'] },
  depts: { expansion: ['departments'], matchingOnly: true },
  desc: { expansion: ['description'], identifierOnly: true },
  descr: { expansion: ['description'] },
  dim: { expansion: ['dimension'], matchingOnly: true },
  dir: { expansion: ['director'], matchingOnly: true },
  dist: { expansion: ['district'], matchingOnly: true },
  dob: { expansion: ['date', 'of', 'birth'] },
  doc: { expansion: ['document'], identifierOnly: true },
  dom: { expansion: ['domestic'], matchingOnly: true },
  dow: { expansion: ['day', 'of', 'week'], matchingOnly: true },
  dt: { expansion: ['date'] },
  dur: { expansion: ['duration'] },
  eff: { expansion: ['effective'], matchingOnly: true },
  emp: { expansion: ['employee'] },
  empl: { expansion: ['employee'] },
  enr: { expansion: ['enrollment'], matchingOnly: true },
  fac: { expansion: ['faculty'], matchingOnly: true },
  firstname: { expansion: ['first', 'name'], matchingOnly: true },
  fname: { expansion: ['first', 'name'] },
  freq: { expansion: ['frequency'] },
  ft: { expansion: ['feet'], matchingOnly: true },
  fy: { expansion: ['fiscal', 'year'] },
  govt: { expansion: ['government'], matchingOnly: true },
  hr: { expansion: ['hour'], matchingOnly: true },
  hrs: { expansion: ['hours'] },
  hs: { expansion: ['high', 'school'], matchingOnly: true },
  ht: { expansion: ['height'], matchingOnly: true },
  id: { expansion: ['identifier'], matching: ['id'] },
  ids: { expansion: ['identifiers'], matching: ['id'] },
  img: { expansion: ['image'] },
  inc: { expansion: ['income'], matchingOnly: true },
  info: { expansion: ['information'] },
  init: { expansion: ['initial'], identifierOnly: true },
  intl: { expansion: ['international'], matchingOnly: true },
  inv: { expansion: ['invoice'], identifierOnly: true },
  lang: { expansion: ['language'] },
  lastname: { expansion: ['last', 'name'], matchingOnly: true },
  lat: { expansion: ['latitude'] },
  len: { expansion: ['length'], matchingOnly: true },
  lname: { expansion: ['last', 'name'] },
  lng: { expansion: ['longitude'] },
  loc: { expansion: ['location'] },
  lon: { expansion: ['longitude'], identifierOnly: true },
  long: { expansion: ['longitude'], identifierOnly: true },
  lvl: { expansion: ['level'], matchingOnly: true },
  max: { expansion: ['maximum'] },
  mgmt: { expansion: ['management'], matchingOnly: true },
  mgr: { expansion: ['manager'] },
  mgrs: { expansion: ['managers'], matchingOnly: true },
  min: { expansion: ['minimum'] },
  mins: { expansion: ['minutes'], identifierOnly: true },
  mname: { expansion: ['middle', 'name'], matchingOnly: true },
  mo: { expansion: ['month'], identifierOnly: true },
  msg: { expansion: ['message'] },
  mth: { expansion: ['month'] },
  natl: { expansion: ['national'], matchingOnly: true },
  nbr: { expansion: ['number'] },
  no: { expansion: ['number'], identifierOnly: true },
  num: { expansion: ['number'] },
  ord: { expansion: ['order'], matchingOnly: true },
  org: { expansion: ['organization'] },
  pay: { expansion: ['payment'], matchingOnly: true },
  pct: { expansion: ['percentage'] },
  perc: { expansion: ['percentage'] },
  ph: { expansion: ['phone'], matchingOnly: true },
  pmt: { expansion: ['payment'] },
  pop: { expansion: ['population'], matchingOnly: true },
  pos: { expansion: ['position'], identifierOnly: true },
  postcode: { expansion: ['postal', 'code'], matchingOnly: true },
  ppl: { expansion: ['people'], matchingOnly: true },
  prc: { expansion: ['price'] },
  prev: { expansion: ['previous'] },
  prod: { expansion: ['product'] },
  prof: { expansion: ['professor'], identifierOnly: true },
  prov: { expansion: ['province'], matchingOnly: true },
  pts: { expansion: ['points'], matchingOnly: true },
  pwd: { expansion: ['password'] },
  qtr: { expansion: ['quarter'] },
  qty: { expansion: ['quantity'] },
  ref: { expansion: ['reference'], identifierOnly: true },
  res: { expansion: ['reservation'], matchingOnly: true },
  rev: { expansion: ['revenue'], identifierOnly: true },
  rm: { expansion: ['room'], matchingOnly: true },
  rnk: { expansion: ['rank'], matchingOnly: true },
  sal: { expansion: ['salary'], matchingOnly: true },
  sec: { expansion: ['section'], matchingOnly: true },
  seq: { expansion: ['sequence'] },
  ship: { expansion: ['shipping'], matchingOnly: true },
  sku: { expansion: ['stock', 'keeping', 'unit'] },
  sq: { expansion: ['square'], matchingOnly: true },
  ssn: { expansion: ['social', 'security', 'number'] },
  stat: { expansion: ['status'], matchingOnly: true },
  std: { expansion: ['standard'], identifierOnly: true },
  stu: { expansion: ['student'], matchingOnly: true },
  stud: { expansion: ['student'], matchingOnly: true },
  tel: { expansion: ['telephone'] },
  temp: { expansion: ['temperature'] },
  tmp: { expansion: ['temporary'] },
  tot: { expansion: ['total'] },
  trans: { expansion: ['transaction'], matchingOnly: true },
  trx: { expansion: ['transaction'] },
  ts: { expansion: ['timestamp'] },
  txn: { expansion: ['transaction'] },
  uom: { expansion: ['unit', 'of', 'measure'] },
  url: { expansion: ['url'], matchingOnly: true },
  usr: { expansion: ['user'] },
  vol: { expansion: ['volume'], matchingOnly: true },
  wt: { expansion: ['weight'], matchingOnly: true },
  yn: { expansion: ['yes', 'no'] },
  yr: { expansion: ['year'] },
  yrs: { expansion: ['years'] },
  zip: { expansion: ['zip', 'code'], identifierOnly: true },
};

/** Whether a word is a known abbreviation (in identifiers, any form). */
export function isAbbreviation(word: string): boolean {
  return Object.prototype.hasOwnProperty.call(ABBREVIATIONS, word);
}

/** The expansion of one word, or undefined when it is not a known abbreviation in that context. */
export function expandWord(
  word: string,
  context: AbbreviationContext = 'identifier',
  form: AbbreviationForm = 'readable',
): string[] | undefined {
  const entry = isAbbreviation(word) ? ABBREVIATIONS[word] : undefined;
  if (entry === undefined) return undefined;
  if (entry.matchingOnly === true && (context === 'text' || form === 'readable')) return undefined;
  if (context === 'text' && entry.identifierOnly === true) return undefined;
  return form === 'matching' ? (entry.matching ?? entry.expansion) : entry.expansion;
}

/**
 * Replaces abbreviations by their expansion (`cust`, `nbr` -> `customer`, `number`). With `keepOriginal`
 * the abbreviation stays in front of its expansion (useful for lexical search, where a question may use
 * the short form too). A word repeated right after itself is dropped (`zip_code` -> `zip code`).
 */
export function expandWords(
  words: readonly string[],
  options: { keepOriginal?: boolean; context?: AbbreviationContext; form?: AbbreviationForm } = {},
): string[] {
  const out: string[] = [];
  for (const word of words) {
    const expansion = expandWord(word, options.context ?? 'identifier', options.form ?? 'readable');
    if (expansion === undefined) {
      out.push(word);
      continue;
    }
    if (options.keepOriginal === true && !expansion.includes(word)) out.push(word);
    out.push(...expansion);
  }
  return out.filter((word, i) => i === 0 || word !== out[i - 1]);
}

/**
 * Shorthand of chat messages that is neither an identifier abbreviation nor an English word: "vs", "pls",
 * "ppl", "tmrw", and contractions typed without their apostrophe ("dont", "didnt", "whats").
 */
const CHAT_SHORTHAND: ReadonlySet<string> = new Set([
  'vs',
  'pls',
  'plz',
  'ppl',
  'tmrw',
  'thx',
  'pct',
  'aint',
  'arent',
  'cant',
  'couldnt',
  'didnt',
  'doesnt',
  'dont',
  'hadnt',
  'hasnt',
  'havent',
  'isnt',
  'shouldnt',
  'wasnt',
  'werent',
  'wont',
  'wouldnt',
  'hows',
  'thats',
  'whats',
  'whos',
  'wheres',
  'whens',
]);

/**
 * True for a lower-case word of a chat message that is shorthand, not a name: a free-text abbreviation
 * ("avg", "yr"), chat shorthand ("vs", "ppl", "dont"), or a quarter written as "q1".."q4".
 */
export function isChatShorthand(word: string): boolean {
  return expandWord(word, 'text') !== undefined || CHAT_SHORTHAND.has(word) || /^q[1-4]$/.test(word);
}
