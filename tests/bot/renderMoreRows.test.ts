import type { AddressInfo } from 'node:net';
import restify, { type Server } from 'restify';
import { toCsv } from '../../src/bot/render/files/csv';
import { ResultFiles } from '../../src/bot/render/files/resultFiles';
import { SignedLinks } from '../../src/bot/render/files/signedLinks';
import { silentLogger } from '../../src/logging';
import { StoredQueryRunner } from '../../src/pipeline/storedQueryRunner';
import type { AnswerPipeline, AskRequest, AskResult } from '../../src/pipeline/types';
import { mountResultFileRoutes } from '../../src/server/resultFileRoutes';
import { SqlExecutor } from '../../src/sql/sqlExecutor';
import { SqlGuard } from '../../src/sql/sqlGuard';
import { BACKEND, createTestDatabase, type TestDatabase } from '../support/databases';
import { BotHarness } from './support/botHarness';

type CardNode = { type?: string; [key: string]: unknown };
const nodes = (value: unknown): CardNode[] =>
  Array.isArray(value)
    ? value.flatMap(nodes)
    : value !== null && typeof value === 'object'
      ? [value as CardNode, ...Object.values(value).flatMap(nodes)]
      : [];

const SQL = 'SELECT id, label, price FROM shop.items ORDER BY id';
const SOURCE_ID = 'test-source';

/**
 * A pipeline that answers every question with one query on a real database, through the real guard and
 * executor, returning at most `returned` rows as the real pipeline does.
 */
class OneQueryPipeline implements AnswerPipeline {
  constructor(
    private readonly runner: StoredQueryRunner,
    private readonly returned: number,
  ) {}

  async ask(request: AskRequest): Promise<AskResult> {
    const query = { sql: SQL, sourceId: SOURCE_ID, tables: ['shop.items'] };
    const result = await this.runner.run(query, { maxRows: this.runner.rowCap });
    const rows = result.rows.slice(0, this.returned);
    return {
      decision: 'answer',
      candidates: [{ table: 'shop.items', sourceId: SOURCE_ID, score: 0.9 }],
      tables: ['shop.items'],
      sql: `${SQL} LIMIT ${this.runner.rowCap}`,
      columns: result.columns,
      rows,
      rowCount: result.rowCount,
      truncated: result.truncated || rows.length < result.rows.length,
      clarification: null,
      message: `Here is what I found for "${request.question}".`,
      reason: 'test',
      error: null,
      timings: { embed: 0, retrieve: 0, generate: 0, execute: 0, total: 0 },
    };
  }
}

