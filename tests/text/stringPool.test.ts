import { StringPool } from '../../src/text';

describe('StringPool', () => {
  it('keeps the first copy of each equal string, and interns parsed JSON in place to equal values', () => {
    const pool = new StringPool();
    const text = JSON.stringify({ a: ['id', 'status', 'id'], b: { c: 'status', d: 3, e: null, f: [true] } });
    const parsed = pool.internAll(JSON.parse(text) as unknown);
    expect(parsed).toEqual(JSON.parse(text));
    expect(pool.size).toBe(2);
    const first = pool.intern(['st', 'atus'].join(''));
    expect(first).toBe('status');
    expect(pool.size).toBe(2);
  });
});
