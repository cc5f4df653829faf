import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgliteSource } from '../../src/sources/pgliteSource';
import type { Queryable } from '../../src/sources/types';
import { BACKEND, createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../support/databases';
import { demoEnv } from '../support/demoApp';
import { itWhen } from '../support/skip';
import { CLI, ensureBuilt, runCli, type CliRun } from './support/cli';

/** Every key of one `ask --json` line, in contract order. */
const CONTRACT_KEYS = [
  'id',
  'decision',
  'candidates',
  'tables',
  'sql',
  'columns',
  'rows',
  'clarification',
  'message',
  'reason',
  'error',
  'interpretation',
  'timings_ms',
];

const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';
const isStringArray = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * Parses one `ask --json` line and checks it against the contract; returns it for further checks.
 * `minCandidates`: 5 when the catalog asked has at least 5 tables.
 */
function contractLine(line: string, maxRows: number, minCandidates = 5): Record<string, unknown> {
  const value = JSON.parse(line) as Record<string, unknown>;
  expect(Object.keys(value).sort()).toEqual([...CONTRACT_KEYS].sort());
  expect(isStringOrNull(value.id)).toBe(true);
  expect(['answer', 'clarify', 'decline']).toContain(value.decision);

  const candidates = value.candidates as { table: unknown; score: unknown }[];
  expect(Array.isArray(candidates)).toBe(true);
  expect(candidates.length).toBeGreaterThanOrEqual(minCandidates);
  for (const c of candidates) {
    expect(Object.keys(c).sort()).toEqual(['score', 'table']);
    expect(c.table).toMatch(/^[^.\s]+\.[^.\s]+$/);
    expect(typeof c.score).toBe('number');
    expect(c.score).toBeGreaterThanOrEqual(0);
    expect(c.score).toBeLessThanOrEqual(1);
  }
  const scores = candidates.map((c) => c.score as number);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));

  expect(isStringArray(value.tables)).toBe(true);
  if (value.decision !== 'answer') expect(value.tables).toEqual([]);
  expect(isStringOrNull(value.sql)).toBe(true);
  expect(value.columns === null || isStringArray(value.columns)).toBe(true);
  expect(value.rows === null || Array.isArray(value.rows)).toBe(true);
  if (Array.isArray(value.rows)) {
    expect(value.rows.length).toBeLessThanOrEqual(maxRows);
    for (const row of value.rows) {
      expect(Array.isArray(row)).toBe(true);
      expect((row as unknown[]).length).toBe((value.columns as string[]).length);
    }
  }
  if (value.clarification !== null) {
    const c = value.clarification as Record<string, unknown>;
    expect(Object.keys(c).sort()).toEqual(['options', 'question']);
    expect(typeof c.question).toBe('string');
    expect(isStringArray(c.options)).toBe(true);
  }
  if (value.decision === 'clarify') expect(value.clarification).not.toBeNull();
  expect(typeof value.message).toBe('string');
  expect((value.message as string).length).toBeGreaterThan(0);
  expect(typeof value.reason).toBe('string');
  expect(isStringOrNull(value.error)).toBe(true);
  expect(isStringOrNull(value.interpretation)).toBe(true);
  if (value.decision === 'answer' && value.sql !== null)
    expect(value.interpretation).toEqual(expect.any(String));

  const timings = value.timings_ms as Record<string, unknown>;
  expect(Object.keys(timings).sort()).toEqual(['embed', 'execute', 'generate', 'retrieve', 'total']);
  for (const t of Object.values(timings)) {
    expect(typeof t).toBe('number');
    expect(t).toBeGreaterThanOrEqual(0);
  }
  return value;
}

/** stdout split into lines, without the trailing newline. */
const lines = (run: CliRun) =>
  run.stdout.split('\n').filter((l, i, all) => l.length > 0 || i < all.length - 1);

/** pino JSON log lines on stderr. */
const logLines = (run: CliRun) => run.stderr.split('\n').filter((l) => l.startsWith('{"level":'));

const SHOP_SCHEMA = `
  CREATE SCHEMA shop;
  CREATE TABLE shop.carriers (carrier_id int PRIMARY KEY, carrier_name text NOT NULL, country text NOT NULL);
  CREATE TABLE shop.parcels (
    parcel_id int PRIMARY KEY,
    carrier_id int NOT NULL REFERENCES shop.carriers (carrier_id),
    weight_kg numeric(6,2) NOT NULL,
    shipped_on date NOT NULL
  );
  INSERT INTO shop.carriers VALUES (1, 'UPS', 'United States'), (2, 'DHL', 'Germany'), (3, 'FedEx', 'United States');
  INSERT INTO shop.parcels SELECT g, 1 + g % 3, g * 0.25, DATE '2024-01-01' + g FROM generate_series(1, 60) g;
`;

