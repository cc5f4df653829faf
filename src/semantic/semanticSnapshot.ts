import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../errors';
import type { Logger } from '../logging';
import { jsonLines, jsonText, rememberJson, StringPool } from '../text';
import type { SemanticModelHead, SemanticModelStore, StoredSemanticModel } from './semanticModelStore';
import type { Entity, Metric, OverrideProblem, SemanticModel } from './types';

/**
 * The semantic models published with an index version: the reindex writes the model of every source the
 * version answers from into the version folder (`semantic.json`, beside the retrieval snapshot), so a
 * one-shot process (`tablebot ask`) reads them from the file instead of opening the metadata store. The
 * store keeps them too (`tb_semantic_models`): the bot, the model commands and older versions read them there.
 *
 * A file that is missing or of another format version is not used: the caller reads the store.
 */

/**
 * Format version of `semantic.json`; bump on any incompatible change of what it holds. 2: JSON lines — a
 * head line, then per model a line of its head (the model without its entities and metrics, which it
 * counts) followed by one line per entity and one per metric, so a reader parses one table's entity at a
 * time instead of the whole text of a large catalog's model (~2.3 KB a table) at once. Version 1 (one JSON
 * document) is not read: the caller reads the store, and the next reindex writes version 2.
 */
export const SEMANTIC_SNAPSHOT_FORMAT_VERSION = 2;
const FILE = 'semantic.json';

const headSchema = z.object({
  format: z.literal('tablebot-semantic'),
  formatVersion: z.number().int(),
  /** Models in the file (format 2; format 1 held the models themselves). */
  models: z.unknown(),
});

const modelHeadSchema = z.object({
  /** True for the model stored with this very version (its `indexVersion` is the folder's). */
  ofThisVersion: z.boolean(),
  /** The model without `entities` and `metrics`. */
  model: z.object({ sourceId: z.string(), indexVersion: z.number() }).loose(),
  /** Lines of entities, then of metrics, that follow. */
  entities: z.number().int().nonnegative(),
  metrics: z.number().int().nonnegative(),
  problems: z.array(z.object({ line: z.number(), message: z.string() }).loose()),
  overridesPath: z.string().nullable(),
  updatedAt: z.string(),
  build: z.string().optional(),
});

/** One model to publish with a version. */
export interface PublishedSemanticModel {
  model: SemanticModel;
  problems: OverrideProblem[];
  overridesPath: string | null;
  /** When it was built or stored. */
  updatedAt: Date;
  /** True for the model built by this reindex: it takes the version number the folder is published as. */
  ofThisVersion: boolean;
  /** The build stored with the model in the metadata store (`StoredSemanticModel.build`), when known. */
  build?: string;
}

/** Characters of the snapshot's text gathered before a write. */
const SNAPSHOT_PART_CHARS = 1 << 20;

/** Whether a version folder holds published semantic models (of any format version). */
export function hasSemanticSnapshot(folder: string): boolean {
  return fs.existsSync(path.join(folder, FILE));
}

