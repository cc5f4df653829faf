import { SortedWords } from '../../src/retrieval/wordSet';

describe('sorted words', () => {
  it('answers membership as a Set of the same words does, and lists each word once', () => {
    // invented words: a lighthouse keeper's log
    const given = ['lamp', 'wick', 'fog', 'horn', 'lamp', 'keeper', 'Fog', 'éclat', 'log', 'tide', 'wick'];
    const words = new SortedWords(given);
    const set = new Set(given);
    expect(words.size).toBe(set.size);
    expect([...words].sort()).toEqual([...set].sort());
    for (const w of [...given, 'lam', 'lamps', '', 'zzz', 'a', 'fog ', 'FOG'])
      expect(words.has(w)).toBe(set.has(w));
  });

  it('holds no words', () => {
    const none = new SortedWords([]);
    expect(none.size).toBe(0);
    expect(none.has('')).toBe(false);
    expect([...none]).toEqual([]);
  });
});
