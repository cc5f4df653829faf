import net from 'node:net';

/** What a {@link TcpProxy} does with traffic. */
export type ProxyMode =
  /** Forward everything. */
  | 'pass'
  /** Cut both sides of a connection as soon as the client sends bytes containing `cutOn`. */
  | 'cut';

/**
 * A TCP proxy in front of a real Postgres server, to take a database "down" under a running tablebot:
 * cut connections in the middle of a transaction, or stop listening altogether.
 */
export class TcpProxy {
  /** Current behaviour; switch it between asks. */
  mode: ProxyMode = 'pass';
  /** Bytes that trigger a cut in `cut` mode. @default 'BEGIN READ ONLY' */
  cutOn = 'BEGIN READ ONLY';
  private readonly sockets = new Set<net.Socket>();

  private readonly server = net.createServer((client) => this.accept(client));

  private constructor(private readonly target: { host: string; port: number }) {}

  /** Starts a proxy on a free local port forwarding to `host:port`. */
  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** Port the proxy listens on (127.0.0.1). */
  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => this.sockets.delete(s));
    }
    client.on('data', (chunk: Buffer) => {
      if (this.mode === 'cut' && chunk.includes(this.cutOn)) {
        client.destroy();
        upstream.destroy();
      }
    });
    client.pipe(upstream).pipe(client);
  }

  /** Stops listening (new connections are refused) and cuts every open connection. */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}