/** Writes the models into `folder` (a version folder being published), one entity or metric a line. */
export function writeSemanticSnapshot(folder: string, models: readonly PublishedSemanticModel[]): void {
  const fd = fs.openSync(path.join(folder, FILE), 'w');
  let parts: string[] = [];
  let size = 0;
  const line = (value: unknown) => {
    // an entity or metric read from the previous version with its text (see readSemanticSnapshot) is copied
    const text = `${jsonText(value)}\n`;
    parts.push(text);
    size += text.length;
    if (size >= SNAPSHOT_PART_CHARS) {
      fs.writeSync(fd, parts.join(''));
      parts = [];
      size = 0;
    }
  };
  try {
    line({
      format: 'tablebot-semantic',
      formatVersion: SEMANTIC_SNAPSHOT_FORMAT_VERSION,
      models: models.length,
    });
    for (const m of models) {
      const { entities, metrics, ...head } = m.model;
      line({
        ofThisVersion: m.ofThisVersion,
        model: head,
        entities: entities.length,
        metrics: metrics.length,
        problems: m.problems,
        overridesPath: m.overridesPath,
        updatedAt: m.updatedAt.toISOString(),
        ...(m.build === undefined ? {} : { build: m.build }),
      });
      for (const entity of entities) line(entity);
      for (const metric of metrics) line(metric);
    }
    if (size > 0) fs.writeSync(fd, parts.join(''));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * An entity's own fields, one of a kind in a catalog (its table, names and description): not interned when
 * read (a lookup each for nothing); the rest of the entity (columns, synonyms, values, reasons) recurs.
 */
const ENTITY_OWN_FIELDS: ReadonlySet<string> = new Set([
  'table',
  'tableName',
  'name',
  'plural',
  'description',
]);

/** What {@link readSemanticSnapshot} found: the models, or why the file cannot be used. */
export type SemanticSnapshotLoad = { models: StoredSemanticModel[] } | { models: null; reason: string };

/**
 * Reads the models published in the folder of index version `version`, ordered by source id; the model
 * of the reindexed source gets `version` as its index version. The file is parsed a line (an entity, a
 * metric) at a time, every string interned: entity, column and synonym words recur across thousands of tables.
 */
export function readSemanticSnapshot(
  folder: string,
  version: number,
  options: {
    /**
     * Remember each entity's and metric's line text with it (`rememberJson`): a writer of the next version
     * copies the texts of those it keeps instead of serialising them again. Costs the texts' memory.
     */
    keepText?: boolean;
  } = {},
): SemanticSnapshotLoad {
  const file = path.join(folder, FILE);
  const pool = new StringPool();
  const models: StoredSemanticModel[] = [];
  let lines: Generator<{ text: string }> | undefined;
  try {
    lines = jsonLines(file);
    const opened = lines;
    const next = (what: string, keep = false, entity = false): unknown => {
      const line = opened.next();
      if (line.done === true) throw new Error(`the file ends before ${what}`);
      const parsed = JSON.parse(line.value.text) as unknown;
      const value =
        entity && parsed !== null && typeof parsed === 'object'
          ? pool.internFields(parsed, ENTITY_OWN_FIELDS)
          : pool.internAll(parsed);
      return keep ? rememberJson(value, line.value.text) : value;
    };
    const head = headSchema.safeParse(next('its head'));
    if (!head.success) return { models: null, reason: `${file} is not a semantic model file` };
    const count = head.data.models;
    if (head.data.formatVersion !== SEMANTIC_SNAPSHOT_FORMAT_VERSION || typeof count !== 'number') {
      return { models: null, reason: `${file} is of format version ${head.data.formatVersion}` };
    }
    for (let i = 0; i < count; i++) {
      const parsed = modelHeadSchema.safeParse(next(`model ${i + 1}`));
      if (!parsed.success) return { models: null, reason: `${file} is not a semantic model file` };
      const m = parsed.data;
      // written by writeSemanticSnapshot from a SemanticModel; only its header is checked here
      const keep = options.keepText === true;
      const entities = Array.from(
        { length: m.entities },
        (_, e) => next(`entity ${e + 1}`, keep, true) as Entity,
      );
      const metrics = Array.from({ length: m.metrics }, (_, e) => next(`metric ${e + 1}`, keep) as Metric);
      models.push({
        model: {
          ...(m.model as unknown as Omit<SemanticModel, 'entities' | 'metrics'>),
          entities,
          metrics,
          ...(m.ofThisVersion ? { indexVersion: version } : {}),
        },
        problems: m.problems as OverrideProblem[],
        overridesPath: m.overridesPath,
        updatedAt: new Date(m.updatedAt),
        ...(m.build === undefined ? {} : { build: m.build }),
      });
    }
  } catch (error) {
    return { models: null, reason: `cannot read ${file}: ${errorMessage(error)}` };
  } finally {
    // closes the file on every path, an early return included
    lines?.return(undefined);
  }
  return { models: models.sort((a, b) => (a.model.sourceId < b.model.sourceId ? -1 : 1)) };
}

/**
 * The read side of a {@link SemanticModelStore} over the models published in one version folder, for the
 * {@link SemanticModelRegistry} of a process that answers from that version only.
 */
export class PublishedSemanticModels implements Pick<SemanticModelStore, 'loadAll' | 'revision'> {
  private constructor(
    private readonly models: readonly StoredSemanticModel[],
    private readonly stamp: string,
  ) {}

  /** The models published in `folder` (index version `version`), or why they cannot be used. */
  static open(folder: string, version: number): PublishedSemanticModels | { reason: string } {
    const loaded = readSemanticSnapshot(folder, version);
    if (loaded.models === null) return { reason: loaded.reason };
    return new PublishedSemanticModels(loaded.models, `${folder}@${version}`);
  }

  /**
   * The models (at or below `maxIndexVersion`), shared rather than copied: the file's models are read once
   * and held once, so callers must treat them as read-only (as the {@link SemanticModelRegistry} does).
   */
  async loadAll(maxIndexVersion?: number): Promise<StoredSemanticModel[]> {
    return this.models.filter(
      (m) => maxIndexVersion === undefined || m.model.indexVersion <= maxIndexVersion,
    );
  }

  async revision(): Promise<string> {
    return this.stamp;
  }
}

/** An index version a process answers from: its folder and number. */
export interface PublishedVersion {
  folder: string;
  version: number;
}

/** Options of {@link PublishedOrStoredSemanticModels}. */
export interface PublishedOrStoredOptions {
  /** The metadata store: which model each source has (cheap), and the model itself when the file cannot serve. */
  store: Pick<SemanticModelStore, 'heads' | 'load' | 'revision'>;
  /** The index version the process answers from, or undefined while none is loaded. */
  published: () => PublishedVersion | undefined;
  logger: Logger;
}

/**
 * The read side of a {@link SemanticModelStore} for a process that answers from published index versions
 * (the bot): the store says which model each source has (`heads`: no model is read), and each is taken from
 * the `semantic.json` of the version loaded when that file holds the same build (same index version and
 * build identity, recorded in both by the reindex); otherwise — an older file without builds, a model stored
 * since (e.g. another model file applied), no version loaded — the model is read from the store. The file's
 * other models are dropped after loading: only one copy of each model is kept, by the caller.
 */
export class PublishedOrStoredSemanticModels implements Pick<SemanticModelStore, 'loadAll' | 'revision'> {
  constructor(private readonly options: PublishedOrStoredOptions) {}

  async loadAll(maxIndexVersion?: number): Promise<StoredSemanticModel[]> {
    const { store, logger } = this.options;
    const heads = await store.heads(maxIndexVersion);
    if (heads.length === 0) return [];
    const at = this.options.published();
    const file: SemanticSnapshotLoad =
      at === undefined
        ? { models: null, reason: 'no index version loaded' }
        : readSemanticSnapshot(at.folder, at.version);
    const out: StoredSemanticModel[] = [];
    for (const head of heads) {
      const published = file.models === null ? null : sameBuild(head, file.models);
      if (published !== null && typeof published !== 'string') {
        out.push({ ...published, updatedAt: head.updatedAt });
        continue;
      }
      logger.info(
        { source: head.sourceId, reason: file.models === null ? file.reason : published },
        'semantic model read from the metadata store',
      );
      const stored = await store.load(head.sourceId, maxIndexVersion);
      if (stored !== null) out.push(stored);
    }
    return out;
  }

  async revision(): Promise<string> {
    const at = this.options.published();
    return `${await this.options.store.revision()}@${at === undefined ? '-' : `${at.folder}#${at.version}`}`;
  }
}

/** The published model of the head's source when it is the head's build, else why not. */
function sameBuild(
  head: SemanticModelHead,
  models: readonly StoredSemanticModel[],
): StoredSemanticModel | string {
  const found = models.find((m) => m.model.sourceId === head.sourceId);
  if (found === undefined) return 'not published with the index version';
  if (head.build === null || found.build === undefined) return 'no build recorded';
  if (found.model.indexVersion !== head.indexVersion || found.build !== head.build) {
    return `the store holds another build (version ${head.indexVersion}, published ${found.model.indexVersion})`;
  }
  return found;
}
