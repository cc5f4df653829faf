import {
  editDistance,
  entitySense,
  foldAcronymPlurals,
  identifierWords,
  isFunctionWord,
  isKnownWord,
  namesSense,
  textWords,
  typoAllowance,
  wordKey,
  type WordSenseRef,
} from './language';
import { businessSynonyms } from './synonyms';
import { EARNING_VERBS, MONEY_NOUNS, SPENDING_VERBS } from './vocabulary';
import type {
  Dimension,
  Entity,
  Flag,
  FlagState,
  Measure,
  Metric,
  SemanticModel,
  TimeDimension,
} from './types';

/** A model element a word or phrase of a question can name. */
export type ModelElement =
  | { kind: 'entity'; entity: Entity }
  | { kind: 'measure'; entity: Entity; measure: Measure }
  | { kind: 'timeDimension'; entity: Entity; timeDimension: TimeDimension }
  | { kind: 'dimension'; entity: Entity; dimension: Dimension }
  | { kind: 'flag'; entity: Entity; flag: Flag }
  | { kind: 'flagState'; entity: Entity; flag: Flag; state: FlagState }
  | { kind: 'metric'; metric: Metric; entity: Entity | undefined }
  | { kind: 'value'; entity: Entity; dimension: Dimension; value: string };

/** Kind of a {@link ModelElement}. */
export type ModelElementKind = ModelElement['kind'];

/**
 * How a phrase matched: the element's business name, one of its synonyms, a profiled value, a state's
 * event word (`opened`), any of those within a typo's edit distance, or a noun that names a kind of what
 * a table's name means in its schema (`related`: "tunes" for a table of music tracks).
 */
export type MatchVia = 'name' | 'synonym' | 'value' | 'head' | 'event' | 'related' | 'typo';

/**
 * Confidence of each way of matching, before typos: an element's own name, a synonym, a profiled value,
 * the head noun of a multi-word table name (`orders` for `online orders`), a state's event word.
 */
const VIA_SCORE: Readonly<Record<Exclude<MatchVia, 'typo'>, number>> = {
  name: 1,
  synonym: 0.9,
  value: 0.85,
  head: 0.7,
  event: 0.6,
  related: 0.6,
};

/** Head nouns too generic to name a table on their own (`price history`, `order item`). */
const GENERIC_HEADS = new Set(
  'history record log type detail info information data item line entry map link status list summary'.split(
    ' ',
  ),
);

/** Share of the score a typo keeps. */
const TYPO_FACTOR = 0.75;

/** One phrase of a question matched to one model element. */
export interface ModelMatch {
  /** Index of the first word (in {@link QuestionReading.words}). */
  start: number;
  /** Index after the last word. */
  end: number;
  /** The question's words matched, as written (lower case). */
  text: string;
  /** The name, synonym or value it matched. */
  matched: string;
  element: ModelElement;
  via: MatchVia;
  /** 0..1: how sure the match is (name 1, synonym 0.9, value 0.85, head noun 0.7, event word 0.6; typos × 0.75). */
  score: number;
}

/** A question read against the model. */
export interface QuestionReading {
  /** The question's lower-case words (acronym plurals folded: `POs` -> `po`). */
  words: string[];
  /** Every match of every phrase, by start then longest first then best score. */
  matches: ModelMatch[];
  /** The longest, best-scoring matches that do not overlap (all elements of a tied phrase are kept). */
  cover: ModelMatch[];
  /** Indexes of content words (not function words, not numbers) that no match covers. */
  uncovered: number[];
}

/** Options of {@link SemanticLookup}. */
export interface SemanticLookupOptions {
  /** Longest phrase considered, in words. @default 6 */
  maxPhraseWords?: number;
  /** Match typos of names, synonyms and values. @default true */
  typos?: boolean;
}

interface IndexEntry {
  element: ModelElement;
  via: Exclude<MatchVia, 'typo'>;
  /** The phrase as indexed (lower case). */
  phrase: string;
}

/** Options of {@link SemanticLookup.matchValue}. */
export interface ValueMatchOptions {
  /** Only values of this `schema.table`. */
  table?: string;
  /** Only values of this column (with {@link ValueMatchOptions.table}). */
  column?: string;
  /** Accept a typo. @default true */
  typos?: boolean;
}

