import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that can stop forwarding without closing anything: bytes in either direction
 * are swallowed and new connections are accepted but never connected through, the way a hung server or a
 * dead network path looks to a client (no reset, no FIN).
 */
export class StallingProxy {
  private stalled = false;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  /** Starts a proxy to `target` on a free loopback port. */
  static async start(target: { host: string; port: number }): Promise<StallingProxy> {
    const holder: { proxy?: StallingProxy } = {};
    const server = net.createServer((client) => holder.proxy?.accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('StallingProxy: no port');
    holder.proxy = new StallingProxy(server, address.port);
    return holder.proxy;
  }

  /** Stops forwarding (existing and new connections hang). */
  stall(): void {
    this.stalled = true;
  }

  /** Forwards again (connections accepted while stalled stay hung; new ones work). */
  resume(): void {
    this.stalled = false;
  }

  /** Closes the proxy and every connection through it. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, target: { host: string; port: number }): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => undefined);
    if (this.stalled) return; // accepted, never answered
    const upstream = net.connect(target.port, target.host);
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => undefined);
    client.on('close', () => upstream.destroy());
    client.on('data', (chunk) => {
      if (!this.stalled) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!this.stalled) client.write(chunk);
    });
  }
}
