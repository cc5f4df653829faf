import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { ShowcaseBot } from './support/showcaseBot';
import { startTestServer, type StartedServer } from './support/serverHarness';

describe('web chat page and static files', () => {
  let started: StartedServer;

  beforeAll(async () => {
    started = await startTestServer({
      bot: new ShowcaseBot(),
      examples: ['How many orders shipped late?', 'Sales <by> "region"'],
    });
  });
  afterAll(() => started.close());

  test('GET / is the chat page: title, escaped example chips, local scripts only, a strict CSP', async () => {
    const response = await fetch(`${started.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const html = await response.text();
    expect(html).toContain('<title>tablebot</title>');
    expect(html).toContain('data-question="How many orders shipped late?"');
    expect(html).toContain('data-question="Sales &lt;by&gt; &quot;region&quot;"');
    expect(html).toContain('<script src="/static/webchat.js"></script>');
    expect(html).not.toMatch(/https?:\/\/(?!localhost)[^"]*\.js/);
  });

  test('/static/webchat.js is the Web Chat bundle from node_modules, cached and gzipped', async () => {
    const response = await fetch(`${started.baseUrl}/static/webchat.js`, {
      headers: { 'Accept-Encoding': 'identity' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const body = await response.text();
    expect(body.length).toBeGreaterThan(1_000_000);
    expect(body).toContain('renderWebChat');

    const revalidated = await fetch(`${started.baseUrl}/static/webchat.js`, {
      headers: { 'If-None-Match': etag ?? '' },
    });
    expect(revalidated.status).toBe(304);

    // fetch() would decompress transparently; read the raw gzip bytes with node:http instead.
    const raw = await new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
      const url = new URL(`${started.baseUrl}/static/webchat.js`);
      import('node:http').then(({ get }) =>
        get(url, { headers: { 'Accept-Encoding': 'gzip' } }, (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ encoding: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }),
          );
        }).on('error', reject),
      );
    });
    expect(raw.encoding).toBe('gzip');
    expect(raw.bytes.length).toBeLessThan(body.length / 2);
    expect(gunzipSync(raw.bytes).toString('utf8')).toBe(body);
  });

  test.each([
    ['/static/app.js', 'text/javascript; charset=utf-8', '/api/directline/token'],
    ['/static/app.css', 'text/css; charset=utf-8', '.chip'],
    ['/static/favicon.svg', 'image/svg+xml', '<svg'],
  ])('%s is served', async (path, type, snippet) => {
    const response = await fetch(`${started.baseUrl}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(await response.text()).toContain(snippet);
  });

  test('GET /api/directline/token gives the page a local token bound to a fresh conversation and user', async () => {
    const response = await fetch(`${started.baseUrl}/api/directline/token`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({ mode: 'local', expiresIn: 1800, webSocket: true });
    expect(body.userId).toMatch(/^dl_/);
    expect(body.domain).toBeUndefined();
    const start = await fetch(`${started.baseUrl}/v3/directline/conversations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${body.token}` },
    });
    expect(start.status).toBe(201);
    expect((await start.json()).conversationId).toBe(body.conversationId);
  });

  test('an unknown WebSocket upgrade path is refused', async () => {
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(`${started.baseUrl.replace('http', 'ws')}/not-a-stream`);
    const status = await new Promise<number | undefined>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('error', () => resolve(undefined));
    });
    expect(status).toBe(404);
  });
});

describe('Azure Direct Line: the secret is exchanged for a token on the server', () => {
  const SECRET = 'azure-secret-Zq81xYv.never-in-the-browser';
  let fakeAzure: HttpServer;
  let azureUrl: string;
  let requests: { path: string | undefined; authorization: string | undefined; body: string }[];
  let answer: { status: number; body: unknown };
  let started: StartedServer;

  beforeAll(async () => {
    requests = [];
    fakeAzure = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        requests.push({ path: req.url, authorization: req.headers.authorization, body });
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => fakeAzure.listen(0, '127.0.0.1', resolve));
    const address = fakeAzure.address();
    azureUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    started = await startTestServer({
      bot: new ShowcaseBot(),
      env: { DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_ENDPOINT: azureUrl },
    });
  });
  afterAll(async () => {
    await started.close();
    await new Promise<void>((resolve) => fakeAzure.close(() => resolve()));
  });

  test('the page gets an Azure token; Azure got the secret as a bearer; the browser never sees the secret', async () => {
    answer = {
      status: 200,
      body: { conversationId: 'azure-conv-1', token: 'azure-token-abc', expires_in: 3600 },
    };
    const response = await fetch(`${started.baseUrl}/api/directline/token`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({
      mode: 'azure',
      token: 'azure-token-abc',
      conversationId: 'azure-conv-1',
      expiresIn: 3600,
      domain: `${azureUrl}/v3/directline`,
    });
    expect(requests.at(-1)).toMatchObject({
      path: '/v3/directline/tokens/generate',
      authorization: `Bearer ${SECRET}`,
    });
    expect(JSON.parse(requests.at(-1)?.body ?? '{}').user.id).toMatch(/^dl_/);

    const page = await fetch(`${started.baseUrl}/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`connect-src 'self' ${azureUrl} wss://127.0.0.1:`);
    const browserVisible = [
      text,
      await page.text(),
      csp,
      await (await fetch(`${started.baseUrl}/static/app.js`)).text(),
    ].join('\n');
    expect(browserVisible).not.toContain(SECRET);
  });

  test('a refusal from Azure becomes a 502 whose message does not leak the secret', async () => {
    answer = { status: 403, body: { error: { code: 'Forbidden', message: `bad secret ${SECRET}` } } };
    const response = await fetch(`${started.baseUrl}/api/directline/token`);
    expect(response.status).toBe(502);
    expect(await response.text()).not.toContain(SECRET);
  });

  test('the local Direct Line endpoint is off when Azure Direct Line is configured', async () => {
    const response = await fetch(`${started.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' });
    expect(response.status).toBe(404);
  });
});
