import type { Activity } from 'botbuilder';
import type { UserIdentity } from '../access/identity';

type Json = Record<string, unknown>;

const record = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** Channels whose user ids are bound to a Direct Line token (local or Azure). */
const WEB_CHAT_CHANNELS = new Set(['webchat', 'directline']);

/** The Teams user: AAD object id of `from` and the tenant from `channelData.tenant.id` (or the conversation). */
function teamsIds(activity: Partial<Activity>): string[] {
  const tenant =
    text(record(record(activity.channelData)?.tenant)?.id) ??
    text((activity.conversation as { tenantId?: unknown } | undefined)?.tenantId);
  const user = text(activity.from?.aadObjectId);
  return tenant && user ? [`teams:${tenant}/${user}`] : [];
}

/**
 * The Slack user and workspace: from `channelData.SlackMessage` (an event's `event.user` and `team_id`,
 * or an interactive payload's `user.id` and `team.id`), else from `from.id`, which the Bot Framework Slack
 * channel sets to `<user>:<team>`.
 */
function slackIds(activity: Partial<Activity>): string[] {
  const slack = record(record(activity.channelData)?.SlackMessage);
  const event = record(slack?.event);
  const payload = record(slack?.payload);
  let user = text(event?.user) ?? text(record(payload?.user)?.id);
  let team =
    text(slack?.team_id) ??
    text(event?.team) ??
    text(record(payload?.team)?.id) ??
    text(record(payload?.user)?.team_id);
  const [fromUser, fromTeam] = (text(activity.from?.id) ?? '').split(':');
  user ??= text(fromUser);
  team ??= text(fromTeam);
  return user && team ? [`slack:${team}/${user}`] : [];
}

/**
 * Who sent an activity, as the channel proves it (see {@link UserIdentity} for the id forms): Teams AAD
 * object id and tenant id, Slack user and team id, the Web Chat user id bound to the Direct Line token,
 * else `<channelId>:<from.id>`. Only as trustworthy as the channel: with an app id configured every
 * activity is signed by the Bot Connector; without one (local use) anyone can claim any id.
 */
export function identityFromActivity(activity: Partial<Activity>): UserIdentity {
  const channel = text(activity.channelId) ?? 'unknown';
  const from = text(activity.from?.id);
  if (channel === 'msteams') return { channel, ids: teamsIds(activity) };
  if (channel === 'slack') return { channel, ids: slackIds(activity) };
  if (WEB_CHAT_CHANNELS.has(channel)) return { channel, ids: from ? [`webchat:${from}`] : [] };
  return { channel, ids: from ? [`${channel}:${from}`] : [] };
}
