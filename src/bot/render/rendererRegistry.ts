import { AdaptiveCardRenderer } from './adaptiveCardRenderer';
import { PlainTextRenderer } from './plainTextRenderer';
import { SlackRenderer } from './slackRenderer';
import type { ResultRenderer } from './types';

/** Options for {@link RendererRegistry}. */
export interface RendererRegistryOptions {
  /**
   * Renderer per (lower-case) channel id.
   * @default msteams → Adaptive Card with Teams chart elements; webchat, directline, emulator → Adaptive Card
   *   with chart pictures; slack → Slack
   */
  byChannel?: ReadonlyMap<string, ResultRenderer>;
  /** Renderer for every other channel. @default plain text */
  fallback?: ResultRenderer;
}

/**
 * Picks the renderer for a Bot Framework channel id. Channels that render Adaptive Cards get cards, Slack
 * gets mrkdwn, everything else plain text.
 */
export class RendererRegistry {
  private readonly byChannel: ReadonlyMap<string, ResultRenderer>;
  private readonly fallback: ResultRenderer;

  constructor(options: RendererRegistryOptions = {}) {
    this.byChannel = options.byChannel ?? RendererRegistry.defaults();
    this.fallback = options.fallback ?? new PlainTextRenderer();
  }

  /** The default channel map. */
  static defaults(): ReadonlyMap<string, ResultRenderer> {
    const cards = new AdaptiveCardRenderer();
    return new Map<string, ResultRenderer>([
      ['msteams', new AdaptiveCardRenderer({ charts: 'teams' })],
      ['webchat', cards],
      ['directline', cards],
      ['emulator', cards],
      ['slack', new SlackRenderer()],
    ]);
  }

  /** The renderer for a channel id (case-insensitive). */
  forChannel(channelId: string | undefined): ResultRenderer {
    return this.byChannel.get((channelId ?? '').toLowerCase()) ?? this.fallback;
  }
}
