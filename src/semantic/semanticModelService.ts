import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SourceCatalog } from '../catalog';
import type { CatalogStore } from '../store';
import { errorMessage, TablebotError } from '../errors';
import { applyOverrides } from './applyOverrides';
import { deriveSemanticModel } from './deriveSemanticModel';
import { ModelExpressions } from './modelExpressions';
import { parseOverrideFile } from './overrideFile';
import type { PublishedSemanticModel } from './semanticSnapshot';
import type { SemanticModelStore } from './semanticModelStore';
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
  async build(catalog: SourceCatalog): Promise<BuiltSemanticModel> {
    const derived = deriveSemanticModel(catalog);
    const file = await this.readOverrides(catalog.sourceId);
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
   */
  async prepare(catalog: SourceCatalog): Promise<PreparedSemanticModel> {
    const built = await this.build(catalog);
    const others = (await this.options.store.loadAll()).filter((m) => m.model.sourceId !== catalog.sourceId);
    const published: PublishedSemanticModel[] = [
      ...others.map((m) => ({ ...m, ofThisVersion: false })),
      { ...built, updatedAt: new Date(), ofThisVersion: true },
    ];
    return { published, store: (indexVersion) => this.save(built, indexVersion) };
  }

  /**
   * Builds the model of a freshly indexed catalog and stores it with the index version.
   * @throws TablebotError SEMANTIC_MODEL_FAILED when it cannot be stored.
   */
  async refresh(catalog: SourceCatalog, indexVersion: number): Promise<SemanticModelSummary> {
    return this.save(await this.build(catalog), indexVersion);
  }

  private async save(built: BuiltSemanticModel, indexVersion: number): Promise<SemanticModelSummary> {
    const model = { ...built.model, indexVersion };
    try {
      await this.options.store.save({ model, problems: built.problems, overridesPath: built.overridesPath });
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
