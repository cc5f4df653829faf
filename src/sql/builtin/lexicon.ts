/**
 * General-English knowledge the built-in generator uses on top of `src/text`: synonym groups, the
 * attributes that comparative adjectives talk about, number words and month names. Nothing here names a
 * particular database.
 */
import { aggressiveStem, LINKING_STOP_WORDS } from '../../text';

/**
 * The comparison key of a word: its aggressive stem (`src/text/stemmer.ts`). Kept under this name for the
 * generator's modules.
 */
export const wordKey: (word: string) => string = aggressiveStem;

/** Words that never name a table, column or value on their own (`src/text/stopWords.ts`). */
export const STOPWORDS: ReadonlySet<string> = LINKING_STOP_WORDS;

/** Words that may appear inside a multi-word schema phrase ("date of birth", "name of the city"). */
export const LINKING_WORDS = new Set(['of', 'the', 'in', 'per', 'for', 'to', 'a']);

/**
 * Synonym groups of general English that questions and schemas use for the same thing. Each word maps to
 * the group's words; matching through a synonym scores a little lower than an identical word.
 */
const SYNONYM_GROUPS: string[][] = [
  ['age', 'old', 'young'],
  ['average', 'mean', 'avg'],
  ['price', 'cost', 'expensive', 'cheap', 'charge', 'fee'],
  ['salary', 'wage', 'pay', 'earn', 'earning', 'income'],
  ['city', 'town'],
  ['country', 'nation', 'nationality'],
  ['phone', 'telephone', 'cell', 'mobile'],
  ['gender', 'sex'],
  ['address', 'located', 'location', 'live', 'reside'],
  ['birth', 'born', 'birthday'],
  ['employee', 'staff', 'worker', 'personnel'],
  ['customer', 'client'],
  ['product', 'item', 'goods', 'merchandise'],
  ['amount', 'sales', 'revenue', 'total', 'money', 'spend', 'spent', 'value'],
  ['name', 'called', 'named', 'title'],
  ['description', 'detail', 'details', 'describe'],
  ['year', 'annual'],
  ['date', 'day', 'when', 'time'],
  ['quantity', 'amount', 'units'],
  ['number', 'count', 'no'],
  ['rating', 'rate', 'score', 'star', 'stars', 'grade', 'mark'],
  ['capacity', 'size'],
  ['height', 'tall', 'tallest'],
  ['weight', 'heavy', 'heaviest'],
  ['length', 'long', 'longest', 'duration'],
  ['area', 'size'],
  ['population', 'populated', 'inhabitants'],
  ['student', 'pupil'],
  ['professor', 'teacher', 'instructor', 'faculty', 'lecturer'],
  ['course', 'class', 'subject'],
  ['job', 'occupation', 'profession', 'position', 'role'],
  ['company', 'firm', 'business', 'enterprise'],
  ['car', 'vehicle', 'automobile'],
  ['film', 'movie'],
  ['singer', 'vocalist'],
  ['song', 'track', 'tune'],
  ['musician', 'artist', 'performer'],
  ['doctor', 'physician'],
  ['order', 'purchase'],
  ['type', 'kind', 'category', 'sort'],
  ['begin', 'start', 'starting'],
  ['end', 'finish', 'finishing'],
  ['email', 'mail', 'e-mail'],
  ['id', 'identifier', 'code'],
  ['status', 'state', 'condition'],
  ['manager', 'head', 'boss', 'supervisor'],
  ['owner', 'own', 'owned'],
  ['budget', 'fund', 'funding'],
  ['building', 'facility'],
  ['hour', 'hours'],
];

const SYNONYMS = new Map<string, Set<string>>();
for (const group of SYNONYM_GROUPS) {
  const keys = group.map(wordKey);
  for (const k of keys) {
    const set = SYNONYMS.get(k) ?? new Set<string>();
    for (const other of keys) if (other !== k) set.add(other);
    SYNONYMS.set(k, set);
  }
}

/** Word keys that general English treats as synonyms of `key` (not including itself). */
export function synonymKeys(key: string): ReadonlySet<string> {
  return SYNONYMS.get(key) ?? EMPTY;
}

