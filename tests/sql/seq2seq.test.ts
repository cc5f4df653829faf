import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { qualifiedName, type CatalogTable } from '../../src/catalog/types';
import { TablebotError } from '../../src/errors';
import {
  Seq2SeqSqlGenerator,
  type PipelineLoadOptions,
  type Text2TextOptions,
} from '../../src/sql/seq2seqSqlGenerator';
import { SqlExecutor } from '../../src/sql/sqlExecutor';
import { SqlGuard } from '../../src/sql/sqlGuard';
import type { GenerateRequest } from '../../src/sql/types';
import { BACKEND, createTestDatabase, type TestDatabase } from '../support/databases';

function table(schema: string, name: string, columns: Array<[string, string]>): CatalogTable {
  return {
    sourceId: 'test',
    schema,
    name,
    kind: 'table',
    comment: null,
    rowEstimate: null,
    columns: columns.map(([columnName, dataType], i) => ({
      name: columnName,
      position: i + 1,
      dataType,
      nullable: true,
      comment: null,
      profile: null,
    })),
    primaryKey: [],
    foreignKeys: [],
    fingerprint: `${schema}.${name}`,
  };
}

const USERS = table('public', 'users', [
  ['id', 'integer'],
  ['display_name', 'text'],
  ['location', 'text'],
]);
const ORDERS = table('sales', 'orders', [
  ['id', 'integer'],
  ['user_id', 'integer'],
  ['total', 'numeric(10,2)'],
  ['ordered_at', 'date'],
]);
const ARCHIVED_ORDERS = table('archive', 'orders', [
  ['id', 'integer'],
  ['total', 'numeric'],
]);
const ACCOUNTS = table('crm', 'Customer Accounts', [
  ['AccountID', 'bigint'],
  ['Full Name', 'text'],
  ['region', 'character varying(20)'],
  ['select', 'text'],
]);

const SCHEMA = `
  CREATE SCHEMA sales; CREATE SCHEMA archive; CREATE SCHEMA crm;
  CREATE TABLE public.users (id int PRIMARY KEY, display_name text, location text);
  CREATE TABLE sales.orders (id int PRIMARY KEY, user_id int, total numeric(10,2), ordered_at date);
  CREATE TABLE archive.orders (id int, total numeric);
  CREATE TABLE crm."Customer Accounts" ("AccountID" bigint, "Full Name" text, region varchar(20), "select" text);
  INSERT INTO public.users VALUES (1, 'Ann', 'Boise, ID'), (2, 'Bob', 'Austin, TX'), (3, 'Cy', 'Boise, ID');
  INSERT INTO sales.orders VALUES (1, 1, 50, '2024-01-02'), (2, 1, 150, '2024-02-03'), (3, 2, 300, '2024-03-04');
  INSERT INTO archive.orders VALUES (9, 1);
  INSERT INTO crm."Customer Accounts" VALUES (1, 'Dee Dee', 'West', 'x'), (2, 'Eve', 'East', 'y');
`;

/** A scripted stand-in for the model: records its inputs and answers with the next scripted output. */
class ScriptedModel {
  public readonly loads: Array<{ task: string; model: string; options: PipelineLoadOptions }> = [];
  public readonly inputs: Array<{ input: string; options?: Text2TextOptions }> = [];
  private outputs: string[] = [];

  answer(...outputs: string[]): void {
    this.outputs = outputs;
  }

  readonly factory = async (task: 'text2text-generation', model: string, options: PipelineLoadOptions) => {
    this.loads.push({ task, model, options });
    return async (input: string, options?: Text2TextOptions) => {
      this.inputs.push({ input, options });
      return this.outputs.map((generated_text) => ({ generated_text }));
    };
  };
}

const request = (question: string, tables: CatalogTable[]): GenerateRequest => ({
  question,
  tables,
  joins: [],
});

