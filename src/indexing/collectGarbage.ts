import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's full collection, once looked up: null when this runtime does not give it. */
let collector: (() => void) | null | undefined;

/**
 * Asks V8 for a full garbage collection now, at a phase boundary of a long batch job where a large
 * structure has just become garbage. Why: V8 sizes its heap by what its own allocations need, not by native
 * memory, so garbage left by one phase (the retrieval corpus, a model's serialised text) stays resident
 * while the next phase allocates outside the JS heap (hnswlib's graph) or in it; the process's peak is then
 * the sum of both. The collector is `globalThis.gc` when the process runs with `--expose-gc`, else the one
 * `--expose-gc` gives a new context (the way jest's leak detector reaches it). A no-op, returning false,
 * when neither is available.
 * @returns whether a collection ran
 */
export function collectGarbage(): boolean {
  if (collector === undefined) collector = lookUpCollector();
  collector?.();
  return collector !== null;
}

function lookUpCollector(): (() => void) | null {
  const exposed: unknown = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const found: unknown = runInNewContext('gc');
    return typeof found === 'function' ? (found as () => void) : null;
  } catch {
    return null;
  }
}
