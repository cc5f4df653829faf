/**
 * Silences one deprecation warning we cannot fix from here, and only that one: restify 11 requires `spdy`
 * at load (lib/server.js), whose `http-deceiver` reads `process.binding('http_parser')` (DEP0111) twice.
 * tablebot never serves HTTP/2 through spdy, so the warning says nothing about our code; every other
 * warning (and DEP0111 from anywhere else) still prints. Import this module before restify loads.
 */
const original = process.emitWarning.bind(process);

function codeOf(args: unknown[]): unknown {
  // emitWarning(warning, type, code) or emitWarning(warning, { type, code })
  const [first, second] = args;
  if (typeof first === 'object' && first !== null && 'code' in first) return first.code;
  return second;
}

process.emitWarning = ((warning: string | Error, ...args: unknown[]) => {
  if (codeOf(args) === 'DEP0111' && new Error().stack?.includes('http-deceiver')) return;
  (original as (warning: string | Error, ...rest: unknown[]) => void)(warning, ...args);
}) as typeof process.emitWarning;

export {};
