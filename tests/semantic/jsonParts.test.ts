import { jsonParts } from '../../src/semantic/jsonParts';
import { jsonText, rememberJson } from '../../src/text';

describe('jsonParts', () => {
  const value = {
    format: 'x',
    n: 3,
    skipped: undefined,
    when: new Date('2026-01-02T03:04:05Z'),
    nested: { list: [1, 'two', null, undefined, { deep: [{ a: 'é"\\n' }] }], empty: {}, none: [] },
    entities: Array.from({ length: 50 }, (_, i) => ({ name: `e${i}`, columns: [`c${i}`, `d${i}`] })),
  };

  it.each([1, 10, 100, 1 << 20])(
    'concatenates to exactly JSON.stringify (parts of %i characters)',
    (size) => {
      for (const depth of [0, 1, 3, 8])
        expect([...jsonParts(value, size, depth)].join('')).toBe(JSON.stringify(value));
    },
  );

  it('keeps each part near the size asked for when the values below the depth are small', () => {
    const parts = [...jsonParts(value, 100, 3)];
    expect(parts.length).toBeGreaterThan(10);
    for (const p of parts) expect(p.length).toBeLessThan(200);
  });

  it('serialises scalars and empty containers like JSON.stringify', () => {
    for (const v of [null, 1, 'a', [], {}, [undefined]])
      expect([...jsonParts(v, 10)].join('')).toBe(JSON.stringify(v));
  });
});

describe('jsonParts of values remembered with their text', () => {
  it('writes a remembered value as the text it was parsed from, the others as JSON.stringify', () => {
    const text = '{"name":"kept","columns":["a","b"]}';
    const kept = rememberJson(JSON.parse(text) as { name: string }, text);
    const value = { entities: [kept, { name: 'new', columns: ['c'] }] };
    for (const depth of [1, 3, 8])
      expect([...jsonParts(value, 8, depth)].join('')).toBe(JSON.stringify(value));
    // the remembered text is what is written (a remembered value is never changed after parsing)
    const marked = rememberJson({ name: 'x' }, '{"name":"from the file"}');
    expect([...jsonParts({ list: [marked] }, 100, 3)].join('')).toBe('{"list":[{"name":"from the file"}]}');
    expect(jsonText(marked)).toBe('{"name":"from the file"}');
    expect(jsonText({ name: 'x' })).toBe('{"name":"x"}');
  });
});
