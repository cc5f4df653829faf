/** What a message asks the bot to do, other than answering a data question. */
export type IntentName = 'help' | 'cancel' | 'reset' | 'showSql' | 'moreRows' | 'greeting' | 'thanks';

/** A recognised command, with the answer id a "Show SQL" button carries. */
export interface Intent {
  name: IntentName;
  /** For `showSql` / `moreRows` sent by a button: which answer. */
  answerId?: string;
  /** For `moreRows` sent by a button: the first row of the page. */
  offset?: number;
}

/**
 * Commands, recognised only when they are the whole message (after trimming punctuation), so questions
 * that happen to contain "help" or "query" still reach the pipeline. First match wins.
 */
const INTENT_RULES: { name: IntentName; patterns: RegExp[] }[] = [
  {
    name: 'showSql',
    patterns: [
      /^show\s+sql\s+([\w-]{6,})$/i,
      /^(?:(?:can you |could you |please )?(?:show|see|view|display|give|send|print|explain)\s+(?:me\s+)?)?(?:the\s+)?(?:sql|query|sql query)(?:\s+(?:for|behind|of|you used for)\s+(?:that|this|it|the (?:last )?answer))?(?:\s+please)?$/i,
      /^what(?:'s|\s+is|\s+was)\s+the\s+(?:sql|query)(?:\s+(?:for|behind)\s+(?:that|this|it))?$/i,
      /^how\s+did\s+you\s+(?:get|calculate|compute|work\s+out|find)\s+(?:that|this|it)$/i,
    ],
  },
  {
    name: 'moreRows',
    patterns: [
      /^more\s+rows\s+([\w-]{6,})\s+(\d{1,9})$/i,
      /^(?:(?:show|give|send)\s+(?:me\s+)?)?(?:the\s+)?(?:more|more\s+rows|more\s+results|next|next\s+(?:page|rows|results)|the\s+rest)(?:\s+please)?$/i,
    ],
  },
  {
    name: 'help',
    patterns: [
      /^(?:help|\?+|menu|commands|usage|instructions|help me|i need help)$/i,
      /^(?:what\s+can\s+you\s+do|what\s+do\s+you\s+do|how\s+does\s+this\s+work|how\s+do\s+i\s+use\s+(?:you|this|tablebot)|what\s+(?:can|should)\s+i\s+ask(?:\s+you)?|who\s+are\s+you)$/i,
    ],
  },
  {
    name: 'reset',
    patterns: [
      /^(?:reset|restart|start\s+(?:over|again|fresh)|new\s+(?:conversation|chat|topic)|clear(?:\s+(?:the\s+)?(?:context|history|chat|conversation))?|forget\s+(?:everything|it\s+all|the\s+context))$/i,
    ],
  },
  {
    name: 'cancel',
    patterns: [
      /^(?:cancel|stop|never\s*mind|forget\s+(?:it|that)|quit|exit|abort|none|none\s+of\s+(?:them|these|those)|neither(?:\s+of\s+them)?)$/i,
    ],
  },
  {
    name: 'greeting',
    patterns: [
      /^(?:hi|hello|hey|hiya|howdy|yo|good\s+(?:morning|afternoon|evening))(?:\s+(?:there|tablebot|bot|all))?$/i,
    ],
  },
  {
    name: 'thanks',
    patterns: [
      /^(?:thanks|thank\s+you|thx|ty|cheers|great|perfect|awesome|nice|cool|ok(?:ay)?\s+thanks)(?:\s+(?:so|very)\s+much)?(?:\s+(?:tablebot|bot))?$/i,
    ],
  },
];

/** Recognises a command in a message, or returns null for a data question. */
export function recognizeIntent(text: string): Intent | null {
  // Trailing punctuation goes, but a message of only "?" stays "?" (a request for help).
  const trimmed = text
    .trim()
    .replace(/^\/+/, '')
    .replace(/(?<=\S)[\s?!.,;:]+$/u, '');
  if (trimmed.length === 0) return null;
  for (const rule of INTENT_RULES) {
    for (const pattern of rule.patterns) {
      const m = pattern.exec(trimmed);
      if (!m) continue;
      if (m[1] === undefined) return { name: rule.name };
      return m[2] !== undefined
        ? { name: rule.name, answerId: m[1], offset: Number(m[2]) }
        : { name: rule.name, answerId: m[1] };
    }
  }
  return null;
}
