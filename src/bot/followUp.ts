import { readFollowUp } from '../pipeline';
import type { AnswerReading, ConversationContext } from '../pipeline/types';

/**
 * Follow-up questions ("and in 2019?", "only for Boise", "by week instead", "what about fashion?") are
 * rewritten into a full question by merging them with the previous one: the time period is replaced, a
 * filter is added or swapped, the grouping is replaced. The pipeline also receives the previous question,
 * tables and SQL as context, so it can do better than the rewrite where it knows the catalog.
 */

/** The last answer of the conversation, as far as follow-ups need it. */
export interface PreviousQuestion {
  question: string;
  tables: string[];
  sql: string | null;
  /** The structured reading of the previous answer, when the generator kept one. */
  reading?: AnswerReading;
}

/** What changed relative to the previous question. */
export type FollowUpKind = 'time' | 'grouping' | 'filter' | 'subject';

/** A message resolved against the conversation. */
export interface ResolvedQuestion {
  /** The full question for the pipeline. */
  question: string;
  /** The parts of the previous question the follow-up changed, in order; empty when not a follow-up. */
  changes: FollowUpKind[];
  /** The previous answer, passed to the pipeline for follow-ups. */
  context?: ConversationContext;
}

/** How a follow-up relates to the previous question. */
type FollowUpMode = 'replace' | 'restrict';

/** Follow-ups are short; longer messages are questions of their own. */
const MAX_FOLLOW_UP_WORDS = 10;
/** Most words of a bare subject ("what about home and garden?"). */
const MAX_SUBJECT_WORDS = 4;

/** Follow-up forms, tried in order on the message without trailing "instead"/"then"/punctuation. */
const FOLLOW_UP_FORMS: { pattern: RegExp; mode: FollowUpMode }[] = [
  {
    pattern: /^(?:and|but|also|ok(?:ay)?|so|now|then)\s*,?\s+(?:(?:what|how)\s+about\s+)?(?<rest>.+)$/i,
    mode: 'replace',
  },
  { pattern: /^(?:what|how)\s+about\s+(?<rest>.+)$/i, mode: 'replace' },
  { pattern: /^(?:only|just)\s+(?<rest>.+)$/i, mode: 'restrict' },
  { pattern: /^(?<rest>.+?)\s+only$/i, mode: 'restrict' },
  { pattern: /^(?<rest>(?:excluding|except|without)\s+.+)$/i, mode: 'restrict' },
  {
    pattern: /^(?:the\s+)?same(?:\s+(?:thing|question|query|again))?(?:\s+for(?=\s))?\s+(?<rest>.+)$/i,
    mode: 'replace',
  },
  {
    pattern:
      /^(?:(?:break|split)\s+(?:it|that|this|them)\s+(?:down\s+|up\s+)?|(?:now\s+)?(?:group|show|sort)(?:ed)?\s+(?:it\s+|them\s+)?)?(?<rest>(?:by|per|for\s+each)\s+.+)$/i,
    mode: 'replace',
  },
  { pattern: /^(?<rest>(?:in|during|for|over|since|from|at)\s+.+)$/i, mode: 'replace' },
];

/** Trailing words that only mark a message as a variation of the last one. */
const TRAILING_MARKERS = /(?:\s*,?\s+(?:instead|then|please|too|as\s+well))+$/i;

const MONTH =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const YEAR = '(?:19|20)\\d{2}';
const UNIT = '(?:years?|quarters?|months?|weeks?|days?)';

/**
 * Time expressions, longest forms first; each may carry its preposition. A time expression in a
 * follow-up replaces the first one of the previous question.
 */
