import { loadConfig } from '../../src/config';
import { ConfigError } from '../../src/errors';
import type { AnswerPipeline, AskRequest, AskResult } from '../../src/pipeline/types';
import { resultWithoutRows } from '../../src/pipeline/types';
import { doorPolicy, isLoopbackHost } from '../../src/server/doorPolicy';
import { ShowcaseBot } from './support/showcaseBot';
import { memoryLogger, startTestServer, type StartedServer } from './support/serverHarness';

const APP_ID = '00000000-1111-2222-3333-777777777777';
const ALICE_TOKEN = 'alice-token-0123456789abcdef';
const DL_SECRET = 'direct-line-secret-0123456789';

/** Records each request; answers with an empty decline. The HTTP doors are under test, not answering. */
class RecordingPipeline implements AnswerPipeline {
  public readonly requests: AskRequest[] = [];
  async ask(request: AskRequest): Promise<AskResult> {
    this.requests.push(request);
    return {
      ...resultWithoutRows({ decision: 'decline', message: 'no', reason: 'test', error: null }),
      timings: { embed: 0, retrieve: 0, generate: 0, execute: 0, total: 0 },
    };
  }
}

const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text };
};

describe('doorPolicy', () => {
  test.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.5', false],
    ['bot.example.com', false],
  ])('isLoopbackHost(%s) is %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  test('refuses to start on a non-loopback HOST without an app id, saying what to set', () => {
    expect(() => doorPolicy(loadConfig({ HOST: '0.0.0.0' }))).toThrow(ConfigError);
    expect(() => doorPolicy(loadConfig({ HOST: '0.0.0.0' }))).toThrow(
      /MicrosoftAppId.*API_TOKENS.*LOCAL_DIRECT_LINE_SECRET/s,
    );
  });

  test('loopback without an app id is open; an app id or a public HOST closes every door', () => {
    expect(doorPolicy(loadConfig({}))).toMatchObject({
      exposed: false,
      askApi: 'open',
      directLineTokens: 'open',
      webChatPage: 'open',
    });
    for (const env of [{ MicrosoftAppId: APP_ID }, { MicrosoftAppId: APP_ID, HOST: '0.0.0.0' }]) {
      expect(doorPolicy(loadConfig(env))).toMatchObject({
        exposed: true,
        askApi: 'bearer',
        directLineTokens: 'secret',
        webChatPage: 'closed',
      });
    }
    expect(doorPolicy(loadConfig({ MicrosoftAppId: APP_ID, WEB_CHAT_PUBLIC: 'true' })).webChatPage).toBe(
      'open',
    );
  });

  test('API_TOKENS must be subject=token pairs with long tokens, and never echoes a token', () => {
    expect(loadConfig({ API_TOKENS: `alice=${ALICE_TOKEN}, bob=${ALICE_TOKEN}x` }).auth.apiTokens).toEqual([
      { subject: 'alice', token: ALICE_TOKEN },
      { subject: 'bob', token: `${ALICE_TOKEN}x` },
    ]);
    expect(() => loadConfig({ API_TOKENS: 'alice=short' })).toThrow(/API_TOKENS/);
    try {
      loadConfig({ API_TOKENS: 'alice short-but-secret-value-123' });
    } catch (error) {
      expect(String(error)).not.toContain('short-but-secret-value-123');
    }
  });
});

