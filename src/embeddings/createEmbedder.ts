import path from 'node:path';
import { errorMessage } from '../errors';
import type { Logger } from '../logging';
import type { Embedder } from './embedder';
import { OfflineEmbedder, type OfflineEmbedderOptions } from './offlineEmbedder';
import { modelFilesPresent, TransformersEmbedder, type PipelineFactory } from './transformersEmbedder';

/** Options of {@link createEmbedder}. */
export interface CreateEmbedderOptions {
  /** `auto`: transformers.js when its model files exist (or may be downloaded), else offline. */
  provider: 'auto' | 'transformers' | 'offline';
  /** transformers.js model id, e.g. `Xenova/all-MiniLM-L6-v2`. */
  model: string;
  /** Local model folder. */
  modelsDir: string;
  /** Let transformers.js download the model. */
  allowRemoteModels: boolean;
  /** Receives one info line saying which embedder runs and why. */
  logger?: Logger;
  /** Offline embedder settings. @default dimension 512, default weights */
  offline?: OfflineEmbedderOptions;
  /** Injected transformers.js pipeline loader (tests). */
  pipelineFactory?: PipelineFactory;
}

/** The chosen embedder and a sentence saying why it was chosen. */
export interface CreatedEmbedder {
  embedder: Embedder;
  reason: string;
}

/**
 * Creates the configured embedder. `transformers` fails when the model cannot be loaded; `auto` prefers
 * transformers.js when the model files are present (or remote downloads are allowed) and falls back to the
 * offline embedder otherwise, or when loading the model fails.
 */
export async function createEmbedder(options: CreateEmbedderOptions): Promise<CreatedEmbedder> {
  const created = await choose(options);
  options.logger?.info(
    { embedder: created.embedder.id, dimension: created.embedder.dimension, reason: created.reason },
    `embedder: ${created.embedder.id}`,
  );
  return created;
}

async function choose(options: CreateEmbedderOptions): Promise<CreatedEmbedder> {
  const transformers = (): Promise<TransformersEmbedder> =>
    TransformersEmbedder.create({
      model: options.model,
      modelsDir: options.modelsDir,
      allowRemoteModels: options.allowRemoteModels,
      pipelineFactory: options.pipelineFactory,
    });
  const offline = (): Promise<OfflineEmbedder> => OfflineEmbedder.create(options.offline);
  const where = path.join(path.resolve(options.modelsDir), options.model);

  switch (options.provider) {
    case 'offline':
      return { embedder: await offline(), reason: 'EMBEDDER=offline: using the offline WordNet embedder' };
    case 'transformers':
      return {
        embedder: await transformers(),
        reason: `EMBEDDER=transformers: using transformers.js model ${options.model}`,
      };
    case 'auto': {
      const present = modelFilesPresent({ model: options.model, modelsDir: options.modelsDir });
      if (!present && !options.allowRemoteModels) {
        return {
          embedder: await offline(),
          reason:
            `EMBEDDER=auto: no model files for ${options.model} in ${where} and remote downloads are ` +
            'disabled (ALLOW_REMOTE_MODELS=false), so the offline WordNet embedder runs',
        };
      }
      try {
        return {
          embedder: await transformers(),
          reason: present
            ? `EMBEDDER=auto: model files for ${options.model} found in ${where}, using transformers.js`
            : `EMBEDDER=auto: remote downloads are allowed, using transformers.js model ${options.model}`,
        };
      } catch (error) {
        return {
          embedder: await offline(),
          reason:
            `EMBEDDER=auto: transformers.js could not load ${options.model} (${causeChain(error)}), ` +
            'so the offline WordNet embedder runs',
        };
      }
    }
  }
}

/** The messages of an error and its causes, `outer: inner`. */
function causeChain(error: unknown): string {
  const messages: string[] = [];
  for (let current: unknown = error; current !== undefined && messages.length < 4; ) {
    messages.push(errorMessage(current));
    current = typeof current === 'object' && current !== null && 'cause' in current ? current.cause : undefined;
  }
  return messages.join(': ');
}
