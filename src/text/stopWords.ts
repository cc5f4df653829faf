/**
 * Stop words: one list of English function words, and the two stop-word sets built from it for the two
 * readers of questions. Each set says what it adds to the function words and what it keeps out of them,
 * so the difference between readers is written down instead of living in separate copies.
 */

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w.length > 0);

/** English function words (articles, pronouns, prepositions, auxiliaries, contractions): no topic. */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  words(
    'a an the and or but nor not no yes of in on at to for from by with without within into onto upon ' +
      'about above below over under between among through during before after since until than then ' +
      'as if so such that this these those there here where when while who whom whose which what why how ' +
      'i me my mine we us our ours you your yours he him his she her hers it its they them their theirs ' +
      'is are was were be been being am do does did done doing have has had having will would shall should ' +
      'can could may might must also only just very too each every all any some both either neither ' +
      'other another same own s t d ll m re ve y o isn aren wasn weren don doesn didn hasn haven hadn ' +
      'won wouldn shouldn couldn please whether whatever whichever whoever via per etc',
  ),
);

/** Builds `FUNCTION_WORDS - keep + add`. */
function fromFunctionWords(options: { keep: string; add: string }): ReadonlySet<string> {
  const keep = new Set(words(options.keep));
  return new Set([...[...FUNCTION_WORDS].filter((w) => !keep.has(w)), ...words(options.add)]);
}

/**
 * Words of a question that say nothing about which table answers it (table retrieval): function words,
 * request verbs, SQL-operation words (aggregates, ordering, comparison), generic record words and small
 * numbers. Kept as content: time and place prepositions (before, after, during, above, ...), `won` (games
 * won) and pronoun forms retrieval never saw as noise.
 */
export const QUESTION_STOP_WORDS: ReadonlySet<string> = fromFunctionWords({
  keep:
    'yes onto upon above below through during before after since until while ours yours him hers theirs ' +
    'doing too d ll m re ve y o hasn haven hadn won wouldn shouldn couldn whatever whichever whoever via',
  add:
    'list show give tell find return display get fetch provide see know want need let ' +
    'many much number count total sum average avg mean maximum max minimum min most least highest lowest ' +
    'largest smallest greatest top bottom first last order ordered sort sorted ascending descending ' +
    'alphabetical alphabetically distinct different unique more less fewer greater larger bigger smaller ' +
    'higher lower equal equals including include includes value values record records row rows entry ' +
    'entries data information info detail details item items one two three four five six seven eight nine ' +
    "ten ever never yet still already 's",
});

/**
 * Words that never name a table, column or value on their own (the built-in SQL generator's schema
 * linking): function words and request verbs. Kept as content: the prepositions and words that carry
 * clause structure the interpreter reads (between, before, after, without, other, same, ...), and rare
 * contractions.
 */
export const LINKING_STOP_WORDS: ReadonlySet<string> = fromFunctionWords({
  keep:
    'yes without within onto upon above below between among through during before after since until while ' +
    'mine us ours yours doing other another same own t d ll m re ve y o isn aren wasn weren don doesn didn ' +
    'hasn haven hadn won wouldn shouldn couldn whatever whichever whoever via per etc',
  add:
    'give show list find return tell display get provide count compute calculate select out up down more ' +
    'most less least many much well ever yet one ones',
});

/**
 * Words that name a time period rather than a thing: any table with a date column accounts for them,
 * and they never decide between tables on their own.
 */
export const TIME_WORDS: ReadonlySet<string> = new Set(
  words(
    'year yearly annual annually quarter quarterly month monthly week weekly day daily today tomorrow ' +
      'yesterday past recent recently previous ago since until date time period january february march ' +
      'april may june july august september october november december',
  ),
);
