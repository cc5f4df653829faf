import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Activity } from 'botbuilder';
import { MemoryStorage } from 'botbuilder';
import type { UserIdentity } from '../../src/access';
import { createBot } from '../../src/bot/createBot';
import { DEMO_QUESTIONS } from '../../src/demo/demoQuestions';
import { silentLogger } from '../../src/logging';
import type { AskResult } from '../../src/pipeline/types';
import { InMemoryFeedbackStore } from '../../src/store/feedbackStoreMemory';
import { BotHarness } from '../bot/support/botHarness';
import { DirectLineTestClient } from '../server/support/directLineClient';
import { startTestServer, type StartedServer } from '../server/support/serverHarness';
import { openDemoApp, type DemoApp } from '../support/demoApp';

/**
 * Per-user table access through the real pipeline on the demo warehouse: each group's users, arriving
 * through Teams, Slack, Web Chat (local Direct Line over HTTP) and /api/ask (HTTP), never see a table of
 * another group: not as a candidate, a clarification option, in a message or reason, or in the SQL.
 */
const ACCESS_YAML = `
defaultGroup: public
groups:
  public:
    allow: ["marketing.*"]
  sales:
    members: ["teams:tenant-1/aad-sales", "slack:T1/USALES", "webchat:dl_sales", "api:sales-bot"]
    allow: ["sales.*", { source: demo, schema: catalog }]
    deny: ["sales.store_sales"]
  hr:
    members: ["teams:tenant-1/aad-hr", "slack:T1/UHR", "webchat:dl_hr", "api:hr-bot"]
    allow: ["hr.*", "crm.*"]
`;
const SALES = (key: string) =>
  (key.startsWith('sales.') && key !== 'sales.store_sales') || key.startsWith('catalog.');
const HR = (key: string) => key.startsWith('hr.') || key.startsWith('crm.');
const PUBLIC = (key: string) => key.startsWith('marketing.');
const API_TOKENS = 'sales-bot=sales-bot-token-0123456789,hr-bot=hr-bot-token-0123456789';
const DL_SECRET = 'direct-line-secret-for-access-tests';

/** Questions that reach into every group's tables, including a clarification between an allowed and a denied table. */
const PROBES = [
  'What were total sales last month?',
  'How many current employees work in each department?',
  'What is the average satisfaction score of support tickets by channel?',
  'Which marketing campaign had the largest budget?',
  'What are the top 5 products by units sold?',
  'How much did each store sell in stores last year?',
];

let demo: DemoApp;
let dir: string;
let allTables: string[];

/** Every demo table a user may not see, found anywhere in `text` as a qualified name. */
function forbiddenIn(text: string, visible: (key: string) => boolean): string[] {
  return allTables.filter(
    (key) => !visible(key) && new RegExp(`(?<![\\w.])${key.replace('.', '\\.')}(?![\\w])`, 'i').test(text),
  );
}

function checkResult(result: AskResult, visible: (key: string) => boolean): void {
  expect(forbiddenIn(JSON.stringify(result), visible)).toEqual([]);
  for (const c of result.candidates) expect(visible(c.table)).toBe(true);
  for (const t of result.tables) expect(visible(t)).toBe(true);
  for (const o of result.clarification?.options ?? [])
    for (const t of o.tables) expect(visible(t)).toBe(true);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tablebot-access-e2e-'));
  const file = path.join(dir, 'access.yaml');
  writeFileSync(file, ACCESS_YAML);
  demo = await openDemoApp({ env: { ACCESS_FILE: file } });
  allTables = [...(demo.app.pipeline.currentState()?.corpus.byId.values() ?? [])].map((t) => t.key);
  expect(allTables.length).toBeGreaterThan(20);
}, 120_000);
afterAll(async () => {
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the pipeline filters tables before retrieval', () => {
  const users: [string, UserIdentity, (key: string) => boolean][] = [
    ['sales (Teams)', { channel: 'msteams', ids: ['teams:tenant-1/aad-sales'] }, SALES],
    ['hr (Slack)', { channel: 'slack', ids: ['slack:T1/UHR'] }, HR],
    ['an unknown user (default group)', { channel: 'webchat', ids: ['webchat:dl_someone'] }, PUBLIC],
  ];

  test.each(users)(
    '%s never sees another group’s table in any demo question',
    async (_name, identity, visible) => {
      let answered = 0;
      for (const q of [...DEMO_QUESTIONS.map((d) => d.question), ...PROBES]) {
        const result = await demo.app.pipeline.ask({ question: q, identity });
        checkResult(result, visible);
        if (result.decision === 'answer' && result.sql) answered += 1;
      }
      expect(answered).toBeGreaterThan(0);
    },
  );

  test('a clarification between an allowed and a denied table is no longer a clarification', async () => {
    const everyone = await demo.app.pipeline.ask({
      question: 'What were total sales last month?',
      identity: { channel: 'cli', ids: [] },
    });
    // The default group sees only marketing: nothing about sales.
    checkResult(everyone, PUBLIC);
    const sales = await demo.app.pipeline.ask({
      question: 'What were total sales last month?',
      identity: { channel: 'msteams', ids: ['teams:tenant-1/aad-sales'] },
    });
    expect(sales.clarification?.options.flatMap((o) => o.tables) ?? []).not.toContain('sales.store_sales');
    expect(JSON.stringify(sales)).not.toContain('store_sales');
  });

  test('the check has teeth: what one group is shown names tables the other may not see', async () => {
    const hr = await demo.app.pipeline.ask({
      question: 'How many current employees work in each department?',
      identity: { channel: 'slack', ids: ['slack:T1/UHR'] },
    });
    expect(hr.decision).toBe('answer');
    expect(forbiddenIn(JSON.stringify(hr), SALES)).toContain('hr.employees');
  });

  test('a forced table (a clarification answer) outside the user’s set is ignored', async () => {
    const result = await demo.app.pipeline.ask({
      question: 'How many employees are there?',
      forceTables: ['hr.employees'],
      identity: { channel: 'msteams', ids: ['teams:tenant-1/aad-sales'] },
    });
    checkResult(result, SALES);
  });
});

