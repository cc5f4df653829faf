import { readFileSync } from 'node:fs';
import { ConfigError, errorMessage } from '../errors';
import { parseAccessFile, type AccessFile, type TableRule } from './accessFile';
import { globToRegExp } from './glob';
import type { UserIdentity } from './identity';
import { TableAccess, type CompiledGrant, type TableFilter } from './tableAccess';

interface CompiledGroup {
  name: string;
  members: RegExp[];
  grant: CompiledGrant;
  role: string | undefined;
}

/**
 * The access file, compiled: maps a user's identity to groups and groups to the tables they may see.
 * Without a file ({@link allowAll}) every user sees every table, as one group `everyone`.
 */
export class AccessPolicy {
  private constructor(
    private readonly groups: readonly CompiledGroup[],
    private readonly defaultGroup: string | undefined,
    /** Where the policy came from, for logs (`(none)` when every table is open). */
    public readonly origin: string,
  ) {}

  /** Everyone sees everything: today's behaviour without an access file. */
  static allowAll(): AccessPolicy {
    return new AccessPolicy([], undefined, '(none)');
  }

  /** Compiles a validated access file. */
  static fromFile(file: AccessFile, origin: string): AccessPolicy {
    const groups = Object.entries(file.groups).map(([name, g]): CompiledGroup => {
      const allow = g.allow.map(compileRule);
      const deny = g.deny.map(compileRule);
      return {
        name,
        members: g.members.map(globToRegExp),
        role: g.role,
        grant: {
          group: name,
          allows: (sourceId, table) =>
            allow.some((r) => r(sourceId, table)) && !deny.some((r) => r(sourceId, table)),
        },
      };
    });
    return new AccessPolicy(groups, file.defaultGroup, origin);
  }

  /**
   * Reads, validates and compiles an access file.
   * @throws ConfigError when it cannot be read or is invalid.
   */
  static load(path: string): AccessPolicy {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(`AccessPolicy.load: cannot read ACCESS_FILE ${path}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    return AccessPolicy.fromFile(parseAccessFile(text, path), path);
  }

  /** Names of the groups, in file order. */
  get groupNames(): string[] {
    return this.groups.map((g) => g.name);
  }

  /** What a user may see: every group whose members match one of the user's ids, else the default group. */
  resolve(identity: UserIdentity): TableAccess {
    if (this.groups.length === 0 && this.origin === '(none)') return TableAccess.everything();
    let mine = this.groups.filter((g) => g.members.some((m) => identity.ids.some((id) => m.test(id))));
    if (mine.length === 0 && this.defaultGroup !== undefined) {
      mine = this.groups.filter((g) => g.name === this.defaultGroup);
    }
    return new TableAccess(
      mine.map((g) => g.grant),
      mine.map((g) => g.name),
      mine.find((g) => g.role !== undefined)?.role,
    );
  }
}

/** A table rule as a filter over (source id, `schema.table`). */
function compileRule(rule: TableRule): TableFilter {
  const parts =
    typeof rule === 'string'
      ? rule === '*'
        ? { source: '*', schema: '*', table: '*' }
        : { source: '*', schema: rule.slice(0, rule.indexOf('.')), table: rule.slice(rule.indexOf('.') + 1) }
      : { source: rule.source ?? '*', schema: rule.schema ?? '*', table: rule.table ?? '*' };
  const source = globToRegExp(parts.source);
  const schema = globToRegExp(parts.schema);
  const table = globToRegExp(parts.table);
  return (sourceId, key) => {
    const dot = key.indexOf('.');
    return source.test(sourceId) && schema.test(key.slice(0, dot)) && table.test(key.slice(dot + 1));
  };
}
