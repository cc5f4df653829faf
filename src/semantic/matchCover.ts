/**
 * The order and the cover of the phrases a question matched (`SemanticLookup.resolve`), over their spans and
 * scores only: the matches' elements are made after the cover is chosen.
 */

/** What the cover and the order of matches read of a match: its span and score. */
export interface Spanned {
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

/**
 * Matches by start, then longest first, then best score; matches equal in all three keep their order (what a
 * stable sort on those keys gives). Each span's matches are gathered first and sorted among themselves, so a
 * phrase that names thousands of elements costs one pass, not a sort of every match against every other.
 */
export function sortMatches<T extends Spanned>(matches: readonly T[]): T[] {
  const bySpan = new Map<number, T[]>();
  // spans of at most 2^16 words: a question is far shorter (MAX_QUESTION_LENGTH)
  for (const m of matches) {
    const span = m.start * 65_536 + (65_535 - (m.end - m.start));
    const list = bySpan.get(span);
    if (list === undefined) bySpan.set(span, [m]);
    else list.push(m);
  }
  const out: T[] = [];
  for (const span of [...bySpan.keys()].sort((a, b) => a - b)) {
    const list = bySpan.get(span) as T[];
    if (list.length > 1) list.sort((a, b) => b.score - a.score);
    for (const m of list) out.push(m);
  }
  return out;
}

/**
 * Greedy cover: longest phrase first, then best score; every match of the chosen span with that score is
 * kept (several tables can share a word); overlapping shorter matches are dropped. Read span by span: the
 * spans are ranked by length, then their best score, then start; a span is taken when it overlaps no span
 * taken before it, with all its matches of its best score (in the order given).
 */
export function chooseCover<T extends Spanned>(matches: readonly T[]): T[] {
  const spans = new Map<string, { start: number; end: number; best: T[] }>();
  for (const m of matches) {
    const key = `${m.start}:${m.end}`;
    const span = spans.get(key);
    if (span === undefined) spans.set(key, { start: m.start, end: m.end, best: [m] });
    else if (m.score > span.best[0].score) span.best = [m];
    else if (m.score === span.best[0].score) span.best.push(m);
  }
  const ranked = [...spans.values()].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || b.best[0].score - a.best[0].score || a.start - b.start,
  );
  const used = new Set<number>();
  const taken: typeof ranked = [];
  for (const span of ranked) {
    let overlapsTaken = false;
    for (let i = span.start; i < span.end && !overlapsTaken; i++) overlapsTaken = used.has(i);
    if (overlapsTaken) continue;
    taken.push(span);
    for (let i = span.start; i < span.end; i++) used.add(i);
  }
  return taken.sort((a, b) => a.start - b.start).flatMap((span) => span.best);
}
