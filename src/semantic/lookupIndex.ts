import { isFunctionWord, textWords, typoAllowance, wordKey } from './language';
import type { Entity, SemanticModel } from './types';

/** How an indexed phrase names its element (the ways of {@link LookupIndex}; typos are found at lookup). */
export type IndexedVia = 'name' | 'synonym' | 'value' | 'head' | 'event';

const VIAS: readonly IndexedVia[] = ['name', 'synonym', 'value', 'head', 'event'];

/** Kinds of indexed elements, by code. */
export const ELEMENT_KINDS = [
  'entity',
  'measure',
  'timeDimension',
  'dimension',
  'flag',
  'flagState',
  'metric',
  'value',
] as const;

/** Code of an element kind in {@link LookupIndex}. */
export type ElementKindCode = number;

const KIND = Object.fromEntries(ELEMENT_KINDS.map((k, i) => [k, i])) as Record<
  (typeof ELEMENT_KINDS)[number],
  number
>;

/** Where an indexed element is in the model: kind, owner (entity or metric index), item and sub-item. */
export interface ElementRef {
  kind: (typeof ELEMENT_KINDS)[number];
  /** Index of the entity in `model.entities` (of the metric in `model.metrics` for a metric). */
  owner: number;
  /** Index of the measure, time dimension, dimension or flag in the entity (0 otherwise). */
  item: number;
  /** Index of the flag's state or the dimension's value (0 otherwise). */
  sub: number;
}

/** Entry ids of a phrase key or surface: one id as a number, more as a typed array (see {@link entryIds}). */
export type EntryIds = number | Int32Array;

/** The ids of an {@link EntryIds}, iterable. */
export function entryIds(ids: EntryIds): Iterable<number> {
  return typeof ids === 'number' ? [ids] : ids;
}

function compactIds(list: readonly number[]): EntryIds {
  return list.length === 1 ? list[0] : Int32Array.from(list);
}