describe(`More rows and CSV downloads (${BACKEND})`, () => {
  let db: TestDatabase;
  let runner: StoredQueryRunner;
  let server: Server;
  let files: ResultFiles;
  let now = Date.now();

  beforeAll(async () => {
    db = await createTestDatabase('tb_more');
    await db.source.exec(`CREATE SCHEMA shop;
      CREATE TABLE shop.items (id int PRIMARY KEY, label text NOT NULL, price numeric(10,2));
      INSERT INTO shop.items SELECT g, 'item, "' || g || '"', g * 1.5 FROM generate_series(1, 45) g;`);
    runner = new StoredQueryRunner({
      guard: await SqlGuard.create(),
      executor: await SqlExecutor.create(),
      sources: { get: async () => db.source },
      limits: { statementTimeoutMs: 5000, maxRows: 40, maxBytes: 1_000_000 },
    });
    server = restify.createServer();
    server.use(restify.plugins.queryParser({ mapParams: false }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    files = new ResultFiles({
      links: new SignedLinks({ baseUrl: `http://127.0.0.1:${port}`, ttlMs: 60_000, now: () => now }),
    });
    mountResultFileRoutes(server, { files, storedQueries: runner, csvMaxRows: 1000, logger: silentLogger() });
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.drop();
  });

  const harness = (channelId: string) =>
    BotHarness.create({
      channelId,
      pipeline: new OneQueryPipeline(runner, 20),
      files,
      storedQueries: runner,
    });

  it('pages through a cut result with "More rows" (cards), and "more" continues where it stopped', async () => {
    const bot = harness('webchat');
    const [answer] = await bot.messages('list the items');
    const all = nodes(answer.attachments?.[0].content);
    expect(all.find((n) => n.type === 'TextBlock' && /^Showing/.test(String(n.text)))?.text).toBe(
      'Showing 10 of 40+ rows.',
    );
    const more = all.find((n) => n.title === 'More rows');
    expect(more).toMatchObject({ type: 'Action.Submit', data: { type: 'moreRows', offset: 10 } });
    expect(all.find((n) => n.title === 'Download CSV')).toMatchObject({ type: 'Action.OpenUrl' });

    const [page2] = await bot.messages({ type: 'message', value: more?.data });
    const page2Nodes = nodes(page2.attachments?.[0].content);
    const firstCell = (n: CardNode[]) =>
      n.find((x) => x.type === 'TableRow' && !x.style)
        ? nodes(n.find((x) => x.type === 'TableRow' && !x.style)).find((x) => x.type === 'TextRun')?.text
        : undefined;
    expect(firstCell(page2Nodes)).toBe('11');
    expect(page2Nodes.filter((n) => n.type === 'TextBlock').map((n) => n.text)).toContain(
      'Rows 11–20 of 40+.',
    );
    const next = page2Nodes.find((n) => n.title === 'More rows');
    expect(next).toMatchObject({ data: { offset: 20 } });
    // Pages carry no feedback buttons (they belong to the answer).
    expect(page2Nodes.some((n) => n.title === '👍 Helpful')).toBe(false);

    const [page3] = await bot.messages('more');
    expect(firstCell(nodes(page3.attachments?.[0].content))).toBe('21');
    const [page4] = await bot.messages('next page');
    const last = nodes(page4.attachments?.[0].content);
    expect(firstCell(last)).toBe('31');
    expect(last.some((n) => n.type === 'TextBlock' && n.text === 'Rows 31–40 of 40+.')).toBe(true);
  });

  it('Slack and plain text: a "More rows" button / command', async () => {
    const slack = harness('slack');
    const [answer] = await slack.messages('list the items');
    const buttons: { title: string; value: string }[] = answer.attachments?.at(-1)?.content.buttons;
    const more = buttons.find((b) => b.title === 'More rows');
    expect(more?.value).toMatch(/^more rows [\w-]+ 10$/);
    expect(answer.text).toMatch(
      /<http:\/\/127\.0\.0\.1:\d+\/files\/csv\/[\w-]+\.csv\?exp=\d+&sig=[\w-]+\|Download all rows as CSV>/,
    );
    const [page] = await slack.messages(more?.value ?? '');
    expect(page.text).toMatch(
      /^More rows from shop\.items\.\n```\nID │ Label +│ +Price\n[─┼]+\n11 │ item, "11"/,
    );

    const plain = harness('test');
    await plain.messages('list the items');
    const [text] = await plain.texts('more rows');
    expect(text).toMatch(/\n11 \| item, "11" \| 16\.50\n/);
  });

  it('serves the whole result as CSV behind a signed link, re-run above the chat cap; refuses tampered or expired links', async () => {
    const bot = harness('webchat');
    const [answer] = await bot.messages('list the items');
    const url = String(nodes(answer.attachments?.[0].content).find((n) => n.title === 'Download CSV')?.url);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="list-the-items.csv"');
    const csv = await response.text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    // Every row (45), although the chat cap is 40: the guard's LIMIT is lifted for downloads.
    expect(lines).toHaveLength(46);
    expect(lines.slice(0, 3)).toEqual(['id,label,price', '1,"item, ""1""",1.5', '2,"item, ""2""",3']);

    const tampered = url.replace(/sig=[\w-]+/, 'sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect((await fetch(tampered)).status).toBe(403);
    const otherId = url.replace(/\/csv\/[\w-]+\.csv/, '/csv/00000000-0000-0000-0000-000000000000.csv');
    expect((await fetch(otherId)).status).toBe(403);
    now += 61_000;
    try {
      expect((await fetch(url)).status).toBe(403);
    } finally {
      now -= 61_000;
    }
    expect((await fetch(url.replace('/files/csv/', '/files/nothing/'))).status).toBe(404);
  });

  it('offers neither on a result that fits', async () => {
    const roomy = new StoredQueryRunner({
      guard: await SqlGuard.create(),
      executor: await SqlExecutor.create(),
      sources: { get: async () => db.source },
      limits: { statementTimeoutMs: 5000, maxRows: 100, maxBytes: 1_000_000 },
    });
    const bot = BotHarness.create({
      channelId: 'webchat',
      pipeline: new OneQueryPipeline(roomy, 100),
      files,
      storedQueries: roomy,
      maxRowsShown: 50,
    });
    const [answer] = await bot.messages('list the items');
    const all = nodes(answer.attachments?.[0].content);
    expect(all.filter((n) => n.type === 'TableRow')).toHaveLength(46);
    expect(all.some((n) => n.title === 'Download CSV' || n.title === 'More rows')).toBe(false);
  });
});

describe('CSV text', () => {
  it('quotes per RFC 4180 and keeps spreadsheet formulas from running', () => {
    expect(
      toCsv(
        ['a', 'b,c'],
        [
          ['=HYPERLINK("x")', -5],
          ['line\nbreak', null],
          [new Date('2024-01-02T03:04:05Z'), { k: 1 }],
        ],
      ),
    ).toBe(
      '\uFEFFa,"b,c"\r\n"\'=HYPERLINK(""x"")",-5\r\n"line\nbreak",\r\n2024-01-02T03:04:05.000Z,"{""k"":1}"\r\n',
    );
  });
});
