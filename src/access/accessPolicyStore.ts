import { statSync } from 'node:fs';
import { errorMessage } from '../errors';
import type { Logger } from '../logging';
import { AccessPolicy } from './accessPolicy';

/** Options of {@link AccessPolicyStore}. */
export interface AccessPolicyStoreOptions {
  /** `ACCESS_FILE`; undefined: everyone sees everything. */
  file: string | undefined;
  logger: Logger;
  /** How often {@link AccessPolicyStore.current} looks at the file's modification time. @default 2000 */
  checkEveryMs?: number;
}

/**
 * Holds the access policy of a running process. The file is validated when the store opens (an invalid
 * file stops start-up), on {@link reload} (after a reindex), and whenever its modification time changes;
 * a change that does not validate is logged and the previous policy stays in force.
 */
export class AccessPolicyStore {
  private policy: AccessPolicy;
  private mtimeMs: number | undefined;
  private checkedAt = 0;
  private readonly checkEveryMs: number;

  /** @throws ConfigError when the file is missing or invalid. */
  constructor(private readonly options: AccessPolicyStoreOptions) {
    this.checkEveryMs = options.checkEveryMs ?? 2000;
    this.policy = this.read();
    if (options.file) {
      options.logger.info(
        { accessFile: options.file, groups: this.policy.groupNames },
        'access file loaded: users see only the tables their groups allow',
      );
    }
  }

  /** The policy in force, reloaded first when the file changed. */
  current(): AccessPolicy {
    if (this.options.file && Date.now() - this.checkedAt >= this.checkEveryMs) {
      this.checkedAt = Date.now();
      if (this.modifiedTime() !== this.mtimeMs) this.tryReload();
    }
    return this.policy;
  }

  /**
   * Validates the file again and puts it in force.
   * @throws ConfigError when it is invalid (the previous policy stays in force).
   */
  reload(): AccessPolicy {
    this.policy = this.read();
    return this.policy;
  }

  private tryReload(): void {
    try {
      this.reload();
      this.options.logger.info({ accessFile: this.options.file }, 'access file reloaded');
    } catch (error) {
      this.mtimeMs = this.modifiedTime();
      this.options.logger.error(
        { accessFile: this.options.file, err: errorMessage(error) },
        'access file is invalid; keeping the previous one',
      );
    }
  }

  private read(): AccessPolicy {
    if (!this.options.file) return AccessPolicy.allowAll();
    const mtime = this.modifiedTime();
    const policy = AccessPolicy.load(this.options.file);
    this.mtimeMs = mtime;
    return policy;
  }

  private modifiedTime(): number | undefined {
    try {
      return this.options.file ? statSync(this.options.file).mtimeMs : undefined;
    } catch {
      return undefined;
    }
  }
}