/** A growable Int32 list that ends as an exact-size typed array. */
class IntList {
  private data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  at(i: number): number {
    return this.data[i];
  }
  done(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * The building of a {@link LookupIndex}, a few entities at a time ({@link LookupIndexBuild.step}), so a process
 * can build it in the background without holding up its event loop, and finish it at once when a question
 * needs it first ({@link LookupIndexBuild.finish}). The index is the same however the steps fell.
 */
export class LookupIndexBuild {
  private readonly builder: IndexBuilder;
  private readonly entities = new Map<string, Entity>();
  private readonly repeated = new Set<string>();
  private next = 0;
  private metricsDone = false;

  constructor(
    readonly model: SemanticModel,
    maxPhraseWords: number,
  ) {
    this.builder = new IndexBuilder(model, maxPhraseWords);
    const seen = new Set<string>();
    for (const { table } of model.entities) (seen.has(table) ? this.repeated : seen).add(table);
  }

  /** True when every entity and metric is indexed. */
  get done(): boolean {
    return this.metricsDone;
  }

  /** Indexes up to `count` more entities (then the metrics); @returns true when the index is complete. */
  step(count: number): boolean {
    const { model, builder } = this;
    const end = Math.min(model.entities.length, this.next + count);
    for (; this.next < end; this.next++) {
      const entity = model.entities[this.next];
      this.entities.set(entity.table, entity);
      if (!entity.hidden) builder.indexEntity(entity, this.next, this.repeated.has(entity.table));
    }
    if (this.next < model.entities.length || this.metricsDone) return this.metricsDone;
    // one scope for every metric: a metric's identity is its table and name
    builder.startElement();
    model.metrics.forEach((metric, owner) => {
      if (this.entities.get(metric.table)?.hidden === true) return;
      const ref = { kind: KIND.metric, owner, item: 0, sub: 0 };
      builder.add(metric.name, ref, 'name');
      for (const s of metric.synonyms) builder.add(s, ref, 'synonym');
    });
    this.metricsDone = true;
    return true;
  }

  /** Indexes what is left and returns the index. */
  finish(): LookupIndex {
    this.step(Number.POSITIVE_INFINITY);
    return new LookupIndex(this.builder);
  }
}

/**
 * The phrase index of a {@link SemanticModel}, compact: every (phrase, element, way) entry is a few integers
 * in typed arrays (the element is a position in the model, made into an object only when a question
 * matches it), and each phrase key and typo surface maps to a typed array of entry ids. Built once per
 * model; the phrase keys of a text are computed once per distinct text (column names and values recur
 * across thousands of tables).
 */
export class LookupIndex {
  /** Entry ids of each phrase key: one id as a number (most keys), more as a typed array. */
  private readonly keys = new Map<string, EntryIds>();
  private readonly surfaceMap = new Map<number, Map<string, EntryIds>>();
  private readonly kinds: Uint8Array;
  private readonly vias: Uint8Array;
  private readonly owners: Int32Array;
  private readonly items: Int32Array;
  private readonly subs: Int32Array;
  private readonly phrases: string[];

  /** The index a finished {@link LookupIndexBuild} made (see {@link LookupIndexBuild.finish}). */
  constructor(builder: IndexBuilder) {
    for (const [key, list] of builder.keys) this.keys.set(key, compactIds(list));
    for (const [length, bySurface] of builder.surfaces) {
      const out = new Map<string, EntryIds>();
      for (const [surface, list] of bySurface) out.set(surface, compactIds(list));
      this.surfaceMap.set(length, out);
    }
    this.kinds = Uint8Array.from(builder.kinds);
    this.vias = Uint8Array.from(builder.vias);
    this.owners = builder.owners.done();
    this.items = builder.items.done();
    this.subs = builder.subs.done();
    this.phrases = builder.phrases;
  }

  /** Ids of the entries of a phrase key (`wordKey` of each word, joined by spaces). */
  entries(key: string): Iterable<number> | undefined {
    const ids = this.keys.get(key);
    return ids === undefined ? undefined : entryIds(ids);
  }

  /** Indexed surfaces (lower-case words joined by spaces) of one length, with their entry ids. */
  surfaces(length: number): ReadonlyMap<string, EntryIds> | undefined {
    return this.surfaceMap.get(length);
  }

  /** How an entry names its element. */
  via(id: number): IndexedVia {
    return VIAS[this.vias[id]];
  }

  /** The phrase an entry was indexed by (lower case). */
  phrase(id: number): string {
    return this.phrases[id];
  }

  /** Kind of an entry's element. */
  kind(id: number): ElementRef['kind'] {
    return ELEMENT_KINDS[this.kinds[id]];
  }

  /** Index of an entry's entity (or metric) in the model. */
  owner(id: number): number {
    return this.owners[id];
  }

  /** Index of an entry's item in its entity. */
  item(id: number): number {
    return this.items[id];
  }

  /** Index of an entry's state or value in its item. */
  sub(id: number): number {
    return this.subs[id];
  }

  /** Where an entry's element is in the model. */
  ref(id: number): ElementRef {
    return {
      kind: ELEMENT_KINDS[this.kinds[id]],
      owner: this.owners[id],
      item: this.items[id],
      sub: this.subs[id],
    };
  }
}

const GENERIC_HEADS = new Set(
  'history record log type detail info information data item line entry map link status list summary'.split(
    ' ',
  ),
);

/** What an indexed text is matched by: its phrase key, typo surface and lower-case form (one per text). */
interface IndexedText {
  key: string;
  surface: string;
  typo: boolean;
  lower: string;
}

interface NumericRef {
  kind: number;
  owner: number;
  item: number;
  sub: number;
}

/** Builds the arrays of a {@link LookupIndex}; thrown away after. */
class IndexBuilder {
  readonly keys = new Map<string, number[]>();
  readonly surfaces = new Map<number, Map<string, number[]>>();
  readonly kinds: number[] = [];
  readonly vias: number[] = [];
  readonly owners = new IntList();
  readonly items = new IntList();
  readonly subs = new IntList();
  readonly phrases: string[] = [];
  /** Key and surface of each distinct text indexed (null: not indexable). */
  private readonly texts = new Map<string, IndexedText | null>();
  /**
   * Phrase-element pairs indexed for the current owner when it is a table several entities name (see
   * {@link startElement}); null for any other owner, whose duplicates are found among the owner's own entries
   * at the end of the phrase's list.
   */
  private added: Set<string> | null = null;
  /** The owner scope of each entry (see {@link startElement}). */
  private readonly scopes = new IntList();
  private scope = 0;
  /** The scopes of tables that more than one entity names (their elements share identities). */
  private readonly shared = new Map<string, Set<string>>();

  constructor(
    private readonly model: SemanticModel,
    private readonly maxPhraseWords: number,
  ) {}

  /**
   * Starts the entries of a new owner (an entity, or all metrics): duplicates of a (phrase, way, element)
   * are only possible within one owner, as an element's identity includes its table (`sharedBy`: a table
   * several entities name, whose entries share one scope).
   */
  startElement(sharedBy?: string): void {
    this.scope++;
    if (sharedBy === undefined) {
      this.added = null;
      return;
    }
    const scope = this.shared.get(sharedBy) ?? new Set<string>();
    this.shared.set(sharedBy, scope);
    this.added = scope;
  }

  indexEntity(entity: Entity, owner: number, repeatedTable: boolean): void {
    this.startElement(repeatedTable ? entity.table : undefined);
    const hidden = new Set(entity.hiddenColumns);
    const ref = (kind: number, item = 0, sub = 0): NumericRef => ({ kind, owner, item, sub });
    const self = ref(KIND.entity);
    this.add(entity.name, self, 'name');
    this.add(entity.plural, self, 'name');
    for (const s of entity.synonyms) this.add(s, self, 'synonym');
    const nameWords = entity.name.split(' ');
    const head = nameWords[nameWords.length - 1];
    if (nameWords.length > 1 && !GENERIC_HEADS.has(head)) this.add(head, self, 'head');
    const named = (item: { column: string; name: string; synonyms: readonly string[] }, r: NumericRef) => {
      if (hidden.has(item.column)) return;
      this.add(item.name, r, 'name');
      for (const s of item.synonyms) this.add(s, r, 'synonym');
    };
    entity.measures.forEach((m, i) => named(m, ref(KIND.measure, i)));
    entity.timeDimensions.forEach((t, i) => named(t, ref(KIND.timeDimension, i)));
    entity.dimensions.forEach((dimension, i) => {
      named(dimension, ref(KIND.dimension, i));
      if (hidden.has(dimension.column)) return;
      dimension.values.forEach((value, v) => {
        if (isIndexableValue(value)) this.add(value, ref(KIND.value, i, v), 'value');
      });
    });
    entity.flags.forEach((flag, i) => {
      if (hidden.has(flag.column)) return;
      if (flag.kind !== 'status') named(flag, ref(KIND.flag, i));
      flag.states.forEach((state, s) => {
        const r = ref(KIND.flagState, i, s);
        this.add(state.label, r, 'name');
        for (const x of state.synonyms) this.add(x, r, 'synonym');
        for (const e of state.eventWords ?? []) this.add(e, r, 'event');
      });
    });
  }

  add(phrase: string, ref: NumericRef, via: IndexedVia): void {
    const text = this.textOf(phrase);
    if (text === null) return;
    const viaCode = VIAS.indexOf(via);
    const keyList = this.keys.get(text.key);
    let bySurface = text.typo ? this.surfaces.get(text.surface.length) : undefined;
    const surfaceList = bySurface?.get(text.surface);
    let toIndex: boolean;
    let toSurface: boolean;
    const added = this.added;
    if (added === null) {
      toIndex = !this.indexedInScope(keyList, ref, viaCode);
      toSurface = text.typo && !this.indexedInScope(surfaceList, ref, -1);
    } else {
      const id = this.identity(ref);
      const indexed = `${text.key}\u0000${via}\u0000${id}`;
      const surfaced = `\u0001${text.surface}\u0000${id}`;
      toIndex = !added.has(indexed);
      toSurface = text.typo && !added.has(surfaced);
      if (toIndex) added.add(indexed);
      if (toSurface) added.add(surfaced);
    }
    if (!toIndex && !toSurface) return;
    const entry = this.kinds.length;
    this.kinds.push(ref.kind);
    this.vias.push(viaCode);
    this.owners.push(ref.owner);
    this.items.push(ref.item);
    this.subs.push(ref.sub);
    this.scopes.push(this.scope);
    this.phrases.push(text.lower);
    if (toIndex) {
      if (keyList === undefined) this.keys.set(text.key, [entry]);
      else keyList.push(entry);
    }
    if (toSurface) {
      if (bySurface === undefined) {
        bySurface = new Map();
        this.surfaces.set(text.surface.length, bySurface);
      }
      if (surfaceList === undefined) bySurface.set(text.surface, [entry]);
      else surfaceList.push(entry);
    }
  }

  /**
   * True when the list holds an entry of the current scope for the same element (by identity, as
   * `elementKey` says) and, when `viaCode` is not -1, the same way: the scope's entries are the list's last.
   */
  private indexedInScope(list: readonly number[] | undefined, ref: NumericRef, viaCode: number): boolean {
    if (list === undefined) return false;
    let identity: string | undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i];
      if (this.scopes.at(e) !== this.scope) return false;
      if ((viaCode !== -1 && this.vias[e] !== viaCode) || this.kinds[e] !== ref.kind) continue;
      const other = {
        kind: ref.kind,
        owner: this.owners.at(e),
        item: this.items.at(e),
        sub: this.subs.at(e),
      };
      if (other.owner === ref.owner && other.item === ref.item && other.sub === ref.sub) return true;
      identity ??= this.identity(ref);
      if (this.identity(other) === identity) return true;
    }
    return false;
  }

