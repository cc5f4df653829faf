import type { Browser } from 'playwright-core';
import { ShowcaseBot } from '../server/support/showcaseBot';
import type { StartedServer } from '../server/support/serverHarness';
import {
  browserTest,
  chromiumAvailable,
  clickButton,
  clickChip,
  launchBrowser,
  openChat,
  sendText,
  startServerWithBot,
  waitForCardText,
  waitForText,
  waitForTranscriptAtBottom,
} from './support';

const it = browserTest();

describe('web chat in a real browser (Debian chromium)', () => {
  let started: StartedServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!chromiumAvailable()) return;
    started = await startServerWithBot(new ShowcaseBot());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await started?.close();
  });

  it('shows the welcome, a card with a table, and follows a suggested action and a card button', async () => {
    const { page, errors } = await openChat(browser, started.baseUrl);
    await waitForText(page, 'Welcome! I am the showcase bot.');

    await sendText(page, 'card');
    const card = await waitForCardText(page, 'Sales by quarter');
    await expect(card.locator('.ac-textBlock', { hasText: '2023 Q4' }).count()).resolves.toBe(1);
    await expect(card.locator('.ac-textBlock', { hasText: '1,204,330' }).count()).resolves.toBe(1);

    await clickButton(page, 'Show the SQL');
    await waitForText(page, 'SELECT quarter, sum(amount) FROM sales GROUP BY quarter');

    await clickButton(page, 'In-store sales');
    await waitForText(page, 'You picked in-store sales. Here is the answer for in-store sales.');

    await clickChip(page, 'help');
    await waitForText(page, 'Echo: help');

    await waitForTranscriptAtBottom(page);
    await page.screenshot({ path: '/tmp/webchat.png' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('works over polling too (no WebSocket)', async () => {
    const { page, errors } = await openChat(browser, started.baseUrl, { transport: 'polling' });
    await waitForText(page, 'Welcome! I am the showcase bot.');
    await sendText(page, 'polling works?');
    await waitForText(page, 'Echo: polling works?');
    expect(errors).toEqual([]);
    await page.close();
  });
});
