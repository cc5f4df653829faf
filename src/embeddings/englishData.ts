/**
 * The phrasing words of data questions, for the offline embedder (function words and irregular forms are
 * in `src/text`).
 */

/**
 * Words that phrase a data question or an aggregation rather than name what it is about
 * ("show the number of ...", "list all ... in descending order"). They get a small weight, not zero.
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(
  (
    'showing listing finding giving gives returns ' +
    'count counts counting number numbers ' +
    'many much total totals sum amount average mean maximum minimum max min highest lowest largest ' +
    'smallest greatest least most more fewer less top bottom first last order ordered ordering sort ' +
    'sorted sorting ascending descending alphabetical alphabetically different distinct unique ' +
    'respectively corresponding along including include includes included record records entry entries ' +
    'information info detail details value values result results item items thing things whose ' +
    'exist exists existing also well known called named name names one ones two three id ids'
  ).split(' '),
);

/**
 * Words that name columns of almost any table (`id`, `code`, `name`, `type`): they say little about which
 * table a question is about, so they weigh little.
 */
export const GENERIC_SCHEMA_WORDS: ReadonlySet<string> = new Set(
  (
    'identifier identifiers code codes key keys type types kind status name names number numbers ' +
    'detail details description descriptions value values flag flags indicator date dates time ' +
    'timestamp created updated modified'
  ).split(' '),
);

/**
 * Imperatives that phrase a request at the start of a sentence ("Show the ...", "List all ..."). Only
 * there are they phrasing; elsewhere they may be content ("how many shows").
 */
export const PHRASING_VERBS: ReadonlySet<string> = new Set(
  (
    'show list find give return display tell get provide report retrieve identify compute calculate ' +
    'count determine print output fetch select enumerate name describe'
  ).split(' '),
);

/** Words that may precede the phrasing imperative ("please show", "can you list", "also give"). */
export const OPENING_WORDS: ReadonlySet<string> = new Set('please can could would will you kindly also now just'.split(' '));
