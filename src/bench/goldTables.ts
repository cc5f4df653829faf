import { loadModule, parseSync } from 'libpg-query';
import type { SpiderSchema } from './spiderDataset';
import { normaliseSpiderName, spiderSchemaName } from './spiderNames';
import { sqliteToPostgres, tokenizeSql, type SqlToken } from './sqliteSql';

/** What a gold query reads and whether its result order matters. */
export interface GoldSqlAnalysis {
  /** `<schema>.<table>` of every table the query reads (joins, subqueries, set operations), sorted, unique. */
  tables: string[];
  /** True when the top-level query has ORDER BY (then row order is part of the answer). */
  ordered: boolean;
  /** Which reader understood the query: the Postgres parser, or the tokenizer fallback. */
  parser: 'libpg-query' | 'tokenizer';
}

/** Options for {@link GoldSqlAnalyzer.create}. */
export interface GoldSqlAnalyzerOptions {
  /**
   * Spider schemas (tables.json). When a query's db_id is among them, names that are not tables of that
   * database (CTE names, typos) are dropped. @default [] (every name in a FROM position counts)
   */
  schemas?: SpiderSchema[];
}

/** Words that end a FROM item and therefore are never a table alias. */
const CLAUSE_WORDS = new Set(
  (
    'where group order having limit offset union intersect except join inner left right full cross natural ' +
    'on using outer select from window fetch for returning values as'
  ).split(' '),
);

/** Calls `visit` with every key and value of a libpg-query JSON parse tree, depth first. */
export function walkParseTree(node: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walkParseTree(child, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    visit(key, value);
    walkParseTree(value, visit);
  }
}

/** Table references (RangeVar) and CTE names of a parse tree. */
function collectNames(node: unknown, relations: string[], ctes: Set<string>): void {
  walkParseTree(node, (key, value) => {
    if (key === 'RangeVar' && value !== null && typeof value === 'object' && 'relname' in value) {
      if (typeof value.relname === 'string') relations.push(value.relname);
    } else if (
      key === 'CommonTableExpr' &&
      value !== null &&
      typeof value === 'object' &&
      'ctename' in value
    ) {
      if (typeof value.ctename === 'string') ctes.add(value.ctename.toLowerCase());
    }
  });
}

/** True when the statement's top-level SELECT (or set operation) carries a sort clause. */
export function topLevelSorted(tree: unknown): boolean {
  if (tree === null || typeof tree !== 'object' || !('stmts' in tree) || !Array.isArray(tree.stmts))
    return false;
  const first: unknown = tree.stmts[0];
  if (first === null || typeof first !== 'object' || !('stmt' in first)) return false;
  const stmt: unknown = first.stmt;
  if (stmt === null || typeof stmt !== 'object' || !('SelectStmt' in stmt)) return false;
  const select: unknown = stmt.SelectStmt;
  return (
    select !== null &&
    typeof select === 'object' &&
    'sortClause' in select &&
    Array.isArray(select.sortClause) &&
    select.sortClause.length > 0
  );
}

const isWord = (t: SqlToken | undefined, word: string) => t?.kind === 'word' && t.text.toLowerCase() === word;
const isName = (t: SqlToken | undefined) =>
  t !== undefined && (t.kind === 'quotedIdent' || t.kind === 'doubleQuoted' || t.kind === 'word');

/** Table names in FROM/JOIN positions, read from tokens (for queries the Postgres parser refuses). */
function tokenTables(tokens: SqlToken[]): { relations: string[]; ctes: Set<string> } {
  const relations: string[] = [];
  const ctes = new Set<string>();
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i];
    if (
      (isWord(t, 'with') || (t.text === ',' && ctes.size > 0)) &&
      isName(tokens[i + 1]) &&
      isWord(tokens[i + 2], 'as')
    ) {
      ctes.add(tokens[i + 1].text.toLowerCase());
    }
    if (!isWord(t, 'from') && !isWord(t, 'join')) continue;
    let j = i + 1;
    // FROM a [AS] x, b [AS] y, ...
    while (isName(tokens[j]) && !CLAUSE_WORDS.has(tokens[j].text.toLowerCase())) {
      relations.push(tokens[j].text);
      j += 1;
      if (isWord(tokens[j], 'as')) j += 1;
      if (isName(tokens[j]) && !CLAUSE_WORDS.has(tokens[j].text.toLowerCase())) j += 1;
      if (tokens[j]?.text !== ',') break;
      j += 1;
    }
  }
  return { relations, ctes };
}

/** True when ORDER BY appears outside every parenthesis. */
function tokenOrdered(tokens: SqlToken[]): boolean {
  return tokens.some((t, i) => t.depth === 0 && isWord(t, 'order') && isWord(tokens[i + 1], 'by'));
}

/**
 * Reads Spider gold SQL (SQLite dialect): which tables it uses and whether its top level orders rows.
 * Queries are rewritten lightly for Postgres (see `sqliteToPostgres`) and parsed with libpg-query, the
 * real Postgres parser; a query it refuses falls back to a tokenizer that reads FROM/JOIN lists.
 * Aliases (`T1`) never count as tables; subqueries, CTE bodies and every branch of UNION/INTERSECT/EXCEPT do.
 */
export class GoldSqlAnalyzer {
  private readonly knownTables: Map<string, Set<string>>;

  private constructor(knownTables: Map<string, Set<string>>) {
    this.knownTables = knownTables;
  }

  /** Loads the Postgres parser (WASM) once. */
  static async create(options: GoldSqlAnalyzerOptions = {}): Promise<GoldSqlAnalyzer> {
    await loadModule();
    const known = new Map<string, Set<string>>();
    for (const schema of options.schemas ?? []) {
      known.set(schema.dbId, new Set(schema.tableNames.map(normaliseSpiderName)));
    }
    return new GoldSqlAnalyzer(known);
  }

  /** Analyses one gold query of database `dbId`. Never throws: the tokenizer reads what the parser cannot. */
  analyze(options: { dbId: string; sql: string }): GoldSqlAnalysis {
    const known = this.knownTables.get(options.dbId);
    let relations: string[];
    let ctes: Set<string>;
    let ordered: boolean;
    let parser: GoldSqlAnalysis['parser'];
    try {
      const pgSql = sqliteToPostgres(options.sql, (name) => known?.has(normaliseSpiderName(name)) ?? false);
      const tree: unknown = parseSync(pgSql);
      relations = [];
      ctes = new Set<string>();
      collectNames(tree, relations, ctes);
      ordered = topLevelSorted(tree);
      parser = 'libpg-query';
    } catch {
      const tokens = tokenizeSql(options.sql);
      ({ relations, ctes } = tokenTables(tokens));
      ordered = tokenOrdered(tokens);
      parser = 'tokenizer';
    }
    const schema = spiderSchemaName(options.dbId);
    const names = relations
      .filter((r) => !ctes.has(r.toLowerCase()))
      .map(normaliseSpiderName)
      .filter((n) => known === undefined || known.has(n));
    return { tables: [...new Set(names)].sort().map((n) => `${schema}.${n}`), ordered, parser };
  }
}
