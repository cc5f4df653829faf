import type { Logger } from '../../../logging';
import { CellFormatter } from '../format';
import type { ResultFiles } from '../files/resultFiles';
import { shapeResult } from '../resultShape';
import type { ChartView, RenderedResult } from '../types';
import { chooseChart } from './chartChoice';
import { ChartPainter } from './chartImage';
import { toVegaLite } from './vegaLiteSpec';

/** Options for {@link ChartService}. */
export interface ChartServiceOptions {
  logger: Logger;
  /** @default a new ChartPainter */
  painter?: ChartPainter;
  /** Where pictures are published behind signed links (for Slack and Teams); none: inline pictures only. */
  files?: ResultFiles;
  /** Largest PNG sent inline as a data URI (Web Chat), bytes. @default 96 KiB */
  maxInlineBytes?: number;
}

/** What the service needs to know about an answer. */
export interface ChartRequest {
  result: RenderedResult;
  locale?: string;
  currency?: string;
}

/**
 * Decides whether an answer gets a chart and draws it: the choice (line over time, bars per category) for
 * every channel, the PNG inline when small and behind a signed link when the bot can publish files. A
 * drawing failure is logged and leaves the answer with its table (Teams still gets its own chart element).
 */
export class ChartService {
  private readonly painter: ChartPainter;
  private readonly maxInlineBytes: number;

  constructor(private readonly options: ChartServiceOptions) {
    this.painter = options.painter ?? new ChartPainter();
    this.maxInlineBytes = options.maxInlineBytes ?? 96 * 1024;
  }

  /** The chart for an answer, or undefined when its shape has none. */
  async chartFor(request: ChartRequest): Promise<ChartView | undefined> {
    const r = request.result;
    if (r.decision !== 'answer' || !r.columns || !r.rows) return undefined;
    const shaped = shapeResult(
      { columns: r.columns, rows: r.rows, rowCount: r.rowCount, truncated: r.truncated, sql: r.sql },
      request.currency ? { currency: request.currency } : {},
    );
    const formatter = new CellFormatter(request.locale);
    const choice = chooseChart(shaped, (column, value) =>
      formatter.format(value, shaped.columns[column].format),
    );
    if (!choice) return undefined;
    const alt = `${choice.kind === 'line' ? 'Line' : 'Bar'} chart of ${choice.measures.map((m) => m.label).join(' and ')} by ${choice.x.label}`;
    try {
      const painted = await this.painter.paint(toVegaLite(choice));
      const inline = painted.png.length <= this.maxInlineBytes;
      return {
        choice,
        image: {
          ...(inline ? { dataUri: `data:image/png;base64,${painted.png.toString('base64')}` } : {}),
          ...(this.options.files ? { url: this.options.files.publishChart(painted.png) } : {}),
          width: painted.width,
          height: painted.height,
          alt,
        },
      };
    } catch (error) {
      this.options.logger.warn({ err: error }, 'ChartService.chartFor: the chart picture could not be drawn');
      return { choice };
    }
  }
}
