import { screeningText } from './questionText';

/** Why a message is not treated as a question about the data. */
export interface ScreenRefusal {
  error: 'WRITE_REQUEST' | 'SQL_IN_QUESTION';
  message: string;
  reason: string;
}

/** Polite or indirect lead-ins before an imperative ("can you", "I need you to", "go ahead and"). */
const LEAD_INS = [
  '(can|could|would|will)\\s+(you|u)',
  "i\\s+(want|need|would\\s+like|'d\\s+like)(\\s+you)?\\s+to",
  '(we|you)\\s+(want|need|should|must)(\\s+to)?',
  'go\\s+ahead\\s+and',
  'help\\s+me',
  "let'?s",
  'kindly',
].join('|');

interface ScreenRule {
  pattern: RegExp;
  refusal: ScreenRefusal;
}

const WRITE: ScreenRefusal = {
  error: 'WRITE_REQUEST',
  message:
    "I can only read data: I never change, add or delete anything. Ask me a question about what's in the data instead.",
  reason: 'the message asks to change data',
};

const SQL: ScreenRefusal = {
  error: 'SQL_IN_QUESTION',
  message:
    "I answer questions in plain language and write the (read-only) SQL myself; I don't run SQL that is typed in. What would you like to know?",
  reason: 'the message is SQL, not a question',
};

/**
 * Messages that are not questions about the data, checked before retrieval: typed SQL (writes, or an
 * injection like `'; DROP TABLE ...`) and plain-language requests to change data. Generated SQL is
 * read-only whatever gets through here; this only makes the answer clear.
 */
const RULES: readonly ScreenRule[] = [
  { pattern: /;\s*(drop|delete|update|insert|truncate|alter|create|grant|revoke|copy)\b/i, refusal: WRITE },
  {
    pattern:
      /^\s*(insert\s+into|update\s+[\w."]+\s+set|delete\s+from|drop\s+(table|schema|database|view|index|role|user)|alter\s+(table|schema|role|user)|truncate\s|create\s+(table|view|schema|role|user|index|function)|grant\s|revoke\s|copy\s)/i,
    refusal: WRITE,
  },
  {
    // An imperative to change data needs an object: "delete all rows", "remove the customers", "and then
    // drop everything" — not "Drop-off rate by stage" or "Delete requests per month". It may come after a
    // polite or indirect lead-in: "Can you drop the table X for me?", "I need you to delete ...".
    pattern: new RegExp(
      `(^\\s*|\\b(and|then|now|${LEAD_INS})\\s+)(please\\s+)?(just\\s+)?` +
        '(delete|remove|drop|erase|wipe|truncate|update|modify|overwrite|insert|purge|destroy|alter|rename)\\s+' +
        '(all|every|each|any|the|this|that|these|those|everything|rows?|records?|tables?|schemas?|columns?|' +
        'databases?|views?|indexes|data|from|into|my|our|a|an)\\b',
      'i',
    ),
    refusal: WRITE,
  },
  {
    // "Add a column to ...", "create a new table", "set the price of every product to 0".
    pattern: new RegExp(
      `(^\\s*|\\b(and|then|now|${LEAD_INS})\\s+)(please\\s+)?` +
        '((create|add|make)\\s+(a|an|new|another)\\s+(new\\s+)?(table|column|schema|view|index|row|record|database|user|role)\\b|' +
        '(set|change|reset)\\s+(the|all|every|each)\\s+[\\w\\s]{0,40}?\\b(of|for|in)\\b.+\\bto\\b)',
      'i',
    ),
    refusal: WRITE,
  },
  // Typed SQL: starts like a query and carries SQL punctuation or a qualified name, so that
  // "Select all customers from Boise" stays a question.
  { pattern: /^\s*(select|with)\s(?=[\s\S]*\bfrom\b)(?=[\s\S]*([*;=()']|\w\.\w))/i, refusal: SQL },
];

/**
 * The refusal for a message that is not a question about the data, or null for a real question. The rules
 * read {@link screeningText}: NFKC, homoglyphs mapped, comments stripped.
 */
export function screenQuestion(question: string): ScreenRefusal | null {
  const text = screeningText(question);
  return RULES.find((r) => r.pattern.test(text))?.refusal ?? null;
}
