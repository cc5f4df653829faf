import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  modelFilesPresent,
  TransformersEmbedder,
  type FeatureExtractionOptions,
  type FeatureExtractor,
  type PipelineFactory,
  type PipelineLoadOptions,
} from '../../src/embeddings/transformersEmbedder';

/**
 * A feature-extraction function in place of a model: each text becomes a deterministic unit vector
 * (letter counts), shaped like transformers.js output ({ dims: [n, d], data: Float32Array }).
 */
function letterExtractor(dimension: number, calls: { texts: string[]; options: FeatureExtractionOptions }[]) {
  const extractor: FeatureExtractor = async (texts, options) => {
    calls.push({ texts: [...texts], options });
    const data = new Float32Array(texts.length * dimension);
    texts.forEach((text, row) => {
      for (const char of text.toLowerCase()) {
        const code = char.charCodeAt(0);
        if (code >= 97 && code <= 122) data[row * dimension + ((code - 97) % dimension)] += 1;
      }
      let norm = 0;
      for (let i = 0; i < dimension; i++) norm += data[row * dimension + i] ** 2;
      for (let i = 0; i < dimension; i++) data[row * dimension + i] /= Math.sqrt(norm) || 1;
    });
    return { dims: [texts.length, dimension], data };
  };
  return extractor;
}

describe('TransformersEmbedder', () => {
  it('loads the pipeline, probes the dimension and passes mean pooling + normalisation', async () => {
    const loads: { task: string; model: string; options: PipelineLoadOptions }[] = [];
    const calls: { texts: string[]; options: FeatureExtractionOptions }[] = [];
    const factory: PipelineFactory = async (task, model, options) => {
      loads.push({ task, model, options });
      return letterExtractor(12, calls);
    };
    const embedder = await TransformersEmbedder.create({ model: 'org/tiny-model', pipelineFactory: factory });
    expect(loads).toEqual([
      { task: 'feature-extraction', model: 'org/tiny-model', options: { local_files_only: true, dtype: 'fp32' } },
    ]);
    expect(embedder.id).toBe('transformers:org/tiny-model');
    expect(embedder.dimension).toBe(12);
    expect(calls).toHaveLength(1);
    expect(calls[0].options).toEqual({ pooling: 'mean', normalize: true });
  });

  it('embeds in batches and returns one vector per text, in order', async () => {
    const calls: { texts: string[]; options: FeatureExtractionOptions }[] = [];
    const embedder = await TransformersEmbedder.create({
      batchSize: 2,
      pipelineFactory: async () => letterExtractor(26, calls),
    });
    calls.length = 0;
    const texts = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    const vectors = await embedder.embed(texts);
    expect(calls.map((c) => c.texts)).toEqual([['alpha', 'beta'], ['gamma', 'delta'], ['epsilon']]);
    expect(calls.every((c) => c.options.pooling === 'mean' && c.options.normalize)).toBe(true);
    expect(vectors).toHaveLength(5);
    expect(vectors[2][0]).toBeGreaterThan(0); // "gamma" has an a
    expect(vectors[2][25]).toBe(0); // and no z
    expect(embedder.id).toBe('transformers:Xenova/all-MiniLM-L6-v2');
    expect(await embedder.embed([])).toEqual([]);
  });

  it('lets the pipeline download when remote models are allowed', async () => {
    const loads: PipelineLoadOptions[] = [];
    await TransformersEmbedder.create({
      allowRemoteModels: true,
      pipelineFactory: async (_task, _model, options) => {
        loads.push(options);
        return letterExtractor(4, []);
      },
    });
    expect(loads[0].local_files_only).toBe(false);
  });

  it('names the model and folder when loading fails', async () => {
    const failing: PipelineFactory = async () => {
      throw new Error('file not found');
    };
    const error = await TransformersEmbedder.create({ modelsDir: '/nowhere', pipelineFactory: failing }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/TransformersEmbedder.create: cannot load model Xenova\/all-MiniLM-L6-v2 from \/nowhere/);
    expect(error instanceof Error && error.cause instanceof Error && error.cause.message).toBe('file not found');
  });

  it('refuses a model that does not return one pooled vector per text', async () => {
    const tokens: FeatureExtractor = async (texts) => ({ dims: [texts.length, 3, 8], data: new Float32Array(24) });
    await expect(TransformersEmbedder.create({ pipelineFactory: async () => tokens })).rejects.toThrow(
      /expected \[1, dimension\]/,
    );
  });

  it('fails with the real transformers.js when the model files are missing and downloads are off', async () => {
    const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-models-'));
    await expect(TransformersEmbedder.create({ modelsDir })).rejects.toThrow(/remote downloads are disabled/);
    fs.rmSync(modelsDir, { recursive: true, force: true });
  });
});

describe('modelFilesPresent', () => {
  it('needs config.json and an ONNX file in <modelsDir>/<model>', () => {
    const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-models-'));
    const model = 'Xenova/all-MiniLM-L6-v2';
    const dir = path.join(modelsDir, 'Xenova', 'all-MiniLM-L6-v2');
    expect(modelFilesPresent({ model, modelsDir })).toBe(false);
    fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'config.json'), '{}');
    expect(modelFilesPresent({ model, modelsDir })).toBe(false);
    fs.writeFileSync(path.join(dir, 'onnx', 'model_quantized.onnx'), '');
    expect(modelFilesPresent({ model, modelsDir })).toBe(true);
    fs.rmSync(modelsDir, { recursive: true, force: true });
  });
});
