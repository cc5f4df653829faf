import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Server } from 'restify';
import { openTablebot } from '../app';
import { createBot } from '../bot/createBot';
import { FAILED, TURN_TIMEOUT } from '../bot';
import type { Config } from '../config';
import { DEMO_QUESTIONS } from '../demo';
import { errorMessage } from '../errors';
import type { Logger } from '../logging';
import { createAdapter } from '../server/botAdapter';
import { closeServer, createServer } from '../server/createServer';
import { RateLimiter } from '../server';
import { KnexFeedbackStore, KnexStorage } from '../store';

/** Options of {@link runLoadBench}. */
export interface LoadBenchOptions {
  /** The bot's configuration (data folder, default source, limits). The server listens on 127.0.0.1:0. */
  config: Config;
  logger: Logger;
  /** Conversations at once. @default 50 */
  conversations?: number;
  /** Questions per conversation, asked one after another. @default 10 */
  questions?: number;
  /** The questions to cycle through. @default the demo questions that are answered or declined */
  questionTexts?: readonly string[];
  /** Progress lines. */
  onProgress?: (message: string) => void;
}

/** One failed exchange. */
export interface LoadError {
  conversation: number;
  question: string;
  error: string;
}

/** What a load run measured. */
export interface LoadBenchReport {
  conversations: number;
  questionsPerConversation: number;
  exchanges: number;
  errors: number;
  errorSamples: LoadError[];
  latencyMs: { p50: number; p95: number; max: number; mean: number };
  seconds: number;
  questionsPerSecond: number;
  rssMiB: { before: number; after: number; peak: number };
  /** When the run started (ISO 8601). */
  startedAt: string;
}

interface Reply {
  type?: string;
  text?: string;
  from?: { role?: string };
  attachments?: unknown[];
  replyToId?: string;
}

/**
 * Drives the real server on loopback: opens tablebot (metadata store, index, pipeline) and its HTTP server
 * on 127.0.0.1, then runs `conversations` local Direct Line conversations at once, each asking `questions`
 * questions one after another (POST an activity, which waits for the turn, then GET the replies after the
 * watermark). An exchange is an error when a request fails, no reply comes back, or the reply is the bot's
 * failure or timeout message. Latency is from the POST to the replies being read.
 */
