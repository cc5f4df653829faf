import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmbedder } from '../../src/embeddings/createEmbedder';
import type { PipelineFactory } from '../../src/embeddings/transformersEmbedder';

const MODEL = 'Xenova/all-MiniLM-L6-v2';

/** A pipeline standing in for a model: one 4-dimensional unit vector per text. */
const factory: PipelineFactory = async () => async (texts) => ({
  dims: [texts.length, 4],
  data: Float32Array.from(texts.flatMap(() => [1, 0, 0, 0])),
});

function modelsDirWithFiles(): string {
  const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-models-'));
  const dir = path.join(modelsDir, ...MODEL.split('/'));
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), '{}');
  fs.writeFileSync(path.join(dir, 'onnx', 'model.onnx'), '');
  return modelsDir;
}

describe('createEmbedder', () => {
  const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-empty-'));
  afterAll(() => fs.rmSync(emptyDir, { recursive: true, force: true }));

  it('auto: runs offline when the model files are missing and downloads are off, and says why', async () => {
    const { embedder, reason } = await createEmbedder({
      provider: 'auto',
      model: MODEL,
      modelsDir: emptyDir,
      allowRemoteModels: false,
      pipelineFactory: factory,
    });
    expect(embedder.id).toMatch(/^offline:v1:/);
    expect(reason).toMatch(/no model files for Xenova\/all-MiniLM-L6-v2/);
    expect(reason).toMatch(/offline/);
  });

  it('auto: uses transformers.js when the model files are present', async () => {
    const modelsDir = modelsDirWithFiles();
    const { embedder, reason } = await createEmbedder({
      provider: 'auto',
      model: MODEL,
      modelsDir,
      allowRemoteModels: false,
      pipelineFactory: factory,
    });
    expect(embedder.id).toBe(`transformers:${MODEL}`);
    expect(embedder.dimension).toBe(4);
    expect(reason).toMatch(/model files .* found/);
    fs.rmSync(modelsDir, { recursive: true, force: true });
  });

  it('auto: tries transformers.js when downloads are allowed, and falls back offline if it fails', async () => {
    const ok = await createEmbedder({
      provider: 'auto',
      model: MODEL,
      modelsDir: emptyDir,
      allowRemoteModels: true,
      pipelineFactory: factory,
    });
    expect(ok.embedder.id).toBe(`transformers:${MODEL}`);
    expect(ok.reason).toMatch(/remote downloads are allowed/);
    const failed = await createEmbedder({
      provider: 'auto',
      model: MODEL,
      modelsDir: emptyDir,
      allowRemoteModels: true,
      pipelineFactory: async () => {
        throw new Error('network unreachable');
      },
    });
    expect(failed.embedder.id).toMatch(/^offline:/);
    expect(failed.reason).toMatch(/could not load .*network unreachable/);
  });

  it('offline and transformers providers do what they say; transformers fails loudly', async () => {
    const offline = await createEmbedder({
      provider: 'offline',
      model: MODEL,
      modelsDir: emptyDir,
      allowRemoteModels: false,
      offline: { dimension: 64 },
    });
    expect(offline.embedder.id).toBe('offline:v1:64');
    await expect(
      createEmbedder({ provider: 'transformers', model: MODEL, modelsDir: emptyDir, allowRemoteModels: false }),
    ).rejects.toThrow(/TransformersEmbedder.create/);
  });

  it('logs the choice', async () => {
    const lines: unknown[] = [];
    const pino = (await import('pino')).default;
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    await createEmbedder({ provider: 'offline', model: MODEL, modelsDir: emptyDir, allowRemoteModels: false, logger });
    expect(lines).toEqual([expect.objectContaining({ embedder: 'offline:v1:1024', reason: expect.any(String) })]);
  });
});
