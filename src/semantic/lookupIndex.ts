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

/**
 * The entries of one phrase key or surface while the index is built: the last one, each earlier one found
 * through the builder's per-entry link to the previous entry of the same chain (no array per key).
 */
interface EntryChain {
  tail: number;
  count: number;
}

/** The ids of a chain in the order added, `previous` linking each entry to the one before it. */
function compactIds(chain: EntryChain, previous: IntList): EntryIds {
  if (chain.count === 1) return chain.tail;
  const ids = new Int32Array(chain.count);
  for (let i = chain.count - 1, e = chain.tail; i >= 0; i--, e = previous.at(e)) ids[i] = e;
  return ids;
}

/** A growable list of integers that ends as an exact-size typed array of its kind. */
class GrowingList<A extends Int32Array | Uint8Array> {
  private data: A;
  length = 0;
  constructor(private readonly make: (size: number) => A) {
    this.data = make(1024);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  at(i: number): number {
    return this.data[i];
  }
  done(): A {
    return this.data.subarray(0, this.length).slice() as A;
  }
}

/** A growable Int32 list (entry ids, owners, items). */
class IntList extends GrowingList<Int32Array> {
  constructor() {
    super((size) => new Int32Array(size));
  }
}

/** A growable Uint8 list (small codes: kinds, ways). */
class ByteList extends GrowingList<Uint8Array> {
  constructor() {
    super((size) => new Uint8Array(size));
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
    // one scope for every metric: a metric's identity is its table and name (thousands of metrics share
    // their words: the scope's entries are told apart by a set, not by going through the phrase's list)
    builder.startElement(undefined, true);
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
  /** Each entry's phrase, as a position in {@link texts}. */
  private readonly phraseIds: Int32Array;
  /** The distinct phrases indexed (lower case). */
  private readonly texts: readonly string[];

  /** The index a finished {@link LookupIndexBuild} made (see {@link LookupIndexBuild.finish}). */
  constructor(builder: IndexBuilder) {
    for (const [key, chain] of builder.keys) this.keys.set(key, compactIds(chain, builder.previousInKey));
    for (const [length, bySurface] of builder.surfaces) {
      const out = new Map<string, EntryIds>();
      for (const [surface, chain] of bySurface)
        out.set(surface, compactIds(chain, builder.previousInSurface));
      this.surfaceMap.set(length, out);
    }
    this.kinds = builder.kinds.done();
    this.vias = builder.vias.done();
    this.owners = builder.owners.done();
    this.items = builder.items.done();
    this.subs = builder.subs.done();
    this.phraseIds = builder.phraseIds.done();
    this.texts = builder.lowers;
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
    return this.texts[this.phraseIds[id]];
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

/**
 * What an indexed text is matched by: its phrase key, typo surface and lower-case form (one per text), with
 * the entry lists of its key and surface (shared by every text of the same key or surface), so indexing a
 * text again looks up neither.
 */
interface IndexedText {
  key: string;
  surface: string;
  typo: boolean;
  /** Position of the lower-case form in {@link IndexBuilder.lowers}. */
  lower: number;
  /** The entries of the key (none until the first is added). */
  keyList: EntryChain;
  /** The entries of the surface when a typo of it is matched (none until the first is added). */
  surfaceList: EntryChain | undefined;
}

interface NumericRef {
  kind: number;
  owner: number;
  item: number;
  sub: number;
}

/** Builds the arrays of a {@link LookupIndex}; thrown away after. */
class IndexBuilder {
  readonly keys = new Map<string, EntryChain>();
  readonly surfaces = new Map<number, Map<string, EntryChain>>();
  /** Each entry's previous entry of the same key (-1: none, or not under a key). */
  readonly previousInKey = new IntList();
  /** Each entry's previous entry of the same surface (-1: none, or not under a surface). */
  readonly previousInSurface = new IntList();
  readonly kinds = new ByteList();
  readonly vias = new ByteList();
  readonly owners = new IntList();
  readonly items = new IntList();
  readonly subs = new IntList();
  /** Each entry's phrase (a position in {@link lowers}). */
  readonly phraseIds = new IntList();
  /** The distinct lower-case phrases, in the order first met. */
  readonly lowers: string[] = [];
  private readonly lowerIds = new Map<string, number>();
  /** The lists of keys and surfaces met that have no entry yet (an entry moves them into the maps). */
  private readonly keyLists = new Map<string, EntryChain>();
  private readonly surfaceLists = new Map<string, EntryChain>();
  /** The key of each word met (see {@link wordKeyOf}). */
  private readonly wordKeys = new Map<string, string>();
  /** Whether each value met is worth indexing (see {@link indexableValue}). */
  private readonly indexable = new Map<string, boolean>();
  /** Key and surface of each distinct text indexed (null: not indexable). */
  private readonly texts = new Map<string, IndexedText | null>();
  /**
   * Phrase-element pairs indexed for the current owner when it is a table several entities name or the
   * metrics (see {@link startElement}); null for any other owner, whose duplicates are found among the owner's own entries
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
   * several entities name, whose entries share one scope; `large`: a scope of many elements, whose entries
   * are told apart by a set).
   */
  startElement(sharedBy?: string, large = false): void {
    this.scope++;
    if (large) {
      this.added = new Set<string>();
      return;
    }
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
        if (this.indexableValue(value)) this.add(value, ref(KIND.value, i, v), 'value');
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
    const { keyList, surfaceList } = text;
    let toIndex: boolean;
    let toSurface: boolean;
    const added = this.added;
    if (added === null) {
      toIndex = !this.indexedInScope(keyList, this.previousInKey, ref, viaCode);
      toSurface =
        surfaceList !== undefined && !this.indexedInScope(surfaceList, this.previousInSurface, ref, -1);
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
    this.phraseIds.push(text.lower);
    // a key's (or surface's) chain goes into the map with its first entry, in the order entries come
    if (toIndex) {
      if (keyList.count === 0) this.keys.set(text.key, keyList);
      this.previousInKey.push(keyList.tail);
      keyList.tail = entry;
      keyList.count++;
    } else this.previousInKey.push(-1);
    if (toSurface && surfaceList !== undefined) {
      if (surfaceList.count === 0) {
        let bySurface = this.surfaces.get(text.surface.length);
        if (bySurface === undefined) {
          bySurface = new Map();
          this.surfaces.set(text.surface.length, bySurface);
        }
        bySurface.set(text.surface, surfaceList);
      }
      this.previousInSurface.push(surfaceList.tail);
      surfaceList.tail = entry;
      surfaceList.count++;
    } else this.previousInSurface.push(-1);
  }

  /**
   * True when the list holds an entry of the current scope for the same element (by identity, as
   * `elementKey` says) and, when `viaCode` is not -1, the same way: the scope's entries are the list's last.
   */
  private indexedInScope(chain: EntryChain, previous: IntList, ref: NumericRef, viaCode: number): boolean {
    for (let e = chain.tail; e >= 0; e = previous.at(e)) {
      if (this.scopes.at(e) !== this.scope) return false;
      if ((viaCode !== -1 && this.vias.at(e) !== viaCode) || this.kinds.at(e) !== ref.kind) continue;
      if (this.sameIdentity(ref, this.owners.at(e), this.items.at(e), this.subs.at(e))) return true;
    }
    return false;
  }

  /**
   * Whether the element at (`owner`, `item`, `sub`) of `ref`'s kind has `ref`'s {@link identity}, compared
   * without making either (the elements of a scope's entries are compared for every entry added).
   */
  private sameIdentity(ref: NumericRef, owner: number, item: number, sub: number): boolean {
    if (ref.owner === owner && ref.item === item && ref.sub === sub) return true;
    const { model } = this;
    switch (ref.kind) {
      case KIND.entity:
        return true;
      case KIND.metric: {
        const a = model.metrics[ref.owner];
        const b = model.metrics[owner];
        return a.table === b.table && a.name === b.name;
      }
      default: {
        const x = model.entities[ref.owner];
        const y = model.entities[owner];
        switch (ref.kind) {
          case KIND.measure:
            return x.measures[ref.item].column === y.measures[item].column;
          case KIND.timeDimension:
            return x.timeDimensions[ref.item].column === y.timeDimensions[item].column;
          case KIND.dimension:
            return x.dimensions[ref.item].column === y.dimensions[item].column;
          case KIND.flag:
            return x.flags[ref.item].column === y.flags[item].column;
          case KIND.flagState: {
            const a = x.flags[ref.item];
            const b = y.flags[item];
            return a.column === b.column && a.states[ref.sub].label === b.states[sub].label;
          }
          default: {
            const a = x.dimensions[ref.item];
            const b = y.dimensions[item];
            return a.column === b.column && a.values[ref.sub] === b.values[sub];
          }
        }
      }
    }
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
            const key = words.map((word) => this.wordKeyOf(word)).join(' ');
            const typo = typoAllowance(surface.length) > 0;
            return {
              key,
              surface,
              typo,
              lower: this.lowerId(phrase.toLowerCase()),
              keyList: this.keys.get(key) ?? this.keyLists.get(key) ?? this.newList(this.keyLists, key),
              surfaceList: typo ? this.surfaceListOf(surface) : undefined,
            };
          })();
    this.texts.set(phrase, text);
    return text;
  }

  /** `wordKey` of a word, once per distinct word (a catalog's names are made of a few hundred words). */
  private wordKeyOf(word: string): string {
    let key = this.wordKeys.get(word);
    if (key === undefined) this.wordKeys.set(word, (key = wordKey(word)));
    return key;
  }

  /** {@link isIndexableValue}, once per distinct value (profiled values recur across thousands of tables). */
  private indexableValue(value: string): boolean {
    let known = this.indexable.get(value);
    if (known === undefined) this.indexable.set(value, (known = isIndexableValue(value)));
    return known;
  }

  /** Position of a lower-case phrase in {@link lowers}. */
  private lowerId(lower: string): number {
    let id = this.lowerIds.get(lower);
    if (id === undefined) {
      id = this.lowers.length;
      this.lowers.push(lower);
      this.lowerIds.set(lower, id);
    }
    return id;
  }

  /** An empty chain for `key` in `lists` (a key or surface met before its first entry). */
  private newList(lists: Map<string, EntryChain>, key: string): EntryChain {
    const chain: EntryChain = { tail: -1, count: 0 };
    lists.set(key, chain);
    return chain;
  }

  /** The entry list of a typo surface (in {@link surfaces} once it has an entry). */
  private surfaceListOf(surface: string): EntryChain {
    return (
      this.surfaces.get(surface.length)?.get(surface) ??
      this.surfaceLists.get(surface) ??
      this.newList(this.surfaceLists, surface)
    );
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
