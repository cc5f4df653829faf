import type { Browser } from 'playwright-core';
import { createBot } from '../../src/bot/createBot';
import { KnexFeedbackStore } from '../../src/store/feedbackStoreKnex';
import { KnexStorage } from '../../src/store/knexStorage';
import { FASHION_PEAK_QUARTER, sqlAsOf } from '../../src/demo/demoQuestions';
import { silentLogger } from '../../src/logging';
import { openDemoApp, type DemoApp } from '../support/demoApp';
import type { StartedServer } from '../server/support/serverHarness';
import {
  browserTest,
  chromiumAvailable,
  clickButton,
  launchBrowser,
  openChat,
  sendText,
  startServerWithBot,
  waitForCardText,
  waitForText,
} from './support';

const it = browserTest();

/**
 * The real bot on the demo warehouse, in a real browser: the web chat page, the local Direct Line
 * endpoint, the dialogs, the pipeline and the Adaptive Card renderer together.
 */
describe('tablebot in the web chat (Debian chromium, demo warehouse)', () => {
  let demo: DemoApp;
  let started: StartedServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!chromiumAvailable()) return;
    demo = await openDemoApp();
    const bot = createBot({
      pipeline: demo.app.pipeline,
      storage: new KnexStorage({ knex: demo.app.knex }),
      feedbackStore: new KnexFeedbackStore({ knex: demo.app.knex }),
      logger: silentLogger(),
    });
    started = await startServerWithBot(bot, { pipeline: demo.app.pipeline });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await started?.close();
    await demo?.close();
  });

  it('answers the fashion-sales question with the right quarter in a card', async () => {
    // The quarter is its first day ("2024-10-01"), shown as "Q4 2024".
    const reference = await demo.demo.queryArrays(
      `SELECT extract(year FROM quarter)::int, extract(quarter FROM quarter)::int
       FROM (${sqlAsOf(FASHION_PEAK_QUARTER.referenceSql ?? '', demo.today)}) q`,
    );
    const [year, quarter] = reference.rows[0].map((v) => String(v));
    const { page, errors } = await openChat(browser, started.baseUrl);
    await sendText(page, FASHION_PEAK_QUARTER.question);
    const card = await waitForCardText(page, /Show SQL/);
    await expect(card.innerText()).resolves.toContain(year);
    await expect(card.innerText()).resolves.toMatch(new RegExp(`\\bQ?${quarter}\\b`));
    expect(errors).toEqual([]);
  });

  it('asks a clarifying question with buttons and answers after a click', async () => {
    const { page, errors } = await openChat(browser, started.baseUrl);
    // two tables that both hold "sales" (targets and actuals) are two readings; products' launch date is now
    // the semantic model's default time dimension, so "added each month" no longer asks which date
    await sendText(page, 'What were total sales last month?');
    await waitForText(page, /Do you mean/);
    await clickButton(page, /store sales/i);
    await waitForCardText(page, /Show SQL/);
    expect(errors).toEqual([]);
  });
});
