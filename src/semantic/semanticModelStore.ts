import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { OverrideProblem, SemanticModel } from './types';
import { jsonParts } from './jsonParts';

/** A stored semantic model: the merged model of one source for one index version. */
export interface StoredSemanticModel {
  /** The model; `model.indexVersion` is the index version it was stored with. */
  model: SemanticModel;
  /** Lines of the admin's file that could not be applied. */
  problems: OverrideProblem[];
  /** The admin's file merged into the model, or null when there was none. */
  overridesPath: string | null;
  updatedAt: Date;
  /**
   * Identity of the build that produced the model (see {@link newSemanticModelBuild}), recorded with the
   * row and in the `semantic.json` published with the version: equal builds hold the same model. Absent for
   * models stored without one (older rows, models built outside a reindex).
   */
  build?: string;
}

/** What {@link SemanticModelStore.save} takes. */
export type SemanticModelRecord = Omit<StoredSemanticModel, 'updatedAt'>;

/** Which model a source has (at or below a version), without the model: see {@link SemanticModelStore.heads}. */
export interface SemanticModelHead {
  sourceId: string;
  indexVersion: number;
  /** The build recorded with it, or null when none was. */
  build: string | null;
  updatedAt: Date;
}

/** A new build identity, for a model about to be published and stored. */
export function newSemanticModelBuild(): string {
  return randomUUID();
}

/**
 * Where semantic models live: with the catalog in the metadata store (`tb_semantic_models`), one row per
 * source and index version. Implemented over knex ({@link KnexSemanticModelStore}) and in memory
 * ({@link InMemorySemanticModelStore}).
 */
export interface SemanticModelStore {
  /** Stores (or replaces) the model of `model.sourceId` for `model.indexVersion`; prunes old versions. */
  save(record: SemanticModelRecord): Promise<void>;
  /** The newest model of each source, at or below `maxIndexVersion` when given; ordered by source id. */
  loadAll(maxIndexVersion?: number): Promise<StoredSemanticModel[]>;
  /** The newest model of one source (at or below `maxIndexVersion`), or null. */
  load(sourceId: string, maxIndexVersion?: number): Promise<StoredSemanticModel | null>;
  /**
   * Which model {@link SemanticModelStore.loadAll} would return for each source (same order), without reading
   * the models: cheap, for a reader that takes the models from elsewhere when they are the same build.
   */
  heads(maxIndexVersion?: number): Promise<SemanticModelHead[]>;
  /** A cheap fingerprint of what {@link SemanticModelStore.loadAll} returns: changes whenever a model is saved. */
  revision(): Promise<string>;
  /** Ids of the sources with a stored model of any version (cheap: no model is read). */
  sourceIds(): Promise<string[]>;
}

/** Versions kept per source (the newest ones), so a bot still on an older index finds its model. */
export const KEPT_VERSIONS = 3;

interface Row {
  source_id: string;
  index_version: number;
  /** Null when the model is stored in parts (`tb_semantic_model_parts`). */
  model: SemanticModel | string | null;
  problems: OverrideProblem[] | string;
  overrides_path: string | null;
  updated_at: Date | string;
  build?: string | null;
}

function json<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

function fromRow(row: Row, model: SemanticModel | string): StoredSemanticModel {
  return {
    model: json<SemanticModel>(model),
    problems: json<OverrideProblem[]>(row.problems),
    overridesPath: row.overrides_path,
    updatedAt: new Date(row.updated_at),
    ...(row.build ? { build: row.build } : {}),
  };
}

/** Characters of a model's JSON text per stored part. @see KnexSemanticModelStoreOptions.partChars */
export const SEMANTIC_MODEL_PART_CHARS = 1 << 20;

/** Options for {@link KnexSemanticModelStore}. */
export interface KnexSemanticModelStoreOptions {
  knex: Knex;
  /**
   * About how many characters of a model's JSON text each stored part holds: the model is written part by
   * part (migration `20261209000000_semantic_model_parts`), so neither this process nor an embedded store
   * ever holds the whole text at once. @default {@link SEMANTIC_MODEL_PART_CHARS}
   */
  partChars?: number;
}

/**
 * The {@link SemanticModelStore} of the bot's metadata database (migrations `20261207000000_semantic_models`
 * and `20261209000000_semantic_model_parts`): one row per source and version, the model's JSON text in parts.
 */
export class KnexSemanticModelStore implements SemanticModelStore {
  constructor(private readonly options: KnexSemanticModelStoreOptions) {}

  async save(record: SemanticModelRecord): Promise<void> {
    const { knex } = this.options;
    const sourceId = record.model.sourceId;
    const key = { source_id: sourceId, index_version: record.model.indexVersion };
    await knex.transaction(async (trx) => {
      await trx('tb_semantic_models')
        .insert({
          ...key,
          model: null,
          problems: JSON.stringify(record.problems),
          overrides_path: record.overridesPath,
          updated_at: new Date(),
          build: record.build ?? null,
        })
        .onConflict(['source_id', 'index_version'])
        .merge();
      await trx('tb_semantic_model_parts').where(key).del();
      let part = 0;
      for (const body of jsonParts(record.model, this.options.partChars ?? SEMANTIC_MODEL_PART_CHARS)) {
        await trx('tb_semantic_model_parts').insert({ ...key, part: part++, body });
      }
      const keep: { index_version: number }[] = await trx('tb_semantic_models')
        .select('index_version')
        .where({ source_id: sourceId })
        .orderBy('index_version', 'desc')
        .limit(KEPT_VERSIONS);
      await trx('tb_semantic_models')
        .where({ source_id: sourceId })
        .whereNotIn(
          'index_version',
          keep.map((k) => k.index_version),
        )
        .del();
    });
  }

