import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CatalogTable, SourceCatalog } from '../catalog';
import type { CatalogStore } from '../store';
import { errorMessage, TablebotError } from '../errors';
import { applyOverrides } from './applyOverrides';
import { deriveSemanticModel, updateSemanticModel } from './deriveSemanticModel';
import { ModelExpressions } from './modelExpressions';
import { parseOverrideFile } from './overrideFile';
import { readSemanticSnapshot, type PublishedSemanticModel } from './semanticSnapshot';
import { newSemanticModelBuild, type SemanticModelStore } from './semanticModelStore';
import type { OverrideProblem, SemanticModel } from './types';

/** Options of {@link SemanticModelService.create}. */
export interface SemanticModelServiceOptions {
  /** Where the models are stored (with the catalog). */
  store: SemanticModelStore;
  /** Folder of the admins' model files (`SEMANTIC_MODELS_DIR`). */
  modelsDir: string;
}

/** A derived model merged with its source's file. */
export interface BuiltSemanticModel {
  model: SemanticModel;
  /** Lines of the file that could not be applied (line 0: the file as a whole). */
  problems: OverrideProblem[];
  /** The file merged in, or null when the source has none. */
  overridesPath: string | null;
}

/** What a reindex reports about the model it stored. */
export interface SemanticModelSummary extends BuiltSemanticModel {
  entities: number;
  metrics: number;
  verifiedQueries: number;
}

/** A source's model built for a reindex, before its index version is published (see {@link SemanticModelService.prepare}). */
export interface PreparedSemanticModel {
  /** Every model the new version answers with: the one built, and the other sources' newest stored ones. */
  published: PublishedSemanticModel[];
  /** Stores the built model with the version once it is published. @throws TablebotError SEMANTIC_MODEL_FAILED */
  store(indexVersion: number): Promise<SemanticModelSummary>;
}

/** The model published with the previous index version, for an incremental build (see {@link SemanticModelService.prepare}). */
export interface PreviousSemanticModel {
  /** The previous version's folder (its `semantic.json`). */
  folder: string;
  version: number;
  /** The catalog tables of the source the previous model was built from. */
  previousTables: readonly CatalogTable[];
  /** `schema.table` of the tables new or different since then. */
  changed: ReadonlySet<string>;
}

/**
 * The source's model updated from the one published in the previous version folder, or undefined when that
 * cannot be used: none for the source, merged with a model file, or derived by other rules (see
 * {@link updateSemanticModel}).
 */
function updatedModel(catalog: SourceCatalog, since: PreviousSemanticModel): SemanticModel | undefined {
  // with the entities' texts: the kept ones are written to the new version's file and the store as read
  const loaded = readSemanticSnapshot(since.folder, since.version, { keepText: true });
  const own = loaded.models?.find((m) => m.model.sourceId === catalog.sourceId);
  if (own === undefined || own.overridesPath !== null || own.problems.length > 0) return undefined;
  return updateSemanticModel(catalog, {
    previous: own.model,
    previousTables: since.previousTables,
    changed: since.changed,
  });
}

/**
 * File name of a source's model file: the source id with the URL scheme dropped and every run of other
 * characters than letters, digits, `.`, `-` and `_` replaced by `_`, plus `.yaml`
 * (`demo` -> `demo.yaml`, `postgres://app@db:5432/sales` -> `app_db_5432_sales.yaml`).
 */
export function modelFileName(sourceId: string): string {
  const slug = sourceId
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[_.]+|_+$/g, '');
  return `${slug || 'source'}.yaml`;
}

/**
 * Builds a source's semantic model at reindex: derives it from the catalog and the profiles, merges the
 * admin's file (`<SEMANTIC_MODELS_DIR>/<source>.yaml`, or `.yml`) when there is one, and stores it with
 * the index version. A bad file never fails the build: every line that cannot be applied is reported.
 */
export class SemanticModelService {
  private constructor(
    private readonly options: SemanticModelServiceOptions,
    private readonly expressions: ModelExpressions,
  ) {}

  /** Loads the expression parser once. */
  static async create(options: SemanticModelServiceOptions): Promise<SemanticModelService> {
    return new SemanticModelService(options, await ModelExpressions.create());
  }

  /** Where the source's model file is (or would be written). */
  overridesPath(sourceId: string): string {
    return path.join(this.options.modelsDir, modelFileName(sourceId));
  }

