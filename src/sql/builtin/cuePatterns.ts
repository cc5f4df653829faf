import type { QuestionToken } from './questionTokens';

/** Aggregate functions the generator writes. */
export type AggregateFn = 'count' | 'sum' | 'avg' | 'max' | 'min';
/** Comparison operators. */
export type CompareOp = '=' | '!=' | '>' | '<' | '>=' | '<=' | 'between';
/** Calendar units for periods and buckets. */
export type TimeUnit = 'year' | 'quarter' | 'month' | 'week' | 'day';

/** What a cue phrase of the question means. */
export type CueMeaning =
  | { kind: 'count' }
  | { kind: 'aggregate'; fn: Exclude<AggregateFn, 'count'> }
  | {
      kind: 'extreme';
      dir: 'asc' | 'desc';
      aggregateWord?: boolean;
      adjective?: string;
      /** `group`: "the most common X" groups by X; `count`: "the most number of X" counts X. */
      frequency?: 'group' | 'count';
    }
  | { kind: 'compare'; op: CompareOp; adjective?: string; after?: boolean }
  | { kind: 'group' }
  | { kind: 'order'; dir?: 'asc' | 'desc'; then?: boolean }
  | { kind: 'direction'; dir: 'asc' | 'desc' }
  | { kind: 'limit' }
  | { kind: 'distinct' }
  | { kind: 'negation' }
  | { kind: 'both' }
  | { kind: 'or' }
  | { kind: 'and' }
  | { kind: 'except' }
  | { kind: 'relative' }
  | { kind: 'all-columns' }
  | { kind: 'average-reference'; op?: CompareOp }
  | { kind: 'period'; unit: TimeUnit; anchor: 'past' | 'previous' | 'current' }
  | { kind: 'bucket'; unit: TimeUnit }
  | { kind: 'like'; mode: 'contains' | 'starts' | 'ends' }
  | { kind: 'question'; word: 'which' | 'what' | 'who' | 'when' | 'where' | 'how-much' | 'list' }
  | { kind: 'each' }
  /** "current employees" (no end date yet, or flagged active); `former` for the opposite. */
  | { kind: 'current'; former?: boolean };

/** A cue found in a question. */
export interface Cue {
  meaning: CueMeaning;
  /** Token range [start, end). */
  start: number;
  end: number;
  /** The number the pattern captured (`top 5`, `past 3 years`, `more than 2`). */
  number?: number;
  /** Token index of the captured number. */
  numberIndex?: number;
  /** The captured time unit. */
  unit?: TimeUnit;
  /** The cue words may also be schema words. */
  soft: boolean;
}

interface CuePattern {
  /**
   * One phrase or several alternative phrases. A phrase is space-separated steps: a word, `a|b` alternative
   * words, `[x|y]` an optional step, `#` a number, `UNIT` a time unit.
   */
  pattern: string | string[];
  /** The cue words may also be schema words (`first` name, `total`): the linker still sees them. */
  soft?: boolean;
  /** Not a cue right after a content word ("phone number of" is not a count). */
  notAfterWord?: boolean;
  /** Not a cue when one of these words follows it ("or less than 100" is a new comparison). */
  notBefore?: string[];
  meaning: CueMeaning | ((unit: TimeUnit | undefined) => CueMeaning);
}

const UNIT_WORDS: Record<string, TimeUnit> = {
  year: 'year',
  years: 'year',
  quarter: 'quarter',
  quarters: 'quarter',
  month: 'month',
  months: 'month',
  week: 'week',
  weeks: 'week',
  day: 'day',
  days: 'day',
  // Short forms people type ("last yr", "this qtr", "past 3 mos").
  yr: 'year',
  yrs: 'year',
  qtr: 'quarter',
  qtrs: 'quarter',
  mo: 'month',
  mos: 'month',
  mth: 'month',
  mths: 'month',
  wk: 'week',
  wks: 'week',
};

const ADVERB_UNITS: Record<string, TimeUnit> = {
  yearly: 'year',
  annually: 'year',
  annual: 'year',
  quarterly: 'quarter',
  monthly: 'month',
  weekly: 'week',
  daily: 'day',
};

