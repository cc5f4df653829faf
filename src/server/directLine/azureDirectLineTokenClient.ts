import { z } from 'zod';
import { errorMessage } from '../../errors';
import { DirectLineError } from './directLineError';
import type { WebChatConnection } from './types';

/** Options of {@link AzureDirectLineTokenClient}. */
export interface AzureDirectLineTokenClientOptions {
  /** The Direct Line channel secret (Azure Bot Service → Channels → Direct Line). Never sent to browsers. */
  secret: string;
  /** Direct Line endpoint, e.g. `https://directline.botframework.com` or a regional one. */
  endpoint: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default 10000 */
  timeoutMs?: number;
}

const tokenResponseSchema = z.object({
  conversationId: z.string().min(1),
  token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

/**
 * Exchanges the Azure Direct Line secret for a conversation token on the server
 * (`POST {endpoint}/v3/directline/tokens/generate`), so the web chat page only ever sees the token.
 */
export class AzureDirectLineTokenClient {
  /** The Direct Line base URL the page connects to (`{endpoint}/v3/directline`). */
  public readonly domain: string;
  private readonly secret: string;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: AzureDirectLineTokenClientOptions) {
    this.secret = options.secret;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const endpoint = options.endpoint.replace(/\/+$/, '');
    this.domain = /\/v3\/directline$/.test(endpoint) ? endpoint : `${endpoint}/v3/directline`;
  }

  /**
   * Generates a token bound to a new conversation for `user` (an id starting with `dl_`, as Azure requires
   * for user ids set through a token).
   * @throws DirectLineError `UpstreamError` when Azure is unreachable or refuses; the message never holds the secret.
   */
  async generate(user: { id: string; name?: string }): Promise<WebChatConnection> {
    const url = `${this.domain}/tokens/generate`;
    let response: Response;
    try {
      response = await this.fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.secret}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: { id: user.id, name: user.name } }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new DirectLineError(
        'UpstreamError',
        `AzureDirectLineTokenClient.generate: could not reach ${url}: ${errorMessage(error)}`,
        { cause: error },
      );
    }
    if (!response.ok) {
      throw new DirectLineError(
        'UpstreamError',
        `AzureDirectLineTokenClient.generate: ${url} answered ${response.status} ${response.statusText}` +
          (response.status === 401 || response.status === 403 ? ' (check DIRECT_LINE_SECRET)' : ''),
      );
    }
    let body: z.infer<typeof tokenResponseSchema>;
    try {
      body = tokenResponseSchema.parse(await response.json());
    } catch (error) {
      throw new DirectLineError(
        'UpstreamError',
        `AzureDirectLineTokenClient.generate: ${url} answered with an unexpected body`,
        { cause: error },
      );
    }
    return {
      mode: 'azure',
      token: body.token,
      conversationId: body.conversationId,
      expiresIn: body.expires_in,
      userId: user.id,
      domain: this.domain,
      webSocket: true,
    };
  }
}
