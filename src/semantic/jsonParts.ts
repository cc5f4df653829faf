import { knownJson } from '../text';

/**
 * `JSON.stringify(value)` in parts of about `maxChars` characters (a part is longer only when one value
 * below the descent depth is): the concatenation of the parts is exactly `JSON.stringify(value)`, but the
 * whole text is never held at once. For large documents (a semantic model of tens of thousands of tables)
 * that are written somewhere piece by piece: a store row by row, a file chunk by chunk.
 * @param depth how many levels of objects and arrays are descended into before a value is serialised
 *   whole: deep enough that the values serialised whole are small (one entity of a model, say).
 */
export function* jsonParts(value: unknown, maxChars: number, depth = 3): Generator<string> {
  let buffer: string[] = [];
  let size = 0;
  for (const piece of pieces(value, depth)) {
    buffer.push(piece);
    size += piece.length;
    if (size >= maxChars) {
      yield buffer.join('');
      buffer = [];
      size = 0;
    }
  }
  if (size > 0) yield buffer.join('');
}

/** Plain objects and arrays are descended into; anything else (dates, `toJSON`, scalars) is serialised whole. */
function descends(value: unknown): value is Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== 'object') return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  return Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype;
}

/** The serialisation of `value` as a sequence of strings, following `JSON.stringify`'s rules. */
function* pieces(value: unknown, depth: number): Generator<string> {
  // a value read from a file and remembered with its text (see rememberJson) is that text
  const known = knownJson(value);
  if (known !== undefined) {
    yield known;
    return;
  }
  if (depth === 0 || !descends(value)) {
    // undefined, functions and symbols: `null` in an array (the caller skips them in an object)
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      yield* pieces(value[i], depth - 1);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* pieces(v, depth - 1);
  }
  yield '}';
}
