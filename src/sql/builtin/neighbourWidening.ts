import { edgeId } from '../../joins';
import type { CatalogTable } from '../../catalog';
import type { GenerateRequest, JoinEdge } from '../types';
import type { GeneratorAnalysis } from './builtinSqlGenerator';
import type { Cue } from './cuePatterns';
import type { QueryPlan } from './queryPlan';
import { normalizeValueText } from './schemaModel';

/*
 * The request widened by its neighbour tables (the tables a foreign key or two from the chosen ones, which
 * the pipeline passes as `neighbours`): for a negation, for a leftover word stored as a neighbour's value,
 * for a neighbour whose column the question spells or that the answered key points to; and the join edges
 * that come with them. The generator reads the question again over the widened request and keeps the
 * reading that explains more.
 */

/**
 * A negation may name rows of a table retrieval did not choose ("artists that don't have any albums" over
 * artists alone): the request's neighbour tables join the reading, after the chosen ones, so the anti-join
 * can reach them. Questions without a negation keep the chosen tables only.
 */
export function widenForNegation(request: GenerateRequest, cues: Cue[]): GenerateRequest {
  const extra = request.neighbours;
  if (!extra || extra.tables.length === 0 || !cues.some((c) => c.meaning.kind === 'negation')) return request;
  const key = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
  const chosen = new Set(request.tables.map(key));
  const tables = [...request.tables, ...extra.tables.filter((t) => !chosen.has(key(t)))];
  const seen = new Set<string>();
  const joins = [...request.joins, ...extra.joins].filter((j) => {
    const id = edgeId(j);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return { ...request, tables, joins };
}

/** Neighbour tables one foreign key from the chosen ones whose text columns store one of `words` as a value. */
export function valueNeighbours(request: GenerateRequest, words: string[]): CatalogTable[] {
  const extra = request.neighbours;
  if (!extra || words.length === 0) return [];
  const key = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
  const chosen = new Set(request.tables.map(key));
  const left = new Set(words.map((w) => normalizeValueText(w)));
  return extra.tables.filter((t) => {
    if (chosen.has(key(t))) return false;
    const adjacent = extra.joins.some(
      (j) => (j.from === key(t) && chosen.has(j.to)) || (j.to === key(t) && chosen.has(j.from)),
    );
    if (!adjacent) return false;
    return t.columns.some((c) =>
      (c.profile?.topValues ?? []).some((v) => {
        const text = normalizeValueText(v);
        return text.length > 2 && text.split(' ').every((w) => left.has(w));
      }),
    );
  });
}

/** Neighbour tables one foreign key from the chosen ones. */
function adjacentNeighbours(request: GenerateRequest): CatalogTable[] {
  const extra = request.neighbours;
  if (!extra) return [];
  const key = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
  const chosen = new Set(request.tables.map(key));
  return extra.tables.filter(
    (t) =>
      !chosen.has(key(t)) &&
      extra.joins.some(
        (j) => (j.from === key(t) && chosen.has(j.to)) || (j.to === key(t) && chosen.has(j.from)),
      ),
  );
}

/**
 * Neighbours with a column the question names by its whole name ("SKUs" for `sku`) with a word no schema
 * mention of the chosen tables covers.
 */
export function spelledNeighbours(request: GenerateRequest, analysis: GeneratorAnalysis): CatalogTable[] {
  const covered = (i: number) =>
    analysis.mentions.some(
      (m) => m.start <= i && i < m.end && (m.kind === 'schema' || m.candidates.length > 0),
    );
  const words = analysis.tokens
    .filter((t) => t.kind === 'word' && !t.stop && t.lower.length >= 3 && !covered(t.index))
    .flatMap((t) => [t.lower, t.lower.replace(/s$/, '')]);
  if (words.length === 0) return [];
  return adjacentNeighbours(request).filter((t) =>
    t.columns.some((c) => words.includes(c.name.toLowerCase())),
  );
}

/** The neighbour a reading's only answer column points to (a foreign key shown instead of its row). */
export function referencedNeighbours(request: GenerateRequest, plan: QueryPlan | undefined): CatalogTable[] {
  if (!plan || plan.select.length !== 1 || plan.groupBy.length > 0) return [];
  const item = plan.select[0].expr;
  if (item.kind !== 'column' || !item.column.isForeignKey || item.column.isPrimaryKey) return [];
  const fk = item.column.table.table.foreignKeys.find(
    (f) => f.columns.length === 1 && f.columns[0] === item.column.name,
  );
  if (!fk) return [];
  return adjacentNeighbours(request).filter(
    (t) => t.schema === fk.referencedSchema && t.name === fk.referencedTable,
  );
}

/** The request's joins plus the neighbour edges between `added` and the chosen tables. */
export function neighbourJoins(request: GenerateRequest, added: CatalogTable[]): JoinEdge[] {
  return joinsWith(request, request.neighbours?.joins ?? [], added);
}

/** The request's joins plus the edges of `edges` among the chosen tables and `added`. */
export function joinsWith(
  request: GenerateRequest,
  edges: readonly JoinEdge[],
  added: CatalogTable[],
): JoinEdge[] {
  const key = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
  const keys = new Set([...request.tables, ...added].map(key));
  const extra = edges.filter((j) => keys.has(j.from) && keys.has(j.to));
  return [...request.joins, ...extra.filter((j) => !request.joins.some((r) => edgeId(r) === edgeId(j)))];
}
