import { type CatalogColumn, type CatalogTable, quoteIdent, quoteTable } from '../catalog';
import { SqlParser } from './sqlParser';
import { identifierValue, SqlText, type SqlEdit } from './sqlText';
import { isRecord, numberField, stringField, stringList, unwrap, visitNodes, type PgRecord } from './sqlTree';

/** Options for {@link Seq2SeqSchema.build}. */
export interface Seq2SeqSchemaOptions {
  /** Stop adding tables once the CREATE TABLE context would exceed this many characters. @default 2000 */
  maxContextChars?: number;
  /** Columns shown per table, in ordinal order. @default 40 */
  maxColumnsPerTable?: number;
}

interface PromptColumn {
  column: CatalogColumn;
  /** The name the model sees: lower-case, unquoted-safe. */
  promptName: string;
}

interface PromptTable {
  table: CatalogTable;
  promptName: string;
  columns: PromptColumn[];
  /** Prompt column name -> column. */
  byName: Map<string, PromptColumn>;
}

/** Numeric Postgres types: the model's training contexts only use INTEGER and VARCHAR. */
const NUMERIC_TYPE =
  /^(smallint|integer|bigint|int|numeric|decimal|real|double precision|float|money|serial)/i;

/** Special tokens and noise a T5 decoder may leave in its text. */
const DECODER_NOISE = /<\/?s>|<pad>|<unk>/g;

/** A name the model can read and write back unquoted: `Order Items` -> `order_items`. */
function modelIdentifier(name: string, fallback: string): string {
  let base = name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (base === '') base = fallback;
  if (/^[0-9]/.test(base)) base = `${fallback}_${base}`;
  return quoteIdent(base) === base ? base : `${base}_`;
}

/** The alias name of a range (`FROM t AS x` -> `x`), if any. */
function aliasName(range: PgRecord): string | undefined {
  return isRecord(range.alias) ? stringField(range.alias, 'aliasname') : undefined;
}

function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

/**
 * The chosen tables as the seq2seq model sees them (unqualified, model-friendly names in CREATE TABLE
 * statements) and the way back: rewriting the model's SQL onto the real, schema-qualified, correctly quoted
 * names through the parse tree.
 */
export class Seq2SeqSchema {
  private constructor(
    /** The tables that made it into the prompt, in relevance order. */
    public readonly tables: readonly PromptTable[],
    private readonly parser: SqlParser,
  ) {}

  /** Names and orders the tables for the prompt, within the context budget. */
  static build(
    tables: readonly CatalogTable[],
    parser: SqlParser,
    options: Seq2SeqSchemaOptions = {},
  ): Seq2SeqSchema {
    const maxChars = options.maxContextChars ?? 2000;
    const maxColumns = options.maxColumnsPerTable ?? 40;
    const tableNames = new Set<string>();
    const chosen: PromptTable[] = [];
    let length = 0;
    const nameCounts = new Map<string, number>();
    for (const table of tables) {
      const base = modelIdentifier(table.name, 't');
      nameCounts.set(base, (nameCounts.get(base) ?? 0) + 1);
    }
    for (const table of tables) {
      const base = modelIdentifier(table.name, 't');
      const promptName = unique(
        (nameCounts.get(base) ?? 0) > 1 ? modelIdentifier(`${table.schema}_${table.name}`, 't') : base,
        tableNames,
      );
      const columnNames = new Set<string>();
      const columns = [...table.columns]
        .sort((a, b) => a.position - b.position)
        .slice(0, maxColumns)
        .map((column) => ({ column, promptName: unique(modelIdentifier(column.name, 'c'), columnNames) }));
      const entry: PromptTable = {
        table,
        promptName,
        columns,
        byName: new Map(columns.map((c) => [c.promptName, c])),
      };
      const ddlLength = Seq2SeqSchema.createTable(entry).length + 2;
      if (chosen.length > 0 && length + ddlLength > maxChars) break;
      chosen.push(entry);
      length += ddlLength;
    }
    return new Seq2SeqSchema(chosen, parser);
  }

  private static createTable(table: PromptTable): string {
    const columns = table.columns.map(
      (c) => `${c.promptName} ${NUMERIC_TYPE.test(c.column.dataType) ? 'INTEGER' : 'VARCHAR'}`,
    );
    return `CREATE TABLE ${table.promptName} (${columns.join(', ')})`;
  }

  /**
   * The model input, in the format `t5-small-awesome-text-to-sql` was trained on (the b-mc2/sql-create-context
   * style): `tables:\n<CREATE TABLE ...; CREATE TABLE ...>\nquery for:<question>`.
   */
  prompt(question: string): string {
    const ddl = this.tables.map((t) => Seq2SeqSchema.createTable(t)).join('; ');
    return `tables:\n${ddl}\nquery for:${question.replace(/\s+/g, ' ').trim()}`;
  }