function keyOf(words: readonly string[]): string {
  return words.map(wordKey).join(' ');
}

/**
 * Resolves words and phrases of a question to elements of a {@link SemanticModel}: entities, measures,
 * time dimensions, dimensions and their profiled values, flags and their states, metrics, by business
 * names and synonyms (stemmed, so plurals and verb forms meet), and by typos of them. Hidden tables and
 * columns are never matched. Build once per model; lookups are synchronous and allocation-light.
 */
export class SemanticLookup {
  private readonly index = new Map<string, IndexEntry[]>();
  /** Indexed surface phrases by length, for typo matching. */
  private readonly surfaces = new Map<number, Map<string, IndexEntry[]>>();
  /** Phrase-element pairs indexed so far, while the constructor builds the index (emptied after). */
  private readonly added = new Set<string>();
  private readonly entities = new Map<string, Entity>();
  private readonly maxPhraseWords: number;
  private readonly typos: boolean;
  /** Each one-word entity's sense in its schema (WordNet), computed on first need. */
  private senses: { entity: Entity; sense: WordSenseRef }[] | undefined;

  constructor(
    public readonly model: SemanticModel,
    options: SemanticLookupOptions = {},
  ) {
    this.maxPhraseWords = options.maxPhraseWords ?? 6;
    this.typos = options.typos ?? true;
    // load WordNet (typo checks ask it whether a word is real) now, not during the first question
    if (this.typos) isKnownWord('warm');
    for (const entity of model.entities) {
      this.entities.set(entity.table, entity);
      if (entity.hidden) continue;
      this.indexEntity(entity);
    }
    for (const metric of model.metrics) {
      const entity = this.entities.get(metric.table);
      if (entity?.hidden === true) continue;
      const element: ModelElement = { kind: 'metric', metric, entity };
      this.add(metric.name, element, 'name');
      for (const s of metric.synonyms) this.add(s, element, 'synonym');
    }
    this.added.clear();
  }

  /** The entity of a `schema.table`, hidden or not. */
  entity(table: string): Entity | undefined {
    return this.entities.get(table);
  }

  /** Metrics computed on a `schema.table`. */
  metricsOf(table: string): Metric[] {
    return this.model.metrics.filter((m) => m.table === table);
  }

  /** Elements whose name or synonym is exactly this phrase (stemmed; case and plural insensitive). */
  lookup(phrase: string): ModelElement[] {
    const words = textWords(foldAcronymPlurals(phrase));
    return (this.index.get(keyOf(words)) ?? []).map((e) => e.element);
  }

  /**
   * Profiled values of dimensions that equal a text (case-insensitively, plural-insensitively) or, when
   * allowed, are within a typo of it; exact matches first.
   */
  matchValue(text: string, options: ValueMatchOptions = {}): ModelMatch[] {
    const words = textWords(text);
    const keep = (m: ModelMatch) =>
      m.element.kind === 'value' &&
      (options.table === undefined || m.element.entity.table === options.table) &&
      (options.column === undefined || m.element.dimension.column === options.column);
    const exact = (this.index.get(keyOf(words)) ?? [])
      .map((entry) => this.match(entry, 0, words.length, words, false))
      .filter(keep);
    if (exact.length > 0 || options.typos === false) return exact;
    return this.typoMatches(words, 0, words.length).filter(keep);
  }

