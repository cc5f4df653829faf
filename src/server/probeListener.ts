import http from 'node:http';

/** Options of {@link ProbeListener.listen}. */
export interface ProbeListenerOptions {
  host: string;
  /** 0 picks a free port (see {@link ProbeListener.port}). */
  port: number;
  /** The start-up phase in words, for `/readyz` and the 503 bodies. */
  describe: () => string;
}

/**
 * The first thing the bot process opens, before the HTTP framework and the answering core load: a bare
 * `node:http` listener that answers `GET /healthz` 200, `GET /readyz` 503 with the start-up phase, and
 * every other request 503 `STARTING_UP` with `Retry-After`. {@link ProbeListener.close} frees the port
 * for the real server, which listens on the same port a moment later (`createServer`'s `beforeListen`).
 */
export class ProbeListener {
  private constructor(
    private readonly server: http.Server,
    /** The port it listens on (the real server takes the same one). */
    readonly port: number,
  ) {}

  /** Listens on `host:port`. @throws the listen error (port in use, ...) */
  static async listen(options: ProbeListenerOptions): Promise<ProbeListener> {
    const started = Date.now();
    const server = http.createServer((req, res) => {
      const route = (req.url ?? '').split('?')[0];
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, {
          'Content-Type': 'application/json',
          'Cache-Control': 'no-store',
          ...headers,
        });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && route === '/healthz') {
        send(200, { status: 'ok', uptimeSeconds: Math.round((Date.now() - started) / 1000) });
      } else if (req.method === 'GET' && route === '/readyz') {
        send(503, { ready: false, checks: { startup: options.describe() } });
      } else {
        send(
          503,
          {
            error: 'STARTING_UP',
            message: `tablebot is starting up (${options.describe()}); try again in a moment`,
          },
          { 'Retry-After': '1' },
        );
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return new ProbeListener(server, port);
  }

  /** Stops listening and ends its connections, so the real server can take the port. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
