import { ActivityHandler, ActivityTypes, type TurnContext } from 'botbuilder';
import { STARTING_UP } from '../bot';

/**
 * The bot the server runs from its first second: until {@link StartingBot.become} hands it the real bot it
 * answers every message with a short "starting up" reply (and ignores other activities); afterwards every
 * turn goes to the real bot. Lets the server listen before the index is loaded.
 */
export class StartingBot extends ActivityHandler {
  private real: ActivityHandler | undefined;

  /** Hands every later turn to `bot`. */
  become(bot: ActivityHandler): void {
    this.real = bot;
  }

  /** Whether the real bot took over. */
  get ready(): boolean {
    return this.real !== undefined;
  }

  /** Runs the turn on the real bot, or answers a message with the starting-up reply. */
  override async run(context: TurnContext): Promise<void> {
    if (this.real) return this.real.run(context);
    if (context.activity.type === ActivityTypes.Message) await context.sendActivity(STARTING_UP);
  }
}