const TIME_PATTERNS: RegExp[] = [
  new RegExp(
    `\\bbetween\\s+(?:(?:${MONTH})\\.?\\s+)?${YEAR}\\s+and\\s+(?:(?:${MONTH})\\.?\\s+)?${YEAR}\\b`,
    'i',
  ),
  new RegExp(
    `\\b(?:(?:in|during|for|of|from|since|over)\\s+)?(?:(?:${MONTH})\\.?\\s+)?${YEAR}\\s*(?:-|–|to|through|until)\\s*(?:(?:${MONTH})\\.?\\s+)?${YEAR}\\b`,
    'i',
  ),
  new RegExp(
    `\\b(?:(?:in|during|for|of|since|from|over)\\s+)?(?:the\\s+)?(?:q[1-4]|(?:first|second|third|fourth|last)\\s+quarter|h[12]|(?:first|second)\\s+half)(?:\\s+(?:of\\s+)?${YEAR})?\\b`,
    'i',
  ),
  new RegExp(
    `\\b(?:(?:in|during|for|of|since|from|over)\\s+)?(?:${MONTH})\\.?(?:\\s+(?:of\\s+)?${YEAR})\\b`,
    'i',
  ),
  new RegExp(
    `\\b(?:(?:in|during|for|over|within)\\s+)?(?:the\\s+)?(?:last|past|previous|prior|this|current|next|coming)\\s+(?:\\d+\\s+|few\\s+|two\\s+|three\\s+|six\\s+|twelve\\s+)?${UNIT}\\b`,
    'i',
  ),
  /\b(?:(?:in|during|for|since)\s+)?(?:yesterday|today|ytd|year\s+to\s+date|month\s+to\s+date|mtd|all\s+time)\b/i,
  new RegExp(
    `\\b(?:(?:in|during|for|of|since|from|before|after|until)\\s+)?(?:fiscal\\s+year\\s+|fy\\s*)?${YEAR}\\b`,
    'i',
  ),
  new RegExp(`\\b(?:in|during|for|since|from)\\s+(?:${MONTH})\\b`, 'i'),
  // A bare month ("what about March?") only as the whole phrase: "may" and "march" are also verbs.
  new RegExp(`^(?:${MONTH})\\.?$`, 'i'),
];

/** Time words that read without a preposition: "sales last year", not "sales in last year". */
const RELATIVE_TIME =
  /^(?:the\s+)?(?:last|past|previous|prior|this|current|next|coming|yesterday|today|ytd|year\s+to\s+date|month\s+to\s+date|mtd|between)\b/i;
const TIME_PREPOSITION = /^(in|during|for|of|since|from|over|within|before|after|until)\s+/i;

/** A grouping phrase: "by month", "per store", "for each region", "grouped by channel". */
const GROUPING =
  /\b(?:grouped\s+by|broken\s+down\s+by|split\s+by|by|per|for\s+each)\s+(?:the\s+)?(?:[\p{L}\p{N}_'&-]+)(?:\s+(?:and|&)\s+[\p{L}\p{N}_'&-]+)?/iu;

/** Words that end a filter value ("for the fashion category in 2023" → "the fashion category"). */
const FILTER_STOP =
  'by|per|in|for|at|from|during|since|over|with|without|and|or|but|grouped|broken|split|last|past|this|next|each|only|between|compared|vs|versus|where|who|which|that|than|sorted|ordered|top';
/** A filter in the previous question: a preposition and up to four words that are not stop words. */
const PREVIOUS_FILTER = new RegExp(
  `\\b(for|in|at|from)\\s+((?:(?!(?:${FILTER_STOP})\\b)[\\p{L}\\p{N}_'&.-]+)(?:\\s+(?!(?:${FILTER_STOP})\\b)[\\p{L}\\p{N}_'&.-]+){0,3})`,
  'giu',
);
/** A filter in the follow-up: "for Boise", "in the west region", "excluding returns". */
const FOLLOW_UP_FILTER = /^(for|in|at|from|with|without|excluding|except)\s+(.+)$/i;

/** A remainder that starts like a question of its own is not a follow-up. */
const OWN_QUESTION =
  /^(?:how|what|which|who|whom|whose|when|where|why|is|are|was|were|do|does|did|can|could|should|will|would|show|list|give|tell|find|count)\b/i;

const words = (text: string) => text.split(/\s+/).filter(Boolean);
const isCapitalised = (text: string) => /^\p{Lu}/u.test(text.replace(/^the\s+/i, ''));
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Span {
  start: number;
  end: number;
  text: string;
}

/** The first (leftmost, longest) time expression of a text. */
function findTime(text: string): Span | null {
  let best: Span | null = null;
  for (const pattern of TIME_PATTERNS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const span = { start: m.index, end: m.index + m[0].length, text: m[0] };
    if (!best || span.start < best.start || (span.start === best.start && span.end > best.end)) best = span;
  }
  return best;
}