  /**
   * Reads a question: every phrase of up to `maxPhraseWords` words matched against names, synonyms,
   * values and state words (and their typos when no exact match covers a word), the best non-overlapping
   * cover, and the content words left unaccounted for.
   */
  resolve(question: string): QuestionReading {
    const words = textWords(foldAcronymPlurals(question));
    const matches: ModelMatch[] = [];
    const covered = new Array<boolean>(words.length).fill(false);
    for (let start = 0; start < words.length; start++) {
      for (let end = Math.min(words.length, start + this.maxPhraseWords); end > start; end--) {
        const phrase = words.slice(start, end);
        const functionWords = phrase.every(isFunctionWord);
        for (const entry of this.index.get(keyOf(phrase)) ?? []) {
          // `top` is no value `Tops`: function words only name model elements
          if (functionWords && (entry.via === 'value' || entry.via === 'head')) continue;
          matches.push(this.match(entry, start, end, words, false));
          for (let i = start; i < end; i++) covered[i] = true;
        }
      }
    }
    if (this.typos) {
      for (let start = 0; start < words.length; start++) {
        for (let end = Math.min(words.length, start + 3); end > start; end--) {
          const phrase = words.slice(start, end);
          if (phrase.every((_, i) => covered[start + i])) continue;
          if (
            !phrase.some(
              (w, i) => !covered[start + i] && !isFunctionWord(w) && !/^\d+$/.test(w) && !isKnownWord(w),
            )
          ) {
            continue;
          }
          matches.push(...this.typoMatches(words, start, end));
        }
      }
    }
    // a word written with a capital inside the question is part of a name ("a film called Master Plan")
    const capitalised = new Set(
      (question.match(/(?<=\S\s+)\p{Lu}\p{Ll}+/gu) ?? []).map((w) => w.toLowerCase()),
    );
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (
        matches.some((m) => m.start <= i && i < m.end) ||
        isFunctionWord(w) ||
        capitalised.has(w) ||
        !/^[a-z]{3,}$/.test(w)
      )
        continue;
      for (const { entity, sense } of this.entitySenses()) {
        if (!namesSense(w, sense)) continue;
        matches.push(
          this.match(
            { element: { kind: 'entity', entity }, via: 'related', phrase: entity.name },
            i,
            i + 1,
            words,
            false,
          ),
        );
      }
    }
    this.moneyFlowMatches(words, matches);
    matches.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || b.score - a.score);
    const cover = chooseCover(matches);
    const inCover = new Array<boolean>(words.length).fill(false);
    for (const m of cover) for (let i = m.start; i < m.end; i++) inCover[i] = true;
    const uncovered = words
      .map((_, i) => i)
      .filter((i) => !inCover[i] && !isFunctionWord(words[i]) && !/^\d+$/.test(words[i]));
    return { words, matches, cover, uncovered };
  }

  private match(
    entry: IndexEntry,
    start: number,
    end: number,
    words: readonly string[],
    typo: boolean,
  ): ModelMatch {
    const text = words.slice(start, end).join(' ');
    // stemming meets `opened` with the state `open`; written so, it names the event, not the state
    const element = entry.element;
    const event =
      element.kind === 'flagState' &&
      text !== entry.phrase &&
      (element.state.eventWords ?? []).includes(text);
    const via = event ? 'event' : entry.via;
    const base = VIA_SCORE[via];
    return {
      start,
      end,
      text,
      matched: entry.phrase,
      element,
      via: typo ? 'typo' : via,
      score: typo ? base * TYPO_FACTOR : base,
    };
  }

  /**
   * "Did the shop make more money", "how much money was spent", "how much did the shop make": money in general
   * with an earning verb within four words before or three after (or "how much" with an earning verb and
   * no money word: the verb itself) names the revenue metrics (name or synonyms of the revenue
   * vocabulary); with a spending verb, the spend metrics. Only for words nothing else matched.
   */
  private moneyFlowMatches(words: readonly string[], matches: ModelMatch[]): void {
    const free = (i: number) => !matches.some((m) => m.start <= i && i < m.end);
    const flowOf = (w: string) => (EARNING_VERBS.has(w) ? 'revenue' : SPENDING_VERBS.has(w) ? 'spend' : null);
    const spans: { at: number; flow: 'revenue' | 'spend' }[] = [];
    for (let i = 0; i < words.length; i++) {
      if (!MONEY_NOUNS.has(words[i]) || !free(i)) continue;
      const near = words.slice(Math.max(0, i - 4), i + 4);
      const flow = near.map(flowOf).find((f) => f !== null) ?? null;
      if (flow !== null) spans.push({ at: i, flow });
    }
    const much = words.findIndex((w, i) => w === 'much' && words[i - 1] === 'how');
    if (spans.length === 0 && much >= 0 && !words.some((w) => MONEY_NOUNS.has(w))) {
      for (let i = much + 1; i < Math.min(words.length, much + 5); i++) {
        // only earning: "how much has every branch spent" already names its spend column by the verb
        if (EARNING_VERBS.has(words[i]) && free(i)) {
          spans.push({ at: i, flow: 'revenue' });
          break;
        }
      }
    }
    for (const { at, flow } of spans) {
      const names = new Set([flow, ...businessSynonyms(flow)].map((n) => n.toLowerCase()));
      for (const metric of this.model.metrics) {
        if (!names.has(metric.name) && !metric.synonyms.some((x) => names.has(x))) continue;
        const entity = this.entities.get(metric.table);
        if (entity?.hidden === true) continue;
        const element: ModelElement = { kind: 'metric', metric, entity };
        matches.push(this.match({ element, via: 'synonym', phrase: metric.name }, at, at + 1, words, false));
      }
    }
  }

  /**
   * The sense of each visible entity with a one-word name, judged among the words of its own columns
   * (keys name the tables it references: `album_id`, `genre_id`); the other tables' names are left out, as
   * a source may hold many unrelated schemas. Entities whose sense stays unclear are left out.
   */
  private entitySenses(): { entity: Entity; sense: WordSenseRef }[] {
    if (this.senses !== undefined) return this.senses;
    const visible = this.model.entities.filter((e) => !e.hidden);
    const senses: { entity: Entity; sense: WordSenseRef }[] = [];
    for (const entity of visible) {
      if (entity.name.includes(' ')) continue;
      const columns = [
        ...entity.measures,
        ...entity.dimensions,
        ...entity.timeDimensions,
        ...entity.flags,
      ].map((c) => c.name);
      const context = [...columns, ...entity.keyColumns.flatMap(identifierWords)]
        .flatMap((phrase) => textWords(phrase))
        .filter((w) => w !== 'id' && !isFunctionWord(w));
      const sense = entitySense(entity.name, context);
      if (sense !== undefined) senses.push({ entity, sense });
    }
    this.senses = senses;
    return senses;
  }

  private typoMatches(words: readonly string[], start: number, end: number): ModelMatch[] {
    const text = words.slice(start, end).join(' ');
    const allowance = typoAllowance(text.length);
    if (allowance === 0) return [];
    const found: ModelMatch[] = [];
    let best = allowance + 1;
    for (let length = text.length - allowance; length <= text.length + allowance; length++) {
      for (const [surface, entries] of this.surfaces.get(length) ?? []) {
        // one or two edits rarely touch both of the first two letters: a cheap filter before the distance
        if (!sharesLead(text, surface)) continue;
        const distance = editDistance(text, surface, allowance);
        if (distance > allowance || distance > best) continue;
        if (distance < best) {
          best = distance;
          found.length = 0;
        }
        for (const entry of entries) found.push(this.match(entry, start, end, words, true));
      }
    }
    return found;
  }

  private indexEntity(entity: Entity): void {
    const hidden = new Set(entity.hiddenColumns);
    const entityElement: ModelElement = { kind: 'entity', entity };
    this.add(entity.name, entityElement, 'name');
    this.add(entity.plural, entityElement, 'name');
    for (const s of entity.synonyms) this.add(s, entityElement, 'synonym');
    const nameWords = entity.name.split(' ');
    const head = nameWords[nameWords.length - 1];
    if (nameWords.length > 1 && !GENERIC_HEADS.has(head)) this.add(head, entityElement, 'head');
    const named = (
      item: { column: string; name: string; synonyms: readonly string[] },
      element: ModelElement,
    ) => {
      if (hidden.has(item.column)) return;
      this.add(item.name, element, 'name');
      for (const s of item.synonyms) this.add(s, element, 'synonym');
    };
    for (const measure of entity.measures) named(measure, { kind: 'measure', entity, measure });
    for (const timeDimension of entity.timeDimensions) {
      named(timeDimension, { kind: 'timeDimension', entity, timeDimension });
    }
    for (const dimension of entity.dimensions) {
      named(dimension, { kind: 'dimension', entity, dimension });
      if (hidden.has(dimension.column)) continue;
      for (const value of dimension.values) {
        if (isIndexableValue(value)) this.add(value, { kind: 'value', entity, dimension, value }, 'value');
      }
    }
    for (const flag of entity.flags) {
      if (hidden.has(flag.column)) continue;
      if (flag.kind !== 'status') named(flag, { kind: 'flag', entity, flag });
      for (const state of flag.states) {
        const element: ModelElement = { kind: 'flagState', entity, flag, state };
        this.add(state.label, element, 'name');
        for (const s of state.synonyms) this.add(s, element, 'synonym');
        for (const e of state.eventWords ?? []) this.add(e, element, 'event');
      }
    }
  }

  private add(phrase: string, element: ModelElement, via: IndexEntry['via']): void {
    const words = textWords(phrase);
    if (words.length === 0 || words.length > this.maxPhraseWords) return;
    const key = keyOf(words);
    const entry: IndexEntry = { element, via, phrase: phrase.toLowerCase() };
    const id = elementKey(element);
    // duplicates are found in a set, not by scanning the phrase's list: a phrase shared by every table
    // (a common column name) would make building the lookup quadratic in the catalog size
    const list = this.index.get(key) ?? [];
    const indexed = `${key}\u0000${via}\u0000${id}`;
    if (!this.added.has(indexed)) {
      this.added.add(indexed);
      list.push(entry);
    }
    this.index.set(key, list);
    const surface = words.join(' ');
    if (typoAllowance(surface.length) === 0) return;
    const byLength = this.surfaces.get(surface.length) ?? new Map<string, IndexEntry[]>();
    const entries = byLength.get(surface) ?? [];
    const surfaced = `\u0001${surface}\u0000${id}`;
    if (!this.added.has(surfaced)) {
      this.added.add(surfaced);
      entries.push(entry);
    }
    byLength.set(surface, entries);
    this.surfaces.set(surface.length, byLength);
  }
}

