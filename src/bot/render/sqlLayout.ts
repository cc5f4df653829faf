/** Clauses that start a new line when SQL is laid out for reading. */
const CLAUSE =
  /\s+(?=\b(?:from|where|group\s+by|having|order\s+by|limit|offset|union(?:\s+all)?|except|intersect|(?:left|right|full|inner|cross)(?:\s+outer)?\s+join|join|window)\b)/gi;

/**
 * Lays SQL out for reading in a chat bubble: each main clause (FROM, WHERE, JOIN, GROUP BY, ...) on its own
 * line, so long queries wrap at clause boundaries instead of running off the edge. Text inside quotes
 * (string literals, quoted identifiers) is never touched.
 */
export function layoutSql(sql: string): string {
  const parts = sql.split(/('(?:[^']|'')*'|"(?:[^"]|"")*")/);
  return parts
    .map((part, i) => (i % 2 === 1 ? part : part.replace(CLAUSE, '\n')))
    .join('')
    .trim();
}
