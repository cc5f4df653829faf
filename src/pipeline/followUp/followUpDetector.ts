/**
 * Is a message a follow-up of the previous answer, or a question of its own? A follow-up is short and
 * elliptical: it starts like a continuation ("and …", "what about …", "only …", "just …"), ends like one
 * ("… instead", "… only", "… too"), is a bare grouping, limit or period ("by quarter", "top 3", "in 2022",
 * "last quarter"), points back ("how many of those …", "break it down by …") or asks for an extreme
 * without a subject of its own ("which one had the fewest?"). A message that, after its marker, is a full
 * question with no word pointing back ("and how many stores are there?") is a question of its own.
 */

/** How a follow-up is worded. */
export interface FollowUpForm {
  /** Its part replaces the previous one ("by month instead"), rather than adding to it. */
  replace: boolean;
  /** It asks for another grouping ("by month", "split by region", "break it down by colour"). */
  grouping: boolean;
}

/** Follow-ups are short; longer messages are questions of their own. */
const MAX_WORDS = 10;

const START_MARKER =
  /^(?:and|but|also|so|now|then|ok(?:ay)?|what\s+about|how\s+about|only|just|instead|same|except|excluding|without)\b/;
const END_MARKER = /\b(?:instead|only|too|as\s+well|then)$/;
const GROUPING =
  /^(?:(?:break|split|group|sort|order)(?:ed)?\s+(?:(?:it|that|this|them)\s+)?(?:(?:down|up)\s+)?)?(?:by|per|for\s+each)\s+\S+/;
const LIMIT = /^(?:the\s+)?(?:top|bottom|first|last)\s+\d+\b/;
const UNIT = '(?:years?|quarters?|months?|weeks?|days?)';
const PERIOD = new RegExp(
  [
    `^(?:(?:in|during|for|over|since|from)\\s+)?(?:the\\s+)?(?:last|past|previous|prior|this|current)\\s+(?:\\d+\\s+)?${UNIT}$`,
    `^(?:(?:in|during|for|since|from)\\s+)?(?:(?:q[1-4]|h[12])\\s+)?(?:19|20)\\d{2}$`,
    `^(?:(?:in|during|for)\\s+)?(?:the\\s+)?q[1-4]$`,
    `^(?:(?:in|during|for)\\s+)?(?:ytd|year\\s+to\\s+date|all\\s+time)$`,
  ].join('|'),
);
/** Words pointing back at the previous answer's rows. */
const POINTING_BACK = /\b(?:those|these|them|their|its|it|that\s+one|the\s+same)\b/;
/** "which one had the fewest?", "what month was the highest?": an extreme with no subject of its own. */
const SUBJECTLESS_EXTREME = new RegExp(
  `^(?:which|what)\\s+(?:one|${UNIT})\\s+(?:had|has|have|was|were|did|saw|got|is|are)\\s+(?:the\\s+)?(?:most|fewest|least|highest|lowest|biggest|smallest|largest|best|worst|top|bottom)\\b`,
);
/** The start of a question of its own. */
const OWN_QUESTION =
  /^(?:how|what|which|who|whom|whose|when|where|why|is|are|was|were|do|does|did|can|could|should|show|list|give|tell|find|count)\b/;

/** The message in lower case without closing punctuation and extra spaces. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[?!.\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The follow-up form of a message, or null when it is a question of its own. */
export function readFollowUp(text: string): FollowUpForm | null {
  const message = normalise(text);
  const words = message.split(' ').filter(Boolean);
  if (words.length === 0 || words.length > MAX_WORDS) return null;
  const replace = /\binstead\b/.test(message);
  const grouping = GROUPING.test(message.replace(START_MARKER, '').trim());
  const start = START_MARKER.exec(message);
  if (start) {
    const rest = message
      .slice(start[0].length)
      .replace(/^[\s,]+/, '')
      .replace(/^(?:what|how)\s+about\s+/, '');
    // "and how many stores are there?": a question of its own after the marker, unless it points back.
    if (OWN_QUESTION.test(rest) && !POINTING_BACK.test(rest)) return null;
    return { replace, grouping };
  }
  if (END_MARKER.test(message)) return { replace, grouping };
  if (GROUPING.test(message) || LIMIT.test(message) || PERIOD.test(message)) return { replace, grouping };
  if (SUBJECTLESS_EXTREME.test(message)) return { replace, grouping };
  if (words.length <= 8 && /\b(?:of\s+)?(?:those|these|them)\b/.test(message)) return { replace, grouping };
  return null;
}