describe(`Seq2SeqSqlGenerator (${BACKEND})`, () => {
  let model: ScriptedModel;
  let generator: Seq2SeqSqlGenerator;
  let guard: SqlGuard;
  let executor: SqlExecutor;
  let db: TestDatabase;
  const allowed = new Set([USERS, ORDERS, ARCHIVED_ORDERS, ACCOUNTS].map(qualifiedName));

  /** Generates with a scripted output, then guards and executes the candidate on the test database. */
  async function answer(question: string, tables: CatalogTable[], output: string) {
    model.answer(output);
    const [candidate] = await generator.generate(request(question, tables));
    const guarded = guard.check(candidate.sql, { allowedTables: allowed, maxRows: 50 });
    const result = await executor.execute({
      source: db.source,
      sql: guarded.sql,
      statementTimeoutMs: 5000,
      maxRows: 50,
      maxBytes: 100_000,
    });
    return { candidate, guarded, result };
  }

  beforeAll(async () => {
    model = new ScriptedModel();
    generator = await Seq2SeqSqlGenerator.create({
      modelsDir: '/nonexistent',
      allowRemoteModels: false,
      pipelineFactory: model.factory,
    });
    guard = await SqlGuard.create();
    executor = await SqlExecutor.create();
    db = await createTestDatabase('tb_seq2seq');
    await db.source.exec(SCHEMA);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('loads the default model through the factory, local files only', () => {
    expect(generator.id).toBe('seq2seq:Xenova/t5-small-awesome-text-to-sql');
    expect(model.loads).toEqual([
      {
        task: 'text2text-generation',
        model: 'Xenova/t5-small-awesome-text-to-sql',
        options: { dtype: 'q8', local_files_only: true },
      },
    ]);
  });

  it('gives the model the tables as CREATE TABLE statements in its training format', async () => {
    model.answer('SELECT display_name FROM users');
    await generator.generate(
      request('List the users in Boise, ID\n sorted by display name', [USERS, ORDERS]),
    );
    expect(model.inputs.at(-1)).toEqual({
      input:
        'tables:\n' +
        'CREATE TABLE users (id INTEGER, display_name VARCHAR, location VARCHAR); ' +
        'CREATE TABLE orders (id INTEGER, user_id INTEGER, total INTEGER, ordered_at VARCHAR)\n' +
        'query for:List the users in Boise, ID sorted by display name',
      options: { max_new_tokens: 256, do_sample: false },
    });
  });

  it('names tables and columns so the model can write them unquoted', () => {
    const prompt = generator.prompt(request('Who is in the West?', [ACCOUNTS, ORDERS, ARCHIVED_ORDERS]));
    expect(prompt).toBe(
      'tables:\n' +
        'CREATE TABLE customer_accounts (accountid INTEGER, full_name VARCHAR, region VARCHAR, select_ VARCHAR); ' +
        'CREATE TABLE sales_orders (id INTEGER, user_id INTEGER, total INTEGER, ordered_at VARCHAR); ' +
        'CREATE TABLE archive_orders (id INTEGER, total INTEGER)\n' +
        'query for:Who is in the West?',
    );
  });

  it('re-qualifies tables, keeps the model aliases, and runs', async () => {
    const { candidate, guarded, result } = await answer(
      'List the users in Boise, ID sorted by display name',
      [USERS, ORDERS],
      "SELECT display_name FROM users WHERE location = 'Boise, ID' ORDER BY display_name",
    );
    expect(candidate).toEqual({
      sql: "SELECT display_name FROM public.users WHERE location = 'Boise, ID' ORDER BY display_name",
      generator: 'seq2seq:Xenova/t5-small-awesome-text-to-sql',
      explanation: 'generated by Xenova/t5-small-awesome-text-to-sql from users, orders',
    });
    expect(guarded.tables).toEqual(['public.users']);
    expect(result.rows).toEqual([['Ann'], ['Cy']]);

    const join = await answer(
      'Total spent by each user',
      [USERS, ORDERS],
      'SELECT T1.display_name, SUM(T2.total) FROM users AS T1 JOIN orders AS T2 ON T1.id = T2.user_id ' +
        'GROUP BY T1.display_name ORDER BY T1.display_name',
    );
    expect(join.candidate.sql).toBe(
      'SELECT T1.display_name, SUM(T2.total) FROM public.users AS T1 JOIN sales.orders AS T2 ON T1.id = T2.user_id ' +
        'GROUP BY T1.display_name ORDER BY T1.display_name',
    );
    expect(join.result.rows).toEqual([
      ['Ann', 200],
      ['Bob', 300],
    ]);
  });

  it('maps awkward identifiers back to their quoted names and SQLite string quotes to literals', async () => {
    const { candidate, result } = await answer(
      'Who is in the West?',
      [ACCOUNTS, ORDERS, ARCHIVED_ORDERS],
      'SELECT full_name, accountid, select_ FROM customer_accounts WHERE region = "West"',
    );
    expect(candidate.sql).toBe(
      'SELECT "Full Name", "AccountID", "select" FROM crm."Customer Accounts" AS customer_accounts ' +
        "WHERE region = 'West'",
    );
    expect(result.columns).toEqual(['Full Name', 'AccountID', 'select']);
    expect(result.rows).toEqual([['Dee Dee', 1, 'x']]);

    const qualified = await answer(
      'Archived order totals',
      [ACCOUNTS, ORDERS, ARCHIVED_ORDERS],
      'SELECT archive_orders.total FROM archive_orders WHERE archive_orders.id = 9',
    );
    expect(qualified.candidate.sql).toBe(
      'SELECT archive_orders.total FROM archive.orders AS archive_orders WHERE archive_orders.id = 9',
    );
    expect(qualified.result.rows).toEqual([[1]]);
  });

  it('leaves CTE names and output aliases alone', async () => {
    const { candidate, result } = await answer(
      'How many users per city',
      [USERS],
      'WITH t AS (SELECT location, COUNT(*) AS n FROM users GROUP BY location) SELECT location, n FROM t ORDER BY n DESC',
    );
    expect(candidate.sql).toBe(
      'WITH t AS (SELECT location, COUNT(*) AS n FROM public.users GROUP BY location) SELECT location, n FROM t ORDER BY n DESC',
    );
    expect(result.rows).toEqual([
      ['Boise, ID', 2],
      ['Austin, TX', 1],
    ]);
  });

  it('cleans decoder noise and a closing semicolon', async () => {
    model.answer('<pad> SELECT COUNT(*) FROM users;</s>');
    const candidates = await generator.generate(request('How many users are there?', [USERS]));
    expect(candidates.map((c) => c.sql)).toEqual(['SELECT COUNT(*) FROM public.users']);
  });

  it.each([
    ['an output missing the < the T5 vocabulary lacks', 'SELECT display_name FROM users WHERE id  3'],
    ['an empty output', '   '],
    ['a write', 'DELETE FROM users'],
    ['two statements', 'SELECT 1; SELECT 2'],
    ['MySQL backticks', 'SELECT `display_name` FROM users'],
  ])('drops %s', async (_label, output) => {
    model.answer(output);
    await expect(generator.generate(request('Which users have an id below 3?', [USERS]))).resolves.toEqual(
      [],
    );
  });

  it('returns tables it does not know unchanged, for the guard to refuse', async () => {
    model.answer('SELECT * FROM secrets');
    const [candidate] = await generator.generate(request('Show secrets', [USERS]));
    expect(candidate.sql).toBe('SELECT * FROM secrets');
    expect(() => guard.check(candidate.sql, { allowedTables: allowed, maxRows: 10 })).toThrow(
      /not available/,
    );
  });

  it('keeps the CREATE TABLE context within its budget, most relevant tables first', async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      table('public', `table_${i}`, [
        ['id', 'integer'],
        ['name', 'text'],
      ]),
    );
    const small = await Seq2SeqSqlGenerator.create({
      modelsDir: '/nonexistent',
      allowRemoteModels: false,
      pipelineFactory: model.factory,
      maxContextChars: 200,
    });
    const prompt = small.prompt(request('q', many));
    expect(prompt).toMatch(
      /^tables:\nCREATE TABLE table_0 \(id INTEGER, name VARCHAR\); CREATE TABLE table_1 /,
    );
    expect(prompt).not.toMatch(/table_29/);
    expect(prompt.split('\n')[1].length).toBeLessThanOrEqual(200);
  });

  it('reports a failing model as SQL_GENERATION_FAILED', async () => {
    const broken = await Seq2SeqSqlGenerator.create({
      modelsDir: '/nonexistent',
      allowRemoteModels: false,
      pipelineFactory: async () => async () => {
        throw new Error('onnxruntime exploded');
      },
    });
    await expect(broken.generate(request('q', [USERS]))).rejects.toMatchObject({
      code: 'SQL_GENERATION_FAILED',
      message: 'Seq2SeqSqlGenerator.generate: the model failed: onnxruntime exploded',
    });
  });
});

