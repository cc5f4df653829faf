import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { ConfigError } from '../../src/errors';
import {
  TURN_ERROR_MESSAGE,
  createAdapter,
  createBotFrameworkAuthentication,
} from '../../src/server/botAdapter';
import { ShowcaseBot } from './support/showcaseBot';
import { memoryLogger, startTestServer, type StartedServer } from './support/serverHarness';

interface ReplyBody {
  activities: { type: string; text?: string; attachments?: { contentType: string }[] }[];
}

function activity(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `act-${text}`,
    text,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9/unused',
    deliveryMode: 'expectReplies',
    conversation: { id: 'conv-http-1' },
    from: { id: 'user-1', name: 'User' },
    recipient: { id: 'bot-1', name: 'tablebot' },
    ...extra,
  };
}

async function postActivity(
  baseUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe('POST /api/messages without an app id (open for local use)', () => {
  let started: StartedServer;
  const logs = memoryLogger();

  beforeAll(async () => {
    started = await startTestServer({ bot: new ShowcaseBot(), logger: logs.logger });
  });
  afterAll(() => started.close());

  test.each([
    ['hello', (body: ReplyBody) => expect(body.activities.map((a) => a.text)).toContain('Echo: hello')],
    [
      'card',
      (body: ReplyBody) =>
        expect(body.activities.flatMap((a) => a.attachments ?? []).map((a) => a.contentType)).toEqual([
          'application/vnd.microsoft.card.adaptive',
        ]),
    ],
    [
      'twice',
      (body: ReplyBody) =>
        expect(body.activities.map((a) => a.text)).toEqual(
          expect.arrayContaining(['first reply', 'second reply']),
        ),
    ],
    ['fail', (body: ReplyBody) => expect(body.activities.map((a) => a.text)).toContain(TURN_ERROR_MESSAGE)],
  ])('expectReplies "%s" returns the replies in the response body', async (text, check) => {
    const { status, text: raw } = await postActivity(started.baseUrl, activity(text));
    expect(status).toBe(200);
    const body: ReplyBody = JSON.parse(raw);
    expect(body.activities[0].type).toBe('typing');
    check(body);
  });

  test('a body that is not an activity is refused with 400', async () => {
    const { status } = await postActivity(started.baseUrl, { text: 'no type' });
    expect(status).toBe(400);
  });

  test('start-up warns that the bot runs open, and request logs carry the conversation id', async () => {
    await postActivity(started.baseUrl, activity('hello', { conversation: { id: 'conv-logged-42' } }));
    const lines = logs.lines();
    expect(lines.some((l) => l.level === 40 && /No MicrosoftAppId configured/.test(String(l.msg)))).toBe(
      true,
    );
    const requestLine = lines.find((l) => l.msg === 'request' && l.conversationId === 'conv-logged-42');
    expect(requestLine).toMatchObject({ method: 'POST', path: '/api/messages', status: 200 });
    expect(typeof requestLine?.durationMs).toBe('number');
    expect(typeof requestLine?.reqId).toBe('string');
  });
});

describe('POST /api/messages with an app id configured', () => {
  let started: StartedServer;
  let consoleError: jest.SpyInstance;

  beforeAll(async () => {
    // CloudAdapter prints rejected requests with console.error; keep the test output readable.
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    started = await startTestServer({
      bot: new ShowcaseBot(),
      env: {
        MicrosoftAppId: '00000000-1111-2222-3333-444444444444',
        MicrosoftAppPassword: 'not-a-real-password',
      },
    });
  });
  afterAll(async () => {
    await started.close();
    consoleError.mockRestore();
  });

  test.each([
    ['no Authorization header', {}],
    ['a forged bearer token', { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' }],
    ['a non-bearer scheme', { Authorization: 'Basic dXNlcjpwYXNz' }],
  ])('rejects a request with %s (401) and does not run the bot', async (_name, headers) => {
    const { status, text } = await postActivity(started.baseUrl, activity('hello'), headers);
    expect(status).toBe(401);
    expect(text).not.toContain('Echo: hello');
  });
});

describe('createBotFrameworkAuthentication', () => {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });

  test('accepts a certificate (thumbprint + private key) with an app id, and rejects requests without a token', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const started = await startTestServer({
      bot: new ShowcaseBot(),
      env: {
        MicrosoftAppId: '00000000-1111-2222-3333-555555555555',
        CertificateThumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
        CertificatePrivateKey: privateKey,
      },
    });
    try {
      expect((await postActivity(started.baseUrl, activity('hello'))).status).toBe(401);
    } finally {
      await started.close();
      consoleError.mockRestore();
    }
  });

  test.each([
    ['a certificate without an app id', { CertificateThumbprint: 'AB', CertificatePrivateKey: 'pem' }],
    ['a thumbprint without a private key', { MicrosoftAppId: 'app', CertificateThumbprint: 'AB' }],
    [
      'a SingleTenant certificate bot without a tenant',
      {
        MicrosoftAppId: 'app',
        MicrosoftAppType: 'SingleTenant',
        CertificateThumbprint: 'AB',
        CertificatePrivateKey: 'pem',
      },
    ],
    [
      'a SingleTenant password bot without a tenant',
      { MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'SingleTenant' },
    ],
  ])('refuses %s with a ConfigError', (_name, env) => {
    expect(() => createBotFrameworkAuthentication(loadConfig(env))).toThrow(ConfigError);
  });

  test('createAdapter warns about running open only when no app id is set', () => {
    const open = memoryLogger();
    createAdapter(loadConfig({}), open.logger);
    expect(open.lines().map((l) => l.level)).toEqual([40]);
    const secured = memoryLogger();
    createAdapter(loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' }), secured.logger);
    expect(secured.lines()).toEqual([expect.objectContaining({ level: 30, appId: 'app' })]);
    expect(JSON.stringify(secured.lines())).not.toContain('pw');
  });
});

describe('health and readiness', () => {
  test('/healthz is 200; /readyz follows the readiness callback, 503 when not ready or failing', async () => {
    let readiness: () => Promise<{ ready: boolean; checks: Record<string, string> }> = async () => ({
      ready: true,
      checks: { index: 'ok (42 tables)', metadataStore: 'ok' },
    });
    const started = await startTestServer({ bot: new ShowcaseBot(), readiness: () => readiness() });
    try {
      const health = await fetch(`${started.baseUrl}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });

      const ready = await fetch(`${started.baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        ready: true,
        checks: { index: 'ok (42 tables)', metadataStore: 'ok' },
      });

      readiness = async () => ({
        ready: false,
        checks: { index: 'missing: run npm run reindex', metadataStore: 'ok' },
      });
      const notReady = await fetch(`${started.baseUrl}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({
        ready: false,
        checks: { index: 'missing: run npm run reindex' },
      });

      readiness = async () => {
        throw new Error('metadata store unreachable');
      };
      const failing = await fetch(`${started.baseUrl}/readyz`);
      expect(failing.status).toBe(503);
      expect(JSON.stringify(await failing.json())).toContain('metadata store unreachable');
    } finally {
      await started.close();
    }
  });
});