/** Words that qualify a following "number of" without being a noun that owns it ("corresponding number of"). */
const ADJECTIVE_LIKE =
  /^(.*(ing|ed|ive|ous|ful)|total|average|maximum|minimum|different|same|whole|exact|largest|smallest|highest|lowest|greatest|least|most|fewest|overall|combined|given)$/;

const GT = 'more|greater|larger|higher|bigger|longer|over|above|exceeding|exceeds|later|after';
const LT = 'less|fewer|smaller|lower|shorter|under|below|earlier|before';

/**
 * The cue table. Order matters only between patterns of the same length at the same position (first wins);
 * otherwise the longest match wins.
 */
export const CUE_PATTERNS: CuePattern[] = [
  // Counting.
  { pattern: 'how many', meaning: { kind: 'count' } },
  { pattern: '[the] [total] number|numbers of', meaning: { kind: 'count' }, notAfterWord: true },
  { pattern: 'count [the] [total] number|numbers of', meaning: { kind: 'count' } },
  { pattern: '[the] number|count and', meaning: { kind: 'count' }, notAfterWord: true },
  { pattern: '[the] count of', meaning: { kind: 'count' }, notAfterWord: true },
  // "# of tickets per queue", "num of orders": shorthand for "number of".
  { pattern: '#|num|nbr of', meaning: { kind: 'count' }, notAfterWord: true },
  { pattern: 'count the|all', meaning: { kind: 'count' } },
  { pattern: '[in] how much', meaning: { kind: 'question', word: 'how-much' } },
  // Aggregates.
  { pattern: ['average|avg|mean', 'on average'], meaning: { kind: 'aggregate', fn: 'avg' } },
  { pattern: 'total|sum|combined|cumulative', meaning: { kind: 'aggregate', fn: 'sum' }, soft: true },
  { pattern: ['sum of', 'in total', 'altogether'], meaning: { kind: 'aggregate', fn: 'sum' } },
  { pattern: 'maximum|max', meaning: { kind: 'extreme', dir: 'desc', aggregateWord: true } },
  { pattern: 'minimum|min', meaning: { kind: 'extreme', dir: 'asc', aggregateWord: true } },
  // Superlatives.
  {
    pattern: '[the] most|highest|largest|biggest|greatest|maximal',
    meaning: { kind: 'extreme', dir: 'desc' },
  },
  { pattern: '[the] least|lowest|smallest|fewest|minimal', meaning: { kind: 'extreme', dir: 'asc' } },
  {
    pattern: ['[the] most common|frequent|popular|often|frequently|commonly|usual'],
    meaning: { kind: 'extreme', dir: 'desc', frequency: 'group' },
  },
  {
    pattern: [
      '[the] most|largest|highest|greatest|biggest number|amount|count of',
      '[the] most number|amount|count of',
      '[the] most times',
    ],
    meaning: { kind: 'extreme', dir: 'desc', frequency: 'count' },
  },
  {
    pattern: ['[the] least common|frequent|popular|often|frequently|commonly'],
    meaning: { kind: 'extreme', dir: 'asc', frequency: 'group' },
  },
  {
    pattern: [
      '[the] least|smallest|lowest|fewest number|amount|count of',
      '[the] least number|amount|count of',
      '[the] fewest times',
    ],
    meaning: { kind: 'extreme', dir: 'asc', frequency: 'count' },
  },
  { pattern: '[the] oldest', meaning: { kind: 'extreme', dir: 'desc', adjective: 'old' } },
  { pattern: '[the] youngest', meaning: { kind: 'extreme', dir: 'asc', adjective: 'young' } },
  { pattern: '[the] newest', meaning: { kind: 'extreme', dir: 'desc', adjective: 'newest' } },
  {
    pattern: ['[the] most recent|recently', '[the] latest', 'recent|recently'],
    meaning: { kind: 'extreme', dir: 'desc', adjective: 'recent' },
  },
  { pattern: 'last', meaning: { kind: 'extreme', dir: 'desc', adjective: 'recent' }, soft: true },
  { pattern: '[the] earliest', meaning: { kind: 'extreme', dir: 'asc', adjective: 'earliest' } },
  { pattern: 'first', meaning: { kind: 'extreme', dir: 'asc', adjective: 'earliest' }, soft: true },
  {
    pattern: ['[the] most expensive|costly|pricey', '[the] priciest|costliest'],
    meaning: { kind: 'extreme', dir: 'desc', adjective: 'expensive' },
  },
  {
    pattern: ['[the] least expensive|costly', '[the] cheapest'],
    meaning: { kind: 'extreme', dir: 'asc', adjective: 'cheap' },
  },
  { pattern: '[the] longest', meaning: { kind: 'extreme', dir: 'desc', adjective: 'long' } },
  { pattern: '[the] shortest', meaning: { kind: 'extreme', dir: 'asc', adjective: 'short' } },
  { pattern: '[the] tallest', meaning: { kind: 'extreme', dir: 'desc', adjective: 'tall' } },
  { pattern: '[the] heaviest', meaning: { kind: 'extreme', dir: 'desc', adjective: 'heavy' } },
  { pattern: '[the] lightest', meaning: { kind: 'extreme', dir: 'asc', adjective: 'light' } },
  { pattern: '[the] richest|wealthiest', meaning: { kind: 'extreme', dir: 'desc', adjective: 'rich' } },
  { pattern: 'best|top-rated|highest-rated', meaning: { kind: 'extreme', dir: 'desc', adjective: 'good' } },
  { pattern: 'worst|lowest-rated', meaning: { kind: 'extreme', dir: 'asc', adjective: 'bad' } },
  { pattern: '[the] fastest', meaning: { kind: 'extreme', dir: 'desc', adjective: 'fast' } },
  { pattern: '[the] slowest', meaning: { kind: 'extreme', dir: 'asc', adjective: 'slow' } },
  {
    pattern: '[the] most populous|populated',
    meaning: { kind: 'extreme', dir: 'desc', adjective: 'populous' },
  },
  { pattern: ['top #', 'first #', 'the #'], meaning: { kind: 'limit' } },
  { pattern: 'top', meaning: { kind: 'extreme', dir: 'desc' } },
  // Comparisons.
  { pattern: `${GT} than`, meaning: { kind: 'compare', op: '>' } },
  { pattern: 'more|greater|larger|higher|bigger', meaning: { kind: 'compare', op: '>' }, soft: true },
  { pattern: 'less|fewer|smaller|lower', meaning: { kind: 'compare', op: '<' }, soft: true },
  { pattern: `${LT} than`, meaning: { kind: 'compare', op: '<' } },
  {
    pattern: 'above|over|exceeding|exceeds|exceed|after|beyond|since',
    meaning: { kind: 'compare', op: '>' },
  },
  { pattern: ['below|under|before', 'prior to'], meaning: { kind: 'compare', op: '<' } },
  { pattern: 'older than', meaning: { kind: 'compare', op: '>', adjective: 'old' } },
  {
    pattern: ['years|year old', 'years|year of age'],
    meaning: { kind: 'compare', op: '=', adjective: 'old', after: true },
  },
  { pattern: 'younger than', meaning: { kind: 'compare', op: '<', adjective: 'young' } },
  {
    pattern: ['more expensive than', 'pricier than'],
    meaning: { kind: 'compare', op: '>', adjective: 'expensive' },
  },
  {
    pattern: ['cheaper than', 'less expensive than'],
    meaning: { kind: 'compare', op: '<', adjective: 'cheap' },
  },
  { pattern: 'taller than', meaning: { kind: 'compare', op: '>', adjective: 'tall' } },
  { pattern: 'heavier than', meaning: { kind: 'compare', op: '>', adjective: 'heavy' } },
  {
    pattern: [
      'at least',
      'no|not less|fewer than',
      '[a] minimum of',
      `${GT} than or equal to`,
      `equal to or ${GT} than`,
    ],
    meaning: { kind: 'compare', op: '>=' },
  },
  {
    pattern: [
      'at most',
      'no|not more|greater than',
      '[a] maximum of',
      'up to',
      `${LT} than or equal to`,
      `equal to or ${LT} than`,
    ],
    meaning: { kind: 'compare', op: '<=' },
  },
  {
    pattern: ['or more|greater|higher|above|later|over', 'and above|more|up|over'],
    meaning: { kind: 'compare', op: '>=', after: true },
    notBefore: ['than'],
  },
  {
    pattern: ['or less|fewer|lower|below|earlier|under', 'and below|under'],
    meaning: { kind: 'compare', op: '<=', after: true },
    notBefore: ['than'],
  },
  {
    pattern: ['between', 'in the range [of|from]', 'range|ranging from'],
    meaning: { kind: 'compare', op: 'between' },
  },
  { pattern: ['equal to', 'equals', 'exactly'], meaning: { kind: 'compare', op: '=' } },
  { pattern: 'reach|reached|reaches|reaching|hit|hits', meaning: { kind: 'compare', op: '>=' } },
  {
    pattern: ['other than', 'except [for]', 'excluding', 'not equal to', 'different from|than', 'apart from'],
    meaning: { kind: 'compare', op: '!=' },
  },
  {
    pattern: [
      `${GT}|older|taller|heavier|longer|later|pricier than [the] average|avg|mean`,
      'above [the] average|avg|mean',
    ],
    meaning: { kind: 'average-reference', op: '>' },
  },
  {
    pattern: [
      `${LT}|younger|cheaper|shorter|lighter|earlier than [the] average|avg|mean`,
      'below [the] average|avg|mean',
    ],
    meaning: { kind: 'average-reference', op: '<' },
  },
  // Text matching.
  {
    pattern: [
      'contain|contains|containing|include|includes|including',
      '[with] the word|substring|string|phrase',
      'like',
    ],
    meaning: { kind: 'like', mode: 'contains' },
  },
  {
    pattern: '[the] letter|letters|character|characters|substring|word|phrase|string',
    meaning: { kind: 'like', mode: 'contains' },
  },
  { pattern: 'start|starts|starting|begin|begins|beginning with', meaning: { kind: 'like', mode: 'starts' } },
  { pattern: 'end|ends|ending with', meaning: { kind: 'like', mode: 'ends' } },
  // Grouping and ordering.
  {
    pattern: [
      'for|in|of|at|on|from|with|by each|every',
      'per',
      'for all the different',
      'for [the] different',
      'grouped|broken|split|categorized by',
      'group by',
      'across [all] [the]',
      'by',
    ],
    meaning: { kind: 'group' },
  },
  { pattern: 'each|every', meaning: { kind: 'each' } },
  {
    pattern: [
      '[and] [also] sorted|ordered|ranked|sort|order|arranged|listed|rank|arrange [them|it] [the] [result|results|data|list|output|records|rows] [set] [in] [the] [order] by|of|on',
      '[and] [also] sorted|ordered|ranked|sort|order|arranged|listed|rank|arrange [them|it] [the] [result|results|data|list|output|records|rows] according to',
      '[and] [also] sorted|ordered|ranked|sort|order|arranged|listed|rank|arrange [them|it] [the] [result|results|data|list|output|records|rows] [set] in [the] order of',
    ],
    meaning: { kind: 'order' },
  },
  { pattern: 'in [the] order of', meaning: { kind: 'order' } },
  { pattern: '[,] [and] then|lastly|finally|next [by]', meaning: { kind: 'order', then: true }, soft: true },
  {
    pattern: [
      '[and] [also] [sorted|ordered|sort|order|ranked|listed|arranged|rank|arrange|make] [them|it] [the] [result|results|data|list|output|records|rows] [set] in|by [the|a] descending|decreasing|reverse|reversed|descendingly [alphabetical] [order] [of|by]',
      '[sorted|ordered] descending|decreasing by',
    ],
    meaning: { kind: 'order', dir: 'desc' },
  },
  {
    pattern: [
      '[and] [also] [sorted|ordered|sort|order|ranked|listed|arranged|rank|arrange|make] [them|it] [the] [result|results|data|list|output|records|rows] [set] in|by [the|an|a] ascending|increasing [alphabetical] [order] [of|by]',
      '[sorted|ordered] ascending|increasing by',
      '[and] [also] [sorted|ordered|sort|order|listed|arranged|arrange|make] [them|it] [the] [result|results|data|list|output|records|rows] [set] in|by [the|an|a] alphabetical|lexicographical|alphabetic|lexicographic order [of|by]',
      '[sorted|ordered|listed] alphabetically|lexicographically [by]',
    ],
    meaning: { kind: 'order', dir: 'asc' },
  },
  {
    pattern: [
      'descending|decreasing|desc|descendingly',
      '[from] [the] largest|highest|most|high|newest|latest|biggest|greatest to [the] smallest|lowest|least|low|oldest|earliest|fewest',
      'largest|highest|newest|latest first',
      'most recent first',
      '[from] [the] youngest to [the] oldest',
    ],
    meaning: { kind: 'direction', dir: 'desc' },
  },
  {
    pattern: [
      'ascending|increasing|asc',
      '[from] [the] smallest|lowest|least|low|oldest|earliest|fewest to [the] largest|highest|most|high|newest|latest|biggest|greatest|youngest',
      'smallest|lowest|oldest|earliest first',
    ],
    meaning: { kind: 'direction', dir: 'asc' },
  },
  // Set operations, negation, distinct.
  { pattern: 'different|distinct|unique', meaning: { kind: 'distinct' } },
  {
    pattern: [
      'not|no|never|without|nor|none|neither',
      "don't|doesn't|didn't|haven't|hasn't|hadn't|aren't|isn't|wasn't|weren't|cannot|can't|won't",
      'dont|doesnt|didnt|havent|hasnt|hadnt|arent|isnt|wasnt|werent|cant|wont',
      'do|does|did|have|has|had|are|is|was|were not',
      'do|does|did|have|has|had|are|is|was|were not have|has|had [any]',
    ],
    meaning: { kind: 'negation' },
  },
  { pattern: 'both', meaning: { kind: 'both' } },
  { pattern: 'or|either', meaning: { kind: 'or' } },
  { pattern: ['and', 'as well as', '&'], meaning: { kind: 'and' } },
  {
    pattern: 'but|and not|no|never',
    meaning: { kind: 'except' },
  },
  {
    pattern: 'but|and are|do|does|did|have|has|had|were|was not|never',
    meaning: { kind: 'except' },
  },
  // Clause structure.
  { pattern: 'who|whom|that|which|whose|where|with|having|has|have|had|when', meaning: { kind: 'relative' } },
  {
    pattern: [
      'all|the [the] information|info|details|data|attributes|columns|fields',
      'everything',
      'what|which information|info|details|data',
    ],
    meaning: { kind: 'all-columns' },
  },
  // Time periods and buckets.
  {
    pattern: [
      '[in|during|over|for|within] [the] past|last|previous # UNIT',
      '[in|during|over|for|within] [the] past UNIT',
    ],
    meaning: (u) => ({ kind: 'period', unit: u ?? 'year', anchor: 'past' }),
  },
  {
    // "last quarter", "the previous month": the calendar unit before the current one.
    pattern: ['[in|during|for] [the] last UNIT', '[in|during|for] [the] previous|prior UNIT'],
    meaning: (u) => ({ kind: 'period', unit: u ?? 'year', anchor: 'previous' }),
  },
  {
    pattern: [
      '[in|during|for] this UNIT',
      '[in|during|for] [the] current UNIT',
      'UNIT to date',
      'so far this UNIT',
      'ytd',
    ],
    meaning: (u) => ({ kind: 'period', unit: u ?? 'year', anchor: 'current' }),
  },
  {
    pattern: [
      'by|per|each|every UNIT',
      'for|in each|every UNIT',
      'yearly|annually|quarterly|monthly|weekly|daily',
    ],
    meaning: (u) => ({ kind: 'bucket', unit: u ?? 'year' }),
  },
  // Rows still in effect: "current employees", "former members".
  {
    pattern: ['current|currently|still', 'right now', 'at the moment', 'as of today|now', 'these days'],
    meaning: { kind: 'current' },
    soft: true,
  },
  { pattern: 'former|formerly', meaning: { kind: 'current', former: true }, soft: true },
  { pattern: 'which|what UNIT', meaning: (u) => ({ kind: 'bucket', unit: u ?? 'year' }), soft: true },
  // Question words.
  { pattern: 'what', meaning: { kind: 'question', word: 'what' } },
  { pattern: ['when', 'what|which date|time|year|day'], meaning: { kind: 'question', word: 'when' } },
  { pattern: 'where', meaning: { kind: 'question', word: 'where' } },
  {
    pattern: 'list|show|find|give|display|return|get|tell|name|identify|retrieve|provide|select',
    meaning: { kind: 'question', word: 'list' },
    soft: true,
  },
];

