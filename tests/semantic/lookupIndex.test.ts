import {
  deriveSemanticModel,
  elementKey,
  SemanticLookup,
  type Entity,
  type SemanticModel,
} from '../../src/semantic';
import { phraseKey } from '../../src/semantic/language';
import { smallCatalog } from './catalogFixture';

/** Every (phrase → element keys) a straightforward index of the model holds, in indexing order. */
function referenceIndex(model: SemanticModel): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const add = (phrase: string, key: string) => {
    if (phraseKey(phrase) === '') return;
    const list = index.get(phrase) ?? [];
    if (!list.includes(key)) list.push(key);
    index.set(phrase, list);
  };
  const entityPhrases = (e: Entity) => {
    const hidden = new Set(e.hiddenColumns);
    const items = [
      ...e.measures.map((m) => ['measure', m] as const),
      ...e.timeDimensions.map((t) => ['timeDimension', t] as const),
      ...e.dimensions.map((d) => ['dimension', d] as const),
      ...e.flags.filter((f) => f.kind !== 'status').map((f) => ['flag', f] as const),
    ];
    for (const [kind, item] of items) {
      if (hidden.has(item.column)) continue;
      for (const p of [item.name, ...item.synonyms]) add(p, `${kind}:${e.table}:${item.column}`);
    }
  };
  for (const e of model.entities) {
    if (e.hidden) continue;
    for (const p of [e.name, e.plural, ...e.synonyms]) add(p, `entity:${e.table}`);
    entityPhrases(e);
  }
  return index;
}

describe('SemanticLookup over the compact phrase index', () => {
  const model = deriveSemanticModel(smallCatalog('a'));
  const lookup = new SemanticLookup(model);

  it('finds every name and synonym of every element, as a plain index of the model does', () => {
    const reference = referenceIndex(model);
    expect(reference.size).toBeGreaterThan(5);
    for (const [phrase, keys] of reference) {
      const found = lookup.lookup(phrase).map(elementKey);
      for (const k of keys) expect(found).toContain(k);
    }
  });

  it('makes elements that point into the model itself', () => {
    const entity = model.entities.find((e) => !e.hidden) as Entity;
    const [element] = lookup.lookup(entity.name).filter((e) => e.kind === 'entity');
    expect(element).toEqual({ kind: 'entity', entity });
    expect(element.kind === 'entity' && element.entity).toBe(entity);
  });

  it('reads a question the same way twice and from a second lookup over the same model', () => {
    const question = `how many ${model.entities[0].plural} by ${model.entities[0].dimensions[0]?.name ?? 'name'}`;
    const read = (l: SemanticLookup) =>
      l.resolve(question).cover.map((m) => [m.start, m.end, elementKey(m.element), m.via, m.score]);
    expect(read(lookup)).toEqual(read(new SemanticLookup(model)));
    expect(read(lookup).length).toBeGreaterThan(0);
  });

  it('answers alike when the index is built in the background, step by step, or on first need', async () => {
    const read = (l: SemanticLookup, q: string) =>
      JSON.stringify(
        l.resolve(q).matches.map((m) => [m.start, m.end, m.matched, elementKey(m.element), m.via, m.score]),
      );
    const questions = model.entities.flatMap((e) => [
      `total ${e.measures[0]?.name ?? e.name} of ${e.plural} by ${e.dimensions[0]?.name ?? 'month'}`,
      `${e.plural.replace(/.$/, 'x')} with ${e.dimensions[0]?.values[0] ?? 'none'}`,
    ]);
    const stepped = new SemanticLookup(model, { deferIndex: true });
    expect(stepped.warmed).toBe(false);
    await stepped.warm(1);
    expect(stepped.warmed).toBe(true);
    const onFirstNeed = new SemanticLookup(model, { deferIndex: true });
    for (const q of questions) {
      expect(read(stepped, q)).toBe(read(lookup, q));
      expect(read(onFirstNeed, q)).toBe(read(lookup, q));
    }
  });
});

describe('SemanticLookup readings shared by the steps of an answer', () => {
  const model = deriveSemanticModel(smallCatalog('a'));

  it('returns one read-only reading per text, the same as a fresh lookup reads', () => {
    const lookup = new SemanticLookup(model);
    const question = 'how many staff in Sales were hired, and their dept';
    const reading = lookup.resolve(question);
    expect(lookup.resolve(question)).toBe(reading);
    expect(Object.isFrozen(reading.cover)).toBe(true);
    expect(Object.isFrozen(reading.matches)).toBe(true);
    expect(() => (reading.matches as unknown[]).push(reading.matches[0])).toThrow(TypeError);
    const fresh = new SemanticLookup(model).resolve(question);
    const shape = (r: typeof reading) =>
      r.matches.map((m) => [m.start, m.end, m.text, elementKey(m.element), m.via, m.score]);
    expect(shape(reading)).toEqual(shape(fresh));
    expect(reading.cover.length).toBeGreaterThan(0);
  });

  it('orders matches by start, longest first, best score first, and covers without overlap', () => {
    const lookup = new SemanticLookup(model);
    const reading = lookup.resolve('staff hired by dept Sales Support and Finance');
    for (let i = 1; i < reading.matches.length; i++) {
      const a = reading.matches[i - 1];
      const b = reading.matches[i];
      const order = a.start - b.start || b.end - b.start - (a.end - a.start) || b.score - a.score;
      expect(order).toBeLessThanOrEqual(0);
    }
    const spans = [...new Set(reading.cover.map((m) => `${m.start}:${m.end}`))].map((s) =>
      s.split(':').map(Number),
    );
    for (const [s1, e1] of spans)
      for (const [s2, e2] of spans) if (s1 !== s2) expect(e1 <= s2 || e2 <= s1).toBe(true);
  });
});