  /**
   * The model's SQL rewritten onto the real schema: tables schema-qualified and quoted (aliased back to their
   * prompt name when it differs, so `prompt_name.col` still resolves), columns mapped to their real, quoted
   * names, and double-quoted words that name nothing turned into string literals (the model writes SQLite's
   * `WHERE city = "Boise"`). Returns undefined when the text is not exactly one parseable SELECT.
   */
  rewrite(generated: string): string | undefined {
    const sql = generated
      .replace(DECODER_NOISE, ' ')
      .trim()
      .replace(/;+\s*$/, '')
      .trim();
    if (sql === '') return undefined;
    const root = this.singleSelect(sql);
    if (!root) return undefined;
    const text = new SqlText(sql, this.parser);
    const ctes = new Set<string>();
    const outputNames = new Set<string>();
    const aliases = new Map<string, PromptTable | undefined>();
    const ranges: PgRecord[] = [];
    const columnRefs: PgRecord[] = [];
    visitNodes(root, (type, fields) => {
      if (type === 'CommonTableExpr') ctes.add(stringField(fields, 'ctename') ?? '');
      else if (type === 'ResTarget' && typeof fields.name === 'string') outputNames.add(fields.name);
      else if (type === 'RangeVar') ranges.push(fields);
      else if (type === 'ColumnRef') columnRefs.push(fields);
      else if (type === 'RangeSubselect' || type === 'RangeFunction') {
        const alias = aliasName(fields);
        if (alias) aliases.set(alias, undefined);
      }
    });
    const edits: SqlEdit[] = [];
    const used: PromptTable[] = [];
    for (const range of ranges) {
      const table = this.rangeTable(range, ctes);
      if (!table) continue;
      used.push(table);
      const alias = aliasName(range);
      aliases.set(alias ?? table.promptName, table);
      const edit = this.tableEdit(range, table, alias !== undefined, text);
      if (edit) edits.push(edit);
    }
    for (const ref of columnRefs)
      edits.push(...this.columnEdits(ref, { text, aliases, used, outputNames, ctes }));
    let rewritten: string;
    try {
      rewritten = text.apply(0, text.bytes.length, edits);
    } catch {
      return undefined;
    }
    return this.singleSelect(rewritten) ? rewritten : undefined;
  }

  private singleSelect(sql: string): PgRecord | undefined {
    try {
      const statements = this.parser.parse(sql).stmts ?? [];
      return statements.length === 1 ? unwrap(statements[0].stmt, 'SelectStmt') : undefined;
    } catch {
      return undefined;
    }
  }

  private rangeTable(range: PgRecord, ctes: ReadonlySet<string>): PromptTable | undefined {
    const relname = (stringField(range, 'relname') ?? '').toLowerCase();
    const schema = stringField(range, 'schemaname')?.toLowerCase();
    if (schema === undefined) {
      if (ctes.has(stringField(range, 'relname') ?? '')) return undefined;
      return this.tables.find((t) => t.promptName === relname || t.table.name.toLowerCase() === relname);
    }
    return this.tables.find(
      (t) => t.table.schema.toLowerCase() === schema && t.table.name.toLowerCase() === relname,
    );
  }

  /** Replaces the table name tokens (`name` or `schema . name`) with the quoted, qualified name. */
  private tableEdit(
    range: PgRecord,
    table: PromptTable,
    hasAlias: boolean,
    text: SqlText,
  ): SqlEdit | undefined {
    const first = text.tokenIndexAt(numberField(range, 'location', -1));
    if (first < 0) return undefined;
    const last = stringField(range, 'schemaname') !== undefined ? first + 2 : first;
    const end = text.tokens[last];
    if (!end) return undefined;
    const alias = !hasAlias && table.promptName !== table.table.name ? ` AS ${table.promptName}` : '';
    return { start: text.tokens[first].start, end: end.end, text: `${quoteTable(table.table)}${alias}` };
  }

  private columnEdits(
    ref: PgRecord,
    context: {
      text: SqlText;
      aliases: ReadonlyMap<string, PromptTable | undefined>;
      used: readonly PromptTable[];
      outputNames: ReadonlySet<string>;
      ctes: ReadonlySet<string>;
    },
  ): SqlEdit[] {
    const fields = stringList(ref.fields);
    const hasStar = Array.isArray(ref.fields) && ref.fields.some((f) => unwrap(f, 'A_Star'));
    const start = context.text.tokenIndexAt(numberField(ref, 'location', -1));
    if (start < 0 || fields.length === 0 || fields.length > 2) return [];
    const tokens = fields.map((_, i) => context.text.tokens[start + 2 * i]);
    if (tokens.some((t, i) => !t || identifierValue(t.text) !== fields[i])) return [];
    const nameToken = tokens[tokens.length - 1];
    if (hasStar && fields.length === 1) return [];
    if (fields.length === 2) {
      const qualifier = fields[0].toLowerCase();
      if (hasStar) return [];
      const owner = context.aliases.get(fields[0]) ?? context.aliases.get(qualifier);
      const candidates = owner ? [owner] : context.aliases.has(fields[0]) ? [] : this.tables;
      const real = this.realColumn(fields[1], candidates);
      return real ? [{ start: nameToken.start, end: nameToken.end, text: quoteIdent(real) }] : [];
    }
    const name = fields[0];
    const real = this.realColumn(name, context.used.length > 0 ? context.used : this.tables);
    if (real) return [{ start: nameToken.start, end: nameToken.end, text: quoteIdent(real) }];
    const isQuoted = nameToken.text.startsWith('"');
    const namesSomething =
      context.outputNames.has(name) ||
      context.aliases.has(name) ||
      context.ctes.has(name) ||
      this.knownName(name);
    if (isQuoted && !namesSomething) {
      return [{ start: nameToken.start, end: nameToken.end, text: `'${name.replace(/'/g, "''")}'` }];
    }
    return [];
  }

  /** The real column name for a name the model wrote, when the candidate tables agree on one. */
  private realColumn(name: string, candidates: readonly PromptTable[]): string | undefined {
    const key = name.toLowerCase();
    const found = new Set<string>();
    for (const table of candidates) {
      const column = table.byName.get(key) ?? table.columns.find((c) => c.column.name.toLowerCase() === key);
      if (column) found.add(column.column.name);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  private knownName(name: string): boolean {
    const key = name.toLowerCase();
    return this.tables.some(
      (t) =>
        t.promptName === key ||
        t.table.name.toLowerCase() === key ||
        t.columns.some((c) => c.promptName === key || c.column.name.toLowerCase() === key),
    );
  }
}
