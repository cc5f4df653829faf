import type { Request, Response, Server } from 'restify';
import {
  type CsvSource,
  FILES_PATH,
  type LinkKind,
  type ResultFiles,
  type SignedLinkParts,
  toCsv,
} from '../bot';
import type { Logger } from '../logging';
import type { StoredQueryRunner } from '../pipeline';
import { requestLogger } from './requestLog';

/** Options for {@link mountResultFileRoutes}. */
export interface ResultFileRoutesOptions {
  files: ResultFiles;
  /** Runs a CSV link's stored query again. */
  storedQueries: Pick<StoredQueryRunner, 'run'>;
  /** Most rows in a CSV download. */
  csvMaxRows: number;
  /** Most bytes of rows read for a CSV download. @default 64 MiB */
  csvMaxBytes?: number;
  logger: Logger;
}

const KINDS: Readonly<Record<string, { kind: LinkKind; extension: string }>> = {
  csv: { kind: 'csv', extension: 'csv' },
  chart: { kind: 'chart', extension: 'png' },
};

/** Reads `/files/<kind>/<id>.<ext>?exp=…&sig=…`, or null when the path or query is malformed. */
function linkParts(req: Request): SignedLinkParts | null {
  const params = req.params as Record<string, string | undefined>;
  const kind = KINDS[params.kind ?? ''];
  const file = params.file ?? '';
  if (!kind || !file.endsWith(`.${kind.extension}`)) return null;
  const id = decodeURIComponent(file.slice(0, -kind.extension.length - 1));
  const query = (req.query ?? {}) as Record<string, unknown>;
  const exp = Number(query.exp);
  const sig = typeof query.sig === 'string' ? query.sig : '';
  if (!/^[\w-]{1,100}$/.test(id) || !Number.isInteger(exp) || !/^[\w-]{20,100}$/.test(sig)) return null;
  return { kind: kind.kind, id, exp, sig };
}

/** A file name from the question: `total-sales-by-month.csv`. */
function fileName(source: CsvSource): string {
  const slug = source.question
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'tablebot-result'}.csv`;
}

const EXPIRED = {
  error: 'LINK_EXPIRED',
  message: 'This link is wrong or has expired. Ask the question again for a fresh one.',
};

/**
 * Serves the files answers link to, behind short-lived signed links (the signature is their only
 * authentication, so Slack, Teams and a browser can fetch them):
 * - `GET /files/csv/<answer id>.csv` — the answer's rows as CSV, read again with its stored SQL through the
 *   guard and executor, up to `csvMaxRows` rows;
 * - `GET /files/chart/<id>.png` — a chart picture.
 */
export function mountResultFileRoutes(server: Server, options: ResultFileRoutesOptions): void {
  server.get(`${FILES_PATH}/:kind/:file`, async (req: Request, res: Response) => {
    res.header('Cache-Control', 'private, no-store');
    const parts = linkParts(req);
    if (!parts) {
      res.send(404, { error: 'NOT_FOUND', message: 'No such file.' });
      return;
    }
    if (parts.kind === 'chart') {
      const png = options.files.chart(parts);
      if (!png) {
        res.send(403, EXPIRED);
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'image/png',
        'Content-Length': png.length,
        'Cache-Control': 'private, max-age=300',
      });
      res.end(png);
      return;
    }
    const source = options.files.csv(parts);
    if (!source) {
      res.send(403, EXPIRED);
      return;
    }
    try {
      const result = await options.storedQueries.run(source, {
        maxRows: options.csvMaxRows,
        maxBytes: options.csvMaxBytes ?? 64 * 1024 * 1024,
      });
      const body = Buffer.from(toCsv(result.columns, result.rows), 'utf8');
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileName(source)}"`,
        'Content-Length': body.length,
        'Cache-Control': 'private, no-store',
        'X-Tablebot-Rows': String(result.rows.length),
        'X-Tablebot-Truncated': String(result.truncated),
      });
      res.end(body);
      requestLogger(req, options.logger).info(
        { rows: result.rows.length, truncated: result.truncated },
        'CSV download served',
      );
    } catch (error) {
      requestLogger(req, options.logger).warn({ err: error }, 'CSV download failed');
      res.send(500, {
        error: 'DOWNLOAD_FAILED',
        message: 'The rows could not be read again just now. Ask the question again, or try later.',
      });
    }
  });
}
