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
import { entryIds, type LookupIndex, LookupIndexBuild } from './lookupIndex';
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
import { FirstInFirstOut } from '../text';
import { chooseCover, type Spanned, sortMatches } from './matchCover';

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

/** Share of the score a typo keeps. */
const TYPO_FACTOR = 0.75;

/** One phrase of a question matched to one model element. */
export interface ModelMatch {
  /** Index of the first word (in {@link QuestionReading.words}). */
  readonly start: number;
  /** Index after the last word. */
  readonly end: number;
  /** The question's words matched, as written (lower case). */
  readonly text: string;
  /** The name, synonym or value it matched. */
  readonly matched: string;
  readonly element: ModelElement;
  readonly via: MatchVia;
  /** 0..1: how sure the match is (name 1, synonym 0.9, value 0.85, head noun 0.7, event word 0.6; typos × 0.75). */
  readonly score: number;
}

/**
 * A question read against the model. Shared: {@link SemanticLookup.resolve} returns the same reading to every
 * step of an answer that reads the same text, so it is read-only.
 */
export interface QuestionReading {
  /** The question's lower-case words (acronym plurals folded: `POs` -> `po`). */
  readonly words: readonly string[];
  /** Every match of every phrase, by start then longest first then best score. */
  readonly matches: readonly ModelMatch[];
  /** The longest, best-scoring matches that do not overlap (all elements of a tied phrase are kept). */
  readonly cover: readonly ModelMatch[];
  /** Indexes of content words (not function words, not numbers) that no match covers. */
  readonly uncovered: readonly number[];
}

/** Options of {@link SemanticLookup}. */
export interface SemanticLookupOptions {
  /** Longest phrase considered, in words. @default 6 */
  maxPhraseWords?: number;
  /** Match typos of names, synonyms and values. @default true */
  typos?: boolean;
  /**
   * Build the phrase index later: in the background ({@link SemanticLookup.warm}) or when first needed,
   * instead of in the constructor (a process that must be ready before a large catalog's index is built).
   * @default false
   */
  deferIndex?: boolean;
}

/** Readings {@link SemanticLookup.resolve} keeps: an answer reads its question, and a few texts made from it. */
const READINGS_KEPT = 8;

/** Visible one-word entities read in one WordNet sense: the sense, and their positions in `model.entities`. */
interface SenseGroup {
  sense: WordSenseRef;
  positions: number[];
}

/** Identity of a sense (its part of speech and offset: what `namesSense` reads of it). */
function senseKey(sense: WordSenseRef): string {
  return `${sense.pos}${sense.offset}`;
}

interface IndexEntry {
  element: ModelElement;
  via: Exclude<MatchVia, 'typo'>;
  /** The phrase as indexed (lower case). */
  phrase: string;
}

/**
 * A match found while reading a question: its span, score and index entry (`id`, -1 when made at once), made
 * into a {@link ModelMatch} when read (`made`).
 */
interface FoundMatch extends Spanned {
  readonly id: number;
  /** The question's words matched, joined by spaces. */
  readonly text: string;
  made: ModelMatch | undefined;
}

