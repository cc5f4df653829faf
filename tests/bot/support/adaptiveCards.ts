import path from 'node:path';

/** What the tests use of the `adaptivecards` renderer that Bot Framework Web Chat ships. */
interface AdaptiveCardsModule {
  AdaptiveCard: new () => {
    parse(json: unknown, context: SerializationContextLike): void;
    validateProperties(): { validationEvents: { message: string }[] };
    getElementById(id: string): { isVisible: boolean } | undefined;
    getAllActions(): { getJsonTypeName(): string; title?: string }[];
  };
  SerializationContext: new () => SerializationContextLike;
}
interface SerializationContextLike {
  eventCount: number;
  getEventAt(i: number): { message: string };
}

/** The Adaptive Cards library bundled with botframework-webchat (the renderer the widget really uses). */
function loadWebChatAdaptiveCards(): AdaptiveCardsModule {
  // The package's exports hide package.json: go up from its main file (lib/index.js).
  const webchat = path.resolve(path.dirname(require.resolve('botframework-webchat')), '..');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an untyped UMD bundle found by path
  return require(path.join(webchat, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.js'));
}

/** Parses a card with Web Chat's renderer; returns every parse and validation message (none when the card is clean). */
export function parseCard(json: unknown): {
  problems: string[];
  card: InstanceType<AdaptiveCardsModule['AdaptiveCard']>;
} {
  const ac = loadWebChatAdaptiveCards();
  const card = new ac.AdaptiveCard();
  const context = new ac.SerializationContext();
  card.parse(json, context);
  const problems = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  problems.push(...card.validateProperties().validationEvents.map((e) => e.message));
  return { problems, card };
}