/** True when the whole text is one time expression. */
function isTime(text: string): boolean {
  const span = findTime(text.trim());
  return span !== null && span.start === 0 && span.end === text.trim().length;
}

/** Splits a time phrase into its preposition (if any) and the rest. */
function splitPreposition(phrase: string): { preposition: string | null; value: string } {
  const m = TIME_PREPOSITION.exec(phrase);
  return m ? { preposition: m[1], value: phrase.slice(m[0].length) } : { preposition: null, value: phrase };
}

/** The new time phrase as it should read in the previous question's sentence. */
function timePhrase(newPhrase: string, previousPhrase: string | null): string {
  const next = splitPreposition(newPhrase);
  if (RELATIVE_TIME.test(next.value)) return next.value;
  if (next.preposition) return newPhrase;
  const before = previousPhrase ? splitPreposition(previousPhrase).preposition : null;
  return `${before ?? 'in'} ${next.value}`;
}

/** Inserts a phrase before the question's closing punctuation. */
function append(question: string, phrase: string): string {
  const m = /^(.*?)([\s?!.]*)$/s.exec(question);
  const body = m ? m[1] : question;
  const end = m ? m[2].trim() : '';
  return `${body} ${phrase}${end}`;
}

function replaceSpan(text: string, span: Span, replacement: string): string {
  return `${text.slice(0, span.start)}${replacement}${text.slice(span.end)}`.replace(/\s{2,}/g, ' ');
}

/** Filters of the previous question that are not time expressions. */
function previousFilters(question: string): { preposition: string; value: string; span: Span }[] {
  const found: { preposition: string; value: string; span: Span }[] = [];
  for (const m of question.matchAll(PREVIOUS_FILTER)) {
    const text = m[0];
    if (isTime(text) || isTime(m[2]) || findTime(m[2])?.start === 0) continue;
    found.push({
      preposition: m[1],
      value: m[2],
      span: { start: m.index, end: m.index + text.length, text },
    });
  }
  return found;
}

