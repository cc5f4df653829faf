import { existsSync } from 'node:fs';
import type { ActivityHandler } from 'botbuilder';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { AnswerPipeline } from '../../src/pipeline/types';
import { itWhen } from '../support/skip';
import {
  startTestServer,
  type StartedServer,
  type StartTestServerOptions,
} from '../server/support/serverHarness';

/** Debian's chromium; the browser tests skip (with a message) only when it is absent. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** True when {@link CHROMIUM_PATH} exists. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** `test` when chromium is installed, else a skip whose title says why (listed after the run). */
export function browserTest(): ReturnType<typeof itWhen> {
  return itWhen(chromiumAvailable(), `needs ${CHROMIUM_PATH} (apt-get install -y chromium; CI installs it)`);
}

/** Launches headless chromium with flags that keep it offline and quiet. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** Starts the real tablebot HTTP server with the given bot (and optional pipeline and environment). */
export function startServerWithBot(
  bot: ActivityHandler,
  options: {
    env?: Record<string, string>;
    pipeline?: AnswerPipeline;
    examples?: string[];
    resultFiles?: StartTestServerOptions['resultFiles'];
  } = {},
): Promise<StartedServer> {
  return startTestServer({ bot, ...options });
}

/** A page of the web chat with its console errors collected (the test asserts there are none). */
export interface ChatPage {
  page: Page;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
}

/**
 * Opens the web chat page and waits until Web Chat is connected (the example chips enable then).
 * @param options.transport `websocket` (default) or `polling`.
 */
export async function openChat(
  browser: Browser,
  baseUrl: string,
  options: { transport?: 'websocket' | 'polling'; viewport?: { width: number; height: number } } = {},
): Promise<ChatPage> {
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const query = options.transport === 'polling' ? '?transport=polling' : '';
  await page.goto(`${baseUrl}/${query}`);
  await page.locator('.chip:not([disabled])').first().waitFor();
  return { page, errors };
}

/** The chat transcript (where the bot's and the user's activities are rendered). */
export function transcript(page: Page): Locator {
  return page.locator('.webchat__basic-transcript');
}

/** Types `text` into Web Chat's send box and sends it with Enter. */
export async function sendText(page: Page, text: string): Promise<void> {
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
}

/** Clicks the example chip with this question. */
export async function clickChip(page: Page, question: string): Promise<void> {
  await page.locator(`.chip[data-question="${question.replace(/"/g, '\\"')}"]`).click();
}

/** Waits until a message bubble in the transcript shows `text` (a substring or a pattern). */
export async function waitForText(page: Page, text: string | RegExp): Promise<Locator> {
  const found = transcript(page).locator('p, .webchat__text-content').filter({ hasText: text }).last();
  await found.waitFor();
  return found;
}

/** Waits until an Adaptive Card in the transcript shows `text`; returns that card. */
export async function waitForCardText(page: Page, text: string | RegExp): Promise<Locator> {
  const card = transcript(page).locator('.ac-adaptiveCard').filter({ hasText: text }).last();
  await card.waitFor();
  return card;
}

/**
 * Clicks a button by its text: an Adaptive Card action (Action.Submit) in the newest card that has it, or
 * else a suggested action above the send box.
 */
export async function clickButton(page: Page, title: string | RegExp): Promise<void> {
  const inCard = transcript(page)
    .locator('.ac-adaptiveCard .ac-pushButton')
    .filter({ hasText: title })
    .last();
  const suggested = page.locator('.webchat__suggested-action').filter({ hasText: title }).last();
  const button = inCard.or(suggested).last();
  await button.waitFor();
  await button.click();
}

/** Waits until the transcript has scrolled to its newest activity (for screenshots). */
export async function waitForTranscriptAtBottom(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const scrollable = document.querySelector('.webchat__basic-transcript__scrollable');
    return !scrollable || scrollable.scrollHeight - scrollable.scrollTop - scrollable.clientHeight < 2;
  });
}