describe('Seq2SeqSqlGenerator model files', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tb-models-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('detects the files transformers.js needs and refuses to start without them', async () => {
    const model = 'Xenova/t5-small-awesome-text-to-sql';
    expect(Seq2SeqSqlGenerator.modelFilesPresent({ modelsDir: dir })).toBe(false);
    await expect(
      Seq2SeqSqlGenerator.create({ modelsDir: dir, allowRemoteModels: false }),
    ).rejects.toBeInstanceOf(TablebotError);
    await expect(
      Seq2SeqSqlGenerator.create({ modelsDir: dir, allowRemoteModels: false }),
    ).rejects.toMatchObject({
      code: 'MODEL_MISSING',
    });
    const root = path.join(dir, model);
    mkdirSync(path.join(root, 'onnx'), { recursive: true });
    for (const file of [
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/encoder_model_quantized.onnx',
    ]) {
      writeFileSync(path.join(root, file), '{}');
    }
    expect(Seq2SeqSqlGenerator.modelFilesPresent({ model, modelsDir: dir })).toBe(false);
    writeFileSync(path.join(root, 'onnx/decoder_model_merged_quantized.onnx'), '');
    expect(Seq2SeqSqlGenerator.modelFilesPresent({ model, modelsDir: dir })).toBe(true);
  });
});
