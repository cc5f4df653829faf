import { z } from 'zod';
import { TablebotError, errorMessage } from '../errors';
import type { AnswerReading, AskResult } from '../pipeline/types';

const timingsSchema = z.object({
  embed: z.number(),
  retrieve: z.number(),
  generate: z.number(),
  execute: z.number(),
  total: z.number(),
});

/** What a running bot's `POST /api/ask` returns (the pipeline's result), checked at the seam. */
const askResultSchema = z
  .object({
    decision: z.enum(['answer', 'clarify', 'decline']),
    candidates: z.array(z.object({ table: z.string(), sourceId: z.string(), score: z.number() }).loose()),
    tables: z.array(z.string()),
    sql: z.string().nullable(),
    columns: z.array(z.string()).nullable(),
    rows: z.array(z.array(z.unknown())).nullable(),
    rowCount: z.number().nullable(),
    truncated: z.boolean(),
    clarification: z
      .object({
        question: z.string(),
        options: z.array(z.object({ label: z.string(), tables: z.array(z.string()) }).loose()),
      })
      .nullable(),
    message: z.string(),
    reason: z.string(),
    error: z.string().nullable(),
    timings_ms: timingsSchema.optional(),
    /** Deprecated alias of `timings_ms` (the only field of bots before it). */
    timings: timingsSchema.optional(),
  })
  .loose()
  .refine((r) => r.timings_ms !== undefined || r.timings !== undefined, { message: 'timings_ms is missing' });

/** Options of {@link RemoteAsker.create}. */
export interface RemoteAskerOptions {
  /** Base URL of the bot, e.g. `http://127.0.0.1:3978`. */
  url: string;
  /** Bearer token for `/api/ask` when the bot requires one. */
  token?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Asks a running bot over HTTP (`POST /api/ask`), for `tablebot ask` while the bot holds the data folder. */
export class RemoteAsker {
  private constructor(private readonly options: RemoteAskerOptions) {}

  /** Creates an asker for the bot at `options.url`. */
  static create(options: RemoteAskerOptions): RemoteAsker {
    return new RemoteAsker(options);
  }

  /** The bot's base URL. */
  get url(): string {
    return this.options.url;
  }

  /**
   * Asks one question.
   * @throws TablebotError ASK_REMOTE_FAILED when the bot cannot be reached or refuses the request
   */
  async ask(request: {
    question: string;
    source?: string;
    maxRows?: number;
    /** The reading of the conversation's last answer, which a follow-up edits. */
    previous?: AnswerReading;
  }): Promise<AskResult> {
    const doFetch = this.options.fetch ?? globalThis.fetch;
    const endpoint = new URL('/api/ask', this.options.url).toString();
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        body: JSON.stringify(request),
      });
    } catch (cause) {
      throw new TablebotError(
        'ASK_REMOTE_FAILED',
        `RemoteAsker.ask: cannot reach ${endpoint}: ${errorMessage(cause)}`,
        {
          cause,
        },
      );
    }
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // reported below
    }
    if (!response.ok) {
      const detail =
        typeof body === 'object' && body !== null && 'message' in body
          ? String(body.message)
          : text.slice(0, 300);
      const hint =
        response.status === 401 || response.status === 403
          ? " (set ASK_API_TOKEN to one of the bot's API_TOKENS tokens)"
          : '';
      throw new TablebotError(
        'ASK_REMOTE_FAILED',
        `RemoteAsker.ask: ${endpoint} answered ${response.status}: ${detail}${hint}`,
      );
    }
    const parsed = askResultSchema.safeParse(body);
    if (!parsed.success) {
      throw new TablebotError('ASK_REMOTE_FAILED', `RemoteAsker.ask: ${endpoint} did not return an answer`, {
        cause: parsed.error,
      });
    }
    const { timings_ms: timingsMs, timings, ...rest } = parsed.data;
    return { ...rest, timings: timingsMs ?? timings } as AskResult;
  }
}
