/** Decides whether a table (`schema.table` of a source) may be seen. */
export type TableFilter = (sourceId: string, table: string) => boolean;

/** One group's grant, compiled: matches allow rules and no deny rule. */
export interface CompiledGrant {
  group: string;
  allows: TableFilter;
}

/**
 * What one user may see: the union, over the user's groups, of each group's allowed tables minus that
 * group's denied ones. The same set filters retrieval (candidates, join partners, clarification options)
 * and the SQL guard (what generated SQL may read), so a table outside it is never named or read.
 */
export class TableAccess {
  private readonly cache = new Map<string, boolean>();

  constructor(
    private readonly grants: readonly CompiledGrant[],
    /** The user's groups, in access-file order. */
    public readonly groups: readonly string[],
    /** The database role of the user's first group that names one. */
    public readonly role: string | undefined,
    /** True when no access file applies: every table is visible. */
    public readonly unrestricted = false,
  ) {}

  /** Access to every table (no access file). */
  static everything(): TableAccess {
    return new TableAccess([], ['everyone'], undefined, true);
  }

  /** True when the user may see `table` (`schema.table`) of `sourceId`. */
  allows(sourceId: string, table: string): boolean {
    if (this.unrestricted) return true;
    const key = `${sourceId}|${table}`;
    let allowed = this.cache.get(key);
    if (allowed === undefined) {
      allowed = this.grants.some((g) => g.allows(sourceId, table));
      if (this.cache.size < 100_000) this.cache.set(key, allowed);
    }
    return allowed;
  }

  /** {@link allows} as a function, for retrieval and the guard; undefined when unrestricted. */
  get filter(): TableFilter | undefined {
    return this.unrestricted ? undefined : (sourceId, table) => this.allows(sourceId, table);
  }
}
