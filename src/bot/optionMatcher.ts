import type { ClarificationOption } from '../pipeline/types';
import { conservativeStem, FUNCTION_WORDS, words as tokens, WordRelations } from '../text';

/** Which clarification option a typed reply picks, if any. */
export type OptionMatch = { kind: 'option'; index: number } | { kind: 'unmatched' };

/** Ordinal words and numbers; `-1` means the last option. */
const ORDINALS: ReadonlyMap<string, number> = new Map([
  ...(
    [
      ['first', '1st', 'one', 'former', 'top'],
      ['second', '2nd', 'two'],
      ['third', '3rd', 'three'],
      ['fourth', '4th', 'four'],
      ['fifth', '5th', 'five'],
      ['sixth', '6th', 'six'],
      ['seventh', '7th', 'seven'],
      ['eighth', '8th', 'eight'],
      ['ninth', '9th', 'nine'],
      ['tenth', '10th', 'ten'],
    ] as const
  ).flatMap((names, index) => names.map((name): [string, number] => [name, index])),
  ['last', -1],
  ['latter', -1],
  ['bottom', -1],
]);

/**
 * A reply that picks by position: "2", "the second one", "option 3", "#1", "I'll take the last one".
 * The ordinal (word or number) is the named group `ord`.
 */
const ORDINAL_REPLY =
  /^(?:(?:i(?:'ll|\s+will|'d|\s+would)?\s+)?(?:go\s+(?:with|for)|take|pick|choose|want|mean|meant|select|use|like)\s+)?(?:the\s+)?(?:(?:option|choice|number|no\.?|#)\s*)?(?<ord>\d+|[a-z0-9]+)(?:\s+(?:one|option|choice|table|reading|please))*$/i;

/** Words that carry no meaning about which option is meant: function words and the words of a reply. */
const FILLER: ReadonlySet<string> = new Set([
  ...FUNCTION_WORDS,
  ...'one ones im mean meant want option choice table tables pick take go use data ok okay like let lets'.split(
    ' ',
  ),
]);

/** Edit distance with adjacent transpositions (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...new Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** How well a reply word matches an option word, 0..1: exact, same stem, prefix, or a typo away. */
function similarity(word: string, target: string): number {
  if (word === target) return 1;
  if (conservativeStem(word) === conservativeStem(target)) return 0.95;
  const shorter = Math.min(word.length, target.length);
  if (shorter >= 4 && (target.startsWith(word) || word.startsWith(target))) return 0.8;
  if (shorter >= 4) {
    const distance = editDistance(word, target);
    if (distance === 1) return 0.8;
    if (distance === 2 && shorter >= 7) return 0.7;
  }
  return 0;
}

/**
 * Meaning links for a reply word no option spells ("the ones she wrote" for an author option): nouns and
 * verbs, one synonym or derivation step in WordNet. Loaded on first use.
 */
let relations: WordRelations | null | undefined;
function related(word: string, target: string): number {
  if (relations === undefined) {
    try {
      relations = new WordRelations({ pos: ['n', 'v'], maxSenses: 8, lemmaSenses: 'any-pos' });
    } catch {
      relations = null;
    }
  }
  if (relations === null || word.length < 3 || target.length < 3) return 0;
  try {
    return relations.relate(word, target);
  } catch {
    return 0;
  }
}

/** The words that describe an option: its label, its tables' names and its column. */
function optionWords(option: ClarificationOption): string[] {
  return [...new Set(tokens([option.label, ...option.tables, option.column ?? ''].join(' ')))];
}

/** The option a reply names by position, or null. */
function byPosition(reply: string, count: number): number | null {
  const ord = ORDINAL_REPLY.exec(reply.trim().replace(/[\s.!?]+$/, ''))?.groups?.ord?.toLowerCase();
  if (ord === undefined) return null;
  const index = /^\d+$/.test(ord) ? Number(ord) - 1 : ORDINALS.get(ord);
  if (index === undefined) return null;
  const resolved = index === -1 ? count - 1 : index;
  return resolved >= 0 && resolved < count ? resolved : null;
}

/**
 * Matches a typed reply to a clarification option: the exact label (what a text button sends), a position
 * ("the second one", "2", "first", "the last one"), or the words of an option ("online", "onlin",
 * "store orders") when they point to one option clearly more than to the others.
 */
export function matchOption(reply: string, options: ClarificationOption[]): OptionMatch {
  const text = reply.trim();
  if (options.length === 0 || text.length === 0) return { kind: 'unmatched' };
  const exact = options.findIndex((o) => o.label.trim().toLowerCase() === text.toLowerCase());
  if (exact >= 0) return { kind: 'option', index: exact };
  const position = byPosition(text, options.length);
  if (position !== null) return { kind: 'option', index: position };

  const words = tokens(text).filter((t) => !FILLER.has(t));
  if (words.length === 0) return { kind: 'unmatched' };
  const vocab = options.map(optionWords);
  // Per option: the summed best similarity of each reply word, and how many reply words it explains.
  // a reply word no option spells (not even as a typo) may name one by meaning ("wrote" for a composer)
  const spelled = words.map((w) => vocab.some((targets) => targets.some((t) => similarity(w, t) > 0)));
  const scored = vocab.map((targets, index) => {
    const sims = words.map((w, i) =>
      Math.max(0, ...targets.map((t) => (spelled[i] ? similarity(w, t) : related(w, t)))),
    );
    return { index, score: sims.reduce((a, b) => a + b, 0), covered: sims.filter((s) => s > 0).length };
  });
  scored.sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  const margin = best.score - (second?.score ?? 0);
  if (best.score >= 0.7 && margin >= 0.5 && best.covered / words.length >= 0.5) {
    return { kind: 'option', index: best.index };
  }
  return { kind: 'unmatched' };
}
