import { readFileSync, mkdirSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Download, Locator } from 'playwright-core';
import { createBot } from '../../src/bot/createBot';
import { ResultFiles } from '../../src/bot/render/files/resultFiles';
import { SignedLinks } from '../../src/bot/render/files/signedLinks';
import { silentLogger } from '../../src/logging';
import { KnexFeedbackStore } from '../../src/store/feedbackStoreKnex';
import { KnexStorage } from '../../src/store/knexStorage';
import type { StartedServer } from '../server/support/serverHarness';
import { openDemoApp, type DemoApp } from '../support/demoApp';
import {
  browserTest,
  chromiumAvailable,
  clickButton,
  launchBrowser,
  openChat,
  sendText,
  startServerWithBot,
  waitForCardText,
  waitForTranscriptAtBottom,
} from './support';

const it = browserTest();

/** Where the screenshots go (look at them: the test checks a chart is visible, not that it is pretty). */
const SHOTS = process.env.TABLEBOT_SCREENSHOTS_DIR ?? path.join(os.tmpdir(), 'tablebot-screenshots');

/** A TCP port free right now (links must know the server's port before it starts). */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The chart picture in a card: drawn (decoded, non-empty) and on screen. */
async function expectVisibleChart(card: Locator): Promise<void> {
  const image = card.locator('img[src^="data:image/png;base64,"]').first();
  await image.waitFor();
  await expect(image.isVisible()).resolves.toBe(true);
  const size = await image.evaluate((img: HTMLImageElement) => ({
    natural: img.naturalWidth,
    shown: img.getBoundingClientRect().width,
  }));
  expect(size.natural).toBeGreaterThan(400);
  expect(size.shown).toBeGreaterThan(300);
}

/**
 * Charts, "More rows" and CSV downloads with the real bot on the demo warehouse in a real browser: a
 * month-by-month answer gets a line chart, a per-region answer a bar chart; "More rows" shows the next
 * page; "Download CSV" downloads every row.
 */
describe('charts, more rows and downloads in the web chat (Debian chromium, demo warehouse)', () => {
  let demo: DemoApp;
  let started: StartedServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!chromiumAvailable()) return;
    mkdirSync(SHOTS, { recursive: true });
    demo = await openDemoApp();
    const port = await freePort();
    const files = new ResultFiles({
      links: new SignedLinks({ baseUrl: `http://127.0.0.1:${port}`, ttlMs: 10 * 60_000 }),
    });
    const bot = createBot({
      pipeline: demo.app.pipeline,
      storage: new KnexStorage({ knex: demo.app.knex }),
      feedbackStore: new KnexFeedbackStore({ knex: demo.app.knex }),
      logger: silentLogger(),
      files,
      storedQueries: demo.app.storedQueries,
    });
    started = await startServerWithBot(bot, {
      pipeline: demo.app.pipeline,
      env: { PORT: String(port) },
      resultFiles: { files, storedQueries: demo.app.storedQueries, csvMaxRows: 10_000 },
    });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await started?.close();
    await demo?.close();
  });

  it('a month-by-month answer: line chart, months in order, More rows, Show SQL, Download CSV', async () => {
    const { page, errors } = await openChat(browser, started.baseUrl, {
      viewport: { width: 1000, height: 1500 },
    });
    const downloads: Download[] = [];
    page.context().on('page', (popup) => popup.on('download', (d) => downloads.push(d)));
    page.on('download', (d) => downloads.push(d));

    await sendText(page, 'How many orders were placed each month in 2024?');
    const card = await waitForCardText(page, /Show SQL/);
    await expectVisibleChart(card);
    const text = await card.innerText();
    expect(text).toMatch(/Month\s+(Count|Online orders)\s+Jan 2024/);
    // In time order, month names, counts right-aligned.
    expect(text.indexOf('Jan')).toBeLessThan(text.indexOf('Feb'));
    expect(text).toContain('Showing 10 of 12 rows.');
    await waitForTranscriptAtBottom(page);
    await card.screenshot({ path: path.join(SHOTS, 'month-by-month-line.png') });

    await clickButton(page, 'More rows');
    const more = await waitForCardText(page, /Rows 11–12 of 12\./);
    await expect(more.innerText()).resolves.toMatch(/Nov[\s\S]*Dec/);
    await waitForTranscriptAtBottom(page);
    await more.screenshot({ path: path.join(SHOTS, 'more-rows.png') });

    await clickButton(page, 'Show SQL');
    const sql = await waitForCardText(page, /The query behind that answer/);
    await expect(sql.innerText()).resolves.toMatch(/SELECT[\s\S]*\nFROM sales\./);
    // The SQL wraps inside the bubble: nothing runs past the card's right edge.
    const overflow = await sql.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);

    await card.locator('.ac-pushButton').filter({ hasText: 'Download CSV' }).click();
    await page.waitForFunction(() => true);
    const deadline = Date.now() + 20_000;
    while (downloads.length === 0 && Date.now() < deadline) await page.waitForTimeout(100);
    expect(downloads).toHaveLength(1);
    const file = path.join(SHOTS, 'month-by-month.csv');
    await downloads[0].saveAs(file);
    expect(downloads[0].suggestedFilename()).toBe('how-many-orders-were-placed-each-month-in-2024.csv');
    const lines = readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('Online orders,month');
    expect(lines).toHaveLength(13);
    // No "Web Chat: received unknown action from Adaptive Cards", nothing else either.
    expect(errors).toEqual([]);
  }, 180_000);

  it('a per-region answer: bar chart above a table with a header per column', async () => {
    const { page, errors } = await openChat(browser, started.baseUrl, {
      viewport: { width: 1000, height: 1500 },
    });
    await sendText(page, 'total sales amount per region');
    const card = await waitForCardText(page, /Show SQL/);
    await expectVisibleChart(card);
    await expect(card.innerText()).resolves.toMatch(/Region name\s+Total/);
    await waitForTranscriptAtBottom(page);
    await card.screenshot({ path: path.join(SHOTS, 'per-region-bar.png') });
    expect(errors).toEqual([]);
  }, 180_000);
});
