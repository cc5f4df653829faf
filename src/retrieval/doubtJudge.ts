import {
  elementTable,
  type Entity,
  isFunctionWord,
  type ModelMatch,
  type SemanticLookup,
  textWords,
  wordKey,
} from '../semantic';
import { stem, WordNet } from '../text';

/** Units shorter than a day that a question counts ("how many hours", "opening hours"). */
const SUB_DAY_UNITS: ReadonlySet<string> = new Set([
  'hour',
  'hours',
  'minute',
  'minutes',
  'second',
  'seconds',
]);

/** Words before a unit that make it the unit of a measure or a period, not a thing asked for ("in minutes", "last 24 hours"). */
const UNIT_CONTEXT: ReadonlySet<string> = new Set([
  'in',
  'per',
  'last',
  'past',
  'next',
  'every',
  'each',
  'within',
  'few',
  'several',
  'of',
  'by',
  'an',
  'a',
  'the',
]);

/** Measure units and words that hold a duration. */
const DURATION_UNITS: ReadonlySet<string> = new Set(['milliseconds', 'seconds', 'minutes', 'hours', 'days']);
const DURATION_WORDS: ReadonlySet<string> = new Set([
  'duration',
  'length',
  'time',
  'elapsed',
  'milliseconds',
  'seconds',
  'minutes',
  'hours',
]);

/** True when an entity can say how long something lasted: a duration measure or a time of day (a timestamp). */
function holdsDuration(entity: Entity): boolean {
  const durationWord = (phrase: string) => phrase.split(' ').some((w) => DURATION_WORDS.has(w));
  return (
    entity.measures.some(
      (m) =>
        (m.unit !== undefined && DURATION_UNITS.has(m.unit)) ||
        durationWord(m.name) ||
        m.synonyms.some(durationWord),
    ) || entity.timeDimensions.some((t) => t.type === 'timestamp')
  );
}

/**
 * Words a question uses for the shape of an answer or for the data in general, never for a thing the
 * data must store ("how many records does the archive hold", "show me the details"). General English only.
 */
const GENERIC_NOUNS: ReadonlySet<string> = new Set(
  (
    'data information info record row entry item thing detail list table database catalog catalogue ' +
    'total number count amount sum average avg mean median maximum minimum max min value figure result ' +
    'breakdown overview summary report share percentage percent ratio rate trend top bottom rank ranking ' +
    'time period day week month year quarter date today yesterday ago kind type sort lot bunch ' +
    'people person someone anyone anything something everything each one ones way part whole ' +
    // units a measure is asked in ("in minutes"), and money in general ("make the most money")
    'second minute hour unit money cash dollar euro cent version kind'
  ).split(/\s+/),
);

/**
 * Last words of a compound that only say what kind of datum it is ("phone number", "zip code", "birth
 * date"): the compound's concept is then its first word. Matching keys (`wordKey`).
 */
const DATUM_HEADS: ReadonlySet<string> = new Set(
  'number code name date id identifier type status level amount total count rate value address label'
    .split(' ')
    .map(wordKey),
);

/** The business name of a matched model element (a table, column, measure, metric, state or value). */
function elementName(m: ModelMatch): string {
  const e = m.element;
  switch (e.kind) {
    case 'entity':
      return e.entity.name;
    case 'metric':
      return e.metric.name;
    case 'measure':
      return e.measure.name;
    case 'timeDimension':
      return e.timeDimension.name;
    case 'dimension':
    case 'value':
      return e.dimension.name;
    case 'flag':
    case 'flagState':
      return e.flag.name;
  }
}

/** A table the semantic model names in a question, with the words it accounts for. */
export interface ModelTableChoice {
  /** `schema.table`. */
  table: string;
  /** Question words (lower case) the model matched to this table. */
  words: string[];
}

/** What the question asks about that the data lacks. */
export interface MissingThing {
  /** The question's words naming things nothing in the data or the model accounts for. */
  words: string[];
  /** Message for the user ("I don't have data about salaries."). */
  message: string;
}

