import { FirstInFirstOut } from '../../src/text/firstInFirstOut';

describe('FirstInFirstOut', () => {
  it('keeps the last keys added up to its capacity, dropping the oldest first', () => {
    const cache = new FirstInFirstOut<string, number>(3);
    for (const [i, key] of ['a', 'b', 'c', 'd', 'e'].entries()) cache.set(key, i);
    expect(cache.size).toBe(3);
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => cache.get(k))).toEqual([undefined, undefined, 2, 3, 4]);
  });

  it('updates a key it holds without dropping another, and keeps its place in the order', () => {
    const cache = new FirstInFirstOut<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    expect([cache.get('a'), cache.get('b'), cache.size]).toEqual([10, 2, 2]);
    cache.set('c', 3); // 'a' was added first
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });

  it('holds exactly the last `capacity` of many keys (the ring wraps many times)', () => {
    const cache = new FirstInFirstOut<number, number>(1000);
    for (let i = 0; i < 100_000; i++) cache.set(i, i * 2);
    expect(cache.size).toBe(1000);
    expect(cache.get(98_999)).toBeUndefined();
    expect(cache.get(99_000)).toBe(198_000);
    expect(cache.get(99_999)).toBe(199_998);
  });

  it('keeps nothing at capacity 0', () => {
    const cache = new FirstInFirstOut<string, number>(0);
    cache.set('a', 1);
    expect([cache.get('a'), cache.size]).toEqual([undefined, 0]);
  });
});