  /** Derives the model of a catalog and merges the source's file, if any. No storage. */
  async build(catalog: SourceCatalog, since?: PreviousSemanticModel): Promise<BuiltSemanticModel> {
    const file = await this.readOverrides(catalog.sourceId);
    const derived = (file === null && since && updatedModel(catalog, since)) || deriveSemanticModel(catalog);
    if (file === null) return { model: derived, problems: [], overridesPath: null };
    if ('error' in file) {
      return { model: derived, problems: [{ line: 0, message: file.error }], overridesPath: file.path };
    }
    const parsed = parseOverrideFile(file.text);
    const applied = applyOverrides(derived, parsed.overrides, {
      tables: catalog.tables,
      expressions: this.expressions,
    });
    const problems = [...parsed.problems, ...applied.problems].sort((a, b) => a.line - b.line);
    return { model: applied.model, problems, overridesPath: file.path };
  }

  /**
   * Builds the model of a catalog about to be indexed (what the reindexer calls before it publishes): the
   * models to publish with the version, and the step that stores the built one once the version is known.
   * With `since` (an incremental reindex) and no model file for the source, the model is updated from the
   * one published with the previous version: only the changed tables' entities are derived again.
   */
  async prepare(catalog: SourceCatalog, since?: PreviousSemanticModel): Promise<PreparedSemanticModel> {
    const built = await this.build(catalog, since);
    // the other sources' newest models, one by one: loading all would read this source's own (large) one too
    const store = this.options.store;
    const otherIds = (await store.sourceIds()).filter((id) => id !== catalog.sourceId);
    const others = (await Promise.all(otherIds.map((id) => store.load(id)))).flatMap((m) => (m ? [m] : []));
    // the same build identity in the file and the row: a reader of the file knows it holds the stored model
    const build = newSemanticModelBuild();
    const published: PublishedSemanticModel[] = [
      ...others.map((m) => ({ ...m, ofThisVersion: false })),
      { ...built, updatedAt: new Date(), ofThisVersion: true, build },
    ];
    return { published, store: (indexVersion) => this.save(built, indexVersion, build) };
  }

  /**
   * Builds the model of a freshly indexed catalog and stores it with the index version.
   * @throws TablebotError SEMANTIC_MODEL_FAILED when it cannot be stored.
   */
  async refresh(catalog: SourceCatalog, indexVersion: number): Promise<SemanticModelSummary> {
    return this.save(await this.build(catalog), indexVersion);
  }

  private async save(
    built: BuiltSemanticModel,
    indexVersion: number,
    build?: string,
  ): Promise<SemanticModelSummary> {
    const model = { ...built.model, indexVersion };
    try {
      await this.options.store.save({
        model,
        problems: built.problems,
        overridesPath: built.overridesPath,
        ...(build === undefined ? {} : { build }),
      });
    } catch (cause) {
      throw new TablebotError(
        'SEMANTIC_MODEL_FAILED',
        `SemanticModelService.save: cannot store the semantic model of ${model.sourceId}: ${errorMessage(cause)}`,
        { cause },
      );
    }
    return {
      ...built,
      model,
      entities: model.entities.length,
      metrics: model.metrics.length,
      verifiedQueries: model.verifiedQueries.length,
    };
  }

  /**
   * Builds and stores the model of every catalogued source that has none yet (a catalog indexed before
   * semantic models existed), with the given index version. @returns the source ids built.
   */
  async backfill(catalogStore: CatalogStore, indexVersion: number): Promise<string[]> {
    const built: string[] = [];
    const modelled = new Set(await this.options.store.sourceIds());
    for (const source of await catalogStore.listSources()) {
      if (modelled.has(source.sourceId)) continue;
      const catalog = await catalogStore.loadSource(source.sourceId);
      if (catalog === null || catalog.tables.length === 0) continue;
      await this.refresh(catalog, indexVersion);
      built.push(source.sourceId);
    }
    return built;
  }

  private async readOverrides(
    sourceId: string,
  ): Promise<{ path: string; text: string } | { path: string; error: string } | null> {
    const yamlPath = this.overridesPath(sourceId);
    for (const candidate of [yamlPath, yamlPath.replace(/\.yaml$/, '.yml')]) {
      try {
        return { path: candidate, text: await readFile(candidate, 'utf8') };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') continue;
        return { path: candidate, error: `cannot read ${candidate}: ${errorMessage(error)}` };
      }
    }
    return null;
  }
}
