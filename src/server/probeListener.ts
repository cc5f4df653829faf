import { Worker } from 'node:worker_threads';

/** Options of {@link ProbeListener.listen}. */
export interface ProbeListenerOptions {
  host: string;
  /** 0 picks a free port (see {@link ProbeListener.port}). */
  port: number;
  /** The start-up phase in words, for `/readyz` and the 503 bodies (change it with `setPhase`). */
  phase: string;
}

/**
 * The probe server, run in a worker thread: plain JavaScript (evaluated, so it needs no build step) that
 * answers while the main thread is busy loading modules and the index synchronously.
 */
const PROBE_SOURCE = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
let phase = workerData.phase;
const started = Date.now();
const server = http.createServer((req, res) => {
  const route = (req.url || '').split('?')[0];
  const send = (status, body, headers) => {
    res.writeHead(status, Object.assign({ 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, headers));
    res.end(JSON.stringify(body));
  };
  const loading = 'loading: ' + phase + ', ' + Math.round((Date.now() - started) / 1000) + ' s';
  if (req.method === 'GET' && route === '/healthz') {
    send(200, { status: 'ok', uptimeSeconds: Math.round((Date.now() - started) / 1000) });
  } else if (req.method === 'GET' && route === '/readyz') {
    send(503, { ready: false, checks: { startup: loading } });
  } else {
    send(503, { error: 'STARTING_UP', message: 'tablebot is starting up (' + loading + '); try again in a moment' }, { 'Retry-After': '1' });
  }
});
server.once('error', (error) => parentPort.postMessage({ type: 'error', message: error.message }));
server.listen(workerData.port, workerData.host, () => {
  parentPort.postMessage({ type: 'listening', port: server.address().port });
});
parentPort.on('message', (message) => {
  if (message.type === 'phase') phase = message.phase;
  if (message.type === 'close') {
    // the listening socket is closed at once: say so before the connections and the thread wind down
    server.close(() => process.exit(0));
    server.closeAllConnections();
    parentPort.postMessage({ type: 'closed' });
  }
});
`;

/**
 * The first thing the bot process opens, before the HTTP framework and the answering core load: a bare
 * `node:http` listener in a worker thread, so it answers even while the main thread is blocked (module
 * loading, reading the index). `GET /healthz` 200, `GET /readyz` 503 with the start-up phase, everything
 * else 503 `STARTING_UP` with `Retry-After`. {@link ProbeListener.close} frees the port for the real server,
 * which listens on the same port a moment later (`createServer`'s `beforeListen`).
 */
export class ProbeListener {
  private constructor(
    private readonly worker: Worker,
    /** The port it listens on (the real server takes the same one). */
    readonly port: number,
  ) {}

  /** Listens on `host:port`. @throws Error when the port cannot be taken (in use, no permission) */
  static async listen(options: ProbeListenerOptions): Promise<ProbeListener> {
    const worker = new Worker(PROBE_SOURCE, {
      eval: true,
      workerData: { host: options.host, port: options.port, phase: options.phase },
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', (message: { type: string; port?: number; message?: string }) => {
          if (message.type === 'listening' && message.port !== undefined) resolve(message.port);
          else reject(new Error(`ProbeListener.listen: ${message.message ?? 'the probe did not start'}`));
        });
      });
      return new ProbeListener(worker, port);
    } catch (error) {
      await worker.terminate();
      throw error;
    }
  }

  /** What `/readyz` says start-up is doing. */
  setPhase(phase: string): void {
    this.worker.postMessage({ type: 'phase', phase });
  }

  /**
   * Stops listening and ends its connections, so the real server can take the port. Resolves as soon as
   * the port is free: between this and the real server's listen (milliseconds) a connection is refused.
   */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.on('message', (message: { type: string }) => {
        if (message.type === 'closed') resolve();
      });
      this.worker.postMessage({ type: 'close' });
    });
  }
}
