import { createRequire } from 'node:module';
import path from 'node:path';

/** The `@huggingface/transformers` module. */
export type TransformersModule = typeof import('@huggingface/transformers', { with: { 'resolution-mode': 'require' } });

/** Where transformers.js finds models and whether it may download them. */
export interface TransformersEnvSettings {
  /** Local model folder (`env.localModelPath`); a model `org/name` lives in `<modelsDir>/org/name/`. */
  modelsDir: string;
  /** Let transformers.js download models from the Hugging Face hub (`env.allowRemoteModels`). */
  allowRemoteModels: boolean;
  /** Download cache (`env.cacheDir`). @default modelsDir */
  cacheDir?: string;
}

let configured: { settings: Required<TransformersEnvSettings>; module: TransformersModule } | undefined;

/**
 * Loads transformers.js and configures its global `env` once per process, before the first `pipeline()`:
 * local models from `modelsDir`, remote downloads only when allowed, downloads cached in `cacheDir`.
 * Later calls return the same module; a call with different settings is refused, since `env` is global.
 * Every user of transformers.js in tablebot (embeddings, SQL generation) must get the module from here so
 * they share one configured instance.
 */
export async function configureTransformersEnv(settings: TransformersEnvSettings): Promise<TransformersModule> {
  const wanted: Required<TransformersEnvSettings> = {
    modelsDir: path.resolve(settings.modelsDir),
    allowRemoteModels: settings.allowRemoteModels,
    cacheDir: path.resolve(settings.cacheDir ?? settings.modelsDir),
  };
  if (configured !== undefined) {
    const current = configured.settings;
    if (
      current.modelsDir !== wanted.modelsDir ||
      current.allowRemoteModels !== wanted.allowRemoteModels ||
      current.cacheDir !== wanted.cacheDir
    ) {
      throw new Error(
        `configureTransformersEnv: transformers.js is already configured with ${JSON.stringify(current)}; ` +
          `cannot reconfigure it with ${JSON.stringify(wanted)} in the same process`,
      );
    }
    return configured.module;
  }
  // The CommonJS build, loaded on first use only (it takes a while): offline runs never pay for it.
  const transformers: TransformersModule = createRequire(__filename)('@huggingface/transformers');
  transformers.env.localModelPath = `${wanted.modelsDir}${path.sep}`;
  transformers.env.allowLocalModels = true;
  transformers.env.allowRemoteModels = wanted.allowRemoteModels;
  transformers.env.cacheDir = wanted.cacheDir;
  configured = { settings: wanted, module: transformers };
  return transformers;
}
