import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage, SourceError } from '../errors';
import type { Logger } from '../logging';
import { PgliteSource } from './pgliteSource';
import { PgSource, redactUrl, sourceIdForUrl } from './pgSource';
import type { DataSource } from './types';
import { DEMO_SOURCE_ID } from '../config';

/** Options for {@link openSource}. */
export interface OpenSourceOptions {
  /**
   * Which database: `demo` (the embedded demo warehouse in `<dataDir>/demo`), `pglite:<folder>` (an
   * embedded database in that folder) or a `postgres://` / `postgresql://` URL.
   */
  source: string;
  /** The data folder (`TABLEBOT_DATA_DIR`). */
  dataDir: string;
  logger?: Logger;
  /** `shared_buffers` of an embedded (PGlite) source (see `PgliteSourceOptions.sharedBuffers`). */
  pgliteSharedBuffers?: string;
}

export { DEMO_SOURCE_ID };

/** How each accepted form of a source string is opened, tried in order. */
const OPENERS: {
  form: RegExp;
  open(match: RegExpExecArray, options: OpenSourceOptions): Promise<DataSource>;
}[] = [
  {
    form: /^demo$/i,
    async open(_match, options) {
      const dataDir = path.resolve(options.dataDir, DEMO_SOURCE_ID);
      await mkdir(dataDir, { recursive: true });
      return PgliteSource.create({ dataDir, id: DEMO_SOURCE_ID, sharedBuffers: options.pgliteSharedBuffers });
    },
  },
  {
    form: /^pglite:(.+)$/i,
    async open(match, options) {
      const dataDir = path.resolve(match[1]);
      await mkdir(dataDir, { recursive: true });
      return PgliteSource.create({
        dataDir,
        id: `pglite:${dataDir}`,
        sharedBuffers: options.pgliteSharedBuffers,
      });
    },
  },
  {
    form: /^postgres(?:ql)?:\/\//i,
    async open(match) {
      const url = match.input;
      return PgSource.create({ url, id: sourceIdForUrl(url) });
    },
  },
];

/**
 * Opens the data source a `--source` argument or `DEFAULT_SOURCE` names. Does not seed the demo warehouse.
 * @throws SourceError SOURCE_UNREACHABLE for an unknown form or a database that cannot be opened.
 */
export async function openSource(options: OpenSourceOptions): Promise<DataSource> {
  const spec = options.source.trim();
  for (const opener of OPENERS) {
    const match = opener.form.exec(spec);
    if (!match) continue;
    let source: DataSource;
    try {
      source = await opener.open(match, options);
    } catch (cause) {
      if (cause instanceof SourceError) throw cause;
      throw new SourceError(
        'SOURCE_UNREACHABLE',
        `openSource: cannot open ${redactUrl(spec)}: ${errorMessage(cause)}`,
        { cause },
      );
    }
    options.logger?.info({ sourceId: source.id, label: source.label }, 'openSource: source opened');
    return source;
  }
  throw new SourceError(
    'SOURCE_UNREACHABLE',
    `openSource: unknown source "${redactUrl(spec)}": expected "demo", "pglite:<folder>" or a postgres:// URL`,
  );
}
