import type { Cue } from '../cuePatterns';
import type { SchemaTable } from '../schemaModel';
import type { Mention, SchemaMention } from '../schemaLinker';
import { BOUNDARY_WORDS, NON_BOUNDARY_WORDS } from '../interpreterWords';
import { ReadingState, isCue } from './readingState';

/** Cues whose words a schema mention explains (`max` in "max temperature", "first name") are not cues. */
export function dropOverlappedCues(s: ReadingState): void {
  s.cues = s.cues.filter((c) => {
    const overlapping = s.mentions.filter((m) => m.start < c.end && c.start < m.end);
    if (overlapping.length === 0) return true;
    if (
      c.numberIndex !== undefined &&
      overlapping.every((m) => m.kind === 'value' && m.start === c.numberIndex)
    )
      return true;
    // "the total budget" linked to budget_amt through total~amount: still a sum.
    if (c.soft && isCue(c, 'aggregate') && overlapping.length === 1) {
      const m = overlapping[0];
      if (m.kind === 'schema' && m.start === c.start && m.end > c.end) {
        m.start = c.end;
        return true;
      }
      // "total" alone, matched to an amount column only as a synonym, or followed by the thing totalled
      // ("the total amount of money" over a `total` column): the word is the aggregate.
      const nextMention = s.mentions.find(
        (x) => x.start >= c.end && x.start <= c.end + 1 && x.kind === 'schema',
      );
      if (
        m.kind === 'schema' &&
        m.start === c.start &&
        m.end === c.end &&
        ((m.columns[0]?.score ?? 0) < 1 || nextMention)
      ) {
        s.used.add(m);
        return true;
      }
    }
    return false;
  });
}

export function detectFrame(s: ReadingState): void {
  const first = s.cues.find((c) => c.start <= 2);
  const firstWord = s.tokens.find((t) => t.kind === 'word');
  if (first && isCue(first, 'count') && first.start <= 1) s.frame = 'count';
  else if (firstWord && ['which', 'what'].includes(firstWord.lower)) s.frame = 'which';
  else if (firstWord?.lower === 'when') s.frame = 'when';
  else if (firstWord?.lower === 'where') s.frame = 'where';
  else if (s.cues.some((c) => isCue(c, 'question') && c.meaning.word === 'how-much' && c.start <= 1))
    s.frame = 'how-much';
  if (s.frame === 'count' || s.cues.some((c) => isCue(c, 'count') && c.start <= 3)) s.frame = 'count';
  if (s.cues.some((c) => isCue(c, 'all-columns'))) s.allColumns = true;
}

/** The select region: from the question word to the first clause boundary after the first mention. */
export function computeSelectRegion(s: ReadingState): void {
  const tokens = s.tokens;
  let start = 0;
  // "For each X, ..." / "In each X, ...": the asked-for phrase comes after the comma.
  const lead = s.cues.find((c) => isCue(c, 'group') && c.start <= 1);
  if (lead) {
    const comma = tokens.findIndex((t, i) => i > lead.end && t.text === ',');
    if (comma > 0 && comma < tokens.length - 2) start = comma + 1;
  }
  // "Which apartments have code X? Give me their numbers.": a later sentence that asks states the select list.
  const stops = tokens.filter(
    (t, i) => (t.text === '?' || t.text === '.' || t.text === ';') && i < tokens.length - 2,
  );
  for (const stop of stops.reverse()) {
    const next = tokens[stop.index + 1];
    const asks =
      next &&
      next.kind === 'word' &&
      /^(what|which|give|list|show|return|find|tell|display|who|how|name|report|provide|include)$/i.test(
        next.text,
      );
    const hasMention = s.mentions.some((m) => m.kind === 'schema' && m.start > stop.index);
    if (asks && hasMention) {
      start = stop.index + 1;
      break;
    }
  }
  s.selectStart = start;
  let seenMention = false;
  let end = tokens.length;
  for (let i = start; i < tokens.length; i++) {
    const m = s.mentions.find((x) => x.start <= i && i < x.end);
    if (m) {
      if (m.kind === 'value' && seenMention) {
        end = i;
        break;
      }
      if (m.kind === 'schema' || valueSubject(s, m) !== null) seenMention = true;
      i = m.end - 1;
      continue;
    }
    const t = tokens[i];
    const cue = s.cueCovering(i);
    if (!seenMention) {
      if (cue && isCue(cue, 'bucket') && cue.start === i) {
        seenMention = true;
        i = cue.end - 1;
      }
      continue;
    }
    if (cue) {
      const k = cue.meaning.kind;
      if (
        [
          'relative',
          'compare',
          'group',
          'order',
          'negation',
          'period',
          'like',
          'average-reference',
          'except',
        ].includes(k)
      ) {
        end = i;
        break;
      }
      if (k === 'extreme' && !isSelectExtreme(s, cue)) {
        end = i;
        break;
      }
      continue;
    }
    if (t.kind === 'word' && (BOUNDARY_WORDS.has(t.lower) || !t.stop) && !NON_BOUNDARY_WORDS.has(t.lower)) {
      if (t.lower === 'with' && ['together', 'along'].includes(tokens[i - 1]?.lower ?? '')) continue;
      end = i;
      break;
    }
  }
  s.selectEnd = end;
}