/** A match already made, as a {@link FoundMatch}. */
function madeMatch(match: ModelMatch): FoundMatch {
  return { start: match.start, end: match.end, score: match.score, id: -1, text: match.text, made: match };
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
  /** Every name, synonym, value and state word of the model, compactly (see {@link LookupIndex}). */
  private index: LookupIndex | undefined;
  /** The index being built, until it is complete. */
  private building: LookupIndexBuild | undefined;
  private readonly entities = new Map<string, Entity>();
  private readonly maxPhraseWords: number;
  private readonly typos: boolean;
  /** The one-word entities' senses in their schemas (WordNet), by sense; computed on first need or by {@link warm}. */
  private senses: SenseGroup[] | undefined;
  /** The senses judged so far, while {@link warm} judges them a few entities at a time. */
  private sensesBuilding: { next: number; groups: Map<string, SenseGroup> } | undefined;
  /** See {@link SemanticLookup.visibleTables}, made on first need. */
  private visible: string[] | undefined;
  /** See {@link SemanticLookup.personTables}, made on first need. */
  private people: string[] | undefined;
  /** The readings of the last texts read (the steps of one answer read its question several times). */
  private readonly readings = new FirstInFirstOut<string, QuestionReading>(READINGS_KEPT);

  constructor(
    public readonly model: SemanticModel,
    options: SemanticLookupOptions = {},
  ) {
    this.maxPhraseWords = options.maxPhraseWords ?? 6;
    this.typos = options.typos ?? true;
    // load WordNet (typo checks ask it whether a word is real) now, not during the first question
    if (this.typos) isKnownWord('warm');
    for (const entity of model.entities) this.entities.set(entity.table, entity);
    const building = new LookupIndexBuild(model, this.maxPhraseWords);
    if (options.deferIndex === true) this.building = building;
    else this.index = building.finish();
  }

  /** The phrase index, finished now if it is still being built. */
  private get phrases(): LookupIndex {
    if (this.index === undefined) {
      this.index = (this.building as LookupIndexBuild).finish();
      this.building = undefined;
    }
    return this.index;
  }

  /**
   * Builds the phrase index in the background, `entitiesPerStep` entities between turns of the event loop
   * (a lookup made with `deferIndex`); a question asked meanwhile finishes it at once. Resolves when built.
   */
  async warm(entitiesPerStep = 500): Promise<void> {
    while (this.index === undefined && this.building !== undefined) {
      if (this.building.step(entitiesPerStep)) {
        this.index = this.building.finish();
        this.building = undefined;
        break;
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // then the entities' senses (the related-word rule's), which the first question would judge otherwise
    while (!this.senseStep(entitiesPerStep)) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** True when the phrase index is built (see {@link SemanticLookup.warm}). */
  get warmed(): boolean {
    return this.index !== undefined;
  }

  /** The entity of a `schema.table`, hidden or not. */
  entity(table: string): Entity | undefined {
    return this.entities.get(table);
  }

  /** The `schema.table` of every visible entity, in the model's order (the same array each call: do not change it). */
  visibleTables(): readonly string[] {
    return (this.visible ??= this.model.entities.filter((e) => !e.hidden).map((e) => e.table));
  }

  /**
   * The `schema.table` of every visible entity shown by two display columns (a first and a last name: people),
   * in the model's order (the same array each call).
   */
  personTables(): readonly string[] {
    return (this.people ??= this.model.entities
      .filter((e) => !e.hidden && e.displayColumns.length === 2)
      .map((e) => e.table));
  }

  /** Metrics computed on a `schema.table`. */
  metricsOf(table: string): Metric[] {
    return this.model.metrics.filter((m) => m.table === table);
  }

  /** Elements whose name or synonym is exactly this phrase (stemmed; case and plural insensitive). */
  lookup(phrase: string): ModelElement[] {
    const words = textWords(foldAcronymPlurals(phrase));
    return Array.from(this.phrases.entries(keyOf(words)) ?? [], (id) => this.element(id));
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
    const exact = Array.from(this.phrases.entries(keyOf(words)) ?? [], (id) =>
      this.match(this.entry(id), 0, words.length, words.join(' '), false),
    ).filter(keep);
    if (exact.length > 0 || options.typos === false) return exact;
    return this.typoMatches(words, 0, words.length).filter(keep);
  }

  /**
   * Reads a question: every phrase of up to `maxPhraseWords` words matched against names, synonyms,
   * values and state words (and their typos when no exact match covers a word), the best non-overlapping
   * cover, and the content words left unaccounted for.
   */
  resolve(question: string): QuestionReading {
    const known = this.readings.get(question);
    if (known !== undefined) return known;
    const reading = this.read(question);
    this.readings.set(question, reading);
    return reading;
  }

  /** The reading {@link SemanticLookup.resolve} returns, made anew. */
  private read(question: string): QuestionReading {
    const words = textWords(foldAcronymPlurals(question));
    const keys = words.map(wordKey);
    // a common phrase names an element in thousands of tables, and a longer phrase over it usually takes the
    // cover: a phrase's entries are kept as ids with their span and score, and made into matches (which reads
    // each element's entity) only when the cover or `matches` reads them
    const found: FoundMatch[] = [];
    const covered = new Array<boolean>(words.length).fill(false);
    for (let start = 0; start < words.length; start++) {
      for (let end = Math.min(words.length, start + this.maxPhraseWords); end > start; end--) {
        const ids = this.phrases.entries(keys.slice(start, end).join(' '));
        if (ids === undefined) continue;
        let functionWords = true;
        for (let i = start; i < end && functionWords; i++) functionWords = isFunctionWord(words[i]);
        let text: string | undefined;
        for (const id of ids) {
          const via = this.phrases.via(id);
          // `top` is no value `Tops`: function words only name model elements
          if (functionWords && (via === 'value' || via === 'head')) continue;
          text ??= words.slice(start, end).join(' ');
          // a state's score reads its event words (see `match`): made now; any other entry's is its way's
          found.push(
            this.phrases.kind(id) === 'flagState'
              ? madeMatch(this.match(this.entry(id), start, end, text, false))
              : { start, end, score: VIA_SCORE[via], id, text, made: undefined },
          );
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
          for (const m of this.typoMatches(words, start, end)) found.push(madeMatch(m));
        }
      }
    }
    // words inside a match so far (the related and money rules only read words nothing else matched)
    const touched = new Array<boolean>(words.length).fill(false);
    for (const m of found) for (let i = m.start; i < m.end; i++) touched[i] = true;
    // a word written with a capital inside the question is part of a name ("a film called Master Plan")
    const capitalised = new Set(
      (question.match(/(?<=\S\s+)\p{Lu}\p{Ll}+/gu) ?? []).map((w) => w.toLowerCase()),
    );
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (touched[i] || isFunctionWord(w) || capitalised.has(w) || !/^[a-z]{3,}$/.test(w)) continue;
      for (const entity of this.entitiesNamedBy(w)) {
        found.push(
          madeMatch(
            this.match(
              { element: { kind: 'entity', entity }, via: 'related', phrase: entity.name },
              i,
              i + 1,
              w,
              false,
            ),
          ),
        );
        touched[i] = true;
      }
    }
    const money: ModelMatch[] = [];
    this.moneyFlowMatches(words, money, touched);
    for (const m of money) found.push(madeMatch(m));
    const sorted = sortMatches(found);
    const make = (m: FoundMatch): ModelMatch =>
      (m.made ??= this.match(this.entry(m.id), m.start, m.end, m.text, false));
    const cover = chooseCover(sorted).map(make);
    const inCover = new Array<boolean>(words.length).fill(false);
    for (const m of cover) for (let i = m.start; i < m.end; i++) inCover[i] = true;
    const uncovered = words
      .map((_, i) => i)
      .filter((i) => !inCover[i] && !isFunctionWord(words[i]) && !/^\d+$/.test(words[i]));
    // every match, made on first read (the cover's are the same objects)
    let matches: readonly ModelMatch[] | undefined;
    return Object.freeze({
      words: Object.freeze(words),
      get matches(): readonly ModelMatch[] {
        return (matches ??= Object.freeze(sorted.map(make)));
      },
      cover: Object.freeze(cover),
      uncovered: Object.freeze(uncovered),
    });
  }

  /** A match of an entry over the words `start`..`end` (`text`: those words joined by spaces). */
  private match(entry: IndexEntry, start: number, end: number, text: string, typo: boolean): ModelMatch {
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
  private moneyFlowMatches(
    words: readonly string[],
    matches: ModelMatch[],
    touched: readonly boolean[],
  ): void {
    const free = (i: number) => !touched[i];
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
        matches.push(
          this.match({ element, via: 'synonym', phrase: metric.name }, at, at + 1, words[at], false),
        );
      }
    }
  }

  /**
   * The visible one-word entities whose sense in their schema (see {@link SemanticLookup.entitySenses}) a
   * question word names a kind of (`namesSense`), in the model's order. Entities that share a sense are
   * judged once: the work grows with the distinct senses of the model's names, not with its tables.
   */
  private entitiesNamedBy(word: string): Entity[] {
    const named: number[] = [];
    for (const { sense, positions } of this.entitySenses()) {
      if (namesSense(word, sense)) for (const p of positions) named.push(p);
    }
    if (named.length === 0) return [];
    named.sort((x, y) => x - y);
    return named.map((p) => this.model.entities[p]);
  }

  /**
   * The sense of each visible entity with a one-word name, judged among the words of its own columns
   * (keys name the tables it references: `album_id`, `genre_id`); the other tables' names are left out, as
   * a source may hold many unrelated schemas. Entities whose sense stays unclear are left out. Grouped by
   * sense, each with the positions of its entities in `model.entities`, in order.
   */
  private entitySenses(): SenseGroup[] {
    if (this.senses !== undefined) return this.senses;
    while (!this.senseStep(Number.POSITIVE_INFINITY));
    return this.senses as unknown as SenseGroup[];
  }

  /**
   * Judges the senses of up to `count` more entities (see {@link SemanticLookup.entitySenses});
   * @returns true when every entity is judged.
   */
  private senseStep(count: number): boolean {
    if (this.senses !== undefined) return true;
    const building = (this.sensesBuilding ??= { next: 0, groups: new Map<string, SenseGroup>() });
    const entities = this.model.entities;
    const end = Math.min(entities.length, building.next + count);
    for (; building.next < end; building.next++) {
      const entity = entities[building.next];
      if (entity.hidden || entity.name.includes(' ')) continue;
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
      if (sense === undefined) continue;
      const key = senseKey(sense);
      const group = building.groups.get(key);
      if (group === undefined) building.groups.set(key, { sense, positions: [building.next] });
      else group.positions.push(building.next);
    }
    if (building.next < entities.length) return false;
    this.senses = [...building.groups.values()];
    this.sensesBuilding = undefined;
    return true;
  }

  private typoMatches(words: readonly string[], start: number, end: number): ModelMatch[] {
    const text = words.slice(start, end).join(' ');
    const allowance = typoAllowance(text.length);
    if (allowance === 0) return [];
    const found: ModelMatch[] = [];
    let best = allowance + 1;
    for (let length = text.length - allowance; length <= text.length + allowance; length++) {
      for (const [surface, entries] of this.phrases.surfaces(length) ?? []) {
        // one or two edits rarely touch both of the first two letters: a cheap filter before the distance
        if (!sharesLead(text, surface)) continue;
        const distance = editDistance(text, surface, allowance);
        if (distance > allowance || distance > best) continue;
        if (distance < best) {
          best = distance;
          found.length = 0;
        }
        for (const id of entryIds(entries)) found.push(this.match(this.entry(id), start, end, text, true));
      }
    }
    return found;
  }

  /** An indexed entry with its element made. */
  private entry(id: number): IndexEntry {
    return { element: this.element(id), via: this.phrases.via(id), phrase: this.phrases.phrase(id) };
  }

  /** The element of an indexed entry, made from its place in the model. */
  private element(id: number): ModelElement {
    const p = this.phrases;
    const kind = p.kind(id);
    const owner = p.owner(id);
    const item = p.item(id);
    const sub = p.sub(id);
    if (kind === 'metric') {
      const metric = this.model.metrics[owner];
      return { kind, metric, entity: this.entities.get(metric.table) };
    }
    const entity = this.model.entities[owner];
    switch (kind) {
      case 'entity':
        return { kind, entity };
      case 'measure':
        return { kind, entity, measure: entity.measures[item] };
      case 'timeDimension':
        return { kind, entity, timeDimension: entity.timeDimensions[item] };
      case 'dimension':
        return { kind, entity, dimension: entity.dimensions[item] };
      case 'flag':
        return { kind, entity, flag: entity.flags[item] };
      case 'flagState':
        return { kind, entity, flag: entity.flags[item], state: entity.flags[item].states[sub] };
      case 'value': {
        const dimension = entity.dimensions[item];
        return { kind, entity, dimension, value: dimension.values[sub] };
      }
      default: {
        const never: never = kind;
        throw new TypeError(`SemanticLookup.element: unknown kind ${String(never)}`);
      }
    }
  }
}

/** True when the first two letters of two words have a letter in common. */
function sharesLead(a: string, b: string): boolean {
  return a[0] === b[0] || a[0] === b[1] || a[1] === b[0] || a[1] === b[1];
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
