/** Word lists the question interpreter uses to read clause structure (general English only). */

/** Words that may sit between a cue or column and the thing it applies to. */
export const FILLER: ReadonlySet<string> = new Set([
  ...'the a an of all its their his her is are was were be been as to for in on with by any those these them that who which named called titled equal equals than number : = exactly has have had there value values do does did some each every one ones based located situated living from being'.split(
    ' ',
  ),
  "'s",
]);

/** Words that end the noun phrase the question asks for (the select list). */
export const BOUNDARY_WORDS: ReadonlySet<string> = new Set(
  'who whom whose that which where when with having has have had in from at on by during between after before since than is are was were do does did without whose under over above below if while among within to into not no never but can could will would should may might must'.split(
    ' ',
  ),
);

/** Words inside a select list that do not end it ("the code and the corresponding number of bookings"). */
export const NON_BOUNDARY_WORDS: ReadonlySet<string> = new Set(
  'corresponding respective total overall together along also plus both their its full complete whole entire various individual related associated relevant detailed'.split(
    ' ',
  ),
);

/** Words that may stand between a column and the name that is its value ("whose name is X", "named X"). */
export const NAMING_FILLER: ReadonlySet<string> = new Set(
  'is are was were named called titled as equals equal to = : the a an with has have'.split(' '),
);

/** Words of a column that stores a count ("bedroom_count", "no_of_customers"). */
export const COUNT_WORDS: ReadonlySet<string> = new Set('number count num no amount total'.split(' '));

/** Two or more capitalised words: a person's full name ("Lucas Mancini"). */
export const NAME_FORMS = /^[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)+$/;

/** Words that join the items of a list of literals ("70 or 90", "A, B and C"). */
export const LIST_JOINERS: ReadonlySet<string> = new Set(['or', 'and', ',', 'nor', 'either']);

/** Verbs of buying and selling: what order lines record ("the most tracks sold", "best selling"). */
export const SALES_VERBS: ReadonlySet<string> = new Set(
  'sold sell sells selling bought buy buys purchased purchases ordered'.split(' '),
);

/** Words that rank without a cue of their own ("rank our X by Y"). */
export const RANK_WORDS: ReadonlySet<string> = new Set(['rank', 'ranked', 'ranking', 'rankings']);