/**
 * Honest doubt over the semantic model (issue 8, "Decision rules" in src/retrieval/README.md):
 * - {@link DoubtJudge.modelTables}: the tables the model's names and synonyms (and typos of them) find in a
 *   question, so a question retrieval would decline because its words are business words only the model
 *   knows ("revenue", "reps", "SKUs", "custmers") is answered from those tables;
 * - {@link DoubtJudge.missingThing}: content words that name a thing (WordNet nouns) which neither the
 *   generated reading nor the model accounts for ("salaries", "ratings", "streams"): the question is about
 *   data that is not there, so the bot declines and says what it lacks.
 */
/** Auxiliaries of do-support and modal questions ("did", "does", "will" ... + subject + verb). */
const DO_AUXILIARIES: ReadonlySet<string> = new Set([
  'do',
  'does',
  'did',
  'dont',
  'doesnt',
  'didnt',
  'will',
  'would',
  'can',
  'could',
  'should',
]);

/** Words after which a clause's verb has ended: prepositions and time words. */
const CLAUSE_ENDERS: ReadonlySet<string> = new Set([
  'in',
  'on',
  'at',
  'by',
  'during',
  'per',
  'for',
  'from',
  'to',
  'last',
  'this',
  'each',
  'between',
  'since',
  'before',
  'after',
  'within',
  'over',
  'most',
  'least',
  'more',
  'less',
  'and',
  'or',
]);

export class DoubtJudge {
  constructor(private readonly options: { wordNet?: WordNet | null } = {}) {}

  /**
   * Tables the model matches to the question's content words, most words first. A table counts only when
   * the question names it (entity name or synonym) or one of its metrics; column and value matches count
   * alongside that (alone they say little about what is asked).
   */
  modelTables(question: string, lookup: SemanticLookup): ModelTableChoice[] {
    const reading = lookup.resolve(question);
    const byTable = new Map<string, { words: Set<string>; named: boolean }>();
    for (const m of reading.cover) {
      if (isFunctionWord(m.text)) continue;
      const table = elementTable(m.element);
      const entry = byTable.get(table) ?? { words: new Set<string>(), named: false };
      entry.words.add(m.text);
      // Only a table's own name (or a synonym) or a named metric says what a question is about; an attribute
      // word alone ("names", "titles", "prices") fits many tables and names none of them.
      if (m.via !== 'value' && (m.element.kind === 'entity' || m.element.kind === 'metric'))
        entry.named = true;
      byTable.set(table, entry);
    }
    return [...byTable.entries()]
      .filter(([, e]) => e.named)
      .map(([table, e]) => ({ table, words: [...e.words] }))
      .sort((a, b) => b.words.length - a.words.length);
  }

  /**
   * The thing words a reading left over that the model knows nothing close to. `unaccounted` are the
   * generator's leftover content words; each one that is a noun (WordNet), not a generic word about the
   * answer's shape, and that the model resolves to nothing (not even a typo) names data that is not there.
   */
  missingThing(options: {
    question: string;
    unaccounted: readonly string[];
    lookup?: SemanticLookup;
    /** Question tokens retrieval matched to the answer's tables (names, values, WordNet relations). */
    accounted?: ReadonlySet<string>;
  }): MissingThing | null {
    const accounted = options.accounted ?? new Set<string>();
    const modelWords = new Set<string>();
    if (options.lookup) {
      const reading = options.lookup.resolve(options.question);
      // a phrase can name thousands of elements: each phrase's words are read once
      const texts = new Set(reading.cover.map((m) => m.text));
      for (const text of texts) for (const w of textWords(text)) modelWords.add(wordKey(w));
    }
    // "haven't", "hasn't": the auxiliary of a negation splits into a word and "t"; it names no thing ("haven")
    const questionWords = textWords(options.question.toLowerCase());
    const contracted = new Set(questionWords.filter((_, i) => questionWords[i + 1] === 't'));
    const missing = options.unaccounted.filter(
      (w) =>
        /^[a-z]{3,}$/.test(w) &&
        !contracted.has(w) &&
        !isFunctionWord(w) &&
        !modelWords.has(wordKey(w)) &&
        !accounted.has(w) &&
        !accounted.has(stem(w)) &&
        this.namesThing(w) &&
        !this.doSupportVerb(w, options.question) &&
        !options.lookup?.lookup(w).length,
    );
    if (missing.length === 0) return null;
    return { words: missing, message: `Sorry, I don't have data about ${listWords(missing)}.` };
  }

