/**
 * The HTTP front end: routes, Direct Line and web chat, result-file links and the startup probe. `createServer.ts`
 * (restify), `botAdapter.ts` (botbuilder), `probeListener.ts` (loaded before anything else by the bot process)
 * and `knownDeprecations.ts` (a side effect the entry points run first) are imported by path; this barrel names
 * the light surface: the rate limiter and the state file a running server leaves for `tablebot ask`.
 */
export { RateLimiter } from './rateLimiter';
export { readServerState } from './serverState';
