import { WebSocket } from 'ws';

/** A Direct Line activity as tests see it. */
export interface TestActivity {
  type: string;
  id?: string;
  text?: string;
  from?: { id: string; name?: string; role?: string };
  attachments?: { contentType: string; content?: unknown }[];
  replyToId?: string;
  [key: string]: unknown;
}

interface ActivitySet {
  activities: TestActivity[];
  watermark: string;
}

/** A minimal Direct Line 3.0 client over fetch and ws, speaking the protocol as Direct Line JS does. */
export class DirectLineTestClient {
  public token = '';
  public conversationId = '';
  public streamUrl = '';

  /** @param secret the Direct Line secret sent when generating tokens (needed when the bot is exposed) */
  constructor(
    private readonly base: string,
    private readonly secret?: string,
  ) {}

  /** `POST /tokens/generate`, with the secret when the client has one. */
  async generateToken(user?: { id: string; name?: string }): Promise<void> {
    const result = await this.raw('POST', '/tokens/generate', user ? { user } : undefined, this.secret);
    if (result.status >= 300)
      throw new Error(`POST /tokens/generate → ${result.status} ${JSON.stringify(result.body)}`);
    const body = result.body;
    this.token = String(body.token);
    this.conversationId = String(body.conversationId);
  }

  /** `POST /conversations` with the current token. */
  async start(): Promise<Record<string, unknown>> {
    const body = await this.request('POST', '/conversations', {});
    this.conversationId = String(body.conversationId);
    this.token = String(body.token);
    this.streamUrl = String(body.streamUrl);
    return body;
  }

  /** `POST /conversations/{id}/activities`; returns the assigned id. */
  async post(activity: Record<string, unknown>): Promise<string> {
    const body = await this.request('POST', `/conversations/${this.conversationId}/activities`, {
      from: { id: 'ignored-by-the-service', name: 'Tester' },
      ...activity,
    });
    return String(body.id);
  }

  /** `GET /conversations/{id}/activities?watermark=`. */
  async activities(watermark?: string): Promise<ActivitySet> {
    const query = watermark === undefined ? '' : `?watermark=${watermark}`;
    const body = await this.request('GET', `/conversations/${this.conversationId}/activities${query}`);
    return { activities: asActivities(body.activities), watermark: String(body.watermark) };
  }

  /** Sends a raw request and returns status and JSON body. */
  async raw(
    method: string,
    path: string,
    body?: unknown,
    token: string | undefined = this.token,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(this.base + path, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  }

  /** Opens the WebSocket stream and collects what it receives. */
  async openStream(url = this.streamUrl): Promise<StreamCollector> {
    const ws = new WebSocket(url);
    const collector = new StreamCollector(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`stream refused: ${res.statusCode}`)));
    });
    return collector;
  }

  private async request(
    method: string,
    path: string,
    body?: unknown,
    withToken = true,
  ): Promise<Record<string, unknown>> {
    const result = await this.raw(method, path, body, withToken ? this.token : undefined);
    if (result.status >= 300)
      throw new Error(`${method} ${path} → ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  }
}

/** Collects the activity sets a Direct Line WebSocket pushes. */
export class StreamCollector {
  public readonly sets: ActivitySet[] = [];
  private waiters: (() => void)[] = [];
  public closeCode: number | undefined;

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data);
      if (!text) return;
      const parsed = JSON.parse(text);
      this.sets.push({ activities: asActivities(parsed.activities), watermark: String(parsed.watermark) });
      this.notify();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.notify();
    });
  }

  /** Every activity received so far. */
  get activities(): TestActivity[] {
    return this.sets.flatMap((set) => set.activities);
  }

  /** Resolves with the first received activity matching `predicate` (waits for it to arrive). */
  async waitFor(predicate: (activity: TestActivity) => boolean): Promise<TestActivity> {
    for (;;) {
      const found = this.activities.find(predicate);
      if (found) return found;
      if (this.closeCode !== undefined)
        throw new Error(`stream closed (${this.closeCode}) before the activity came`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Resolves when the server closes the socket. */
  async waitForClose(): Promise<number> {
    while (this.closeCode === undefined) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.closeCode;
  }

  close(): void {
    this.ws.close();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

function asActivities(value: unknown): TestActivity[] {
  if (!Array.isArray(value)) throw new Error('expected an activities array');
  return value.filter(
    (item): item is TestActivity =>
      typeof item === 'object' && item !== null && typeof item.type === 'string',
  );
}
