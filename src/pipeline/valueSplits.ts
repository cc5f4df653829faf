import { quoteIdent, quoteLiteral } from '../catalog';
import type { AlternativeReadings } from '../retrieval';
import type { Dimension, SemanticLookup } from '../semantic';

/** Runs one read-only SELECT on the answer's source and returns its rows. */
export type ProbeRunner = (sql: string) => Promise<unknown[][]>;

/** Most qualifier columns probed per value. */
const MAX_QUALIFIERS = 3;

/** A qualifier "locates" a value's column when a value of the column rarely has several qualifier values. */
const FUNCTIONAL_SLACK = 1.2;

/** Fewest distinct values of the column for that dependency to mean something (a few rows prove nothing). */
const MIN_DISTINCT = 20;

/** Data types of the text columns a probe compares with a phrase. */
export const TEXT_TYPE = /^(text|character|varchar|citext)/;

/**
 * "Customers in Springfield" when Springfield is a city of two states: a value the question filters on
 * whose rows differ on a coarser column that locates it (a city's state, a store's region) are several
 * things of one name. Probes the answer's table (bounded, read-only): the value's rows grouped by each
 * coarser text dimension of the entity that the value's column nearly determines (each city has one
 * state); two or more groups → one option per group ("Springfield, IL", "Springfield, MO"). Decision rule 5
 * of src/retrieval/README.md.
 */
export async function valueSplits(options: {
  question: string;
  lookup: SemanticLookup;
  answerTables: readonly string[];
  run: ProbeRunner;
}): Promise<AlternativeReadings | null> {
  const { lookup, answerTables } = options;
  const reading = lookup.resolve(options.question);
  const asked = options.question.toLowerCase();
  for (const m of reading.cover) {
    if (m.element.kind !== 'value' || m.via !== 'value') continue;
    const { entity, dimension, value } = m.element;
    if (!answerTables.includes(entity.table) || !TEXT_TYPE.test(dimension.dataType)) continue;
    const own = dimension.distinctCount;
    if (own === null) continue;
    const qualifiers = entity.dimensions
      .filter(
        (d: Dimension) =>
          d.column !== dimension.column &&
          TEXT_TYPE.test(d.dataType) &&
          !entity.hiddenColumns.includes(d.column) &&
          // a state or a status of the row (flags) qualifies no name
          !entity.flags.some((f) => f.column === d.column) &&
          d.distinctCount !== null &&
          d.distinctCount > 1 &&
          d.distinctCount < own,
      )
      .slice(0, MAX_QUALIFIERS);
    const table = `${quoteIdent(entity.schema)}.${quoteIdent(entity.tableName)}`;
    const column = quoteIdent(dimension.column);
    for (const q of qualifiers) {
      const qualifier = quoteIdent(q.column);
      const groups = await options.run(
        `SELECT ${qualifier}, count(*) FROM ${table} WHERE ${column} = ${quoteLiteral(value)} AND ${qualifier} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 5`,
      );
      if (groups.length < 2) continue;
      const names = groups.map((g) => String(g[0]));
      // the question already says which ("Springfield, Illinois" matched by a value of the qualifier)
      if (
        names.some((n) =>
          new RegExp(`\\b${n.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(asked),
        )
      )
        continue;
      const [counts] = await options.run(
        `SELECT count(DISTINCT ${column}), count(DISTINCT (${column}, ${qualifier})) FROM ${table}`,
      );
      const distinct = Number(counts?.[0]);
      const pairs = Number(counts?.[1]);
      if (!(distinct >= MIN_DISTINCT) || pairs > distinct * FUNCTIONAL_SLACK) continue;
      return {
        reason: `${dimension.name} ${value} of ${entity.table} is in ${names.length} ${q.name} values (${names.join(', ')})`,
        clarification: {
          question: `Which ${value} do you mean: ${names.map((n) => `${value}, ${n}`).join(' or ')}?`,
          options: names.slice(0, 4).map((n) => ({
            label: `${value}, ${n}`,
            tables: [...answerTables],
            column: `${entity.table}.${q.column}`,
            question: `${options.question.replace(/[?.!\s]+$/, '')} with ${q.name} ${n}`,
          })),
        },
      };
    }
  }
  return null;
}