  /** The newest row of each source (at or below `maxIndexVersion`), with the given columns. */
  private newestRows(columns: readonly string[], maxIndexVersion?: number): Knex.QueryBuilder {
    const query = this.options
      .knex('tb_semantic_models')
      .distinctOn('source_id')
      .select(...columns)
      .orderBy([
        { column: 'source_id', order: 'asc' },
        { column: 'index_version', order: 'desc' },
      ]);
    if (maxIndexVersion !== undefined) query.where('index_version', '<=', maxIndexVersion);
    return query;
  }

  async heads(maxIndexVersion?: number): Promise<SemanticModelHead[]> {
    const rows: Pick<Row, 'source_id' | 'index_version' | 'build' | 'updated_at'>[] = await this.newestRows(
      ['source_id', 'index_version', 'build', 'updated_at'],
      maxIndexVersion,
    );
    return rows
      .map((r) => ({
        sourceId: r.source_id,
        indexVersion: Number(r.index_version),
        build: r.build ?? null,
        updatedAt: new Date(r.updated_at),
      }))
      .sort((a, b) => (a.sourceId < b.sourceId ? -1 : 1));
  }

  async loadAll(maxIndexVersion?: number): Promise<StoredSemanticModel[]> {
    const rows: Row[] = await this.newestRows(['*'], maxIndexVersion);
    const out: StoredSemanticModel[] = [];
    for (const row of rows) out.push(await this.fromRow(row));
    return out.sort((a, b) => (a.model.sourceId < b.model.sourceId ? -1 : 1));
  }

  async load(sourceId: string, maxIndexVersion?: number): Promise<StoredSemanticModel | null> {
    const query = this.options.knex('tb_semantic_models').where({ source_id: sourceId });
    if (maxIndexVersion !== undefined) query.where('index_version', '<=', maxIndexVersion);
    const row: Row | undefined = await query.orderBy('index_version', 'desc').first();
    return row ? this.fromRow(row) : null;
  }

  /** The stored model of a row: its `model` value, or (null there) its parts read one at a time. */
  private async fromRow(row: Row): Promise<StoredSemanticModel> {
    if (row.model !== null) return fromRow(row, row.model);
    const key = { source_id: row.source_id, index_version: row.index_version };
    const bodies: string[] = [];
    for (let part = 0; ; part++) {
      const found: { body: string } | undefined = await this.options
        .knex('tb_semantic_model_parts')
        .select('body')
        .where({ ...key, part })
        .first();
      if (found === undefined) break;
      bodies.push(found.body);
    }
    return fromRow(row, bodies.join(''));
  }

  async revision(): Promise<string> {
    const rows: { n: number | string; latest: Date | string | null; versions: number | string | null }[] =
      await this.options
        .knex('tb_semantic_models')
        .select(
          this.options.knex.raw('count(*) AS n'),
          this.options.knex.raw('max(updated_at) AS latest'),
          this.options.knex.raw('sum(index_version) AS versions'),
        );
    const r = rows[0];
    return `${Number(r?.n ?? 0)}:${r?.latest ? new Date(r.latest).toISOString() : '-'}:${Number(r?.versions ?? 0)}`;
  }

  async sourceIds(): Promise<string[]> {
    const rows: { source_id: string }[] = await this.options
      .knex('tb_semantic_models')
      .distinct('source_id')
      .orderBy('source_id');
    return rows.map((r) => r.source_id);
  }
}

/** A {@link SemanticModelStore} in process memory (tests, one-shot runs); copies in and out. */
export class InMemorySemanticModelStore implements SemanticModelStore {
  private readonly rows = new Map<string, StoredSemanticModel[]>();
  private saves = 0;

  async save(record: SemanticModelRecord): Promise<void> {
    const copy: StoredSemanticModel = { ...structuredClone(record), updatedAt: new Date() };
    const list = (this.rows.get(record.model.sourceId) ?? []).filter(
      (r) => r.model.indexVersion !== record.model.indexVersion,
    );
    list.push(copy);
    list.sort((a, b) => b.model.indexVersion - a.model.indexVersion);
    this.rows.set(record.model.sourceId, list.slice(0, KEPT_VERSIONS));
    this.saves++;
  }

  async loadAll(maxIndexVersion?: number): Promise<StoredSemanticModel[]> {
    const out: StoredSemanticModel[] = [];
    for (const sourceId of [...this.rows.keys()].sort()) {
      const found = await this.load(sourceId, maxIndexVersion);
      if (found) out.push(found);
    }
    return out;
  }

  async load(sourceId: string, maxIndexVersion?: number): Promise<StoredSemanticModel | null> {
    const found = (this.rows.get(sourceId) ?? []).find(
      (r) => maxIndexVersion === undefined || r.model.indexVersion <= maxIndexVersion,
    );
    return found ? structuredClone(found) : null;
  }

  async heads(maxIndexVersion?: number): Promise<SemanticModelHead[]> {
    return (await this.loadAll(maxIndexVersion)).map((m) => ({
      sourceId: m.model.sourceId,
      indexVersion: m.model.indexVersion,
      build: m.build ?? null,
      updatedAt: m.updatedAt,
    }));
  }

  async revision(): Promise<string> {
    return String(this.saves);
  }

  async sourceIds(): Promise<string[]> {
    return [...this.rows.keys()].filter((id) => (this.rows.get(id) ?? []).length > 0).sort();
  }
}
