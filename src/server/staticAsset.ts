import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response } from 'restify';
import { TablebotError, errorMessage } from '../errors';

const gzipAsync = promisify(gzip);

/** Options of {@link StaticAsset.create}. */
export interface StaticAssetOptions {
  /** The file to serve. */
  filePath: string;
  /** `Content-Type` header, e.g. `text/javascript; charset=utf-8`. */
  contentType: string;
  /** `Cache-Control` header. @default public, max-age=86400 */
  cacheControl?: string;
}

/**
 * One file served from memory with an ETag, `Last-Modified`, `Cache-Control`, conditional `304`s and a
 * gzip variant (compressed once, on the first request that accepts it). Used for the Web Chat bundle
 * (about 4 MB, 1 MB gzipped) and the page's own script and stylesheet.
 */
export class StaticAsset {
  private gzipped: Promise<Buffer> | undefined;

  private constructor(
    private readonly body: Buffer,
    private readonly etag: string,
    private readonly lastModified: string,
    private readonly contentType: string,
    private readonly cacheControl: string,
  ) {}

  /**
   * Reads the file and computes its ETag.
   * @throws TablebotError `STATIC_ASSET_MISSING` when the file cannot be read.
   */
  static async create(options: StaticAssetOptions): Promise<StaticAsset> {
    try {
      const [body, info] = await Promise.all([readFile(options.filePath), stat(options.filePath)]);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      return new StaticAsset(
        body,
        etag,
        info.mtime.toUTCString(),
        options.contentType,
        options.cacheControl ?? 'public, max-age=86400',
      );
    } catch (error) {
      throw new TablebotError(
        'STATIC_ASSET_MISSING',
        `StaticAsset.create: cannot read ${options.filePath}: ${errorMessage(error)}`,
        { cause: error },
      );
    }
  }

  /** Size in bytes of the uncompressed file. */
  get size(): number {
    return this.body.length;
  }

  /** Answers a GET or HEAD for this asset. */
  async serve(req: Request, res: Response): Promise<void> {
    res.setHeader('ETag', this.etag);
    res.setHeader('Last-Modified', this.lastModified);
    res.setHeader('Cache-Control', this.cacheControl);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === this.etag)) {
      res.writeHead(304);
      res.end();
      return;
    }
    const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = acceptsGzip ? await this.compressed() : this.body;
    res.writeHead(200, {
      'Content-Type': this.contentType,
      'Content-Length': String(body.length),
      ...(acceptsGzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private compressed(): Promise<Buffer> {
    this.gzipped ??= gzipAsync(this.body, { level: 9 });
    return this.gzipped;
  }
}
