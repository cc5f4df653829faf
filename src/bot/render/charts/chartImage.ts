import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { TablebotError } from '../../../errors';

/** A chart drawn as a PNG: inline as a data URI when small enough, and/or behind a short-lived signed URL. */
export interface ChartImage {
  /** `data:image/png;base64,…` when the PNG is small enough to travel inside the message. */
  dataUri?: string;
  /** Absolute URL of the PNG, served by the bot for a short time. */
  url?: string;
  width: number;
  height: number;
  /** Alternative text. */
  alt: string;
}

/** A drawn chart. */
export interface PaintedChart {
  png: Buffer;
  width: number;
  height: number;
}

/** Options for {@link ChartPainter}. */
export interface ChartPainterOptions {
  /** Pixel ratio of the PNG (2 draws crisp on high-density screens). @default 2 */
  scale?: number;
}

/**
 * Draws Vega-Lite specs as PNG on the server: Vega-Lite → Vega → SVG (Vega's headless renderer, no
 * canvas) → PNG with resvg (a prebuilt rasteriser, system fonts). Used for Web Chat and Slack, and as the
 * fallback picture of Teams' own chart elements.
 */
export class ChartPainter {
  private readonly scale: number;

  constructor(options: ChartPainterOptions = {}) {
    this.scale = options.scale ?? 2;
  }

  /**
   * Draws a spec.
   * @throws TablebotError `CHART_FAILED` naming `ChartPainter.paint` when Vega or resvg cannot draw it.
   */
  async paint(spec: TopLevelSpec): Promise<PaintedChart> {
    try {
      const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
      const svg = await view.toSVG();
      view.finalize();
      const rendered = new Resvg(svg, {
        fitTo: { mode: 'zoom', value: this.scale },
        font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
        background: '#ffffff',
      }).render();
      return {
        png: rendered.asPng(),
        width: rendered.width / this.scale,
        height: rendered.height / this.scale,
      };
    } catch (error) {
      throw new TablebotError('CHART_FAILED', `ChartPainter.paint: the chart could not be drawn`, {
        cause: error,
      });
    }
  }
}
