import fs from 'node:fs';
import path from 'node:path';
import type { Embedder } from './embedder';
import { configureTransformersEnv } from './transformersEnv';

/** Options passed to a feature-extraction call. */
export interface FeatureExtractionOptions {
  pooling: 'mean';
  normalize: boolean;
}

/** What a feature-extraction call returns: a `[texts, dimension]` tensor. */
export interface FeatureExtractionOutput {
  dims: readonly number[];
  /** Row-major values (a typed array or a number array). */
  data: unknown;
}

/** A loaded feature-extraction pipeline. */
export type FeatureExtractor = (
  texts: string[],
  options: FeatureExtractionOptions,
) => Promise<FeatureExtractionOutput>;

/** Options transformers.js receives when loading a pipeline. */
export interface PipelineLoadOptions {
  /** Only read local files (true unless remote downloads are allowed). */
  local_files_only: boolean;
  /** Weights variant: `fp32` reads `onnx/model.onnx`, `q8` reads `onnx/model_quantized.onnx`. */
  dtype?: 'fp32' | 'q8';
}

/** Loads a pipeline: transformers.js `pipeline` by default, injected in tests. */
export type PipelineFactory = (
  task: 'feature-extraction',
  model: string,
  options: PipelineLoadOptions,
) => Promise<FeatureExtractor>;

/** Options of {@link TransformersEmbedder.create}. */
export interface TransformersEmbedderOptions {
  /** Hugging Face model id. @default Xenova/all-MiniLM-L6-v2 */
  model?: string;
  /** Local model folder; the model lives in `<modelsDir>/<model>/`. @default ./embeddings/models */
  modelsDir?: string;
  /** Let transformers.js download the model. @default false */
  allowRemoteModels?: boolean;
  /** Texts per extractor call. @default 32 */
  batchSize?: number;
  /** Loads the pipeline. @default transformers.js `pipeline`, with `env` set by `configureTransformersEnv` */
  pipelineFactory?: PipelineFactory;
}

/** The default sentence-embedding model. */
export const DEFAULT_TRANSFORMERS_MODEL = 'Xenova/all-MiniLM-L6-v2';
const PROBE_TEXT = 'dimension probe';

/**
 * Whether a model's files are in the local model folder: `<modelsDir>/<model>/config.json` and an ONNX
 * file under `onnx/` (or next to the config).
 */
export function modelFilesPresent(options: { model: string; modelsDir: string }): boolean {
  return localDtype(options) !== undefined;
}

/** Which local weights variant exists: full precision first, then the quantised one. */
function localDtype(options: { model: string; modelsDir: string }): 'fp32' | 'q8' | undefined {
  const dir = path.join(options.modelsDir, ...options.model.split('/'));
  if (!fs.existsSync(path.join(dir, 'config.json'))) return undefined;
  const onnxFiles = ['onnx', '.'].flatMap((sub) => {
    try {
      return fs.readdirSync(path.join(dir, sub)).filter((file) => file.endsWith('.onnx'));
    } catch {
      return [];
    }
  });
  if (onnxFiles.includes('model.onnx')) return 'fp32';
  if (onnxFiles.includes('model_quantized.onnx')) return 'q8';
  return onnxFiles.length > 0 ? 'fp32' : undefined;
}

/**
 * Sentence embeddings with transformers.js feature extraction (mean pooling, L2 normalisation), e.g.
 * `Xenova/all-MiniLM-L6-v2` (384 dimensions). The dimension is discovered from a probe embedding.
 */
export class TransformersEmbedder implements Embedder {
  /** `transformers:<model>`. */
  readonly id: string;
  readonly dimension: number;
  readonly model: string;

  private readonly extractor: FeatureExtractor;
  private readonly batchSize: number;

  private constructor(model: string, dimension: number, extractor: FeatureExtractor, batchSize: number) {
    this.model = model;
    this.id = `transformers:${model}`;
    this.dimension = dimension;
    this.extractor = extractor;
    this.batchSize = batchSize;
  }

  /**
   * Loads the model and probes its dimension.
   * @throws Error naming the model and folder when the pipeline cannot be loaded or returns no vectors.
   */
  static async create(options: TransformersEmbedderOptions = {}): Promise<TransformersEmbedder> {
    const model = options.model ?? DEFAULT_TRANSFORMERS_MODEL;
    const modelsDir = options.modelsDir ?? './embeddings/models';
    const allowRemoteModels = options.allowRemoteModels ?? false;
    const batchSize = Math.max(1, options.batchSize ?? 32);
    const factory = options.pipelineFactory ?? defaultPipelineFactory({ modelsDir, allowRemoteModels });
    let extractor: FeatureExtractor;
    try {
      extractor = await factory('feature-extraction', model, {
        local_files_only: !allowRemoteModels,
        dtype: localDtype({ model, modelsDir }) ?? 'fp32',
      });
    } catch (error) {
      throw new Error(
        `TransformersEmbedder.create: cannot load model ${model} from ${path.resolve(modelsDir)}` +
          (allowRemoteModels ? ' or the Hugging Face hub' : ' (remote downloads are disabled)'),
        { cause: error },
      );
    }
    const probe = await extractor([PROBE_TEXT], { pooling: 'mean', normalize: true });
    const dimension = probe.dims[probe.dims.length - 1];
    if (probe.dims.length !== 2 || probe.dims[0] !== 1 || !Number.isInteger(dimension) || dimension <= 0) {
      throw new Error(
        `TransformersEmbedder.create: model ${model} returned a [${probe.dims.join(', ')}] tensor for one text; ` +
          'expected [1, dimension] (is it a sentence-embedding model?)',
      );
    }
    return new TransformersEmbedder(model, dimension, extractor, batchSize);
  }

  /** Embeds texts in batches of `batchSize`; returns one unit vector per text. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize).map((text) => (text.trim() === '' ? ' ' : text));
      const output = await this.extractor(batch, { pooling: 'mean', normalize: true });
      const values = toFloat32(output.data);
      if (
        output.dims.length !== 2 ||
        output.dims[0] !== batch.length ||
        output.dims[1] !== this.dimension ||
        values.length !== batch.length * this.dimension
      ) {
        throw new Error(
          `TransformersEmbedder.embed: expected a [${batch.length}, ${this.dimension}] tensor, ` +
            `got [${output.dims.join(', ')}]`,
        );
      }
      for (let row = 0; row < batch.length; row++) {
        out.push(values.slice(row * this.dimension, (row + 1) * this.dimension));
      }
    }
    return out;
  }
}

function defaultPipelineFactory(settings: { modelsDir: string; allowRemoteModels: boolean }): PipelineFactory {
  return async (task, model, options) => {
    const transformers = await configureTransformersEnv(settings);
    const extractor = await transformers.pipeline(task, model, options);
    return async (texts, callOptions) => extractor(texts, callOptions);
  };
}

function toFloat32(data: unknown): Float32Array {
  if (!isNumberArrayLike(data)) {
    throw new TypeError('TransformersEmbedder.embed: the extractor returned non-numeric data');
  }
  return Float32Array.from(data);
}

const NON_NUMBER_VIEWS = new Set(['DataView', 'BigInt64Array', 'BigUint64Array']);

/** A number array or a numeric typed array (checked structurally: tensors may come from another realm). */
function isNumberArrayLike(value: unknown): value is ArrayLike<number> {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'number');
  return (
    ArrayBuffer.isView(value) &&
    !NON_NUMBER_VIEWS.has(value.constructor.name) &&
    'length' in value &&
    typeof value.length === 'number'
  );
}