/** True when the first two letters of two words have a letter in common. */
function sharesLead(a: string, b: string): boolean {
  return a[0] === b[0] || a[0] === b[1] || a[1] === b[0] || a[1] === b[1];
}

/** A value worth matching in questions: has a letter, is not a function word, is not a lone letter. */
function isIndexableValue(value: string): boolean {
  const words = textWords(value);
  return words.length > 0 && /\p{L}/u.test(value) && value.trim().length > 1 && !words.every(isFunctionWord);
}

/** True when two elements are the same model element (same kind, table, column, state or value). */
export function sameElement(a: ModelElement, b: ModelElement): boolean {
  return elementKey(a) === elementKey(b);
}

/** A stable identity of an element: `kind:table:column[:state|value]` (`metric:<table>:<name>` for metrics). */
export function elementKey(element: ModelElement): string {
  switch (element.kind) {
    case 'entity':
      return `entity:${element.entity.table}`;
    case 'measure':
      return `measure:${element.entity.table}:${element.measure.column}`;
    case 'timeDimension':
      return `timeDimension:${element.entity.table}:${element.timeDimension.column}`;
    case 'dimension':
      return `dimension:${element.entity.table}:${element.dimension.column}`;
    case 'flag':
      return `flag:${element.entity.table}:${element.flag.column}`;
    case 'flagState':
      return `flagState:${element.entity.table}:${element.flag.column}:${element.state.label}`;
    case 'metric':
      return `metric:${element.metric.table}:${element.metric.name}`;
    case 'value':
      return `value:${element.entity.table}:${element.dimension.column}:${element.value}`;
    default: {
      const never: never = element;
      throw new TypeError(`elementKey: unknown element ${JSON.stringify(never)}`);
    }
  }
}

