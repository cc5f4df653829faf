import { STARTING_UP } from '../../src/bot/messages';
import type { AnswerPipeline, AskResult } from '../../src/pipeline/types';
import { StartupGate } from '../../src/server/startupGate';
import { ShowcaseBot } from './support/showcaseBot';
import { startTestServer, type StartedServer } from './support/serverHarness';

/** The server listens before the answering core is open: probes answer, chat turns get a short reply. */
describe('start-up behind a StartupGate (real server)', () => {
  const gate = new StartupGate();
  let started: StartedServer;

  beforeAll(async () => {
    started = await startTestServer({
      bot: gate.bot,
      pipeline: gate.pipeline,
      readiness: () => gate.readiness(),
    });
  });
  afterAll(() => started.close());

  const get = async (route: string) => {
    const response = await fetch(`${started.baseUrl}${route}`);
    return { status: response.status, body: await response.json() };
  };
  const message = async (text: string) => {
    const response = await fetch(`${started.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text,
        channelId: 'emulator',
        serviceUrl: 'http://127.0.0.1:9/unused',
        deliveryMode: 'expectReplies',
        conversation: { id: 'conv-startup' },
        from: { id: 'user-1' },
        recipient: { id: 'bot-1' },
      }),
    });
    const body = (await response.json()) as { activities: { type: string; text?: string }[] };
    return body.activities.filter((a) => a.type === 'message').map((a) => a.text);
  };
  const ask = async () => {
    const response = await fetch(`${started.baseUrl}/api/ask`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ question: 'how many orders?' }),
    });
    return { status: response.status, body: await response.json() };
  };

  test('while loading: /healthz ok, /readyz 503 with phase and tables, chat and /api/ask say starting up', async () => {
    gate.progress({ phase: 'corpus', tablesLoaded: 1200, tablesTotal: 5000 });
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.ready).toBe(false);
    expect(ready.body.checks.startup).toMatch(/^loading: corpus \(1200 of 5000 tables\)/);
    expect(await message('how many orders?')).toEqual([STARTING_UP]);
    const asked = await ask();
    expect(asked.status).toBe(503);
    expect(asked.body.error).toBe('STARTING_UP');
    expect(asked.body.message).toMatch(/starting up \(loading: corpus/);
  });

  test('once open: /readyz and every turn go to the answering core', async () => {
    const answer = { decision: 'decline', message: 'no such data' } as AskResult;
    const pipeline: AnswerPipeline = { ask: async () => answer };
    gate.open({
      bot: new ShowcaseBot(),
      pipeline,
      storedQueries: { run: async () => Promise.reject(new Error('unused')) },
      readiness: async () => ({ ready: true, checks: { index: 'ok' } }),
    });
    const ready = await get('/readyz');
    expect(ready).toEqual({ status: 200, body: { ready: true, checks: { index: 'ok' } } });
    expect(await message('hello')).not.toContain(STARTING_UP);
    expect(await message('hello')).not.toHaveLength(0);
    const asked = await ask();
    expect(asked.status).toBe(200);
    expect(asked.body.message).toBe('no such data');
  });

  test('a failed start-up is what /readyz reports', async () => {
    const failed = new StartupGate();
    failed.fail(new Error('metadata store unreachable'));
    expect(await failed.readiness()).toEqual({
      ready: false,
      checks: { startup: 'failed: metadata store unreachable' },
    });
  });
});