interface CompiledStep {
  words: string[];
  optional: boolean;
  number: boolean;
  unit: boolean;
}

interface CompiledPattern {
  steps: CompiledStep[];
  source: CuePattern;
}

function compile(pattern: CuePattern): CompiledPattern[] {
  const phrases = Array.isArray(pattern.pattern) ? pattern.pattern : [pattern.pattern];
  for (const phrase of phrases)
    for (const step of phrase.split(' '))
      if (step.startsWith('[') !== step.endsWith(']') || step.slice(1, -1).includes('[') || step === '')
        throw new Error(`cuePatterns: malformed step "${step}" in "${phrase}"`);
  return phrases.map((phrase) => ({
    source: pattern,
    steps: phrase.split(' ').map((tok) => {
      const optional = tok.startsWith('[') && tok.endsWith(']');
      const body = optional ? tok.slice(1, -1) : tok;
      return { words: body.split('|'), optional, number: body === '#', unit: body === 'UNIT' };
    }),
  }));
}

const COMPILED: CompiledPattern[] = CUE_PATTERNS.flatMap(compile);

interface MatchState {
  pos: number;
  number?: number;
  numberIndex?: number;
  unit?: TimeUnit;
}

function matchSteps(tokens: QuestionToken[], steps: CompiledStep[], state: MatchState): MatchState | null {
  if (steps.length === 0) return state;
  const [step, ...rest] = steps;
  const attempts: MatchState[] = [];
  const t = tokens[state.pos];
  if (t) {
    if (step.number && t.number !== undefined && (t.kind === 'number' || t.kind === 'word'))
      attempts.push({ ...state, pos: state.pos + 1, number: t.number, numberIndex: t.index });
    else if (step.unit) {
      const u = UNIT_WORDS[t.lower] ?? ADVERB_UNITS[t.lower];
      if (u) attempts.push({ ...state, pos: state.pos + 1, unit: u });
    } else if (!step.number && step.words.includes(t.lower)) {
      const unit = ADVERB_UNITS[t.lower];
      attempts.push({ ...state, pos: state.pos + 1, ...(unit ? { unit } : {}) });
    }
  }
  for (const a of attempts) {
    const r = matchSteps(tokens, rest, a);
    if (r) return r;
  }
  if (step.optional) return matchSteps(tokens, rest, state);
  return null;
}