describe('every door refuses without credentials when configured for the outside', () => {
  const pipeline = new RecordingPipeline();
  const logs = memoryLogger();
  let started: StartedServer;
  let consoleError: jest.SpyInstance;

  beforeAll(async () => {
    consoleError = jest.spyOn(console, 'error');
    started = await startTestServer({
      bot: new ShowcaseBot(),
      pipeline,
      logger: logs.logger,
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-password',
        API_TOKENS: `alice=${ALICE_TOKEN}`,
        LOCAL_DIRECT_LINE_SECRET: DL_SECRET,
      },
    });
  });
  afterAll(async () => {
    await started.close();
    consoleError.mockRestore();
  });

  const forgedJwt =
    'eyJhbGciOiJSUzI1NiIsImtpZCI6ImZvcmdlZCIsInR5cCI6IkpXVCJ9.' +
    Buffer.from(JSON.stringify({ iss: 'https://api.botframework.com', aud: APP_ID, exp: 4e9 })).toString(
      'base64url',
    ) +
    '.c2lnbmF0dXJl';

  test.each([
    ['no Authorization header', {}],
    ['an unknown bearer token', { Authorization: 'Bearer not-a-configured-token-123' }],
    ['a forged Bot Framework JWT', { Authorization: `Bearer ${forgedJwt}` }],
    [
      'a non-bearer scheme',
      { Authorization: `Basic ${Buffer.from(`alice:${ALICE_TOKEN}`).toString('base64')}` },
    ],
  ])('/api/ask with %s → 401, and the pipeline is never called', async (_name, headers) => {
    const before = pipeline.requests.length;
    const { status, text } = await post(
      `${started.baseUrl}/api/ask`,
      { question: 'list customer emails' },
      headers,
    );
    expect(status).toBe(401);
    expect(JSON.parse(text)).toEqual({ error: 'UNAUTHORIZED', message: '/api/ask needs valid credentials' });
    expect(pipeline.requests.length).toBe(before);
  });

  test('/api/ask with a configured token answers', async () => {
    const { status } = await post(
      `${started.baseUrl}/api/ask`,
      { question: 'how many orders?' },
      { Authorization: `Bearer ${ALICE_TOKEN}` },
    );
    expect(status).toBe(200);
    expect(pipeline.requests.at(-1)?.question).toBe('how many orders?');
  });

  test('/api/messages with a forged JWT is a 401 with no internal text, and one log line without a stack', async () => {
    const { status, text } = await post(
      `${started.baseUrl}/api/messages`,
      {
        type: 'message',
        text: 'hi',
        channelId: 'msteams',
        serviceUrl: 'https://smba.trafficmanager.net/emea/',
        conversation: { id: 'forged-conv' },
        from: { id: 'x' },
      },
      { Authorization: `Bearer ${forgedJwt}` },
    );
    expect(status).toBe(401);
    expect(text).not.toMatch(/at \w+ \(|Error:|stack/);
    const lines = logs.lines().filter((l) => l.conversationId === 'forged-conv');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ status: 401, door: '/api/messages', msg: 'request refused' });
    expect(JSON.stringify(lines[0])).not.toMatch(/\n\s+at /);
    expect(consoleError).not.toHaveBeenCalled();
  });

  test('Direct Line token generation needs the secret; conversations need a valid token', async () => {
    const base = `${started.baseUrl}/v3/directline`;
    expect((await post(`${base}/tokens/generate`, {})).status).toBe(401);
    expect(
      (await post(`${base}/tokens/generate`, {}, { Authorization: 'Bearer wrong-secret-0123456789' })).status,
    ).toBe(401);
    expect((await post(`${base}/conversations`, {})).status).toBe(401);
    expect((await post(`${base}/conversations`, {}, { Authorization: 'Bearer abc.def.ghi' })).status).toBe(
      401,
    );
    const generated = await post(
      `${base}/tokens/generate`,
      { user: { id: 'dl_employee_42' } },
      { Authorization: `Bearer ${DL_SECRET}` },
    );
    expect(generated.status).toBe(200);
    const { token } = JSON.parse(generated.text) as { token: string };
    expect((await post(`${base}/conversations`, {}, { Authorization: `Bearer ${token}` })).status).toBe(201);
    // The secret itself starts a conversation too, as Azure Direct Line allows.
    expect((await post(`${base}/conversations`, {}, { Authorization: `Bearer ${DL_SECRET}` })).status).toBe(
      201,
    );
  });

  test('the web chat page gets no token unless WEB_CHAT_PUBLIC is set', async () => {
    const response = await fetch(`${started.baseUrl}/api/directline/token`);
    expect(response.status).toBe(401);
  });

  test('each refusal is logged once, as one structured warning', () => {
    const refused = logs.lines().filter((l) => l.status === 401);
    expect(refused.length).toBeGreaterThanOrEqual(8);
    for (const line of refused) {
      expect(line).toMatchObject({ level: 40, msg: 'request refused' });
      expect(line.err).toBeUndefined();
    }
    const all = JSON.stringify(logs.lines());
    expect(all).not.toContain(ALICE_TOKEN);
    expect(all).not.toContain(DL_SECRET);
  });
});

describe('loopback without an app id stays open for local use and says so', () => {
  test('/api/ask and token generation answer without credentials; the start-up log says the bot is open', async () => {
    const logs = memoryLogger();
    const started = await startTestServer({
      bot: new ShowcaseBot(),
      pipeline: new RecordingPipeline(),
      logger: logs.logger,
    });
    try {
      expect((await post(`${started.baseUrl}/api/ask`, { question: 'q' })).status).toBe(200);
      expect((await post(`${started.baseUrl}/v3/directline/tokens/generate`, {})).status).toBe(200);
      expect((await fetch(`${started.baseUrl}/api/directline/token`)).status).toBe(200);
      expect(logs.lines().some((l) => /open for local use/.test(String(l.msg)))).toBe(true);
    } finally {
      await started.close();
    }
  });

  test('WEB_CHAT_PUBLIC opens the page token endpoint of an exposed bot', async () => {
    const started = await startTestServer({
      bot: new ShowcaseBot(),
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'pw', WEB_CHAT_PUBLIC: 'true' },
    });
    try {
      expect((await fetch(`${started.baseUrl}/api/directline/token`)).status).toBe(200);
    } finally {
      await started.close();
    }
  });
});
