import { randomUUID } from 'node:crypto';
import type { StoredQuery } from '../../../pipeline';
import { ExpiringStore } from './expiringStore';
import { type LinkKind, SignedLinks, type SignedLinkParts } from './signedLinks';

/** A stored query a CSV link points at, with what names the file. */
export interface CsvSource extends StoredQuery {
  /** The question, for the file name. */
  question: string;
}

/** Options for {@link ResultFiles}. */
export interface ResultFilesOptions {
  links: SignedLinks;
  /** Most stored queries and charts kept at once. @default 500 each */
  maxEntries?: number;
}

/**
 * The files an answer links to — its rows as CSV, its chart as PNG — kept in memory for as long as their
 * signed links work. The bot publishes them while answering; the server's `/files` routes serve them.
 */
export class ResultFiles {
  readonly links: SignedLinks;
  private readonly queries: ExpiringStore<CsvSource>;
  private readonly charts: ExpiringStore<Buffer>;

  constructor(options: ResultFilesOptions) {
    this.links = options.links;
    const store = { ttlMs: options.links.ttlMs, maxEntries: options.maxEntries ?? 500 };
    this.queries = new ExpiringStore<CsvSource>(store);
    this.charts = new ExpiringStore<Buffer>(store);
  }

  /** Keeps a query for download and returns its signed CSV link. */
  publishCsv(id: string, source: CsvSource): string {
    this.queries.put(id, source);
    return this.links.url('csv', id);
  }

  /** Keeps a chart picture and returns its signed link. */
  publishChart(png: Buffer): string {
    const id = randomUUID();
    this.charts.put(id, png);
    return this.links.url('chart', id);
  }

  /** The query behind a verified CSV link, or undefined when the link is wrong, expired or forgotten. */
  csv(parts: SignedLinkParts): CsvSource | undefined {
    return this.check(parts, 'csv') ? this.queries.get(parts.id) : undefined;
  }

  /** The picture behind a verified chart link, or undefined. */
  chart(parts: SignedLinkParts): Buffer | undefined {
    return this.check(parts, 'chart') ? this.charts.get(parts.id) : undefined;
  }

  private check(parts: SignedLinkParts, kind: LinkKind): boolean {
    return parts.kind === kind && this.links.verify(parts);
  }
}