/** The `schema.table` an element belongs to. */
export function elementTable(element: ModelElement): string {
  return element.kind === 'metric' ? element.metric.table : element.entity.table;
}

/**
 * Greedy cover: longest phrase first, then best score; every match of the chosen span with that score is
 * kept (several tables can share a word); overlapping shorter matches are dropped.
 */
function chooseCover(matches: readonly ModelMatch[]): ModelMatch[] {
  const ranked = [...matches].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || b.score - a.score || a.start - b.start,
  );
  const taken: ModelMatch[] = [];
  const used = new Set<number>();
  // the first match taken for each span (many entities of a large catalog can share one phrase)
  const firstOfSpan = new Map<string, ModelMatch>();
  for (const m of ranked) {
    const span = `${m.start}:${m.end}`;
    const sameSpan = firstOfSpan.get(span);
    if (sameSpan !== undefined) {
      if (m.score === sameSpan.score) taken.push(m);
      continue;
    }
    let overlapsTaken = false;
    for (let i = m.start; i < m.end && !overlapsTaken; i++) overlapsTaken = used.has(i);
    if (overlapsTaken) continue;
    taken.push(m);
    firstOfSpan.set(span, m);
    for (let i = m.start; i < m.end; i++) used.add(i);
  }
  return taken.sort((a, b) => a.start - b.start || b.score - a.score);
}
