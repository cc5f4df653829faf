import type { ActivityHandler } from 'botbuilder';
import { errorMessage, TablebotError } from '../errors';
import type { Logger } from '../logging';
import type { AnswerPipeline, AskRequest, AskResult } from '../pipeline/types';
import type { StoredQueryRunner } from '../pipeline';
import type { Readiness } from './createServer';
import { StartingBot } from './startingBot';

/** Where start-up is, for `/readyz` and the starting-up replies. */
export interface StartupProgress {
  /** What is being done, e.g. `metadata store`, `index`, `catalog`, `corpus`. */
  phase: string;
  /** Tables loaded so far, when the phase counts them. */
  tablesLoaded?: number;
  /** Tables to load, when known. */
  tablesTotal?: number;
}

/** What the server serves once the answering core is open. */
export interface ReadyParts {
  bot: ActivityHandler;
  pipeline: AnswerPipeline;
  storedQueries: Pick<StoredQueryRunner, 'run'>;
  readiness: () => Promise<Readiness>;
}

/**
 * Lets the HTTP server listen before the answering core is open (`/healthz` answers at once at any catalog
 * size). Until {@link StartupGate.open}: `/readyz` says not ready with the phase and tables loaded, chat
 * messages get the starting-up reply, and `/api/ask` and stored-query downloads fail with `STARTING_UP`
 * (503). After it, everything goes to the real parts.
 */
export class StartupGate {
  private readonly startingBot = new StartingBot();
  private parts: ReadyParts | undefined;
  private current: StartupProgress = { phase: 'starting' };
  private failure: string | undefined;

  constructor(private readonly options: { logger?: Logger } = {}) {}

  /** The bot to give the server: the starting-up bot, then the real one. */
  get bot(): ActivityHandler {
    return this.startingBot;
  }

  /** The pipeline to give the server: fails with `STARTING_UP` until open. */
  readonly pipeline: AnswerPipeline = {
    ask: (request: AskRequest): Promise<AskResult> => this.whenOpen('ask').pipeline.ask(request),
  };

  /** Stored-query runner for file downloads: fails with `STARTING_UP` until open. */
  readonly storedQueries: Pick<StoredQueryRunner, 'run'> = {
    run: (query, options) => this.whenOpen('storedQueries.run').storedQueries.run(query, options),
  };

  /** Records the start-up phase (shown by `/readyz` and in `STARTING_UP` messages). */
  progress(progress: StartupProgress): void {
    this.current = { ...progress };
  }

  /** Start-up failed: `/readyz` says why until the process ends. */
  fail(error: unknown): void {
    this.failure = errorMessage(error);
  }

  /** Hands everything to the answering core. */
  open(parts: ReadyParts): void {
    this.parts = parts;
    this.startingBot.become(parts.bot);
    this.options.logger?.info(
      { secondsSinceProcessStart: Math.round(performance.now()) / 1000 },
      'start-up finished; answering',
    );
  }

  /** Whether {@link StartupGate.open} was called. */
  get isOpen(): boolean {
    return this.parts !== undefined;
  }

  /** `/readyz`: the core's readiness once open, else not ready with the start-up phase. */
  async readiness(): Promise<Readiness> {
    if (this.parts) return this.parts.readiness();
    return { ready: false, checks: { startup: this.describe() } };
  }

  /** The start-up phase in words, e.g. `loading: catalog (1200 of 5000 tables), 3 s`. */
  describe(): string {
    if (this.failure !== undefined) return `failed: ${this.failure}`;
    const { phase, tablesLoaded, tablesTotal } = this.current;
    const tables =
      tablesLoaded === undefined
        ? ''
        : ` (${tablesLoaded}${tablesTotal === undefined ? '' : ` of ${tablesTotal}`} tables)`;
    // seconds since the process started (performance.now() counts from then)
    return `loading: ${phase}${tables}, ${Math.round(performance.now() / 1000)} s`;
  }

  private whenOpen(method: string): ReadyParts {
    if (this.parts) return this.parts;
    throw new TablebotError(
      'STARTING_UP',
      `StartupGate.${method}: tablebot is starting up (${this.describe()}); try again in a moment`,
    );
  }
}
