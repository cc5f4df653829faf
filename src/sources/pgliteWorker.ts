import { Worker } from 'node:worker_threads';
import { errorMessage, QueryTimeoutError, SourceError } from '../errors';

/**
 * The code of the worker thread: opens PGlite on the data folder and answers one request at a time. Kept as
 * plain JavaScript run with `eval` so that the same code runs from the compiled `dist/` tree and under
 * ts-jest (a `.ts` worker file cannot be started without a build step); it only relays calls.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglitePath);
const describe = (e) => ({
  message: e && e.message ? String(e.message) : String(e),
  code: e && typeof e.code === 'string' ? e.code : undefined,
  detail: e && typeof e.detail === 'string' ? e.detail : undefined,
});
const reply = (message) => {
  try {
    parentPort.postMessage(message);
  } catch (e) {
    parentPort.postMessage({ id: message.id, ok: false, error: describe(e) });
  }
};
const db = new PGlite(
  workerData.dataDir,
  workerData.sharedBuffers
    ? { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=' + workerData.sharedBuffers] }
    : undefined,
);
db.waitReady.then(
  () => reply({ type: 'ready' }),
  (e) => reply({ type: 'failed', error: describe(e) }),
);
parentPort.on('message', async (m) => {
  try {
    if (m.op === 'exec') {
      await db.exec(m.sql);
      reply({ id: m.id, ok: true });
    } else if (m.op === 'query') {
      const r = await db.query(m.sql, m.params, { rowMode: m.rowMode });
      reply({
        id: m.id,
        ok: true,
        rows: r.rows,
        fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
      });
    } else if (m.op === 'queries') {
      const results = [];
      for (const sql of m.sqls) {
        const r = await db.query(sql, undefined, { rowMode: m.rowMode });
        results.push({ rows: r.rows, fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) });
      }
      reply({ id: m.id, ok: true, rows: results });
    } else if (m.op === 'close') {
      if (!db.closed) await db.close();
      reply({ id: m.id, ok: true });
    }
  } catch (e) {
    reply({ id: m.id, ok: false, error: describe(e) });
  }
});
`;

/** A request to the worker. */
type WorkerRequest =
  | { op: 'exec'; sql: string }
  | { op: 'query'; sql: string; params?: unknown[]; rowMode: 'array' | 'object' }
  | { op: 'close' };

/** Several statements without parameters run one after another in one round trip (see `requestMany`). */
interface WorkerManyRequest {
  op: 'queries';
  sqls: readonly string[];
  rowMode: 'array' | 'object';
}

/** A query's answer from the worker. */
export interface WorkerQueryResult {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
}

interface Pending {
  resolve(value: WorkerQueryResult): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout | undefined;
}

/** A database error as the worker reports it, with its SQLSTATE in `code` as PGlite and `pg` give it. */
class PgliteQueryError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly detail: string | undefined,
  ) {
    super(message);
    this.name = 'PgliteQueryError';
  }
}

/** Options of {@link PgliteWorker.open}. */
export interface PgliteWorkerOptions {
  /** The PGlite data folder (the caller holds its folder lock). */
  dataDir: string;
  /** Label for messages. */
  label: string;
  /** Longest wait for a graceful close before the thread is terminated. @default 5000 */
  closeTimeoutMs?: number;
  /** Postgres `shared_buffers` of the PGlite (see `PgliteSourceOptions.sharedBuffers`). @default PGlite's own */
  sharedBuffers?: string;
}

/**
 * PGlite on its own worker thread, so a statement that runs too long can actually be stopped: PGlite is
 * Postgres compiled to single-threaded WASM with no timer interrupts, so `statement_timeout` never fires
 * and a runaway query would otherwise freeze the event loop. A request with a timeout that expires
 * terminates the thread (the query dies with it), fails with {@link QueryTimeoutError}, and a fresh thread
 * reopens the folder at once (PGlite recovers it like a crashed server; the work being stopped is a
 * read-only transaction). Requests go one at a time; the caller serialises them.
 */
export class PgliteWorker {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private closing = false;
  /** How many times the thread was restarted after a timeout or a crash. */
  restarts = 0;

  private constructor(private readonly options: PgliteWorkerOptions) {}

  /** Starts the thread and waits until PGlite has opened the folder. @throws SourceError SOURCE_UNREACHABLE */
  static async open(options: PgliteWorkerOptions): Promise<PgliteWorker> {
    const worker = new PgliteWorker(options);
    await worker.start();
    return worker;
  }

  /** Runs a request; with `timeoutMs`, a request still running after it is stopped (see the class). */
  async request(request: WorkerRequest, timeoutMs?: number): Promise<WorkerQueryResult> {
    return this.send(request, timeoutMs);
  }

