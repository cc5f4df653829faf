import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { configureTransformersEnv } from '../embeddings';
import { TablebotError, errorMessage } from '../errors';
import { silentLogger, type Logger } from '../logging';
import { Seq2SeqSchema, type Seq2SeqSchemaOptions } from './seq2seqSchema';
import { SqlParser } from './sqlParser';
import type { GenerateRequest, SqlCandidate, SqlGenerator } from './types';

/** The default text-to-SQL model (a T5-small fine-tuned on sql-create-context style inputs, ONNX by Xenova). */
export const DEFAULT_SQL_MODEL = 'Xenova/t5-small-awesome-text-to-sql';

/** Generation options passed to the text2text pipeline. */
export type Text2TextOptions = {
  max_new_tokens?: number;
  do_sample?: boolean;
};

/** A loaded text2text-generation pipeline: input text in, generated texts out. */
export type Text2TextGenerate = (
  input: string,
  options?: Text2TextOptions,
) => Promise<{ generated_text: string }[]>;

/** Options the factory loads a pipeline with. */
export interface PipelineLoadOptions {
  /** ONNX weights variant: `q8` (`*_quantized.onnx`) or `fp32`. */
  dtype: 'q8' | 'fp32';
  /** Never reach the network. */
  local_files_only: boolean;
}

/** Loads a text2text pipeline (transformers.js `pipeline`, or a test double). */
export type Text2TextPipelineFactory = (
  task: 'text2text-generation',
  model: string,
  options: PipelineLoadOptions,
) => Promise<Text2TextGenerate>;

/** Where model files live. */
export interface ModelLocation {
  /** Model id. @default Xenova/t5-small-awesome-text-to-sql */
  model?: string;
  /** transformers.js `localModelPath`: the model's files are under `<modelsDir>/<model>/`. */
  modelsDir: string;
}

/** Options for {@link Seq2SeqSqlGenerator.create}. */
export interface Seq2SeqSqlGeneratorOptions extends ModelLocation, Seq2SeqSchemaOptions {
  /** Let transformers.js download the model when it is not in `modelsDir`. */
  allowRemoteModels: boolean;
  /** Loads the pipeline; tests inject one. @default transformers.js `pipeline` */
  pipelineFactory?: Text2TextPipelineFactory;
  /** Longest SQL generated, in tokens. @default 256 */
  maxNewTokens?: number;
  /** Shared parser instance. @default a new one */
  parser?: SqlParser;
  logger?: Logger;
}

/** Files of an ONNX encoder-decoder export, by weights variant. */
const WEIGHT_FILES: Readonly<Record<PipelineLoadOptions['dtype'], readonly string[]>> = {
  q8: ['encoder_model_quantized.onnx', 'decoder_model_merged_quantized.onnx'],
  fp32: ['encoder_model.onnx', 'decoder_model_merged.onnx'],
};
const CONFIG_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

/** The weights variant present on disk, preferring the small quantized one. */
function presentDtype(location: ModelLocation): PipelineLoadOptions['dtype'] | undefined {
  const dir = path.join(location.modelsDir, location.model ?? DEFAULT_SQL_MODEL);
  if (!CONFIG_FILES.every((f) => existsSync(path.join(dir, f)))) return undefined;
  const onnxDir = path.join(dir, 'onnx');
  const files = existsSync(onnxDir) ? new Set(readdirSync(onnxDir)) : new Set<string>();
  return (['q8', 'fp32'] as const).find((dtype) => WEIGHT_FILES[dtype].every((f) => files.has(f)));
}

/** Loads transformers.js through the one module that configures its global `env` (shared with the embedder). */
async function transformersPipelineFactory(options: {
  modelsDir: string;
  allowRemoteModels: boolean;
}): Promise<Text2TextPipelineFactory> {
  const transformers = await configureTransformersEnv({
    modelsDir: options.modelsDir,
    allowRemoteModels: options.allowRemoteModels,
  });
  return async (task, model, load) => {
    const pipe = await transformers.pipeline(task, model, {
      dtype: load.dtype,
      local_files_only: load.local_files_only,
    });
    return async (input, generation) => {
      const output = await pipe(input, generation);
      return output.map((o) => ({ generated_text: o.generated_text }));
    };
  };
}