describe(`the ask and reindex CLIs (${BACKEND})`, () => {
  let dir: string;
  let env: Record<string, string>;
  let metadata: TestDatabase | undefined;
  /** A small database for `--source`: a fresh server database, or a PGlite folder. */
  let shop: { spec: string; drop(): Promise<void> };

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), 'tablebot-cli-'));
    if (TEST_SERVER_URL) metadata = await createTestDatabase('tb_cli_meta');
    // LOG_LEVEL info: there are logs, and they must all go to stderr.
    env = { ...demoEnv(dir, metadata?.url), LOG_LEVEL: 'info' };

    const seedShop = (q: Queryable) => q.exec(SHOP_SCHEMA);
    if (TEST_SERVER_URL) {
      const db = await createTestDatabase('tb_cli_shop');
      await seedShop(db.source);
      shop = { spec: db.url ?? '', drop: () => db.drop() };
    } else {
      // PGlite allows one process per folder: seed it, then close it before the CLIs open it.
      const folder = path.join(dir, 'shopdb');
      const db = await PgliteSource.create({ dataDir: folder });
      await seedShop(db);
      await db.close();
      shop = { spec: `pglite:${folder}`, drop: async () => undefined };
    }
  }, 300_000);

  afterAll(async () => {
    await shop?.drop();
    await metadata?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('ask', () => {
    test('one question with --json prints exactly one contract line on stdout, logs on stderr', async () => {
      // The first run seeds and indexes the demo warehouse into the temp folder.
      const run = await runCli(
        CLI.ask,
        ['--json', '--max-rows', '3', 'How many products are in each category?'],
        env,
      );
      expect(run.code).toBe(0);
      const out = lines(run);
      expect(out).toHaveLength(1);
      const line = contractLine(out[0], 3);
      expect(line).toMatchObject({ id: null, decision: 'answer', error: null, tables: ['catalog.products'] });
      expect(line.sql).toMatch(/^SELECT\b/i);
      expect((line.rows as unknown[][]).length).toBe(3);
      // Logs went to stderr as pino JSON lines; stdout holds nothing else.
      expect(logLines(run).length).toBeGreaterThan(0);
      expect(run.stdout).not.toMatch(/"level":/);
    }, 180_000);

    test('--batch prints one line per question, with its id, in order', async () => {
      const batch = path.join(dir, 'questions.jsonl');
      const items = [
        { id: 'q-answer', question: 'List the artists from Sweden' },
        { id: 'q-decline', question: "What's the weather in Boise tomorrow?" },
        { id: 'q-count', question: 'How many suppliers are there?' },
      ];
      writeFileSync(batch, `${items.map((i) => JSON.stringify(i)).join('\n')}\n`);
      const run = await runCli(CLI.ask, ['--json', '--max-rows', '5', '--batch', batch], env);
      expect(run.code).toBe(0);
      const out = lines(run).map((l) => contractLine(l, 5));
      expect(out.map((l) => l.id)).toEqual(items.map((i) => i.id));
      expect(out.map((l) => l.decision)).toEqual(['answer', 'decline', 'answer']);
      expect(out[0].tables).toEqual(['music.artists']);
      expect((out[0].rows as unknown[][]).length).toBe(5);
      expect(out[1]).toMatchObject({
        sql: null,
        rows: null,
        message: "Sorry, I don't have that information.",
      });
      expect(out[2].rows).toEqual([[23]]);
    }, 120_000);

    test('without --json prints the message, the rows as a table and the SQL', async () => {
      const run = await runCli(CLI.ask, ['How many products are in each category?'], env);
      expect(run.code).toBe(0);
      const text = run.stdout;
      expect(text).toMatch(/^Here is what I found in catalog\.products: 7 rows\./);
      // A header with the column names, a rule under it, then one line per category.
      const rule = text.split('\n').findIndex((l) => /^-+( +-+)+$/.test(l));
      expect(rule).toBeGreaterThan(0);
      expect(text.split('\n')[rule - 1]).toMatch(/category/);
      expect(text).toMatch(/\n\s*\d+ +Fashion\s*\n|\nFashion +\d+\s*\n/);
      expect(text).toMatch(/\nSQL: SELECT /);
      expect(text).not.toMatch(/^\{/m);
    }, 120_000);

    itWhen(!TEST_SERVER_URL, 'the one-shot path is for the embedded metadata store')(
      'once indexed, ask leaves the metadata store closed and spools its audit entry, which the next opener takes in',
      async () => {
        const spoolDir = path.join(env.TABLEBOT_DATA_DIR, 'audit-spool');
        // PGlite writes into its folder whenever it opens it (its pid file at least)
        const metaTouched = () => statSync(path.join(env.TABLEBOT_DATA_DIR, 'meta')).mtimeMs;
        const before = metaTouched();
        const run = await runCli(CLI.ask, ['--json', 'How many suppliers are there?'], env);
        expect(run.code).toBe(0);
        expect(contractLine(lines(run)[0], 100)).toMatchObject({ decision: 'answer', rows: [[23]] });
        expect(metaTouched()).toBe(before);
        // the asks before this one spooled theirs too, each in its own file, named by when it started
        const spooled = readdirSync(spoolDir)
          .filter((f) => /^[^.]+\.jsonl$/.test(f))
          .sort();
        const own = readFileSync(path.join(spoolDir, spooled[spooled.length - 1]), 'utf8');
        expect(
          own
            .trim()
            .split('\n')
            .map((l) => (JSON.parse(l) as { question: string }).question),
        ).toEqual(['How many suppliers are there?']);

        const audit = await runCli(CLI.audit, ['--json', '--limit', '50'], env);
        expect(audit.code).toBe(0);
        expect(audit.stdout).toMatch(/How many suppliers are there\?/);
        expect(readdirSync(spoolDir)).toEqual([]);
      },
      120_000,
    );

    test('--source that was never indexed says to run reindex for it and exits non-zero', async () => {
      const never = TEST_SERVER_URL ? await createTestDatabase('tb_cli_never') : undefined;
      try {
        const url = never?.url ?? 'postgres://postgres@127.0.0.1:5432/tb_cli_never_indexed';
        const json = await runCli(CLI.ask, ['--source', url, '--json', 'How many orders were placed?'], env);
        expect(json.code).not.toBe(0);
        const line = contractLine(lines(json)[0] ?? '{}', 100, 0);
        expect(line.error).toBe('SOURCE_NOT_INDEXED');
        expect(line.message).toMatch(/npm run reindex -- --source/);

        const readable = await runCli(CLI.ask, ['--source', url, 'How many orders were placed?'], env);
        expect(readable.code).not.toBe(0);
        expect(readable.stdout + readable.stderr).toMatch(
          /has not been indexed.*npm run reindex -- --source/s,
        );
      } finally {
        await never?.drop();
      }
    }, 120_000);
  });

  describe('reindex', () => {
    const reindex = (...schemas: string[]) =>
      runCli(CLI.reindex, ['--source', shop.spec, ...schemas.flatMap((s) => ['--schema', s])], env);
    const askShop = async () => {
      const run = await runCli(
        CLI.ask,
        ['--source', shop.spec, '--json', 'How many parcels did each carrier ship?'],
        env,
      );
      expect(run.code).toBe(0);
      // The shop source has 2 tables: both are listed.
      return contractLine(lines(run)[0] ?? '{}', 100, 2);
    };

    test('indexes a small schema: exit 0 and a summary on stderr', async () => {
      const run = await reindex('shop');
      expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 });
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/reindexed /);
      expect(run.stderr).toMatch(/schemas: +shop\n/);
      expect(run.stderr).toMatch(/tables: +2 \(2 profiled, 2 embedded, 0 reused, 0 removed\)/);
      const line = await askShop();
      expect(line).toMatchObject({ decision: 'answer', error: null });
      expect(line.tables).toContain('shop.parcels');
      expect((line.candidates as { table: string }[]).every((c) => c.table.startsWith('shop.'))).toBe(true);
    }, 120_000);

    test('a second run reuses the vectors of unchanged tables', async () => {
      const run = await reindex('shop');
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/tables: +2 \(0 profiled, 0 embedded, 2 reused, 0 removed\)/);
    }, 120_000);

    test('a missing schema fails with a clear message and leaves the previous index in use', async () => {
      const run = await reindex('no_such_schema');
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/reindex failed/);
      expect(run.stderr).toMatch(/no_such_schema/);
      expect(run.stderr).toMatch(/previous index is still in use/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      const line = await askShop();
      expect(line).toMatchObject({ decision: 'answer', error: null });
      expect(line.tables).toContain('shop.parcels');
    }, 120_000);
  });
});
