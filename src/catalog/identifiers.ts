/**
 * Identifier handling shared by table documents, BM25 and the embedders: splitting `snake_case`,
 * `camelCase` and `PascalCase` names into words, expanding common database abbreviations and
 * segmenting run-together lower-case compounds (`roomnumber` -> `room number`).
 */

/** How an abbreviation may be expanded. */
export interface Abbreviation {
  /** The words the abbreviation stands for. */
  expansion: string[];
  /**
   * True when the short form is also an ordinary English word or stop word (`no`, `cat`, `min`), so it is
   * expanded only inside identifiers, never in free text such as a question.
   */
  identifierOnly?: boolean;
}

/**
 * Common abbreviations of database identifiers. General data-modelling vocabulary, not tuned to any
 * particular schema.
 */
export const ABBREVIATIONS: Readonly<Record<string, Abbreviation>> = {
  acct: { expansion: ['account'] },
  acc: { expansion: ['account'], identifierOnly: true },
  addr: { expansion: ['address'] },
  adr: { expansion: ['address'] },
  amt: { expansion: ['amount'] },
  appt: { expansion: ['appointment'] },
  apt: { expansion: ['apartment'], identifierOnly: true },
  attr: { expansion: ['attribute'] },
  avg: { expansion: ['average'] },
  bal: { expansion: ['balance'], identifierOnly: true },
  bday: { expansion: ['birthday'] },
  bldg: { expansion: ['building'] },
  cat: { expansion: ['category'], identifierOnly: true },
  cnt: { expansion: ['count'] },
  co: { expansion: ['company'], identifierOnly: true },
  cty: { expansion: ['city'] },
  ctry: { expansion: ['country'] },
  curr: { expansion: ['currency'], identifierOnly: true },
  cust: { expansion: ['customer'] },
  del: { expansion: ['delivery'], identifierOnly: true },
  dept: { expansion: ['department'] },
  desc: { expansion: ['description'], identifierOnly: true },
  descr: { expansion: ['description'] },
  dob: { expansion: ['date', 'of', 'birth'] },
  doc: { expansion: ['document'], identifierOnly: true },
  dt: { expansion: ['date'] },
  dur: { expansion: ['duration'] },
  emp: { expansion: ['employee'] },
  empl: { expansion: ['employee'] },
  fname: { expansion: ['first', 'name'] },
  freq: { expansion: ['frequency'] },
  fy: { expansion: ['fiscal', 'year'] },
  hrs: { expansion: ['hours'] },
  id: { expansion: ['identifier'] },
  ids: { expansion: ['identifiers'] },
  img: { expansion: ['image'] },
  info: { expansion: ['information'] },
  init: { expansion: ['initial'], identifierOnly: true },
  inv: { expansion: ['invoice'], identifierOnly: true },
  lang: { expansion: ['language'] },
  lat: { expansion: ['latitude'], identifierOnly: true },
  lname: { expansion: ['last', 'name'] },
  loc: { expansion: ['location'] },
  lon: { expansion: ['longitude'], identifierOnly: true },
  lng: { expansion: ['longitude'] },
  long: { expansion: ['longitude'], identifierOnly: true },
  max: { expansion: ['maximum'] },
  mgr: { expansion: ['manager'] },
  min: { expansion: ['minimum'], identifierOnly: true },
  mins: { expansion: ['minutes'], identifierOnly: true },
  mth: { expansion: ['month'] },
  mo: { expansion: ['month'], identifierOnly: true },
  msg: { expansion: ['message'] },
  nbr: { expansion: ['number'] },
  no: { expansion: ['number'], identifierOnly: true },
  num: { expansion: ['number'] },
  org: { expansion: ['organization'] },
  pct: { expansion: ['percent'] },
  perc: { expansion: ['percent'] },
  pmt: { expansion: ['payment'] },
  pos: { expansion: ['position'], identifierOnly: true },
  prc: { expansion: ['price'] },
  prev: { expansion: ['previous'] },
  prod: { expansion: ['product'] },
  prof: { expansion: ['professor'], identifierOnly: true },
  pwd: { expansion: ['password'] },
  qty: { expansion: ['quantity'] },
  qtr: { expansion: ['quarter'] },
  ref: { expansion: ['reference'], identifierOnly: true },
  reg: { expansion: ['region'], identifierOnly: true },
  rev: { expansion: ['revenue'], identifierOnly: true },
  seq: { expansion: ['sequence'] },
  sku: { expansion: ['stock', 'keeping', 'unit'] },
  ssn: { expansion: ['social', 'security', 'number'] },
  st: { expansion: ['street'], identifierOnly: true },
  std: { expansion: ['standard'], identifierOnly: true },
  tel: { expansion: ['telephone'] },
  temp: { expansion: ['temperature'], identifierOnly: true },
  tmp: { expansion: ['temporary'] },
  ts: { expansion: ['timestamp'] },
  tot: { expansion: ['total'] },
  txn: { expansion: ['transaction'] },
  trx: { expansion: ['transaction'] },
  uom: { expansion: ['unit', 'of', 'measure'] },
  usr: { expansion: ['user'] },
  yr: { expansion: ['year'] },
  yrs: { expansion: ['years'] },
  yn: { expansion: ['yes', 'no'] },
  zip: { expansion: ['zip', 'code'], identifierOnly: true },
};