/**
 * A `SqlGenerator` backed by a seq2seq text-to-SQL model through transformers.js `text2text-generation`.
 * The chosen tables go in as CREATE TABLE statements with model-friendly unqualified names; the output is
 * parsed and rewritten onto the real schema-qualified, quoted names (see {@link Seq2SeqSchema.rewrite}).
 * Output that does not parse as one SELECT is dropped.
 *
 * Known limits of the default model: it writes SQLite-flavoured SQL for single-table questions best; its T5
 * vocabulary has no `<` character, so "less than" comparisons come out unparseable and are dropped; and
 * transformers.js decodes greedily (no beam search), so there is one candidate per question.
 */
export class Seq2SeqSqlGenerator implements SqlGenerator {
  public readonly id: string;

  private constructor(
    private readonly generateText: Text2TextGenerate,
    private readonly parser: SqlParser,
    private readonly options: Seq2SeqSqlGeneratorOptions & { model: string },
    private readonly logger: Logger,
  ) {
    this.id = `seq2seq:${options.model}`;
  }

  /**
   * Whether the model's files (config, tokenizer, tokenizer config and quantized or fp32 ONNX encoder and merged
   * decoder) are in
   * `<modelsDir>/<model>/`.
   */
  static modelFilesPresent(location: ModelLocation): boolean {
    return presentDtype(location) !== undefined;
  }

  /**
   * Loads the model (or the injected pipeline).
   * @throws TablebotError `MODEL_MISSING` when the files are absent and remote models are not allowed, or
   *   `MODEL_LOAD_FAILED` when loading fails.
   */
  static async create(options: Seq2SeqSqlGeneratorOptions): Promise<Seq2SeqSqlGenerator> {
    const model = options.model ?? DEFAULT_SQL_MODEL;
    const dtype = presentDtype({ model, modelsDir: options.modelsDir });
    if (!options.pipelineFactory && !dtype && !options.allowRemoteModels) {
      throw new TablebotError(
        'MODEL_MISSING',
        `Seq2SeqSqlGenerator.create: model ${model} is not in ${options.modelsDir} and remote models are not allowed`,
      );
    }
    const parser = options.parser ?? (await SqlParser.create());
    let generateText: Text2TextGenerate;
    try {
      const factory = options.pipelineFactory ?? (await transformersPipelineFactory(options));
      generateText = await factory('text2text-generation', model, {
        dtype: dtype ?? 'q8',
        local_files_only: !options.allowRemoteModels,
      });
    } catch (cause) {
      throw new TablebotError(
        'MODEL_LOAD_FAILED',
        `Seq2SeqSqlGenerator.create: cannot load ${model}: ${errorMessage(cause)}`,
        { cause },
      );
    }
    return new Seq2SeqSqlGenerator(
      generateText,
      parser,
      { ...options, model },
      options.logger ?? silentLogger(),
    );
  }

  /** The model input for a request (exposed for diagnostics and tests). */
  prompt(request: GenerateRequest): string {
    return this.schema(request).prompt(request.question);
  }

  /**
   * Generates SQL for the question over the chosen tables. Returns no candidate when the model's output is
   * not one parseable SELECT.
   * @throws TablebotError `SQL_GENERATION_FAILED` when the model itself fails.
   */
  async generate(request: GenerateRequest): Promise<SqlCandidate[]> {
    const schema = this.schema(request);
    if (schema.tables.length === 0) return [];
    const input = schema.prompt(request.question);
    let outputs: { generated_text: string }[];
    try {
      outputs = await this.generateText(input, {
        max_new_tokens: this.options.maxNewTokens ?? 256,
        do_sample: false,
      });
    } catch (cause) {
      throw new TablebotError(
        'SQL_GENERATION_FAILED',
        `Seq2SeqSqlGenerator.generate: the model failed: ${errorMessage(cause)}`,
        { cause },
      );
    }
    const seen = new Set<string>();
    const candidates: SqlCandidate[] = [];
    for (const output of outputs) {
      const sql = schema.rewrite(output.generated_text);
      if (sql === undefined) {
        this.logger.debug(
          { generated: output.generated_text },
          'Seq2SeqSqlGenerator: dropped unparseable output',
        );
        continue;
      }
      if (seen.has(sql)) continue;
      seen.add(sql);
      candidates.push({
        sql,
        generator: this.id,
        explanation: `generated by ${this.options.model} from ${schema.tables.map((t) => t.promptName).join(', ')}`,
      });
    }
    return candidates;
  }

  private schema(request: GenerateRequest): Seq2SeqSchema {
    return Seq2SeqSchema.build(request.tables, this.parser, this.options);
  }
}