describe('through the real bot (TestAdapter): Teams and Slack identities', () => {
  const teams = (aad: string): Partial<Activity> => ({
    from: { id: `29:${aad}`, name: aad, aadObjectId: aad },
    channelData: { tenant: { id: 'tenant-1' } },
  });
  const slack = (user: string): Partial<Activity> => ({
    from: { id: `${user}:T1`, name: user },
    channelData: { SlackMessage: { team_id: 'T1', event: { type: 'message', user, team: 'T1' } } },
  });
  const cases: [string, string, Partial<Activity>, (key: string) => boolean][] = [
    ['Teams sales user', 'msteams', teams('aad-sales'), SALES],
    ['Teams hr user', 'msteams', teams('aad-hr'), HR],
    ['Slack sales user', 'slack', slack('USALES'), SALES],
    ['Slack hr user', 'slack', slack('UHR'), HR],
  ];

  test.each(cases)('%s: no reply names a table of another group', async (_name, channelId, who, visible) => {
    const bot = BotHarness.create({ channelId, pipeline: demo.app.pipeline });
    for (const question of PROBES) {
      const replies = await bot.messages({ type: 'message', text: question, ...who });
      expect(replies.length).toBeGreaterThan(0);
      expect(forbiddenIn(JSON.stringify(replies), visible)).toEqual([]);
    }
  });
});

describe('through real HTTP: Web Chat (local Direct Line) and /api/ask identities', () => {
  let started: StartedServer;
  beforeAll(async () => {
    const bot = createBot({
      pipeline: demo.app.pipeline,
      storage: new MemoryStorage(),
      feedbackStore: new InMemoryFeedbackStore(),
      logger: silentLogger(),
    });
    started = await startTestServer({
      bot,
      pipeline: demo.app.pipeline,
      env: {
        MicrosoftAppId: '00000000-1111-2222-3333-888888888888',
        MicrosoftAppPassword: 'not-a-real-password',
        API_TOKENS,
        LOCAL_DIRECT_LINE_SECRET: DL_SECRET,
      },
    });
  });
  afterAll(() => started.close());

  test.each([
    ['dl_sales', SALES],
    ['dl_hr', HR],
  ] as const)('Web Chat user %s sees only their group’s tables', async (userId, visible) => {
    const client = new DirectLineTestClient(`${started.baseUrl}/v3/directline`, DL_SECRET);
    await client.generateToken({ id: userId });
    await client.start();
    for (const question of PROBES) {
      await client.post({ type: 'message', text: question, from: { id: 'someone-else' } });
    }
    const { activities } = await client.activities();
    const fromBot = activities.filter((a) => a.from?.role === 'bot' && a.type === 'message');
    expect(fromBot.length).toBeGreaterThanOrEqual(PROBES.length);
    expect(activities.filter((a) => a.from?.role === 'user').every((a) => a.from?.id === userId)).toBe(true);
    expect(forbiddenIn(JSON.stringify(activities), visible)).toEqual([]);
  });

  test.each([
    ['sales-bot-token-0123456789', SALES],
    ['hr-bot-token-0123456789', HR],
  ] as const)('/api/ask with token %s sees only its group’s tables', async (token, visible) => {
    for (const question of PROBES) {
      const response = await fetch(`${started.baseUrl}/api/ask`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ question }),
      });
      expect(response.status).toBe(200);
      checkResult((await response.json()) as AskResult, visible);
    }
  });

  test('every question is in the audit log: who, from which channel, groups, decision, tables, SQL, rows', async () => {
    const api = await demo.app.audit.list({ userId: 'api:sales-bot', limit: 1000 });
    expect(api).toHaveLength(PROBES.length);
    expect(api.every((r) => r.channel === 'api' && r.groups.join() === 'sales')).toBe(true);
    expect(api.map((r) => r.question).sort()).toEqual([...PROBES].sort());
    const answered = api.find((r) => r.decision === 'answer' && r.sql !== null);
    expect(answered?.rowCount).toEqual(expect.any(Number));
    expect(answered?.tables.length).toBeGreaterThan(0);
    const web = await demo.app.audit.list({ userId: 'webchat:dl_hr', limit: 1000 });
    expect(web.length).toBe(PROBES.length);
    expect(web.every((r) => r.channel === 'directline' && r.groups.join() === 'hr')).toBe(true);
    expect(
      (await demo.app.audit.list({ userId: 'teams:tenant-1/*', channel: 'msteams', limit: 1000 })).length,
    ).toBeGreaterThanOrEqual(2 * PROBES.length);
    const everything = JSON.stringify(await demo.app.audit.list({ limit: 100_000 }));
    expect(everything).not.toContain('bot-token-0123456789');
    expect(everything).not.toContain(DL_SECRET);
  });
});
