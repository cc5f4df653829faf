/**
 * Who asks a question, as the channel proves it. `ids` are what the access file's `members` patterns
 * match, most specific first:
 *
 * - Teams: `teams:<tenantId>/<aadObjectId>`
 * - Slack: `slack:<teamId>/<userId>`
 * - Web Chat (local or Azure Direct Line): `webchat:<userId>` — the user id bound to the Direct Line token
 * - `POST /api/ask`: `api:<subject>` (the subject of the bearer token) or `botframework:<appId>`
 * - the `ask` CLI: `cli:<name>` (`--as`, default the operating-system user)
 * - other channels: `<channelId>:<from.id>`
 *
 * A user whose channel proves nothing usable has no ids and gets the access file's default group.
 */
export interface UserIdentity {
  /** The channel the question came through: `msteams`, `slack`, `webchat`, `directline`, `api`, `cli`, ... */
  channel: string;
  /** Ids the access file matches; empty for a user the channel does not identify. */
  ids: string[];
}

/** The identity of a caller inside tablebot itself (bench, scripts): the default group applies. */
export const INTERNAL_IDENTITY: UserIdentity = { channel: 'internal', ids: [] };

/** The id an audit row names the user by: the most specific id, or `anonymous`. */
export function identityLabel(identity: UserIdentity): string {
  return identity.ids[0] ?? 'anonymous';
}