export function isSelectExtreme(s: ReadingState, cue: Cue): boolean {
  const prev = s.tokens[cue.start - 1];
  if (prev && [',', 'and'].includes(prev.lower)) return true;
  return !!prev && ['the', 'of'].includes(prev.lower) && s.mentionBefore(cue.start, 1) === undefined;
}

export function computeFocus(s: ReadingState): void {
  const schema = s.schemaMentions();
  for (const m of schema) {
    const t = s.mentionTable(m);
    if (t && (s.isTableMention(m) || m.columns.some((c) => c.viaTable && c.column.table === t)))
      s.mentionedTables.add(t);
  }
  const inSelect = schema.filter((m) => s.inSelect(m.start));
  const modifier = (m: SchemaMention) => isModifierMention(s, m);
  const candidates: (SchemaTable | null)[] = [
    ...inSelect.filter((m) => s.isTableMention(m) && !modifier(m)).map((m) => s.mentionTable(m)),
    ...inSelect.flatMap((m) =>
      m.columns
        .filter((c) => c.viaTable && c.score >= 0.6)
        .slice(0, 1)
        .map((c) => c.column.table),
    ),
    ...inSelect
      .filter((m) => m.columns[0] && m.columns[0].score >= 0.6)
      .map((m) => {
        // "the names and prices of the home products": of equally good columns, the named table's.
        const best = m.columns[0];
        const own = m.tables.some((t) => t.table === best.column.table && t.score >= 0.9);
        if (own || s.mentionedTables.has(best.column.table)) return best.column.table;
        const named = m.columns.find(
          (c) => c.score >= best.score - 0.05 && s.mentionedTables.has(c.column.table),
        );
        return (named ?? best).column.table;
      }),
    ...schema.filter((m) => s.isTableMention(m)).map((m) => s.mentionTable(m)),
  ];
  let focus = candidates.find((t): t is SchemaTable => t !== null) ?? null;
  // "which <a job title> earned us the largest total": the rows holding the value are the subject.
  const valueNamed =
    s
      .valueMentions()
      .map((m) => valueSubject(s, m))
      .find((t) => t !== null) ?? null;
  if (valueNamed && inSelect.length === 0) focus = valueNamed;
  if (!focus) {
    const first = inSelect[0] ?? schema[0];
    focus = first?.columns[0]?.column.table ?? s.input.model.tables[0];
  }
  // Keep the focus inside the largest connected part of the request.
  s.focus = focus;
  const comp = s.input.graph.component(focus);
  s.component.clear();
  for (const t of comp) s.component.add(t);
}

/**
 * "which support rep ...": of two table words side by side in the select region, the first is a modifier of
 * the head noun after it when the head names its table more surely (the subject is the head's table).
 */
export function isModifierMention(s: ReadingState, m: SchemaMention): boolean {
  const score = (x: SchemaMention) => x.tables[0]?.score ?? 0;
  if (score(m) >= 0.9 || !s.isTableMention(m)) return false;
  return s
    .schemaMentions()
    .some((n) => n.start === m.end && s.inSelect(n.start) && s.isTableMention(n) && score(n) > score(m));
}

/**
 * "which sales rep ...", "which night nurse ...": a text value right after "which/what" that no noun follows
 * names rows by a category they hold (a job title, a role): the table of the one column holding it, when
 * that table has display columns, is the subject. Null otherwise.
 */
export function valueSubject(s: ReadingState, m: Mention): SchemaTable | null {
  if (s.frame !== 'which' || m.kind !== 'value' || m.type !== 'string' || m.candidates.length === 0)
    return null;
  const first = s.tokens.find((t) => t.kind === 'word');
  if (!first || m.start !== first.index + 1) return null;
  if (s.mentions.some((x) => x.kind === 'schema' && x.start === m.end)) return null;
  const tables = new Set(m.candidates.map((c) => c.column.table));
  if (tables.size !== 1) return null;
  const table = [...tables][0];
  const category = m.candidates.every((c) => !table.labelColumns.includes(c.column));
  return category && table.labelColumns.length > 0 && s.component.has(table) ? table : null;
}
