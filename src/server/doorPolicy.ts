import { isIP } from 'node:net';
import type { Config } from '../config';
import { ConfigError } from '../errors';
import type { Logger } from '../logging';

/** How each HTTP door of tablebot is guarded, derived from the configuration. */
export interface DoorPolicy {
  /**
   * True when the bot is configured for the outside: an app id is set or `HOST` is not a loopback address.
   * Every door then needs credentials.
   */
  exposed: boolean;
  /** Why the bot counts as exposed (or not), for the start-up log. */
  why: string;
  /** `POST /api/ask`: open (local use) or bearer-token protected. */
  askApi: 'open' | 'bearer';
  /** The local Direct Line's token generation: open (local use) or needing `LOCAL_DIRECT_LINE_SECRET`. */
  directLineTokens: 'open' | 'secret';
  /** `GET /api/directline/token` for the web chat page: open to anyone, or refused. */
  webChatPage: 'open' | 'closed';
}

/** True for `localhost`, `127.0.0.0/8` and `::1` (with or without brackets). */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || h.startsWith('::ffff:127.');
  return false;
}

/**
 * Decides how each door is guarded and refuses a configuration that would leave a door open to other
 * machines: a non-loopback `HOST` needs `MicrosoftAppId` (and its password or certificate), since
 * `/api/messages` is otherwise unauthenticated and anyone could speak as any Teams or Slack user.
 * `/api/ask` then needs `API_TOKENS` (or a Bot Framework token) and the local Direct Line needs
 * `LOCAL_DIRECT_LINE_SECRET`; a door whose credential is not configured stays shut (401).
 * @throws ConfigError saying what to set.
 */
export function doorPolicy(config: Config): DoorPolicy {
  const loopback = isLoopbackHost(config.server.host);
  if (!loopback && !config.bot.appId) {
    throw new ConfigError(
      `doorPolicy: HOST=${config.server.host} makes tablebot reachable from other machines, but ` +
        '/api/messages would accept unauthenticated requests. Set MicrosoftAppId (with MicrosoftAppPassword ' +
        'or a certificate), API_TOKENS for /api/ask and LOCAL_DIRECT_LINE_SECRET (or DIRECT_LINE_SECRET) for ' +
        'web chat; or keep HOST=127.0.0.1 for local use.',
    );
  }
  const exposed = !loopback || Boolean(config.bot.appId);
  const why = !loopback
    ? `HOST=${config.server.host} is not a loopback address`
    : config.bot.appId
      ? 'MicrosoftAppId is set'
      : `HOST=${config.server.host} is a loopback address and no MicrosoftAppId is set`;
  return {
    exposed,
    why,
    askApi: exposed || config.auth.apiTokens.length > 0 ? 'bearer' : 'open',
    directLineTokens: exposed || config.auth.localDirectLineSecret ? 'secret' : 'open',
    webChatPage: !exposed || config.auth.webChatPublic ? 'open' : 'closed',
  };
}

/** Logs, once at start-up, which doors are open and what each needs. */
export function logDoorPolicy(policy: DoorPolicy, config: Config, logger: Logger): void {
  const doors = {
    exposed: policy.exposed,
    why: policy.why,
    apiMessages: config.bot.appId ? 'Bot Framework JWT' : 'open',
    askApi:
      policy.askApi === 'open'
        ? 'open'
        : config.auth.apiTokens.length > 0 || config.bot.appId
          ? 'bearer token'
          : 'closed (set API_TOKENS)',
    directLineTokens:
      policy.directLineTokens === 'open'
        ? 'open'
        : config.auth.localDirectLineSecret
          ? 'LOCAL_DIRECT_LINE_SECRET'
          : 'closed (set LOCAL_DIRECT_LINE_SECRET)',
    webChatPage: policy.webChatPage,
  };
  if (!policy.exposed) {
    logger.warn(
      doors,
      'tablebot is open for local use: every door answers without credentials on this loopback address. ' +
        'Set MicrosoftAppId, API_TOKENS and LOCAL_DIRECT_LINE_SECRET before exposing it.',
    );
  } else {
    logger.info(doors, 'tablebot is configured for the outside: every door needs credentials');
  }
}
