import { createHash, timingSafeEqual } from 'node:crypto';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { ApiToken } from '../config';
import { TablebotError, errorMessage } from '../errors';

/** A request without valid credentials. `message` is safe to return to the caller. */
export class AuthenticationFailure extends TablebotError {
  constructor(
    message: string,
    /** Why, for the log line (never the token). */
    public readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('UNAUTHORIZED', message, options);
  }
}

/** Who called: `api:<subject>` for an API token, `botframework:<appId>` for a Bot Framework token. */
export interface AuthenticatedCaller {
  kind: 'api' | 'botframework';
  subject: string;
}

/** Options of {@link ApiAuthenticator}. */
export interface ApiAuthenticatorOptions {
  /** `API_TOKENS`. */
  tokens: readonly ApiToken[];
  /** When given (an app id is configured), a Bot Framework JWT from a channel or another bot is accepted too. */
  botFramework?: BotFrameworkAuthentication;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Checks the `Authorization: Bearer ...` header of `POST /api/ask`: one of the configured API tokens
 * (compared in constant time on their SHA-256) or, when an app id is configured, a Bot Framework JWT.
 */
export class ApiAuthenticator {
  private readonly tokens: { subject: string; digest: Buffer }[];
  private readonly botFramework: BotFrameworkAuthentication | undefined;

  constructor(options: ApiAuthenticatorOptions) {
    this.tokens = options.tokens.map((t) => ({ subject: t.subject, digest: sha256(t.token) }));
    this.botFramework = options.botFramework;
  }

  /**
   * The caller a header proves.
   * @throws AuthenticationFailure when the header is missing, malformed, unknown, forged or expired.
   */
  async authenticate(header: string | string[] | undefined): Promise<AuthenticatedCaller> {
    const token = bearerToken(header);
    if (!token) {
      throw new AuthenticationFailure(
        'ApiAuthenticator.authenticate: send Authorization: Bearer <token>',
        'missing bearer token',
      );
    }
    const digest = sha256(token);
    let subject: string | undefined;
    for (const t of this.tokens) if (timingSafeEqual(t.digest, digest)) subject = t.subject;
    if (subject !== undefined) return { kind: 'api', subject };
    if (this.botFramework && token.split('.').length === 3) {
      try {
        const identity = await this.botFramework.authenticateChannelRequest(`Bearer ${token}`);
        const appId =
          identity.getClaimValue('appid') ?? identity.getClaimValue('azp') ?? identity.getClaimValue('aud');
        if (identity.isAuthenticated && appId) return { kind: 'botframework', subject: appId };
      } catch (error) {
        throw new AuthenticationFailure(
          'ApiAuthenticator.authenticate: the bearer token is not valid',
          `Bot Framework token refused: ${firstLine(errorMessage(error))}`,
          { cause: error },
        );
      }
    }
    throw new AuthenticationFailure(
      'ApiAuthenticator.authenticate: the bearer token is not valid',
      'unknown token',
    );
  }
}

/** The token of an `Authorization: Bearer <token>` header value, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 200);
}
