import { jsonParts } from '../../src/semantic/jsonParts';

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
