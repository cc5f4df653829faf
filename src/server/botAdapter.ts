import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import {
  CertificateServiceClientCredentialsFactory,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { Config } from '../config';
import { ConfigError, errorMessage } from '../errors';
import type { Logger } from '../logging';

/** What the user reads when a turn fails unexpectedly. */
export const TURN_ERROR_MESSAGE = 'Sorry, something went wrong on my side. Please try again in a moment.';

/**
 * Builds Bot Framework authentication from the `bot` part of the configuration: app id, password or
 * certificate (thumbprint + PEM private key, through `CertificateServiceClientCredentialsFactory`), app type
 * and tenant. With no app id, authentication is disabled and `/api/messages` accepts unauthenticated requests.
 * @throws ConfigError when the settings contradict each other (e.g. a certificate without an app id).
 */
export function createBotFrameworkAuthentication(config: Config): ConfigurationBotFrameworkAuthentication {
  const bot = config.bot;
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appPassword,
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId,
  };
  let credentials: ServiceClientCredentialsFactory;
  try {
    if (bot.certificateThumbprint || bot.certificatePrivateKey) {
      if (!bot.appId || !bot.certificateThumbprint || !bot.certificatePrivateKey) {
        throw new ConfigError(
          'createBotFrameworkAuthentication: certificate authentication needs MicrosoftAppId, ' +
            'CertificateThumbprint and CertificatePrivateKey together',
        );
      }
      if (bot.appType === 'SingleTenant' && !bot.tenantId) {
        throw new ConfigError(
          'createBotFrameworkAuthentication: a SingleTenant bot needs MicrosoftAppTenantId',
        );
      }
      credentials = new CertificateServiceClientCredentialsFactory(
        bot.appId,
        bot.certificateThumbprint,
        bot.certificatePrivateKey,
        bot.appType === 'SingleTenant' ? bot.tenantId : undefined,
      );
    } else {
      credentials = new ConfigurationServiceClientCredentialFactory(options);
    }
    return new ConfigurationBotFrameworkAuthentication(options, credentials);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`createBotFrameworkAuthentication: ${errorMessage(error)}`, { cause: error });
  }
}

/**
 * Creates the `CloudAdapter` for the configured bot identity, with an `onTurnError` that logs the failure
 * (with the conversation id) and tells the user something went wrong instead of leaving them waiting.
 * Logs a warning when no app id is configured: the bot then runs open, for local use only.
 */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const log = logger.child({ component: 'bot-adapter' });
  const adapter = new CloudAdapter(createBotFrameworkAuthentication(config));
  if (!config.bot.appId) {
    log.warn(
      'No MicrosoftAppId configured: /api/messages accepts unauthenticated requests. ' +
        'This is meant for local use (web chat, Emulator); set MicrosoftAppId and a password or ' +
        'certificate before exposing the bot to Teams or Slack.',
    );
  } else {
    log.info(
      {
        appId: config.bot.appId,
        appType: config.bot.appType,
        certificate: Boolean(config.bot.certificateThumbprint),
      },
      'Bot Framework authentication enabled: unauthenticated requests to /api/messages are rejected',
    );
  }
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    log.error(
      {
        err: error,
        conversationId: context.activity.conversation?.id,
        channelId: context.activity.channelId,
        activityType: context.activity.type,
      },
      'unhandled error in bot turn',
    );
    try {
      await context.sendTraceActivity('OnTurnError Trace', errorMessage(error), undefined, 'TurnError');
      if (context.activity.type !== ActivityTypes.Invoke) await context.sendActivity(TURN_ERROR_MESSAGE);
    } catch (sendError) {
      log.error(
        { err: sendError, conversationId: context.activity.conversation?.id },
        'could not report a turn error to the user',
      );
    }
  };
  return adapter;
}
