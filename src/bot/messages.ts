import { MAX_QUESTION_LENGTH } from '../pipeline/types';

/** What the bot says in its own words (answers themselves come from the pipeline). */

/** Longest message read as a question. */
export const MAX_QUESTION_CHARS = MAX_QUESTION_LENGTH;

/** Shown when someone joins. */
export const WELCOME = [
  "Hi! I'm tablebot. Ask me a question about your data in plain words and I'll find the right table, run a read-only query and show you the result.",
  'For example: "How many orders were placed last month?" or "How many current employees work in each department?"',
  'Say "help" any time to see what else I can do.',
].join('\n\n');

/** Shown to someone the bot has talked to before. */
export const WELCOME_BACK = 'Welcome back! Ask me anything about your data, or say "help".';

/** The help text. */
export const HELP = [
  'Ask a question about your data in plain words, for example "Which carrier shipped the most parcels last year?"',
  'Then you can follow up: "and this year?", "only for Boise", "by week instead", "what about fashion?"',
  'If a question could mean more than one thing, I will ask which one you meant: click an option or type it ("the second one").',
  'Commands: "show the SQL" shows the query behind the last answer; "cancel" stops a clarification; "start over" forgets our conversation so far.',
  'Use 👍 / 👎 under an answer to tell me whether it was right.',
].join('\n\n');

export const CANCELLED = 'Okay, cancelled. Ask me another question whenever you like.';
export const NOTHING_TO_CANCEL = "There's nothing to cancel. Ask me a question about your data.";
export const RESET = "Okay, let's start over. I've forgotten our earlier questions.";
export const GREETING = 'Hello! What would you like to know about your data?';
export const THANKS = "You're welcome! Anything else?";
export const NO_SQL_YET = "There's no query to show yet: ask me a question first.";
export const NO_SQL_FOR_ANSWER = "That answer didn't run a query, so there's no SQL to show.";
export const EMPTY_MESSAGE =
  'I didn\'t catch a question there. Ask me something about your data, like "How many customers do we have?"';
export const FAILED =
  'Sorry, something went wrong while I was working on that. Please try again in a moment, or rephrase the question.';
/** A turn ran past its time budget (see `TURN_TIMEOUT_MS`); the conversation goes on. */
export const TURN_TIMEOUT =
  'Sorry, that took too long, so I stopped working on it. Please try again, or ask a narrower question.';
export const FEEDBACK_UP = 'Thanks for the feedback! 👍';
export const FEEDBACK_DOWN = "Thanks for telling me. I'll use that to get better. 👎";
export const FEEDBACK_NOTHING = "There's no answer to rate yet.";
export const CLARIFY_GAVE_UP = "Let's leave that one. Ask me again with a bit more detail whenever you like.";

/** Shown for a message over {@link MAX_QUESTION_CHARS}. */
export function tooLong(length: number): string {
  const fmt = new Intl.NumberFormat('en-US');
  return `That message is too long for me (${fmt.format(length)} characters). Please ask a shorter question, up to ${fmt.format(MAX_QUESTION_CHARS)} characters.`;
}
export const FEEDBACK_FAILED = "Sorry, I couldn't save that feedback just now. Please try again later.";
export const NO_MORE_ROWS_YET = "There's no result to page through yet: ask me a question first.";
export const NO_MORE_ROWS_FOR_ANSWER = "That answer didn't run a query, so there are no more rows to show.";
export const MORE_ROWS_FAILED =
  "Sorry, I couldn't read more rows of that answer just now (the data may have changed). Try asking the question again.";
/** A chat turn that arrives while the server is still loading its index (see `src/server/startupGate.ts`). */
export const STARTING_UP = "I'm starting up and loading the catalog. Please try again in a moment.";