/** String literals of the previous SQL that also appear, as words, in the previous question. */
function literalInQuestion(question: string, sql: string | null): Span | null {
  if (!sql) return null;
  for (const m of sql.matchAll(/'((?:[^']|'')+)'/g)) {
    const literal = m[1]
      .replace(/''/g, "'")
      .replace(/^%+|%+$/g, '')
      .trim();
    if (literal.length < 2 || /^\d/.test(literal)) continue;
    const found = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(literal)}(?![\\p{L}\\p{N}_])`, 'iu').exec(
      question,
    );
    if (found) return { start: found.index, end: found.index + found[0].length, text: found[0] };
  }
  return null;
}

/** The pieces a follow-up sets. */
interface FollowUpSlots {
  time?: string;
  grouping?: string;
  filter?: { preposition: string; value: string };
  subject?: string;
}

/** Splits the follow-up's remainder into time, grouping, filter and subject; null when it is too long to be one. */
function slotsOf(rest: string): FollowUpSlots | null {
  const slots: FollowUpSlots = {};
  let remaining = rest.trim();
  const time = findTime(remaining);
  if (time) {
    slots.time = time.text.trim();
    remaining = replaceSpan(remaining, time, ' ').trim();
  }
  const grouping = GROUPING.exec(remaining);
  if (grouping) {
    slots.grouping = grouping[0].trim();
    remaining = replaceSpan(
      remaining,
      { start: grouping.index, end: grouping.index + grouping[0].length, text: '' },
      ' ',
    ).trim();
  }
  remaining = remaining.replace(/^(?:and|,)\s*|\s*(?:and|,)$/gi, '').trim();
  if (remaining.length > 0) {
    const filter = FOLLOW_UP_FILTER.exec(remaining);
    const value = filter ? filter[2].trim() : remaining;
    if (OWN_QUESTION.test(value) || words(value).length > MAX_SUBJECT_WORDS) return null;
    if (filter) slots.filter = { preposition: filter[1].toLowerCase(), value };
    else slots.subject = remaining;
  }
  return Object.keys(slots).length > 0 ? slots : null;
}

/** Applies the slots to the previous question. */
function merge(
  previous: PreviousQuestion,
  slots: FollowUpSlots,
  mode: FollowUpMode,
): { question: string; changes: FollowUpKind[] } {
  let question = previous.question.trim();
  const changes: FollowUpKind[] = [];
  if (slots.time) {
    const old = findTime(question);
    question = old
      ? replaceSpan(question, old, timePhrase(slots.time, old.text))
      : append(question, timePhrase(slots.time, null));
    changes.push('time');
  }
  if (slots.grouping) {
    const old = GROUPING.exec(question);
    question = old
      ? replaceSpan(
          question,
          { start: old.index, end: old.index + old[0].length, text: old[0] },
          slots.grouping,
        )
      : append(question, slots.grouping);
    changes.push('grouping');
  }
  if (slots.filter) {
    const { preposition, value } = slots.filter;
    const same = previousFilters(question).find((f) => f.preposition.toLowerCase() === preposition);
    // "only for Boise" after "… for Austin" narrows to Boise instead; a new kind of filter is added.
    question =
      same && (mode === 'replace' || isCapitalised(same.value) || isCapitalised(value))
        ? replaceSpan(question, same.span, `${same.preposition} ${value}`)
        : append(question, `${preposition} ${value}`);
    changes.push('filter');
  }
  if (slots.subject) {
    question = replaceSubject(question, previous.sql, slots.subject);
    changes.push('subject');
  }
  return { question, changes };
}

/**
 * "what about fashion?": swap the thing the previous question was about. That is a value the previous
 * SQL filtered on when it appears in the question ("fashion sales" with `category = 'Fashion'`), else a
 * named filter ("in Boise" → "in Austin"), else the subject is added as a filter.
 */
function replaceSubject(question: string, sql: string | null, subject: string): string {
  const literal = literalInQuestion(question, sql);
  if (literal) return replaceSpan(question, literal, subject);
  const filters = previousFilters(question);
  const named = [...filters].reverse().find((f) => isCapitalised(f.value) || isCapitalised(subject));
  if (named) return replaceSpan(question, named.span, `${named.preposition} ${subject}`);
  return append(question, `for ${subject}`);
}

/**
 * Resolves a message against the previous answer. Messages that are not follow-ups (or arrive with no
 * previous answer) come back unchanged, without context.
 */
export function resolveFollowUp(text: string, previous: PreviousQuestion | undefined): ResolvedQuestion {
  const original = text.trim().replace(/\s+/g, ' ');
  if (!previous || original.length === 0 || words(original).length > MAX_FOLLOW_UP_WORDS) {
    return { question: original, changes: [] };
  }
  const bare = original
    .replace(/[?!.]+$/, '')
    .replace(TRAILING_MARKERS, '')
    .trim();
  for (const form of FOLLOW_UP_FORMS) {
    const rest = form.pattern.exec(bare)?.groups?.rest;
    if (!rest) continue;
    const slots = slotsOf(rest);
    if (!slots) continue;
    return resolved(previous, merge(previous, slots, form.mode));
  }
  // A bare time period ("2022?") is a follow-up too.
  if (isTime(bare)) return resolved(previous, merge(previous, { time: bare }, 'replace'));
  return { question: original, changes: [] };
}

/** A follow-up merged into the previous question, with the previous answer as its context. */
function resolved(previous: PreviousQuestion, merged: ReturnType<typeof merge>): ResolvedQuestion {
  return {
    question: merged.question,
    changes: merged.changes,
    context: {
      previousQuestion: previous.question,
      previousTables: previous.tables,
      previousSql: previous.sql,
    },
  };
}

/**
 * The conversation context of a message: when the previous answer kept a structured reading and the
 * message reads as a follow-up, the reading and the message as typed go with the request, so the pipeline
 * edits that reading; the rewritten question stays the fallback. Otherwise the rewrite's context, if any.
 */
export function followUpContext(
  text: string,
  conversation: { lastAnswer?: PreviousQuestion },
  rewritten: ConversationContext | undefined,
): { context?: ConversationContext } {
  const previous = conversation.lastAnswer;
  if (previous?.reading && readFollowUp(text)) {
    return {
      context: {
        previousQuestion: previous.question,
        previousTables: previous.tables,
        previousSql: previous.sql,
        reading: previous.reading,
        followUp: text,
      },
    };
  }
  return rewritten ? { context: rewritten } : {};
}