/** Finds the cues of a question, left to right, longest match first at each position. */
export function findCues(tokens: QuestionToken[]): Cue[] {
  const cues: Cue[] = [];
  let i = 0;
  while (i < tokens.length) {
    let best: { state: MatchState; pattern: CompiledPattern } | null = null;
    const previous = tokens[i - 1];
    const afterWord =
      !!previous && previous.kind === 'word' && !previous.stop && !ADJECTIVE_LIKE.test(previous.lower);
    for (const p of COMPILED) {
      if (p.source.notAfterWord && afterWord) continue;
      const state = matchSteps(tokens, p.steps, { pos: i });
      if (!state || state.pos === i) continue;
      if (p.source.notBefore && p.source.notBefore.includes(tokens[state.pos]?.lower ?? '')) continue;
      if (!best || state.pos > best.state.pos) best = { state, pattern: p };
    }
    if (!best) {
      i++;
      continue;
    }
    const { state, pattern } = best;
    const meaning =
      typeof pattern.source.meaning === 'function'
        ? pattern.source.meaning(state.unit)
        : pattern.source.meaning;
    cues.push({
      meaning,
      soft: pattern.source.soft ?? false,
      start: i,
      end: state.pos,
      ...(state.number !== undefined ? { number: state.number, numberIndex: state.numberIndex } : {}),
      ...(state.unit ? { unit: state.unit } : {}),
    });
    i = state.pos;
  }
  return cues;
}
