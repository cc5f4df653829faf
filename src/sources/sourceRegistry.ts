import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logging';
import { errorMessage, SourceError } from '../errors';
import { DEMO_SOURCE_ID, openSource } from './openSource';
import { sourceIdForUrl } from './pgSource';
import type { DataSource } from './types';

/**
 * Knows how to reach each data source by id and keeps one open connection (pool) per source.
 * Passwords live only in the registered connection strings, never in ids.
 */
export class SourceRegistry {
  private readonly specs = new Map<string, string>();
  private readonly open = new Map<string, Promise<DataSource>>();

  constructor(
    private readonly options: {
      dataDir: string;
      logger?: Logger;
      /** `shared_buffers` of the embedded (PGlite) sources it opens (see `PgliteSourceOptions.sharedBuffers`). */
      pgliteSharedBuffers?: string;
    },
  ) {}

  /** A registry of the configured sources: the default source first, then `SOURCES`. */
  static forConfig(
    config: Pick<Config, 'dataDir' | 'defaultSource' | 'sources'>,
    logger?: Logger,
    options: { pgliteSharedBuffers?: string } = {},
  ): { sources: SourceRegistry; defaultSourceIds: string[] } {
    const sources = new SourceRegistry({ dataDir: config.dataDir, logger, ...options });
    const defaultSourceIds = [sources.register(config.defaultSource)];
    for (const spec of config.sources) sources.register(spec);
    return { sources, defaultSourceIds };
  }

  /** The id a source spec (`demo`, `pglite:<dir>` or a Postgres URL) gets. */
  static idOf(spec: string): string {
    if (spec === DEMO_SOURCE_ID) return DEMO_SOURCE_ID;
    if (spec.startsWith('pglite:')) return `pglite:${path.resolve(spec.slice('pglite:'.length))}`;
    return sourceIdForUrl(spec);
  }

  /** Makes a source reachable; returns its id. */
  register(spec: string): string {
    const id = SourceRegistry.idOf(spec);
    this.specs.set(id, spec);
    return id;
  }

  /** Ids of the registered sources. */
  ids(): string[] {
    return [...this.specs.keys()];
  }

  /**
   * The open source with this id.
   * @throws SourceError SOURCE_NOT_INDEXED when the id was never registered, SOURCE_UNREACHABLE when it can't be opened.
   */
  async get(id: string): Promise<DataSource> {
    let pending = this.open.get(id);
    if (!pending) {
      const spec = this.specs.get(id);
      if (!spec) {
        throw new SourceError(
          'SOURCE_NOT_INDEXED',
          `SourceRegistry.get: no connection is configured for source ${id}`,
        );
      }
      pending = openSource({
        source: spec,
        dataDir: this.options.dataDir,
        logger: this.options.logger,
        pgliteSharedBuffers: this.options.pgliteSharedBuffers,
      });
      this.open.set(id, pending);
      pending.catch(() => this.open.delete(id));
    }
    return pending;
  }

  /**
   * Starts opening a source without waiting for it, so its start-up (a PGlite worker, a pool's first
   * connection) overlaps other work; the first `get` then finds it open or opening. A failure is only
   * logged here: the next `get` opens again and reports it.
   */
  warm(id: string): void {
    this.get(id).catch((error: unknown) =>
      this.options.logger?.debug({ sourceId: id, err: errorMessage(error) }, 'source warm-up failed'),
    );
  }

  /** Closes every open source. */
  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => null))?.close()));
  }
}