  private textOf(phrase: string): IndexedText | null {
    const known = this.texts.get(phrase);
    if (known !== undefined) return known;
    const words = textWords(phrase);
    const text =
      words.length === 0 || words.length > this.maxPhraseWords
        ? null
        : (() => {
            const surface = words.join(' ');
            return {
              key: words.map(wordKey).join(' '),
              surface,
              typo: typoAllowance(surface.length) > 0,
              lower: phrase.toLowerCase(),
            };
          })();
    this.texts.set(phrase, text);
    return text;
  }

  /** The element's identity within its owner (what `elementKey` says beyond the table). */
  private identity(ref: NumericRef): string {
    const { model } = this;
    switch (ref.kind) {
      case KIND.entity:
        return 'e';
      case KIND.metric:
        return `m:${model.metrics[ref.owner].table}:${model.metrics[ref.owner].name}`;
      default: {
        const entity = model.entities[ref.owner];
        switch (ref.kind) {
          case KIND.measure:
            return `me:${entity.measures[ref.item].column}`;
          case KIND.timeDimension:
            return `t:${entity.timeDimensions[ref.item].column}`;
          case KIND.dimension:
            return `d:${entity.dimensions[ref.item].column}`;
          case KIND.flag:
            return `f:${entity.flags[ref.item].column}`;
          case KIND.flagState:
            return `s:${entity.flags[ref.item].column}:${entity.flags[ref.item].states[ref.sub].label}`;
          default:
            return `v:${entity.dimensions[ref.item].column}:${entity.dimensions[ref.item].values[ref.sub]}`;
        }
      }
    }
  }
}

/** A value worth matching in questions: has a letter, is not a function word, is not a lone letter. */
function isIndexableValue(value: string): boolean {
  const words = textWords(value);
  return words.length > 0 && /\p{L}/u.test(value) && value.trim().length > 1 && !words.every(isFunctionWord);
}
