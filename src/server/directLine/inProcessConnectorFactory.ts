import {
  ConnectorClient,
  ConnectorFactory,
  MicrosoftAppCredentials,
  type ConnectorClientOptions,
} from 'botframework-connector';

type HttpClient = NonNullable<ConnectorClientOptions['httpClient']>;
type OutgoingRequest = Parameters<HttpClient['sendRequest']>[0];
type IncomingResponse = Awaited<ReturnType<HttpClient['sendRequest']>>;

/** One Bot Connector REST call the bot made (`/v3/conversations/{conversationId}/activities[/{activityId}]`). */
export interface ConnectorCall {
  method: string;
  conversationId: string;
  /** Present for reply, update and delete calls. */
  activityId?: string;
  /** The parsed JSON body, if any. */
  body: unknown;
}

/** The answer to a {@link ConnectorCall}: an HTTP status and a JSON body. */
export interface ConnectorReply {
  status: number;
  body?: unknown;
}

/** Handles the bot's Bot Connector calls. */
export type ConnectorHandler = (call: ConnectorCall) => Promise<ConnectorReply>;

const ACTIVITIES_PATH = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

/**
 * A botframework-connector `ConnectorFactory` whose clients deliver the bot's outgoing calls to a handler
 * in this process instead of over HTTP. The bot still speaks the Bot Connector REST protocol (the same
 * `ConnectorClient`, URLs and JSON), but nothing leaves the process: no loopback port, no AAD token for
 * the app id, and replies keep flowing while the HTTP server drains at shutdown. This is what lets the
 * local Direct Line endpoint stream typing indicators and several replies per turn as they happen.
 */
export class InProcessConnectorFactory extends ConnectorFactory {
  constructor(private readonly handler: ConnectorHandler) {
    super();
  }

  /** Creates a client for `serviceUrl` whose requests go to the handler. */
  override async create(serviceUrl: string): Promise<ConnectorClient> {
    const httpClient: HttpClient = { sendRequest: (request) => this.send(request) };
    return new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: serviceUrl, httpClient });
  }

  private async send(request: OutgoingRequest): Promise<IncomingResponse> {
    const match = ACTIVITIES_PATH.exec(new URL(request.url).pathname);
    let reply: ConnectorReply;
    if (!match) {
      reply = {
        status: 404,
        body: {
          error: {
            code: 'NotFound',
            message: `InProcessConnectorFactory.send: ${request.method} ${request.url} is not supported by the local Direct Line`,
          },
        },
      };
    } else {
      const body: unknown =
        typeof request.body === 'string' && request.body ? JSON.parse(request.body) : undefined;
      reply = await this.handler({
        method: request.method,
        conversationId: decodeURIComponent(match[1]),
        activityId: match[2] === undefined ? undefined : decodeURIComponent(match[2]),
        body,
      });
    }
    // The request's own headers carry `Content-Type: application/json`, which is what the client's
    // deserializer needs to parse the JSON reply (the streaming client in botbuilder does the same).
    return {
      request,
      status: reply.status,
      headers: request.headers,
      bodyAsText: reply.body === undefined ? '' : JSON.stringify(reply.body),
    };
  }
}
