import { z } from 'zod';

/**
 * An activity as the Direct Line 3.0 protocol carries it: plain JSON with at least `type` and, once
 * stored, `id`. Everything else (text, attachments, suggestedActions, channelData, ...) is passed through.
 */
export type DirectLineActivity = { [key: string]: unknown; type: string; id?: string };

/** The body of `GET .../activities` and of every WebSocket message: activities after a watermark. */
export interface ActivitySet {
  activities: DirectLineActivity[];
  /** Opaque cursor; pass it back to receive only newer activities. */
  watermark: string;
}

/** The body of `POST /v3/directline/conversations` (and of the reconnect `GET`). */
export interface ConversationResponse {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl?: string;
}

/** The body of `POST /v3/directline/tokens/generate` and `/tokens/refresh`. */
export interface TokenResponse {
  conversationId: string;
  token: string;
  expires_in: number;
}

/** A member of a conversation (`from`, `recipient`). */
export interface ChannelMember {
  id: string;
  name?: string;
  role?: 'user' | 'bot';
}

/** What the web chat page receives from `GET /api/directline/token`. */
export interface WebChatConnection {
  /** `local`: this server's Direct Line endpoint; `azure`: Azure Bot Service Direct Line. */
  mode: 'local' | 'azure';
  token: string;
  /** The conversation the token is bound to, when it is bound to one. */
  conversationId?: string;
  /** Seconds until the token expires (Direct Line refreshes it before then). */
  expiresIn: number;
  /** The user id the token is bound to; Web Chat must post as this user. */
  userId: string;
  /** The Direct Line base URL (`.../v3/directline`); absent for `local` (the page uses its own origin). */
  domain?: string;
  /** Whether the page should stream over a WebSocket (else it polls). */
  webSocket: boolean;
}

/** Accepts any JSON object that has a string `type`, keeping every other property. */
export const incomingActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().optional(),
});

/** A user as given in a token request or a start-conversation body. */
export const userSchema = z.object({
  id: z
    .string()
    .regex(/^[\w.:@-]{1,128}$/, 'user.id may contain letters, digits and . : @ _ - (at most 128)')
    .optional(),
  name: z.string().max(128).optional(),
});

/** Body of token generation and conversation start requests; both fields optional. */
export const userRequestSchema = z
  .object({ user: userSchema.optional(), locale: z.string().max(32).optional() })
  .optional();

/** `?watermark=` query value: a non-negative integer or absent. */
export const watermarkSchema = z
  .union([z.string().regex(/^\d{1,15}$/), z.literal(''), z.literal('-')])
  .optional()
  .transform((v) => (v === undefined || v === '' || v === '-' ? 0 : Number(v)));