  /**
   * "The hours our drivers drove", "the visiting hours of a ward": a unit shorter than a day asked
   * for as a thing (after "how many/much" or a noun, not "in minutes" or "last 24 hours") needs a table of
   * the answer that holds a duration (a measure in time units or named like one) or a time of day (a
   * timestamp); otherwise the data lacks it.
   */
  missingDuration(options: {
    question: string;
    entities: readonly (Entity | undefined)[];
    /** Question tokens retrieval matched to the answer's tables: a unit matched there is accounted for. */
    accounted?: ReadonlySet<string>;
    /** The generated reading's leftover words, when known: a unit the reading used (a column) is accounted for. */
    unaccounted?: readonly string[];
  }): MissingThing | null {
    const words = textWords(options.question.toLowerCase());
    for (let i = 1; i < words.length; i++) {
      if (!SUB_DAY_UNITS.has(words[i])) continue;
      const before = words[i - 1];
      if (UNIT_CONTEXT.has(before) || /^\d+$/.test(before)) continue;
      const counted = before === 'many' || before === 'much';
      if (!counted && isFunctionWord(before)) continue;
      if (options.accounted?.has(words[i]) || options.accounted?.has(stem(words[i]))) continue;
      if (options.unaccounted && !options.unaccounted.includes(words[i])) continue;
      if (options.entities.some((e) => e !== undefined && holdsDuration(e))) return null;
      const phrase = counted ? words[i] : `${before} ${words[i]}`;
      return { words: [phrase], message: `Sorry, I don't have data about ${phrase}.` };
    }
    return null;
  }