const EMPTY: ReadonlySet<string> = new Set();

/** What a comparative or superlative adjective measures, and in which direction. */
export interface AttributeAdjective {
  /** Words of the attribute the adjective talks about (matched against column words). */
  attributes: string[];
  /** `desc` when "more" of the adjective means a larger value of the attribute. */
  direction: 'asc' | 'desc';
  /** The attribute is a date: the direction applies to the date (oldest = earliest date). */
  dateDirection?: 'asc' | 'desc';
}

/** Units a column of durations is named in (`length_ms`, `runtime_minutes`): "longest" orders by it. */
const DURATION_UNITS = ['milliseconds', 'ms', 'seconds', 'secs', 'minutes', 'mins', 'hours'];

/** Adjectives (in superlative and comparative form) that imply an attribute: "oldest" → age desc or date asc. */
export const ATTRIBUTE_ADJECTIVES: Record<string, AttributeAdjective> = {
  old: {
    attributes: ['age', 'birth', 'year', 'date', 'founded', 'established'],
    direction: 'desc',
    dateDirection: 'asc',
  },
  young: { attributes: ['age', 'birth', 'year', 'date'], direction: 'asc', dateDirection: 'desc' },
  new: {
    attributes: ['date', 'year', 'time', 'created', 'opened', 'founded'],
    direction: 'desc',
    dateDirection: 'desc',
  },
  newest: {
    attributes: ['date', 'year', 'time', 'created', 'opened'],
    direction: 'desc',
    dateDirection: 'desc',
  },
  recent: { attributes: ['date', 'year', 'time', 'start'], direction: 'desc', dateDirection: 'desc' },
  latest: { attributes: ['date', 'year', 'time'], direction: 'desc', dateDirection: 'desc' },
  earliest: { attributes: ['date', 'year', 'time', 'start'], direction: 'asc', dateDirection: 'asc' },
  expensive: { attributes: ['price', 'cost', 'fee', 'charge', 'amount', 'total'], direction: 'desc' },
  cheap: { attributes: ['price', 'cost', 'fee', 'charge', 'amount', 'total'], direction: 'asc' },
  long: {
    attributes: ['length', 'duration', 'time', 'distance', 'height', ...DURATION_UNITS],
    direction: 'desc',
  },
  short: {
    attributes: ['length', 'duration', 'time', 'distance', 'height', ...DURATION_UNITS],
    direction: 'asc',
  },
  tall: { attributes: ['height'], direction: 'desc' },
  heavy: { attributes: ['weight'], direction: 'desc' },
  light: { attributes: ['weight'], direction: 'asc' },
  rich: { attributes: ['balance', 'income', 'wealth', 'worth', 'salary'], direction: 'desc' },
  populous: { attributes: ['population'], direction: 'desc' },
  popular: { attributes: ['popularity', 'rating', 'votes', 'sales', 'attendance'], direction: 'desc' },
  good: { attributes: ['rating', 'score', 'rank', 'stars', 'grade'], direction: 'desc' },
  bad: { attributes: ['rating', 'score', 'stars', 'grade'], direction: 'asc' },
  fast: { attributes: ['speed', 'time'], direction: 'desc' },
  slow: { attributes: ['speed', 'time'], direction: 'asc' },
  big: { attributes: ['size', 'capacity', 'area', 'population', 'amount'], direction: 'desc' },
  large: { attributes: ['size', 'capacity', 'area', 'population', 'amount'], direction: 'desc' },
  small: { attributes: ['size', 'capacity', 'area', 'population', 'amount'], direction: 'asc' },
  high: { attributes: ['height', 'elevation', 'score', 'rating'], direction: 'desc' },
  low: { attributes: ['height', 'elevation', 'score', 'rating'], direction: 'asc' },
};

/** English number words up to twenty, plus a few larger ones. */
export const NUMBER_WORDS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  thousand: 1000,
  once: 1,
  twice: 2,
  single: 1,
};

/** Month names and their numbers. */
export const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
