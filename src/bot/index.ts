/**
 * The chat bot: dialogs, intents, follow-ups and the per-channel renderers. `createBot.ts` (botbuilder) is
 * imported by path, since the process entry loads it only after the probe listens; this barrel names the light
 * surface the server and the benchmarks use: the fixed messages, option matching, and the result files
 * (CSV, signed links) that the server's file routes serve.
 */
export { FAILED, STARTING_UP, TURN_TIMEOUT } from './messages';
export { matchOption } from './optionMatcher';
export { toCsv } from './render/files/csv';
export type { CsvSource, ResultFiles } from './render/files/resultFiles';
export { FILES_PATH, type LinkKind, type SignedLinkParts } from './render/files/signedLinks';
