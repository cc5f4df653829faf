import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../logging';
import type { DirectLineConversation } from './conversation';

/** Options of {@link DirectLineStreams}. */
export interface DirectLineStreamsOptions {
  logger: Logger;
  /** How often each stream is pinged; a stream that did not answer the previous ping is terminated. */
  heartbeatMs: number;
}

/**
 * The WebSocket side of the local Direct Line: one stream per connected client, fed by its conversation
 * from a watermark on, kept alive by ping/pong heartbeats. Who may open a stream is decided by the caller
 * ({@link LocalDirectLine.handleUpgrade}); this class only carries activities.
 */
export class DirectLineStreams {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly heartbeats = new Map<WebSocket, () => void>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly options: DirectLineStreamsOptions) {}

  /** Completes the upgrade and streams `conversation`'s activities after `watermark` to the new socket. */
  accept(
    upgrade: { req: IncomingMessage; socket: Duplex; head: Buffer },
    conversation: DirectLineConversation,
    watermark: number,
  ): void {
    this.wss.handleUpgrade(upgrade.req, upgrade.socket, upgrade.head, (ws) =>
      this.attach(ws, conversation, watermark),
    );
  }

  /** Starts pinging every open stream (idempotent). */
  startHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      for (const beat of this.heartbeats.values()) beat();
    }, this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Stops the heartbeat, closes every stream with 1001 and the WebSocket server. */
  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private attach(ws: WebSocket, conversation: DirectLineConversation, watermark: number): void {
    let alive = true;
    ws.on('pong', () => {
      alive = true;
    });
    ws.on('message', () => conversation.touch());
    const heartbeat = (): void => {
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    };
    this.heartbeats.set(ws, heartbeat);
    const unsubscribe = conversation.subscribe(
      {
        onActivities: (set) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(set));
        },
        onClose: (reason) => ws.close(1000, reason.slice(0, 100)),
      },
      watermark,
    );
    ws.on('close', () => {
      unsubscribe();
      this.heartbeats.delete(ws);
      conversation.touch();
    });
    ws.on('error', (error) =>
      this.options.logger.warn({ err: error, conversationId: conversation.id }, 'stream error'),
    );
    this.options.logger.debug(
      { conversationId: conversation.id, watermark },
      'LocalDirectLine: stream opened',
    );
  }
}
