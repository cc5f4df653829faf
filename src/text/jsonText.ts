/**
 * The JSON text a value was parsed from, kept so that writing the value again copies the text instead of
 * serialising it: an incremental reindex reads the previous version's published files and writes most of
 * what it read unchanged into the next version. A value's text is remembered only where the caller asks
 * (it costs the text's memory for as long as the value lives) and only for values that are not changed
 * after parsing: a remembered value that is changed would be written as it was parsed.
 */
const texts = new WeakMap<object, string>();

/** Remembers that `value` (not to be changed from now on) is `JSON.parse(text)`; returns `value`. */
export function rememberJson<T>(value: T, text: string): T {
  if (value !== null && typeof value === 'object') texts.set(value, text);
  return value;
}

/** The remembered text of `value`, if any (see {@link rememberJson}). */
export function knownJson(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' ? texts.get(value) : undefined;
}

/** `JSON.stringify(value)`, or the text `value` was parsed from when it is remembered. */
export function jsonText(value: unknown): string | undefined {
  return knownJson(value) ?? JSON.stringify(value);
}