const CAMEL_BOUNDARIES: readonly RegExp[] = [
  // `HTTPServer` -> `HTTP Server`
  /([A-Z]+)([A-Z][a-z])/g,
  // `orderDate` -> `order Date`
  /([a-z])([A-Z])/g,
  // `address2` -> `address 2`, `2ndLine` -> `2 ndLine`
  /([A-Za-z])([0-9])/g,
  /([0-9])([A-Za-z])/g,
];

/**
 * Splits an identifier into lower-case words: `snake_case`, `camelCase`, `PascalCase`, `HTTPServer`,
 * digits (`address2` -> `address`, `2`), spaces and any other punctuation. Non-ASCII letters are kept.
 */
export function splitIdentifier(name: string): string[] {
  let spaced = name;
  for (const boundary of CAMEL_BOUNDARIES) spaced = spaced.replace(boundary, '$1 $2');
  return spaced
    .split(/[^\p{L}\p{N}]+/u)
    .map((word) => word.toLowerCase())
    .filter((word) => word.length > 0);
}

/** The expansion of one word, or undefined when it is not a known abbreviation in that context. */
export function expandWord(
  word: string,
  context: 'identifier' | 'text' = 'identifier',
): string[] | undefined {
  const entry = Object.prototype.hasOwnProperty.call(ABBREVIATIONS, word) ? ABBREVIATIONS[word] : undefined;
  if (entry === undefined || (context === 'text' && entry.identifierOnly === true)) return undefined;
  return entry.expansion;
}

/**
 * Replaces abbreviations by their expansion (`cust`, `nbr` -> `customer`, `number`). With `keepOriginal`
 * the abbreviation stays in front of its expansion (useful for lexical search, where a question may use
 * the short form too).
 */
export function expandWords(
  words: readonly string[],
  options: { keepOriginal?: boolean; context?: 'identifier' | 'text' } = {},
): string[] {
  const out: string[] = [];
  for (const word of words) {
    const expansion = expandWord(word, options.context ?? 'identifier');
    if (expansion === undefined) {
      out.push(word);
      continue;
    }
    if (options.keepOriginal === true && !expansion.includes(word)) out.push(word);
    out.push(...expansion);
  }
  // `zip_code` -> `zip code code`: drop a word repeated right after itself
  return out.filter((word, i) => i === 0 || word !== out[i - 1]);
}

/**
 * Splits a run-together lower-case word into known words (`roomnumber` -> `room`, `number`;
 * `dormid` -> `dorm`, `id`; `pname` -> `p`, `name`) by dynamic programming: the fewest pieces, then the
 * highest total piece score. `scorePiece` returns 0 for an unknown piece and a positive weight for a known
 * word (longer and more common words should score higher); known abbreviations always qualify. Pieces are
 * at least `minPiece` characters long, except that a single leading letter may prefix one known word
 * (`fname`-style names). Returns the word unchanged when it is itself known or cannot be covered.
 */
export function segmentCompound(
  word: string,
  scorePiece: (piece: string) => number,
  options: { minPiece?: number; maxPieces?: number } = {},
): string[] {
  const minPiece = options.minPiece ?? 2;
  const maxPieces = options.maxPieces ?? 4;
  if (word.length < 3 || !/^[a-z]+$/.test(word) || scorePiece(word) > 0 || expandWord(word) !== undefined) {
    return [word];
  }
  const score = (piece: string): number =>
    expandWord(piece) !== undefined ? 4 * piece.length ** 2 : scorePiece(piece);
  // best[i]: the best segmentation of word.slice(0, i)
  const best: ({ pieces: string[]; score: number } | undefined)[] = new Array(word.length + 1);
  best[0] = { pieces: [], score: 0 };
  for (let end = minPiece; end <= word.length; end++) {
    for (let start = 0; start <= end - minPiece; start++) {
      const prefix = best[start];
      if (prefix === undefined || prefix.pieces.length >= maxPieces) continue;
      const piece = word.slice(start, end);
      const pieceScore = score(piece);
      if (pieceScore <= 0) continue;
      const candidate = { pieces: [...prefix.pieces, piece], score: prefix.score + pieceScore };
      const current = best[end];
      if (
        current === undefined ||
        candidate.pieces.length < current.pieces.length ||
        (candidate.pieces.length === current.pieces.length && candidate.score > current.score)
      ) {
        best[end] = candidate;
      }
    }
  }
  const found = best[word.length];
  if (found !== undefined) return found.pieces;
  const rest = word.slice(1);
  return rest.length >= minPiece + 1 && score(rest) > 0 ? [word.charAt(0), rest] : [word];
}
