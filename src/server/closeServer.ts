import type { Server } from 'restify';

type ShutdownHook = () => Promise<void>;

const hooks = new WeakMap<Server, ShutdownHook[]>();

/** Registers work to do when {@link closeServer} stops `server` (after it stops accepting connections). */
export function onServerClose(server: Server, hook: ShutdownHook): void {
  hooks.set(server, [...(hooks.get(server) ?? []), hook]);
}

/** Options of {@link closeServer}. */
export interface CloseServerOptions {
  /** After this long, connections still open are cut. @default 10000 */
  timeoutMs?: number;
}

/**
 * Graceful shutdown: stops accepting connections, closes idle keep-alive connections, runs the registered
 * hooks (the local Direct Line waits for running turns, then closes its WebSockets), lets in-flight requests
 * finish, and cuts whatever is still open after `timeoutMs`.
 */
export async function closeServer(server: Server, options: CloseServerOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const http = server.server;
  const closed = new Promise<void>((resolve) => {
    if (!http.listening) {
      resolve();
      return;
    }
    http.close(() => resolve());
  });
  http.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref();
  });
  try {
    const drained = Promise.allSettled((hooks.get(server) ?? []).map((hook) => hook())).then(() => {
      http.closeIdleConnections();
      return closed;
    });
    if ((await Promise.race([drained.then(() => 'done' as const), deadline])) === 'timeout') {
      http.closeAllConnections();
      await closed;
    }
  } finally {
    clearTimeout(timer);
    hooks.delete(server);
  }
}
