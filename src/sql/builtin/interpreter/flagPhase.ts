import { ReadingState, isCue } from './readingState';

/** Words that ask for a share of rows ("what % of", "the percentage of", "the share of"). */
const SHARE_WORDS: ReadonlySet<string> = new Set([
  '%',
  'percent',
  'percentage',
  'pct',
  'share',
  'proportion',
]);

/**
 * "what % of sessions converted", "the share of members who are VIP": a share word with a yes/no column
 * named by its word or state is the percentage of rows where the column holds (`100.0 * avg(1/0)`), not a
 * filter on it. Other conditions (periods, values) still select the rows the share is taken over.
 */
export function applyFlagShare(s: ReadingState): void {
  const share = s.tokens.find((t) => SHARE_WORDS.has(t.lower));
  if (!share) return;
  for (const m of s.schemaMentions()) {
    if (s.used.has(m) || m.start < share.index) continue;
    const best = m.columns.find((c) => s.component.has(c.column.table));
    if (!best || best.column.kind !== 'boolean' || best.score < 0.5) continue;
    // "% that did not convert" is left to the filters (a share of the opposite state is not written yet).
    if (s.cueBefore(m.start, 3, (c) => isCue(c, 'negation'))) return;
    s.used.add(m);
    s.addSelect(share.index, {
      expr: { kind: 'aggregate', fn: 'avg', column: best.column, percent: true },
    });
    s.notes.push(`percent of rows where ${best.column.name}`);
    return;
  }
}
