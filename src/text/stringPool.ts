/**
 * One copy of each equal string. Files parsed with `JSON.parse` get a new string for every occurrence of a
 * value: in a catalog of thousands of tables, column names (`id`, `status`), data types, stemmed tokens and
 * model words recur tens of thousands of times. A loader that passes what it parsed through
 * {@link StringPool.internAll} keeps one copy of each (at 5,000 tables, 0.9 million strings of 37 MB become 91,000 of 9 MB). The pool
 * itself is dropped with the loader; the strings live on in what was parsed.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  /** The pool's copy of `value` (the first one seen). */
  intern(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  /**
   * Interns, in place, every string in a value parsed from JSON (arrays and plain objects, at any depth;
   * V8 interns property names itself) and returns the value. A walk after `JSON.parse` costs about a fifth
   * of what a `JSON.parse` reviver does (a call per value, numbers and objects included). The values of
   * properties named in `skip` (at any depth) are left as parsed: one-of-a-kind or unused fields.
   */
  internAll<T>(value: T, skip?: ReadonlySet<string>): T {
    if (Array.isArray(value)) {
      const list: unknown[] = value;
      for (let i = 0; i < list.length; i++) {
        const item = list[i];
        if (typeof item === 'string') list[i] = this.intern(item);
        else if (item !== null && typeof item === 'object') this.internAll(item, skip);
      }
    } else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (skip?.has(key) === true) continue;
        const item = record[key];
        if (typeof item === 'string') record[key] = this.intern(item);
        else if (item !== null && typeof item === 'object') this.internAll(item, skip);
      }
    }
    return value;
  }

  /**
   * {@link internAll} of each property of a parsed object but those named in `skip` (at this level only):
   * fields one of a kind (a table's key or description) cost a lookup each and save nothing.
   */
  internFields<T extends object>(record: T, skip: ReadonlySet<string>): T {
    const fields = record as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (skip.has(key)) continue;
      const item = fields[key];
      if (typeof item === 'string') fields[key] = this.intern(item);
      else if (item !== null && typeof item === 'object') this.internAll(item);
    }
    return record;
  }

  /** Distinct strings held. */
  get size(): number {
    return this.strings.size;
  }
}
