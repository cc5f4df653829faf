import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { DirectLineError } from './directLineError';

/** What a local Direct Line token grants: one conversation, as one user, until `expiresAt`. */
export interface DirectLineGrant {
  conversationId: string;
  userId: string;
  /** Display name the user asked for, if any. */
  userName?: string;
  /** Epoch seconds. */
  expiresAt: number;
}

const payloadSchema = z.object({
  conv: z.string().min(1),
  user: z.string().min(1),
  name: z.string().optional(),
  exp: z.number().int(),
});

/** The JOSE header of every token: HMAC-SHA256. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** Options of {@link DirectLineTokenService}. */
export interface DirectLineTokenServiceOptions {
  /** HMAC key. @default 32 random bytes (tokens die with the process, as the conversations do) */
  key?: Buffer;
  /** Token lifetime in seconds. @default 1800 (Azure Direct Line's) */
  lifetimeSeconds?: number;
  /** Clock, in epoch milliseconds. @default Date.now */
  now?: () => number;
}

/**
 * Issues and checks the bearer tokens of the local Direct Line endpoint. Tokens are signed, not stored:
 * HS256 JWTs bound to a conversation (`conv`) and a user (`user`), like Azure Direct Line's tokens. Web Chat
 * reads the `user` claim to know which messages are the user's own, so the page needs no separate user id.
 */
export class DirectLineTokenService {
  /** Token lifetime in seconds. */
  public readonly lifetimeSeconds: number;
  private readonly key: Buffer;
  private readonly now: () => number;

  constructor(options: DirectLineTokenServiceOptions = {}) {
    this.key = options.key ?? randomBytes(32);
    this.lifetimeSeconds = options.lifetimeSeconds ?? 1800;
    this.now = options.now ?? Date.now;
  }

  /** Signs a token for `conversationId` and `userId`, valid for {@link lifetimeSeconds}. */
  issue(grant: { conversationId: string; userId: string; userName?: string }): {
    token: string;
    grant: DirectLineGrant;
  } {
    const full: DirectLineGrant = {
      ...grant,
      expiresAt: Math.floor(this.now() / 1000) + this.lifetimeSeconds,
    };
    const claims = { conv: full.conversationId, user: full.userId, name: full.userName, exp: full.expiresAt };
    const signed = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return { token: `${signed}.${this.mac(signed)}`, grant: full };
  }

  /**
   * Checks a token's signature and expiry.
   * @throws DirectLineError `Unauthorized` (401) when missing, malformed or forged, `TokenExpired` (403) when expired.
   */
  verify(token: string | undefined): DirectLineGrant {
    if (!token) {
      throw new DirectLineError('Unauthorized', 'DirectLineTokenService.verify: missing bearer token');
    }
    const [header, payload, mac, extra] = token.split('.');
    if (
      header !== HEADER ||
      !payload ||
      !mac ||
      extra !== undefined ||
      !this.sameMac(mac, this.mac(`${header}.${payload}`))
    ) {
      throw new DirectLineError('Unauthorized', 'DirectLineTokenService.verify: token is not valid');
    }
    let parsed: z.infer<typeof payloadSchema>;
    try {
      parsed = payloadSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch (error) {
      throw new DirectLineError('Unauthorized', 'DirectLineTokenService.verify: token is not valid', {
        cause: error,
      });
    }
    if (parsed.exp * 1000 <= this.now()) {
      throw new DirectLineError('TokenExpired', 'DirectLineTokenService.verify: token has expired');
    }
    return { conversationId: parsed.conv, userId: parsed.user, userName: parsed.name, expiresAt: parsed.exp };
  }

  /** Reads the token from an `Authorization: Bearer ...` header value. */
  static bearer(header: string | string[] | undefined): string | undefined {
    const value = Array.isArray(header) ? header[0] : header;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
    return match?.[1];
  }

  private mac(signed: string): string {
    return createHmac('sha256', this.key).update(signed).digest('base64url');
  }

  private sameMac(a: string, b: string): boolean {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
  }
}