export async function runLoadBench(options: LoadBenchOptions): Promise<LoadBenchReport> {
  const { config, logger } = options;
  const progress = options.onProgress ?? (() => undefined);
  const conversations = options.conversations ?? 50;
  const perConversation = options.questions ?? 10;
  const texts =
    options.questionTexts ?? DEMO_QUESTIONS.filter((q) => q.expected !== 'clarify').map((q) => q.question);

  progress('opening tablebot (first run seeds and indexes the demo warehouse)');
  const app = await openTablebot({ config, logger, indexDemoIfMissing: true });
  let server: Server | undefined;
  try {
    const bot = createBot({
      pipeline: app.pipeline,
      storage: new KnexStorage({ knex: app.knex }),
      feedbackStore: new KnexFeedbackStore({ knex: app.knex }),
      logger,
      turnTimeoutMs: config.limits.turnTimeoutMs,
    });
    server = await createServer({
      bot,
      adapter: createAdapter(config, logger),
      config: { ...config, server: { host: '127.0.0.1', port: 0 } },
      logger,
      readiness: () => app.readiness(),
      pipeline: app.pipeline,
      // one loopback client plays every user here: the per-client limit would only measure itself
      rateLimiter: new RateLimiter({ perMinute: 0 }),
    });
    const base = `http://127.0.0.1:${server.address().port}/v3/directline`;

    const rss = () => process.memoryUsage().rss / 1024 / 1024;
    const before = rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 200);
    const latencies: number[] = [];
    const errors: LoadError[] = [];
    const started = performance.now();
    const startedAt = new Date().toISOString();
    progress(`${conversations} conversations × ${perConversation} questions`);
    await Promise.all(
      Array.from({ length: conversations }, async (_v, c) => {
        let token: string;
        let conversationId: string;
        try {
          const generated = await call(base, 'POST', '/tokens/generate', undefined, {
            user: { id: `dl_load_${c}` },
          });
          token = String(generated.token);
          const conversation = await call(base, 'POST', '/conversations', token, {});
          token = String(conversation.token);
          conversationId = String(conversation.conversationId);
        } catch (error) {
          for (let i = 0; i < perConversation; i++)
            errors.push({ conversation: c, question: '(start)', error: errorMessage(error) });
          return;
        }
        let watermark = '';
        for (let i = 0; i < perConversation; i++) {
          const question = texts[(c + i) % texts.length];
          const t0 = performance.now();
          try {
            const posted = await call(base, 'POST', `/conversations/${conversationId}/activities`, token, {
              type: 'message',
              from: { id: `dl_load_${c}` },
              text: question,
            });
            // the POST normally returns when the turn is done; a slow turn is acknowledged early, so poll
            let replies: Reply[] = [];
            const patience = performance.now() + config.limits.turnTimeoutMs + 5000;
            while (replies.length === 0 && performance.now() < patience) {
              const query = watermark ? `?watermark=${watermark}` : '';
              const set = await call(
                base,
                'GET',
                `/conversations/${conversationId}/activities${query}`,
                token,
              );
              watermark = String(set.watermark);
              replies = (Array.isArray(set.activities) ? (set.activities as Reply[]) : []).filter(
                (a) =>
                  a.type === 'message' &&
                  a.from?.role === 'bot' &&
                  (a.replyToId === undefined || a.replyToId === posted.id),
              );
              if (replies.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
            }
            latencies.push(performance.now() - t0);
            const bad = replies.find((r) => r.text === FAILED || r.text === TURN_TIMEOUT);
            if (replies.length === 0) errors.push({ conversation: c, question, error: 'no reply' });
            else if (bad) errors.push({ conversation: c, question, error: `reply: ${bad.text}` });
          } catch (error) {
            latencies.push(performance.now() - t0);
            errors.push({ conversation: c, question, error: errorMessage(error) });
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const after = rss();
    peak = Math.max(peak, after);
    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      conversations,
      questionsPerConversation: perConversation,
      exchanges: latencies.length,
      errors: errors.length,
      errorSamples: errors.slice(0, 10),
      latencyMs: {
        p50: round(at(0.5)),
        p95: round(at(0.95)),
        max: round(sorted.at(-1) ?? 0),
        mean: round(sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length)),
      },
      seconds: round(seconds),
      questionsPerSecond: round(latencies.length / seconds),
      rssMiB: { before: round(before), after: round(after), peak: round(peak) },
      startedAt,
    };
  } finally {
    if (server) await closeServer(server, { timeoutMs: 5000 });
    await app.close();
  }
}

/** One Direct Line request; throws on a non-2xx answer. */
async function call(
  base: string,
  method: string,
  route: string,
  token: string | undefined,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(base + route, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(
      `${method} ${route.replace(/\/conversations\/[^/]+/, '/conversations/…')} → ${response.status} ${text.slice(0, 200)}`,
    );
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** The report as Markdown, for bench/results. */
export function formatLoadReport(report: LoadBenchReport): string {
  return [
    `# Load: ${report.conversations} conversations × ${report.questionsPerConversation} questions (${report.startedAt})`,
    '',
    '| exchanges | errors | p50 ms | p95 ms | max ms | q/s | seconds | RSS before MiB | RSS after MiB | RSS peak MiB |',
    '|---|---|---|---|---|---|---|---|---|---|',
    `| ${report.exchanges} | ${report.errors} | ${report.latencyMs.p50} | ${report.latencyMs.p95} | ${report.latencyMs.max} | ${report.questionsPerSecond} | ${report.seconds} | ${report.rssMiB.before} | ${report.rssMiB.after} | ${report.rssMiB.peak} |`,
    '',
    ...(report.errorSamples.length > 0
      ? [
          'Errors (first 10):',
          '',
          ...report.errorSamples.map((e) => `- #${e.conversation} "${e.question}": ${e.error}`),
        ]
      : []),
  ].join('\n');
}

/** Writes `<dir>/load-<timestamp>.json` and `.md`; returns the paths. */
export async function writeLoadReport(report: LoadBenchReport, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const stem = path.join(dir, `load-${report.startedAt.replace(/[:.]/g, '-')}`);
  await writeFile(`${stem}.json`, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(`${stem}.md`, `${formatLoadReport(report)}\n`);
  return [`${stem}.json`, `${stem}.md`];
}