  /**
   * Runs `sqls` one after another on the thread and returns each one's result, in one message each way;
   * the first failing statement fails the request (what ran before it stays run).
   */
  async requestMany(
    sqls: readonly string[],
    rowMode: 'array' | 'object',
    timeoutMs?: number,
  ): Promise<WorkerQueryResult[]> {
    const reply = await this.send({ op: 'queries', sqls, rowMode }, timeoutMs);
    // the thread's 'queries' reply carries one { rows, fields } per statement in `rows`
    return reply.rows as WorkerQueryResult[];
  }

  private async send(
    request: WorkerRequest | WorkerManyRequest,
    timeoutMs?: number,
  ): Promise<WorkerQueryResult> {
    if (this.closed) {
      throw new SourceError('SOURCE_UNREACHABLE', `PgliteWorker.request: ${this.options.label} is closed`);
    }
    await this.whenReady();
    const worker = this.worker;
    if (worker === undefined) {
      throw new SourceError('SOURCE_UNREACHABLE', `PgliteWorker.request: ${this.options.label} is closed`);
    }
    const id = this.nextId++;
    return new Promise<WorkerQueryResult>((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => this.timedOut(id, timeoutMs), Math.max(1, Math.floor(timeoutMs)));
      this.pending.set(id, { resolve, reject, timer });
      worker.ref();
      worker.postMessage({ id, ...request });
    });
  }

  /** Waits until a thread is up (one is started when none is, e.g. after a crash). */
  async whenReady(): Promise<void> {
    if (this.closed) return;
    if (this.worker === undefined) await this.start();
    else await this.ready;
  }

  /** Closes PGlite cleanly, or terminates the thread when that takes longer than the close timeout. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    const worker = this.worker;
    if (worker !== undefined) {
      await this.request({ op: 'close' }, this.options.closeTimeoutMs ?? 5000).catch(() => undefined);
    }
    this.closed = true;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  private start(): Promise<void> {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        dataDir: this.options.dataDir,
        pglitePath: require.resolve('@electric-sql/pglite'),
        sharedBuffers: this.options.sharedBuffers,
      },
    });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      const failed = (cause: unknown) =>
        reject(
          new SourceError(
            'SOURCE_UNREACHABLE',
            `PgliteWorker.open: cannot open ${this.options.label}: ${errorMessage(cause)}`,
            { cause },
          ),
        );
      worker.on('message', (message: WorkerMessage) => {
        if ('type' in message) {
          if (message.type === 'ready') {
            if (this.pending.size === 0) worker.unref();
            resolve();
          } else failed(new PgliteQueryError(message.error.message, message.error.code, undefined));
          return;
        }
        this.settle(message);
      });
      worker.on('error', (error) => {
        failed(error);
        this.lost(worker, error);
      });
      worker.on('exit', (code) => {
        failed(new Error(`worker exited with code ${code}`));
        this.lost(worker, new Error(`the PGlite worker thread exited (code ${code})`));
      });
    });
    // a failed start is reported to whoever awaits `ready`; avoid an unhandled rejection meanwhile
    this.ready.catch(() => undefined);
    return this.ready;
  }

  private settle(message: WorkerReply): void {
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    this.pending.delete(message.id);
    // an idle thread does not keep the process alive (a source left open must not hang an exit)
    if (this.pending.size === 0) this.worker?.unref();
    if (pending.timer !== undefined) clearTimeout(pending.timer);
    if (message.ok) pending.resolve({ rows: message.rows ?? [], fields: message.fields ?? [] });
    else
      pending.reject(new PgliteQueryError(message.error.message, message.error.code, message.error.detail));
  }

  /** A request outlived its timeout: stop the thread (and the query), fail the request, reopen. */
  private timedOut(id: number, timeoutMs: number): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    this.pending.delete(id);
    pending.reject(
      new QueryTimeoutError(
        `PgliteWorker.request: the query on ${this.options.label} ran past its ${Math.round(timeoutMs)} ms budget and was stopped`,
      ),
    );
    const worker = this.worker;
    if (worker !== undefined) this.restart(worker);
  }

  /** The thread died or was stopped: fail what it still had, and open a fresh one unless closing. */
  private lost(worker: Worker, cause: Error): void {
    if (this.worker !== worker) return;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      if (pending.timer !== undefined) clearTimeout(pending.timer);
      pending.reject(
        new SourceError(
          'SOURCE_UNREACHABLE',
          `PgliteWorker.request: ${this.options.label}: ${cause.message}`,
          {
            cause,
          },
        ),
      );
    }
    // the next request starts a fresh thread (not here: a folder that cannot be opened would loop)
    this.worker = undefined;
  }

  /** Stops a healthy thread that is stuck in a query and opens a fresh one right away. */
  private restart(worker: Worker): void {
    this.restarts++;
    this.worker = undefined;
    void worker.terminate();
    if (!this.closing) void this.start().catch(() => undefined);
  }
}

type WorkerReply =
  | { id: number; ok: true; rows?: unknown[]; fields?: { name: string; dataTypeID: number }[] }
  | { id: number; ok: false; error: { message: string; code?: string; detail?: string } };

type WorkerMessage =
  WorkerReply | { type: 'ready' } | { type: 'failed'; error: { message: string; code?: string } };
