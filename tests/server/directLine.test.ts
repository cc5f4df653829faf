import { ShowcaseBot } from './support/showcaseBot';
import { DirectLineTestClient, type TestActivity } from './support/directLineClient';
import { startTestServer, type StartedServer } from './support/serverHarness';

const DIRECT_LINE_TEST_SECRET = 'local-direct-line-test-secret';

const isBotMessage = (text: string) => (a: TestActivity) =>
  a.type === 'message' && a.from?.role === 'bot' && a.text === text;

describe.each([
  ['without an app id', {}],
  [
    'with an app id configured',
    {
      MicrosoftAppId: '00000000-1111-2222-3333-666666666666',
      MicrosoftAppPassword: 'pw',
      LOCAL_DIRECT_LINE_SECRET: DIRECT_LINE_TEST_SECRET,
    },
  ],
])('local Direct Line 3.0 endpoint %s', (_name, env) => {
  let started: StartedServer;
  let base: string;

  beforeAll(async () => {
    started = await startTestServer({ bot: new ShowcaseBot(), env });
    base = `${started.baseUrl}/v3/directline`;
  });
  afterAll(() => started.close());

  test('refuses an oversized activity with a Direct Line error instead of storing it', async () => {
    const client = new DirectLineTestClient(base, DIRECT_LINE_TEST_SECRET);
    await client.generateToken({ id: 'dl_big', name: 'Big' });
    await client.start();
    const r = await client.raw('POST', `/conversations/${client.conversationId}/activities`, {
      type: 'message',
      text: 'x'.repeat(40_000),
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: { code: 'BadArgument' } });
  });

  test('start, stream the welcome, post, stream typing and reply, and read activities by watermark', async () => {
    const client = new DirectLineTestClient(base, DIRECT_LINE_TEST_SECRET);
    await client.generateToken({ id: 'dl_tester', name: 'Tester' });
    const tokenConversation = client.conversationId;
    const startBody = await client.start();
    expect(startBody).toMatchObject({ conversationId: tokenConversation, expires_in: 1800 });
    expect(client.streamUrl).toMatch(
      /^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/[^/]+\/stream\?/,
    );

    const stream = await client.openStream();
    const welcome = await stream.waitFor(isBotMessage('Welcome! I am the showcase bot.'));
    expect(welcome.from).toMatchObject({ role: 'bot', name: 'tablebot' });

    const postedId = await client.post({
      type: 'message',
      text: 'hello',
      channelData: { clientActivityID: 'c-1' },
    });
    expect(postedId).toMatch(new RegExp(`^${tokenConversation}\\|\\d{7}$`));
    const echo = await stream.waitFor((a) => a.id === postedId);
    expect(echo).toMatchObject({
      type: 'message',
      text: 'hello',
      from: { id: 'dl_tester', name: 'Tester', role: 'user' },
      channelData: { clientActivityID: 'c-1' },
    });
    const reply = await stream.waitFor(isBotMessage('Echo: hello'));
    expect(reply.replyToId).toBe(postedId);
    expect(typeof reply.timestamp).toBe('string');
    expect(stream.activities.some((a) => a.type === 'typing')).toBe(true);

    // Polling sees the same log; the watermark moves forward and filters.
    const all = await client.activities();
    expect(all.activities.map((a) => a.id)).toEqual(stream.activities.map((a) => a.id));
    const watermarks = stream.sets.map((set) => Number(set.watermark));
    expect(watermarks).toEqual([...watermarks].sort((a, b) => a - b));
    expect(all.watermark).toBe(String(watermarks[watermarks.length - 1]));
    expect((await client.activities(all.watermark)).activities).toEqual([]);

    await client.post({ type: 'message', text: 'twice' });
    const newer = await client.activities(all.watermark);
    expect(
      newer.activities.filter((a) => a.from?.role === 'bot' && a.type === 'message').map((a) => a.text),
    ).toEqual(['first reply', 'second reply']);
    expect(Number(newer.watermark)).toBeGreaterThan(Number(all.watermark));
    stream.close();
  });

  test('a card with Action.Submit: the button value comes back and gets the follow-up', async () => {
    const client = new DirectLineTestClient(base, DIRECT_LINE_TEST_SECRET);
    await client.generateToken();
    await client.start();
    const stream = await client.openStream();
    await client.post({ type: 'message', text: 'card' });
    const card = await stream.waitFor((a) => (a.attachments ?? []).length > 0);
    expect(card.attachments?.[0]).toMatchObject({
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard', actions: [{ title: 'Online orders' }, { title: 'In-store sales' }] },
    });
    expect(card.suggestedActions).toMatchObject({ actions: [{ type: 'imBack', value: 'show the SQL' }] });
    // What Web Chat posts when Action.Submit is clicked: a message with the action's data as value.
    await client.post({ type: 'message', value: { choice: 'online orders' } });
    await stream.waitFor(isBotMessage('You picked online orders. Here is the answer for online orders.'));
    stream.close();
  });

  test('a stream opened late receives the backlog after its watermark', async () => {
    const client = new DirectLineTestClient(base, DIRECT_LINE_TEST_SECRET);
    await client.generateToken();
    await client.start();
    await client.post({ type: 'message', text: 'first' });
    const { watermark } = await client.activities();
    await client.post({ type: 'message', text: 'second' });
    const reconnect = await client.raw(
      'GET',
      `/conversations/${client.conversationId}?watermark=${watermark}`,
    );
    expect(reconnect.status).toBe(200);
    const stream = await client.openStream(String(reconnect.body.streamUrl));
    await stream.waitFor(isBotMessage('Echo: second'));
    expect(stream.activities.some((a) => a.text === 'Echo: first')).toBe(false);
    stream.close();
  });

  test('tokens: refresh works; missing, forged and other-conversation tokens are refused', async () => {
    const alice = new DirectLineTestClient(base, DIRECT_LINE_TEST_SECRET);
    await alice.generateToken();
    await alice.start();
    const bob = new DirectLineTestClient(base, DIRECT_LINE_TEST_SECRET);
    await bob.generateToken();
    await bob.start();

    const refreshed = await alice.raw('POST', '/tokens/refresh');
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.conversationId).toBe(alice.conversationId);
    const path = `/conversations/${alice.conversationId}/activities`;
    expect((await alice.raw('GET', path, undefined, String(refreshed.body.token))).status).toBe(200);

    expect((await alice.raw('GET', path, undefined, '')).status).toBe(401);
    expect((await alice.raw('GET', path, undefined, `${alice.token}x`)).status).toBe(401);
    expect((await alice.raw('GET', path, undefined, bob.token)).status).toBe(403);
    expect((await alice.raw('POST', path, { type: 'message', text: 'hi' }, bob.token)).status).toBe(403);
    await expect(bob.openStream(alice.streamUrl.replace(/t=[^&]+/, `t=${bob.token}`))).rejects.toThrow('403');

    const bad = await alice.raw('POST', path, { text: 'no type' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'BadArgument' } });
    expect(
      (
        await alice.raw(
          'POST',
          '/tokens/generate',
          { user: { id: 'bad id with spaces' } },
          DIRECT_LINE_TEST_SECRET,
        )
      ).status,
    ).toBe(400);
  });

  test('a turn that fails is reported to the user and the conversation goes on', async () => {
    const client = new DirectLineTestClient(base, DIRECT_LINE_TEST_SECRET);
    await client.generateToken();
    await client.start();
    const stream = await client.openStream();
    await client.post({ type: 'message', text: 'fail' });
    await stream.waitFor((a) => a.type === 'message' && /something went wrong/.test(a.text ?? ''));
    await client.post({ type: 'message', text: 'still there?' });
    await stream.waitFor(isBotMessage('Echo: still there?'));
    stream.close();
  });

  test('CORS: preflight and responses allow other origins (bearer tokens, no cookies)', async () => {
    const preflight = await fetch(`${base}/conversations`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://intranet.example.com',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });
});

describe('local Direct Line limits', () => {
  test('conversations beyond the cap push out the least recently active one (404: ended)', async () => {
    const started = await startTestServer({
      bot: new ShowcaseBot(),
      directLineConversations: { maxConversations: 2 },
    });
    const capped = `${started.baseUrl}/v3/directline`;
    try {
      const clients = [1, 2, 3].map(() => new DirectLineTestClient(capped));
      for (const client of clients) {
        await client.generateToken();
        await client.start();
      }
      const [oldest, , newest] = clients;
      expect((await oldest.raw('GET', `/conversations/${oldest.conversationId}/activities`)).status).toBe(
        404,
      );
      expect((await newest.raw('GET', `/conversations/${newest.conversationId}/activities`)).status).toBe(
        200,
      );
    } finally {
      await started.close();
    }
  });
});
