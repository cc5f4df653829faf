/**
 * The HTTP front end: routes, Direct Line and web chat, result-file links and the startup probe. `createServer.ts`
 * (restify), `botAdapter.ts` (botbuilder) and `knownDeprecations.ts` (a side effect the entry points run first)
 * are imported by path; this barrel names the light surface: the startup probe, the rate limiter and the state
 * file a running server leaves for `tablebot ask`.
 */
export { ProbeListener } from './probeListener';
export { RateLimiter } from './rateLimiter';
export { readServerState } from './serverState';
