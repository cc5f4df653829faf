import { quoteIdent } from '../catalog';
import { SqlGuardError, errorMessage } from '../errors';
import {
  ALLOWED_CAST_TYPES,
  ALLOWED_FUNCTIONS,
  ALLOWED_OPERATORS,
  ALLOWED_SQL_VALUE_FUNCTIONS,
  ATTRIBUTE_CALL_DENY,
  refusalFor,
  SYSTEM_SCHEMA_PATTERN,
} from './allowedFunctions';
import { SqlParser } from './sqlParser';
import { identifierValue, SqlText, type SqlEdit } from './sqlText';
import {
  isNodeTypeKey,
  isRecord,
  numberField,
  stringField,
  stringList,
  unwrap,
  type PgRecord,
} from './sqlTree';

/** Options for {@link SqlGuard.check}. */
export interface SqlGuardCheckOptions {
  /** `schema.table` names (exactly as in the catalog) the asker may read. */
  allowedTables: ReadonlySet<string>;
  /** The LIMIT to add when absent, and the cap on any LIMIT present. */
  maxRows: number;
  /** Schema that unqualified table names resolve against first. Other unqualified names must be unique. */
  defaultSchema?: string;
}

/** A query the guard accepted, rewritten to be safe to run as is. */
export interface GuardedSql {
  /**
   * The statement without comments around it or a closing semicolon, every table schema-qualified, and a
   * constant LIMIT no larger than `maxRows`.
   */
  sql: string;
  /** The catalog tables it reads (`schema.table`), in order of first appearance. */
  tables: string[];
}

/** Human names of statement node types, for refusal messages. */
const STATEMENT_NAMES: Readonly<Record<string, string>> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  TruncateStmt: 'TRUNCATE',
  DropStmt: 'DROP',
  CreateStmt: 'CREATE TABLE',
  CreateTableAsStmt: 'CREATE TABLE AS',
  AlterTableStmt: 'ALTER TABLE',
  GrantStmt: 'GRANT',
  GrantRoleStmt: 'GRANT',
  CopyStmt: 'COPY',
  ExplainStmt: 'EXPLAIN',
  VariableSetStmt: 'SET',
  VariableShowStmt: 'SHOW',
  TransactionStmt: 'a transaction command',
  DoStmt: 'DO',
  CallStmt: 'CALL',
  ExecuteStmt: 'EXECUTE',
  PrepareStmt: 'PREPARE',
  LockStmt: 'LOCK',
};

/** Node types refused wherever they appear. */
const NODE_REFUSALS: Readonly<Record<string, string>> = {
  ParamRef: 'query parameters ($1, $2, ...) are not supported',
  LockingClause: 'locking clauses (FOR UPDATE / FOR SHARE) are not allowed',
  IntoClause: 'SELECT INTO creates a table and is not allowed',
  XmlExpr: 'XML functions are not allowed',
  XmlSerialize: 'XML functions are not allowed',
  RangeTableFunc: 'XMLTABLE is not allowed',
};

/** Fields refused when present and non-empty (they hold unwrapped structs). */
const FIELD_REFUSALS: Readonly<Record<string, string>> = {
  intoClause: 'SELECT INTO creates a table and is not allowed',
  lockingClause: 'locking clauses (FOR UPDATE / FOR SHARE) are not allowed',
};

/** Fields holding an unwrapped SelectStmt. */
const SELECT_KEYS: ReadonlySet<string> = new Set(['SelectStmt', 'larg', 'rarg']);

