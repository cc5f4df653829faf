import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a signed link is for. */
export type LinkKind = 'csv' | 'chart';

/** Options for {@link SignedLinks}. */
export interface SignedLinksOptions {
  /** HMAC key. @default 32 random bytes (links then die with the process) */
  secret?: string | Buffer;
  /** Origin the links start with, e.g. `https://bot.example.com` (no trailing slash needed). */
  baseUrl: string;
  /** How long a link works, ms. */
  ttlMs: number;
  /** What "now" is. @default Date.now */
  now?: () => number;
}

/** The parts of a signed link the server reads back. */
export interface SignedLinkParts {
  kind: LinkKind;
  id: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  sig: string;
}

/** Path prefix of every signed link. */
export const FILES_PATH = '/files';

/** File extension per link kind. */
const EXTENSION: Readonly<Record<LinkKind, string>> = { csv: 'csv', chart: 'png' };

/**
 * Short-lived signed links to files the bot serves (a result as CSV, a chart picture): `/files/<kind>/<id>.<ext>?exp=…&sig=…`
 * where `sig` is an HMAC-SHA256 over kind, id and expiry. Anyone holding the link may fetch it until it
 * expires, which is what lets Slack, Teams and a browser fetch it without the bot's sign-in; nobody can
 * make one for another id or a later expiry.
 */
export class SignedLinks {
  readonly ttlMs: number;
  private readonly secret: Buffer;
  private readonly baseUrl: string;
  private readonly now: () => number;

  constructor(options: SignedLinksOptions) {
    this.secret = options.secret ? Buffer.from(options.secret) : randomBytes(32);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
  }

  /** A signed absolute URL for a file, valid for the configured time. */
  url(kind: LinkKind, id: string): string {
    const exp = Math.floor((this.now() + this.ttlMs) / 1000);
    const sig = this.sign(kind, id, exp);
    return `${this.baseUrl}${FILES_PATH}/${kind}/${encodeURIComponent(id)}.${EXTENSION[kind]}?exp=${exp}&sig=${sig}`;
  }

  /** True when the signature is right and the link has not expired. */
  verify(parts: SignedLinkParts): boolean {
    if (!Number.isInteger(parts.exp) || parts.exp * 1000 <= this.now()) return false;
    const expected = Buffer.from(this.sign(parts.kind, parts.id, parts.exp));
    const given = Buffer.from(parts.sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** The file name a link's path ends with for an id. */
  static fileName(kind: LinkKind, id: string): string {
    return `${id}.${EXTENSION[kind]}`;
  }

  private sign(kind: LinkKind, id: string, exp: number): string {
    return createHmac('sha256', this.secret).update(`${kind}\n${id}\n${exp}`).digest('base64url');
  }
}
