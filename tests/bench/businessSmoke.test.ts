import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BusinessResult } from '../../src/bench/businessReport';
import { runBusinessBench, scriptTables, selectBusinessItems } from '../../src/bench/runBusinessBench';
import { BACKEND, createTestDatabase, type TestDatabase } from '../support/databases';

/** A made-up garden centre: `garden.sql`, five questions and one conversation (no benchmark data). */
const FIXTURE_DIR = path.join(__dirname, 'fixtures', 'business');

describe('scriptTables', () => {
  it('lists the tables a SQL script creates', () => {
    expect(
      scriptTables(
        'CREATE TABLE a (x int);\ncreate table IF NOT EXISTS s."B" (y int);\nCREATE INDEX i ON a (x);',
      ),
    ).toEqual(['a', 's."B"']);
  });
});

describe(`npm run bench -- --suite business, smoke run on the real product path (${BACKEND})`, () => {
  let db: TestDatabase | undefined;
  let resultsDir: string;

  beforeAll(async () => {
    // On the Postgres server the script loads into a fresh database; with PGlite the bench uses its own folder.
    if (BACKEND === 'postgres') db = await createTestDatabase('tb_business_smoke');
    resultsDir = await mkdtemp(path.join(os.tmpdir(), 'tb-business-smoke-'));
  });

  afterAll(async () => {
    await db?.drop();
    await rm(resultsDir, { recursive: true, force: true });
  });

  it('loads, reindexes, asks, drives the conversation through the bot, scores and writes results', async () => {
    const { result, files } = await runBusinessBench({
      businessDir: FIXTURE_DIR,
      target: db?.url,
      env: { EMBEDDER: 'offline', SQL_GENERATOR: 'builtin', LOG_LEVEL: 'silent' },
      cwd: path.resolve(__dirname, '..', '..'),
      resultsDir,
      command: 'smoke test',
    });

    expect(Object.keys(result.reindex)).toEqual(['garden']);
    expect(result.reindex.garden.tables).toBe(2);
    expect(result.questions.map((q) => q.id)).toEqual(['g001', 'g002', 'g003', 'g004', 'g005']);
    for (const q of result.questions) {
      expect(['answer', 'clarify', 'decline']).toContain(q.decision);
      // Every gold reading ran on the loaded database.
      expect(q.note ?? '').not.toMatch(/reading failed/);
      if (q.expect === 'answer') expect(typeof q.match).toBe('boolean');
      else expect(q.match).toBeNull();
      if (q.decision === 'answer') for (const t of q.tables) expect(t.startsWith('public.')).toBe(true);
    }
    // The count of all rows is the simplest question there is: the product must get it right.
    expect(result.questions[0]).toMatchObject({
      decision: 'answer',
      correct: true,
      match: true,
      tablesExact: true,
    });

    expect(result.conversations.map((t) => [t.conversation, t.turn])).toEqual([
      ['gconv1', 1],
      ['gconv1', 2],
    ]);
    // The second turn went through the bot's follow-up rewriting before reaching the pipeline.
    expect(result.conversations[1].asked).toMatch(/plants.*2023/i);

    const m = result.metrics;
    expect(Object.keys(m.databases)).toEqual(['garden']);
    expect(m.overall.questions.questions).toBe(5);
    expect(m.overall.questions.expected).toEqual({ answer: 3, clarify: 1, decline: 1 });
    const confusion = m.overall.questions.confusion;
    expect(
      Object.values(confusion).reduce((s, row) => s + Object.values(row).reduce((a, b) => a + b, 0), 0),
    ).toBe(5);
    expect(m.overall.conversations).toMatchObject({ conversations: 1, turns: 2 });
    expect(m.overall.questions.latencyP95Ms).toBeGreaterThanOrEqual(m.overall.questions.latencyP50Ms ?? 0);
    expect(result.checks.length).toBeGreaterThan(0);
    expect(result.categories.count).toEqual({ questions: 1, right: 1 });

    expect(files).not.toBeNull();
    if (!files) return;
    const written = JSON.parse(await readFile(files.jsonPath, 'utf8')) as BusinessResult;
    expect(written.metrics).toEqual(result.metrics);
    expect(written.questions).toHaveLength(5);
    expect(await readFile(files.markdownPath, 'utf8')).toContain('## Targets (issue 8)');
  }, 240_000);

  it('refuses an unknown id before loading anything', async () => {
    await expect(
      runBusinessBench({
        businessDir: FIXTURE_DIR,
        only: ['nope'],
        cwd: path.resolve(__dirname, '..', '..'),
      }),
    ).rejects.toThrow(/unknown or filtered-out id/);
  });
});

describe('selectBusinessItems', () => {
  it('filters questions and conversations by database and by id', () => {
    expect(selectBusinessItems({ businessDir: FIXTURE_DIR, only: ['g005', 'gconv1'] })).toMatchObject({
      questions: [{ id: 'g005' }],
      conversations: [{ id: 'gconv1' }],
    });
    const noConversations = selectBusinessItems({ businessDir: FIXTURE_DIR, skipConversations: true });
    expect(noConversations.questions).toHaveLength(5);
    expect(noConversations.conversations).toEqual([]);
    expect(() => selectBusinessItems({ businessDir: FIXTURE_DIR, dbs: ['other'] })).toThrow(
      /unknown database/,
    );
  });
});