/** Tokens a constant LIMIT can be replaced at: a number, ALL or NULL. */
const LIMIT_TOKEN = /^(\d+(\.\d*)?([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|all|null)$/i;

/** Alias of the subquery when a non-constant LIMIT forces wrapping. */
const WRAP_ALIAS = 'limited_rows';

type LimitPlan = { kind: 'keep' } | { kind: 'edit'; edit: SqlEdit } | { kind: 'wrap' };

interface Inspection {
  text: SqlText;
  span: { start: number; end: number };
  select: PgRecord;
  tables: string[];
  /** Inserts of `schema.` before unqualified table names. */
  qualify: SqlEdit[];
}

interface WalkContext {
  text: SqlText;
  options: SqlGuardCheckOptions;
  tables: string[];
  qualify: SqlEdit[];
}

function refuse(reason: string, cause?: unknown): SqlGuardError {
  return new SqlGuardError(`SqlGuard.check: ${reason}`, cause === undefined ? undefined : { cause });
}

function statementName(nodeType: string): string {
  return STATEMENT_NAMES[nodeType] ?? nodeType.replace(/Stmt$/, '').toUpperCase();
}

/**
 * Checks generated SQL with the real Postgres parser before anything runs it: exactly one SELECT (no SELECT
 * INTO, no locking clauses, no data-modifying CTEs), only tables the asker may see (never system catalogs), no
 * dangerous functions, and a LIMIT added or capped. The whole parse tree is walked, every node type.
 */
export class SqlGuard {
  private constructor(private readonly parser: SqlParser) {}

  /**
   * Loads the Postgres parser (once per process).
   * @param options.parser a parser to share. @default a new one
   */
  static async create(options: { parser?: SqlParser } = {}): Promise<SqlGuard> {
    return new SqlGuard(options.parser ?? (await SqlParser.create()));
  }

  /**
   * Accepts or refuses `sql`. Unqualified table names are qualified with their schema (so the search path of
   * the connection cannot change which table runs), and the row limit is enforced: `LIMIT maxRows` is appended
   * when there is none, a larger constant is replaced, and a non-constant LIMIT makes the query a subquery of
   * `SELECT * FROM (...) AS limited_rows LIMIT maxRows` (which keeps column names and, in practice, the order).
   * @throws SqlGuardError with a message safe to show to the user.
   */
  check(sql: string, options: SqlGuardCheckOptions): GuardedSql {
    if (!Number.isInteger(options.maxRows) || options.maxRows < 1) {
      throw refuse(`maxRows must be a positive integer, got ${options.maxRows}`);
    }
    const first = this.inspect(sql, options);
    const plan = this.limitPlan(first, options.maxRows);
    const attempts: LimitPlan[] = plan.kind === 'wrap' ? [plan] : [plan, { kind: 'wrap' }];
    let lastError: unknown;
    for (const attempt of attempts) {
      const edits = attempt.kind === 'edit' ? [...first.qualify, attempt.edit] : first.qualify;
      let body = first.text.apply(first.span.start, first.span.end, edits);
      if (attempt.kind === 'wrap') body = `SELECT * FROM (${body}) AS ${WRAP_ALIAS} LIMIT ${options.maxRows}`;
      try {
        const second = this.inspect(body, options);
        if (second.qualify.length === 0 && this.limitPlan(second, options.maxRows).kind === 'keep') {
          return { sql: body, tables: second.tables };
        }
      } catch (error) {
        lastError = error;
      }
    }
    throw refuse('the row limit could not be added to this query', lastError);
  }

  /** Parses and walks one statement, refusing anything not allowed. */
  private inspect(sql: string, options: SqlGuardCheckOptions): Inspection {
    if (sql.trim() === '') throw refuse('the query is empty');
    let parsed;
    try {
      parsed = this.parser.parse(sql);
    } catch (error) {
      throw refuse(`the query is not valid SQL: ${errorMessage(error)}`, error);
    }
    const statements = parsed.stmts ?? [];
    if (statements.length === 0) throw refuse('the query is empty');
    if (statements.length > 1) throw refuse(`expected exactly one statement, found ${statements.length}`);
    const raw = statements[0];
    const root = isRecord(raw.stmt) ? raw.stmt : {};
    const select = unwrap(root, 'SelectStmt');
    if (!select) {
      const type = Object.keys(root)[0] ?? 'unknown';
      throw refuse(`only SELECT queries are allowed, not ${statementName(type)}`);
    }
    const text = new SqlText(sql, this.parser);
    const context: WalkContext = { text, options, tables: [], qualify: [] };
    this.visitSelect(select, new Set(), context);
    return {
      text,
      span: text.statementSpan(raw.stmt_location ?? 0, raw.stmt_len ?? 0),
      select,
      tables: context.tables,
      qualify: context.qualify,
    };
  }

  private visitValue(value: unknown, ctes: ReadonlySet<string>, context: WalkContext): void {
    if (Array.isArray(value)) {
      for (const item of value) this.visitValue(item, ctes, context);
      return;
    }
    if (!isRecord(value)) return;
    if (typeof value.relname === 'string') this.checkRangeVar(value, ctes, context);
    for (const [key, child] of Object.entries(value)) this.visitEntry(key, child, ctes, context);
  }

  private visitEntry(key: string, child: unknown, ctes: ReadonlySet<string>, context: WalkContext): void {
    if (SELECT_KEYS.has(key)) {
      if (isRecord(child)) this.visitSelect(child, ctes, context);
      return;
    }
    const fieldRefusal = FIELD_REFUSALS[key];
    if (fieldRefusal && child !== undefined && !(Array.isArray(child) && child.length === 0)) {
      throw refuse(fieldRefusal);
    }
    if (isNodeTypeKey(key)) {
      const nodeRefusal = NODE_REFUSALS[key];
      if (nodeRefusal) throw refuse(nodeRefusal);
      if (key.endsWith('Stmt')) {
        throw refuse(`only SELECT queries are allowed; this one contains ${statementName(key)}`);
      }
      if (key === 'FuncCall' && isRecord(child)) this.checkFunction(child);
      if (key === 'A_Indirection' && isRecord(child)) this.checkAttributeCalls(child.indirection, 0);
      if (key === 'ColumnRef' && isRecord(child)) this.checkAttributeCalls(child.fields, 1);
      if (key === 'A_Expr' && isRecord(child)) this.checkOperator(child);
      if (key === 'SQLValueFunction' && isRecord(child)) {
        const op = stringField(child, 'op') ?? '';
        if (!ALLOWED_SQL_VALUE_FUNCTIONS.has(op)) {
          throw refuse(`${op.replace(/^SVFOP_/, '').toLowerCase()} is not allowed (session information)`);
        }
      }
    }
    if ((key === 'typeName' || key === 'TypeName') && isRecord(child)) this.checkType(child);
    this.visitValue(child, ctes, context);
  }

  /** A SELECT: its WITH names are visible to its body and (per SQL scoping) to later or recursive CTEs. */
  private visitSelect(select: PgRecord, ctes: ReadonlySet<string>, context: WalkContext): void {
    let scope = ctes;
    const withClause = select.withClause;
    if (isRecord(withClause)) {
      const list = Array.isArray(withClause.ctes) ? withClause.ctes : [];
      const names = list.map((node) => stringField(unwrap(node, 'CommonTableExpr') ?? {}, 'ctename') ?? '');
      const recursive = withClause.recursive === true;
      list.forEach((node, index) => {
        const visible = new Set([...ctes, ...(recursive ? names : names.slice(0, index))]);
        this.visitValue(node, visible, context);
      });
      scope = new Set([...ctes, ...names]);
    }
    for (const [key, child] of Object.entries(select)) {
      if (key !== 'withClause') this.visitEntry(key, child, scope, context);
    }
  }

  /**
   * Postgres also calls a one-argument function written as an attribute: `(x).f` and `t.f` run `f(x)`
   * and `f(t)`. Field names after the first position that name a function family reaching catalogs,
   * settings, files or storage are refused (a column cannot be told from a function here).
   */
  private checkAttributeCalls(fields: unknown, from: number): void {
    if (!Array.isArray(fields)) return;
    for (const field of fields.slice(from)) {
      const name = isRecord(field) && isRecord(field.String) ? stringField(field.String, 'sval') : undefined;
      if (
        name !== undefined &&
        !ALLOWED_FUNCTIONS.has(name.toLowerCase()) &&
        ATTRIBUTE_CALL_DENY.test(name)
      ) {
        throw refuse(`function ${name} is not allowed (it is not on the reviewed list)`);
      }
    }
  }

  /** Only functions of the reviewed allow list, unqualified or in `pg_catalog`. */
  private checkFunction(call: PgRecord): void {
    const reason = refusalFor(stringList(call.funcname), ALLOWED_FUNCTIONS, 'function');
    if (reason) throw refuse(reason);
  }

  /** Only casts to built-in scalar types of the allow list: never `reg*` types or a table's row type. */
  private checkType(typeName: PgRecord): void {
    const reason = refusalFor(stringList(typeName.names), ALLOWED_CAST_TYPES, 'type');
    if (reason) throw refuse(reason);
  }

  /** Only operators of the allow list (`OPERATOR(schema.op)` only with `pg_catalog`). */
  private checkOperator(expr: PgRecord): void {
    const name = stringList(expr.name);
    if (name.length === 0) return;
    const reason = refusalFor(name, ALLOWED_OPERATORS, 'operator');
    if (reason) throw refuse(reason);
  }

  private checkRangeVar(range: PgRecord, ctes: ReadonlySet<string>, context: WalkContext): void {
    const relname = stringField(range, 'relname') ?? '';
    const schema = stringField(range, 'schemaname');
    if (stringField(range, 'catalogname') !== undefined) {
      throw refuse(`database-qualified table names are not allowed (${relname})`);
    }
    if (schema !== undefined) {
      const key = `${schema}.${relname}`;
      if (SYSTEM_SCHEMA_PATTERN.test(schema)) throw refuse(`system catalog ${key} is not available`);
      // Never named: the asker may not know the table exists.
      if (!context.options.allowedTables.has(key))
        throw refuse('the query reads a table that is not available');
      this.addTable(key, context);
      return;
    }
    if (ctes.has(relname)) return;
    const resolved = this.resolveUnqualified(relname, context.options);
    const location = numberField(range, 'location', -1);
    const token = context.text.tokenAt(location);
    if (!token || identifierValue(token.text) !== relname) {
      throw refuse(`the table name ${relname} could not be located in the query; qualify it with its schema`);
    }
    context.qualify.push({ start: token.start, end: token.start, text: `${quoteIdent(resolved.schema)}.` });
    this.addTable(resolved.key, context);
  }

  private resolveUnqualified(
    relname: string,
    options: SqlGuardCheckOptions,
  ): { key: string; schema: string } {
    if (options.defaultSchema !== undefined) {
      const key = `${options.defaultSchema}.${relname}`;
      if (options.allowedTables.has(key)) return { key, schema: options.defaultSchema };
    }
    const matches: { key: string; schema: string }[] = [];
    for (const key of options.allowedTables) {
      const dot = key.indexOf('.');
      if (dot > 0 && key.slice(dot + 1) === relname) matches.push({ key, schema: key.slice(0, dot) });
    }
    if (matches.length === 1) return matches[0];
    if (matches.length === 0) throw refuse('the query reads a table that is not available');
    throw refuse(
      `table name ${relname} is ambiguous (${matches.map((m) => m.key).join(', ')}); qualify it with its schema`,
    );
  }

  private addTable(key: string, context: WalkContext): void {
    if (!context.tables.includes(key)) context.tables.push(key);
  }

  /** What to do about the outermost LIMIT. */
  private limitPlan(inspection: Inspection, maxRows: number): LimitPlan {
    const { select, span, text } = inspection;
    const count = select.limitCount;
    if (count === undefined) {
      return { kind: 'edit', edit: { start: span.end, end: span.end, text: ` LIMIT ${maxRows}` } };
    }
    const constant = unwrap(count, 'A_Const');
    if (!constant) return { kind: 'wrap' };
    let value: number;
    if (constant.isnull === true) value = Number.POSITIVE_INFINITY;
    else if (isRecord(constant.ival)) value = numberField(constant.ival, 'ival', 0);
    else if (isRecord(constant.fval)) value = Number(stringField(constant.fval, 'fval'));
    else return { kind: 'wrap' };
    if (Number.isNaN(value)) return { kind: 'wrap' };
    if (value <= maxRows) return { kind: 'keep' };
    const token = text.tokenAt(numberField(constant, 'location', -1));
    if (!token || !LIMIT_TOKEN.test(token.text)) return { kind: 'wrap' };
    return { kind: 'edit', edit: { start: token.start, end: token.end, text: String(maxRows) } };
  }
}