  /**
   * "The shelf life of our cheeses": two consecutive words of the question that WordNet knows as one noun
   * (a multiword lemma such as "shelf life", "sales tax", "zip code") name one concept; a column that
   * matches a part of it ("shelf" in a shelf position) does not account for it.
   * The compound is accounted for when a name of the answer (its tables' and columns' names, the model
   * elements matched on its words, their matched synonyms) holds both words, or holds its concept word
   * as that name's head (no other noun after it but datum words: "tax amount" for "sales tax"), or the
   * words of one of its WordNet synonyms. The concept is the compound's last word. Left out: compounds of a
   * datum word ("phone number", "zip code": a datum about a thing retrieval judges), whose first word is no
   * noun ("best seller", "running time"), written with a capital (part of a name) or covered by a model
   * value ("navy blue" as a colour).
   */
  missingCompound(options: {
    question: string;
    lookup?: SemanticLookup;
    /** Words of the names of the answer's tables and columns (identifier words, abbreviations expanded). */
    names: readonly (readonly string[])[];
  }): MissingThing | null {
    const wordNet = this.wordNet();
    if (!wordNet) return null;
    const reading = options.lookup?.resolve(options.question);
    const words = reading?.words ?? textWords(options.question.toLowerCase());
    const capitals = new Set(
      (options.question.match(/[\p{L}\p{N}'’]+/gu) ?? [])
        .slice(1)
        .filter((t) => /^\p{Lu}/u.test(t))
        .flatMap((t) => textWords(t)),
    );
    const cover = reading?.cover ?? [];
    for (let i = 0; i + 1 < words.length; i++) {
      const pair = [words[i], words[i + 1]];
      if (pair.some((w) => !/^[a-z]{2,}$/.test(w) || isFunctionWord(w) || capitals.has(w))) continue;
      const lemmas = wordNet.baseForms(pair.join('_')).filter((f) => f.pos === 'n');
      if (lemmas.length === 0) continue;
      // a noun-noun compound: "best seller", "running time" are an adjective's or a verb's phrase
      if (pair[0].endsWith('ing') || !this.mostlyNoun(pair[0])) continue;
      const touching = cover.filter((m) => m.start <= i + 1 && m.end > i);
      if (touching.some((m) => (m.start <= i && m.end >= i + 2) || m.element.kind === 'value')) continue;
      const datum = (w: string) =>
        DATUM_HEADS.has(wordKey(w)) ||
        GENERIC_NOUNS.has(w) ||
        wordNet.baseForms(w).some((f) => f.pos === 'n' && GENERIC_NOUNS.has(f.lemma));
      // "phone number", "zip code": a kind of datum about a thing; the name rules and retrieval judge those
      if (datum(pair[0]) || datum(pair[1])) continue;
      const concept = pair[1];
      // the compound's WordNet synonyms name it too (any lemma of its noun synsets)
      const synonyms = lemmas.flatMap((f) =>
        wordNet
          .senses(f.lemma)
          .filter((x) => x.pos === 'n')
          .flatMap((x) => wordNet.synset('n', x.offset).words.map((w) => w.split('_'))),
      );
      const names = [
        ...options.names,
        ...touching.flatMap((m) => [textWords(m.matched), textWords(elementName(m))]),
      ];
      const key = (w: string) => wordKey(w);
      const isNoun = (w: string) => wordNet.baseForms(w).some((f) => f.pos === 'n');
      const accounts = (name: readonly string[]) => {
        const keys = name.map(key);
        if (pair.every((w) => keys.includes(key(w)))) return true;
        if (synonyms.some((syn) => syn.every((w) => keys.includes(key(w))))) return true;
        const at = keys.lastIndexOf(key(concept));
        return at >= 0 && name.slice(at + 1).every((w) => datum(w) || !isNoun(w));
      };
      if (names.some(accounts)) continue;
      const phrase = pair.join(' ');
      return { words: [phrase], message: `Sorry, I don't have data about ${phrase}.` };
    }
    return null;
  }

  /**
   * The main verb of a do-support question ("how many parcels did each carrier ship?", "which orders does the
   * store fill?"): a word WordNet also knows as a verb that ends the clause after an auxiliary is the action
   * asked about, not a thing the data lacks.
   */
  private doSupportVerb(word: string, question: string): boolean {
    const words = textWords(question.toLowerCase());
    const at = words.lastIndexOf(word);
    if (at <= 0) return false;
    const auxiliary = words.slice(0, at).some((w) => DO_AUXILIARIES.has(w));
    const next = words[at + 1];
    const endsClause = next === undefined || CLAUSE_ENDERS.has(next);
    if (!auxiliary || !endsClause) return false;
    const wordNet = this.wordNet();
    return wordNet !== null && wordNet.baseForms(word).some((f) => f.pos === 'v');
  }

  /** A noun of WordNet that is not a generic word about the answer's shape or the data in general. */
  private namesThing(word: string): boolean {
    const wordNet = this.wordNet();
    if (!wordNet) return false;
    const nouns = wordNet.baseForms(word).filter((f) => f.pos === 'n');
    if (nouns.length === 0) return false;
    if (nouns.some((f) => GENERIC_NOUNS.has(f.lemma)) || GENERIC_NOUNS.has(word)) return false;
    return this.mostlyNoun(word);
  }

  /** A word WordNet knows as a noun at least as often as a verb, adjective or adverb (tagged senses). */
  private mostlyNoun(word: string): boolean {
    const wordNet = this.wordNet();
    if (!wordNet) return false;
    const forms = wordNet.baseForms(word);
    if (!forms.some((f) => f.pos === 'n')) return false;
    // A word mostly used as a verb or adjective ("sold", "longest", "open") names no thing.
    const tags = (pos: string) =>
      forms
        .filter((f) => f.pos === pos)
        .reduce(
          (s, f) => s + wordNet.senses(f.lemma).reduce((t, x) => t + (x.pos === pos ? x.tagCount + 1 : 0), 0),
          0,
        );
    const noun = tags('n');
    return noun >= tags('v') + tags('a') + tags('r');
  }

  private wordNet(): WordNet | null {
    if (this.options.wordNet !== undefined) return this.options.wordNet;
    try {
      return WordNet.shared();
    } catch {
      return null;
    }
  }
}

function listWords(ws: readonly string[]): string {
  if (ws.length === 1) return ws[0];
  return `${ws.slice(0, -1).join(', ')} and ${ws[ws.length - 1]}`;
}
