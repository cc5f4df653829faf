import { type CachedTableVectors, compareTables, type SourceChanges } from '../store';
import { seedDemoWarehouse } from '../demo';
import { DEMO_SOURCE_ID } from '../config';
import { tableVectorsFingerprint } from '../embeddings';
import { errorMessage, TablebotError } from '../errors';
import {
  indexedInputs,
  loadCorpusSnapshot,
  RetrievalCorpus,
  tableId,
  updateCorpus,
  writeCorpusSnapshot,
} from '../retrieval';
import { type PreparedSemanticModel, type PreviousSemanticModel, writeSemanticSnapshot } from '../semantic';
import {
  HnswFileStore,
  type IndexEntry,
  type OpenedTableVectors,
  type PublishedTableVectors,
  type PublishOptions,
  reserveScratch,
  SnapshotStaging,
  type TableVectorStore,
  VectorSpill,
} from '../vector';
import { type CatalogTable, qualifiedName, type SourceCatalog } from '../catalog';
import { collectGarbage } from './collectGarbage';
import { embedInBatches } from './embedInBatches';
import { PhaseClock } from './phaseClock';
import type { ReindexProgress, ReindexRequest, ReindexSummary, ReindexerOptions } from './reindexTypes';
import {
  type CatalogSummary,
  differenceOf,
  entry,
  HeldCatalog,
  removedSince,
  type ReusableVectors,
  summarise,
} from './reindexParts';

export type { ReindexProgress, ReindexRequest, ReindexSummary, ReindexerOptions } from './reindexTypes';

/**
 * Rebuilds one source's part of the catalog and the HNSW index: introspect (profiling only the tables whose
 * catalog change fingerprint changed), embed what changed, and publish a new index version that updates
 * the previous one in place (changed tables re-inserted, removed ones deleted, the rest carried over
 * unread) or, on a first or `full` reindex, is built from every table. A failure at any step leaves the
 * previous catalog and index in use.
 */
export class Reindexer {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly vectors: TableVectorStore;

  constructor(private readonly options: ReindexerOptions) {
    this.vectors =
      options.vectors ??
      new HnswFileStore({
        indexDir: options.indexDir,
        embedderId: options.embedder.id,
        dimension: options.embedder.dimension,
        hnsw: options.hnsw,
      });
  }

  /** The published version (with its column vectors when asked), or null when there is none or it cannot be reused. */
  private async openPrevious(columns: boolean | 'located', lazyVectors = false) {
    try {
      return await this.vectors.open({ columns, lazyVectors });
    } catch (error) {
      this.options.logger.warn(
        { err: errorMessage(error) },
        'the published index cannot be reused; embedding every table',
      );
      return null;
    }
  }

  /** A scratch file for the column vectors of a full rebuild, in the index folder (same disk as the versions). */
  private openSpill(): VectorSpill {
    const scratch = reserveScratch(this.options.indexDir);
    return new VectorSpill(scratch.file, this.options.embedder.dimension, scratch.release);
  }

  /**
   * Reindexes one source, one reindex at a time per metadata store (see {@link ReindexerOptions.lock}).
   * @throws TablebotError with a message that says what failed.
   */
  async reindex(request: ReindexRequest): Promise<ReindexSummary> {
    const lock = this.options.lock;
    if (lock) return lock.run(() => this.reindexLocked(request));
    const run = this.queue.then(() => this.reindexLocked(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The retrieval corpus of every indexed table (all sources, as the metadata store now holds them), for the
   * snapshot published with the vectors (`corpusSnapshot.ts`): answering processes load it instead of
   * recomputing it. On an incremental reindex (`change`) it is the previous snapshot updated with the
   * changed and removed tables (`updateCorpus`); else it is built from every table, reusing the name vectors
   * the previous snapshot holds. Null (and a warning) when it cannot be built: the version is then published
   * without one and loads recompute.
   */
  private async snapshotCorpus(
    catalog: SourceCatalog,
    entries: readonly IndexEntry[],
    previous: OpenedTableVectors | null,
    progress: (p: ReindexProgress) => void,
    change?: { sourceId: string; changes: SourceChanges },
  ): Promise<RetrievalCorpus | null> {
    const { store, embedder, logger } = this.options;
    try {
      let before: RetrievalCorpus | null = null;
      // table vectors read when used (an incremental update uses only the changed tables')
      const byKey = new Map(entries.map((e) => [e.key, e]));
      const vector = (id: string) => byKey.get(id)?.vector;
      if (previous?.folder !== undefined) {
        const previousEntries = new Map(previous.entries.map((e) => [e.key, e]));
        // this source's unchanged tables take the introspected entries instead of parsing the snapshot's
        const entries = new Map(catalog.tables.map((t) => [tableId(t.sourceId, qualifiedName(t)), t]));
        before = (
          await loadCorpusSnapshot(previous.folder, {
            embedder,
            tableVector: (id) => previousEntries.get(id)?.vector,
            hasTableVector: (id) => previousEntries.has(id),
            catalogEntry: (id) => entries.get(id),
          })
        ).corpus;
      }
      if (before !== null && change !== undefined) {
        progress({ phase: 'index', done: 0, total: 1, message: 'updating the retrieval snapshot' });
        const updated = await updateCorpus(
          before,
          {
            sourceId: change.sourceId,
            changed: indexedInputs(change.changes.changed, vector),
            removed: [
              ...change.changes.removed.map((t) => tableId(change.sourceId, qualifiedName(t))),
              ...change.changes.changed
                .map((t) => tableId(change.sourceId, qualifiedName(t)))
                .filter((id) => !byKey.has(id)),
            ],
          },
          { embedder },
        );
        // the update covers exactly the published tables, or the snapshot is built from the catalog
        if (updated.size === entries.length && entries.every((e) => updated.byId.has(e.key))) return updated;
        logger.warn(
          { tables: updated.size, indexed: entries.length },
          'the updated retrieval snapshot does not match the index; building it from every table',
        );
      }
      const known = before?.nameVectors() ?? new Map<string, Float32Array>();
      // this source's tables as introspected (just stored), not read back: one copy of the catalog in memory
      const others = (await store.listSources())
        .map((s) => s.sourceId)
        .filter((id) => id !== catalog.sourceId);
      const tables = [
        ...catalog.tables,
        ...(others.length === 0 ? [] : await store.loadAllTables(others)),
      ].sort(compareTables);
      const inputs = indexedInputs(tables, vector);
      progress({ phase: 'index', done: 0, total: inputs.length, message: 'building the retrieval snapshot' });
      return await RetrievalCorpus.build(inputs, {
        embedder,
        knownNameVector: (name) => known.get(name),
        onProgress: (done) =>
          progress({
            phase: 'index',
            done,
            total: inputs.length,
            message: 'building the retrieval snapshot',
          }),
      });
    } catch (error) {
      logger.warn(
        { err: errorMessage(error) },
        'the retrieval snapshot was not built; processes will recompute it when they load this version',
      );
      return null;
    }
  }

  private async reindexLocked(request: ReindexRequest): Promise<ReindexSummary> {
    const started = performance.now();
    const { store, logger } = this.options;
    const progress = request.onProgress ?? (() => undefined);
    progress({ phase: 'connect', done: 0, total: 1, message: 'connecting' });
    const sourceId = this.options.sources.register(request.source);
    const source = await this.options.sources.get(sourceId);
    if (request.source === DEMO_SOURCE_ID) {
      progress({ phase: 'seed', done: 0, total: 2, message: 'demo warehouse (seeded on first use)' });
      let step = 0;
      const seeded = await seedDemoWarehouse(source, {
        onProgress: (message) => progress({ phase: 'seed', done: step++, total: 2, message }),
      });
      progress({ phase: 'seed', done: 2, total: 2, message: seeded.seeded ? 'seeded' : 'already seeded' });
      if (seeded.seeded)
        logger.info({ tables: seeded.tables, rows: seeded.rows }, 'seeded the demo warehouse');
    }
    progress({ phase: 'introspect', done: 0, total: 1, message: `introspecting ${source.label}` });
    const clock = new PhaseClock();
    const previousCatalog = await clock.time('load previous catalog', () => store.loadSource(sourceId));
    // held in a box: a full rebuild lets go of the catalog once its documents and the semantic model are
    // written, before the HNSW graph is built (see HeldCatalog)
    const held = new HeldCatalog(
      await clock.time('introspect', () =>
        this.options.introspector.introspect(source, {
          schemas: request.schemas,
          previous: request.full === true ? undefined : previousCatalog?.tables,
        }),
      ),
    );
    if (held.get().tables.length === 0) {
      throw new TablebotError(
        'SOURCE_EMPTY',
        `Reindexer.reindex: ${source.label} has no tables in the selected schemas`,
      );
    }

    const published =
      request.full === true
        ? null
        : // table vectors read when used: an update in place reads those of no unchanged table
          await clock.time('open previous index', () => this.openPrevious(false, true));
    if (published !== null && published.entries.every((e) => e.fingerprint !== undefined)) {
      return this.updateInPlace({
        catalog: held.get(),
        previous: published,
        previousCatalog,
        started,
        progress,
        clock,
      });
    }
    return this.rebuild({ held, previousCatalog, started, progress, clock });
  }

  /**
   * A full rebuild: the vectors of unchanged tables come from the published version (files), not the
   * metadata store; column vectors stay in files (the published version's, or a spill file the new ones
   * are written to batch by batch) and are copied into the new version, never held all at once. The
   * catalog is let go of before the graph is built: nothing here refers to it past {@link Reindexer.save}'s
   * staging but `held`, which that releases.
   */
  private async rebuild(o: {
    held: HeldCatalog;
    previousCatalog: SourceCatalog | null;
    started: number;
    progress: (p: ReindexProgress) => void;
    clock: PhaseClock;
  }): Promise<ReindexSummary> {
    const { held, previousCatalog, progress, clock } = o;
    const summary = summarise(held.get());
    const removed = removedSince(previousCatalog, held.get());
    const previous = await clock.time('open previous index', () => this.openPrevious('located'));
    const spill = { file: undefined as VectorSpill | undefined };
    try {
      const built = await this.rebuildEntries(held.get(), previous, spill, progress, clock);
      const { entries } = built;
      progress({ phase: 'save', done: 0, total: 1, message: 'saving' });
      const { saved, prepared } = await this.save(
        held,
        previousCatalog,
        // the entries are not read after this: their table vectors are normalised in place, not copied
        (options) => this.vectors.publish(entries, { ...options, adoptVectors: true }),
        { entries, previous, progress, incremental: false, release: true },
        clock,
      );
      return this.finish(summary, saved, prepared, {
        started: o.started,
        reused: summary.tables - built.mine,
        embedded: built.embedded,
        removed,
        indexTables: entries.length,
        publish: 'rebuilt',
        clock,
      });
    } finally {
      spill.file?.remove();
    }
  }

  /**
   * The index entries of a full rebuild (every table of `catalog`, reused or embedded, and the other
   * sources' tables as published), with how many were embedded and how many of them are this source's.
   */
  private async rebuildEntries(
    catalog: SourceCatalog,
    previous: OpenedTableVectors | null,
    spill: { file: VectorSpill | undefined },
    progress: (p: ReindexProgress) => void,
    clock: PhaseClock,
  ): Promise<{ entries: IndexEntry[]; embedded: number; mine: number }> {
    const { store, embedder } = this.options;
    const vectorKey = (t: CatalogTable) => tableVectorsFingerprint(t, embedder.id);
    const cached = new Map<string, ReusableVectors>();
    for (const e of previous?.entries ?? []) {
      if (e.fingerprint !== undefined && e.columnsAt !== undefined)
        cached.set(e.fingerprint, { fingerprint: e.fingerprint, table: e.vector, columnsAt: e.columnsAt });
    }
    // Without a readable published index, the other sources' tables come from the metadata store and are
    // embedded again with this source's: a corrupt or missing index never drops another source.
    const othersToEmbed =
      previous === null ? (await store.loadAllTables()).filter((t) => t.sourceId !== catalog.sourceId) : [];
    const toIndex = [...catalog.tables, ...othersToEmbed];
    const legacy = toIndex.map(vectorKey).filter((f) => !cached.has(f));
    if (legacy.length > 0 && previous?.entries.some((e) => e.fingerprint === undefined) !== false) {
      // an index published before vectors moved to the files: its store rows still hold them, read once
      for (const [f, v] of await store.getCachedVectors(embedder.id, legacy)) cached.set(f, v);
    }
    const missing = toIndex.filter((t) => !cached.has(vectorKey(t)));
    if (missing.length > 0) spill.file = this.openSpill();
    const file = spill.file;
    const spilled = (v: CachedTableVectors): ReusableVectors =>
      file === undefined
        ? v
        : {
            fingerprint: v.fingerprint,
            table: v.table,
            columnsAt: file.append(Object.keys(v.columns), Object.values(v.columns)),
          };
    const embedded = await clock.time('embed', () =>
      embedInBatches({ embedder, tables: missing, progress, keep: spilled }),
    );
    for (const { vectors } of embedded) cached.set(vectors.fingerprint, vectors);

    progress({ phase: 'index', done: 0, total: 1, message: 'building the HNSW index' });
    // other sources' tables are carried over from the published version as they are
    const others = (previous?.entries ?? []).filter((e) => e.meta.sourceId !== catalog.sourceId);
    const entries: IndexEntry[] = [
      ...toIndex.flatMap((t) => {
        const v = cached.get(vectorKey(t));
        return v ? [entry(t, v)] : [];
      }),
      ...others,
    ];
    return {
      entries,
      embedded: missing.length,
      mine: missing.filter((t) => t.sourceId === catalog.sourceId).length,
    };
  }

  /**
   * The incremental case: embeds the tables whose vector fingerprint changed (or that are new), and updates
   * the published version in place with them and without the tables that are gone. Unchanged tables are
   * neither embedded nor read back (their column vectors stay in the files).
   */
  private async updateInPlace(o: {
    catalog: SourceCatalog;
    previous: OpenedTableVectors;
    previousCatalog: SourceCatalog | null;
    started: number;
    progress: (p: ReindexProgress) => void;
    clock: PhaseClock;
  }): Promise<ReindexSummary> {
    const { embedder } = this.options;
    const { catalog, previous, progress, clock } = o;
    const published = new Map(previous.entries.map((e) => [e.key, e]));
    const keyOf = (t: CatalogTable) => tableId(t.sourceId, qualifiedName(t));
    const changed = catalog.tables.filter(
      (t) => published.get(keyOf(t))?.fingerprint !== tableVectorsFingerprint(t, embedder.id),
    );
    const present = new Set(catalog.tables.map(keyOf));
    const removed = previous.entries
      .filter((e) => e.meta.sourceId === catalog.sourceId && !present.has(e.key))
      .map((e) => e.key);
    const added = (
      await clock.time('embed', () => embedInBatches({ embedder, tables: changed, progress }))
    ).map((e) => entry(e.table, e.vectors));
    progress({ phase: 'index', done: 0, total: 1, message: 'updating the HNSW index' });
    const replaced = new Set([...removed, ...added.map((e) => e.key)]);
    const entries = [...previous.entries.filter((e) => !replaced.has(e.key)), ...added];
    progress({ phase: 'save', done: 0, total: 1, message: 'saving' });
    const { saved, prepared } = await this.save(
      new HeldCatalog(catalog),
      o.previousCatalog,
      (attach) => this.vectors.update({ baseVersion: previous.version, remove: removed, add: added }, attach),
      { entries, previous, progress, incremental: true },
      clock,
    );
    return this.finish(summarise(catalog), saved, prepared, {
      started: o.started,
      reused: catalog.tables.length - changed.length,
      embedded: changed.length,
      removed: removed.length,
      indexTables: entries.length,
      publish: saved.compacted === true ? 'compacted' : 'updated',
      clock,
    });
  }

  /**
   * Stores the catalog and publishes the vectors with the retrieval snapshot; on a failure the previous
   * catalog is put back and the previous version stays current. The snapshots are written (into a staging
   * folder) before the vectors are published, and with `corpusOf.release` the catalog is let go of then:
   * the graph's build holds neither the corpus, nor the catalog, nor the garbage they leave.
   */
  private async save(
    held: HeldCatalog,
    previousCatalog: SourceCatalog | null,
    publish: (options: PublishOptions) => Promise<PublishedTableVectors>,
    corpusOf: CorpusOf,
    clock: PhaseClock,
  ): Promise<{ saved: PublishedTableVectors; prepared: PreparedSemanticModel | undefined }> {
    const staging = new SnapshotStaging(this.options.indexDir);
    try {
      const prepared = await this.stage(held, previousCatalog, staging.dir, corpusOf, clock);
      if (corpusOf.release === true) held.release();
      // what the staging left (the model's serialised parts, and the catalog once released) is collected
      // before the graph's native memory is allocated: the peak holds the graph beside live data only
      await clock.time('collect garbage', collectGarbage);
      const saved = await clock.time('publish', () =>
        publish({ attach: (dir) => clock.time('write snapshots', () => staging.moveInto(dir)) }),
      );
      // the built graph is garbage once saved; its native memory is freed when its wrapper is collected,
      // before the semantic model is stored (a metadata store on PGlite grows its heap for that)
      await clock.time('collect garbage', collectGarbage);
      return { saved, prepared };
    } catch (error) {
      if (previousCatalog) await this.options.store.replaceSource(previousCatalog).catch(() => undefined);
      throw error;
    } finally {
      staging.remove();
    }
  }

  /**
   * Stores the catalog, then writes the retrieval snapshot and the semantic model's into `dir`; returns the
   * model to store once the version is known. A method of its own: its locals (catalog, changes) end with it.
   */
  private async stage(
    held: HeldCatalog,
    previousCatalog: SourceCatalog | null,
    dir: string,
    corpusOf: CorpusOf,
    clock: PhaseClock,
  ): Promise<PreparedSemanticModel | undefined> {
    const { store, logger } = this.options;
    const catalog = held.get();
    const changes = previousCatalog === null ? null : differenceOf(previousCatalog, catalog);
    await clock.time('store catalog', () =>
      changes === null ? store.replaceSource(catalog) : store.updateSource(catalog, changes),
    );
    const folder = corpusOf.previous?.folder;
    const since: PreviousSemanticModel | undefined =
      corpusOf.incremental && previousCatalog !== null && changes !== null && folder !== undefined
        ? {
            folder,
            version: corpusOf.previous?.version ?? 0,
            previousTables: previousCatalog.tables,
            changed: new Set(changes.changed.map(qualifiedName)),
          }
        : undefined;
    // in a method of its own so that nothing captures the corpus (name vectors, documents, postings)
    await this.stageCorpus(dir, catalog, corpusOf, changes, clock);
    // the corpus is garbage now: collected before the model is derived, not left beside it
    await clock.time('collect garbage', collectGarbage);
    const prepared = await clock.time('semantic model', () =>
      this.options.semanticModel?.(catalog, since).catch((error: unknown) => {
        logger.error({ err: errorMessage(error) }, 'the semantic model was not built; indexing without it');
        return undefined;
      }),
    );
    const models = prepared?.published;
    if (models) await clock.time('write snapshots', () => writeSemanticSnapshot(dir, models));
    return prepared;
  }

  /** Builds the retrieval snapshot (see {@link Reindexer.snapshotCorpus}) and writes it into `dir`. */
  private async stageCorpus(
    dir: string,
    catalog: SourceCatalog,
    corpusOf: CorpusOf,
    changes: SourceChanges | null,
    clock: PhaseClock,
  ): Promise<void> {
    const corpus = await clock.time('retrieval snapshot', () =>
      this.snapshotCorpus(
        catalog,
        corpusOf.entries,
        corpusOf.previous,
        corpusOf.progress,
        corpusOf.incremental && changes !== null ? { sourceId: catalog.sourceId, changes } : undefined,
      ),
    );
    if (corpus)
      await clock.time('write snapshots', () => writeCorpusSnapshot(dir, corpus, this.options.embedder));
  }

  /** Records the version, stores the semantic model, and reports. */
  private async finish(
    catalog: CatalogSummary,
    saved: PublishedTableVectors,
    prepared: PreparedSemanticModel | undefined,
    o: {
      started: number;
      reused: number;
      embedded: number;
      removed: number;
      indexTables: number;
      publish: ReindexSummary['publish'];
      clock: PhaseClock;
    },
  ): Promise<ReindexSummary> {
    const { store, embedder, logger } = this.options;
    const { clock } = o;
    await clock.time('record version', () =>
      store.recordIndexVersion({
        version: saved.version,
        embedderId: embedder.id,
        dimension: embedder.dimension,
        tableCount: o.indexTables,
        path: saved.path,
      }),
    );
    const semanticModel = await clock.time('store semantic model', () =>
      prepared?.store(saved.version).catch((error: unknown) => {
        logger.error(
          { err: errorMessage(error) },
          'the semantic model was not stored; the index is in place',
        );
        return undefined;
      }),
    );
    const summary: ReindexSummary = {
      sourceId: catalog.sourceId,
      schemas: catalog.schemas,
      tables: catalog.tables,
      columns: catalog.columns,
      reused: o.reused,
      embedded: o.embedded,
      profiled: catalog.profiled,
      removed: o.removed,
      publish: o.publish,
      embedder: embedder.id,
      seconds: Math.round((performance.now() - o.started) / 10) / 100,
      indexVersion: saved.version,
      indexBytes: saved.bytes,
      indexTables: o.indexTables,
      ...(semanticModel ? { semanticModel } : {}),
    };
    logger.info(
      {
        sourceId: catalog.sourceId,
        tables: summary.tables,
        publish: summary.publish,
        phases: clock.summary(),
      },
      'Reindexer.reindex: phase timings',
    );
    await this.options.onIndexed?.(summary);
    return summary;
  }
}

/** What the snapshots of a version are built from (see Reindexer.save). */
interface CorpusOf {
  entries: readonly IndexEntry[];
  previous: OpenedTableVectors | null;
  progress: (p: ReindexProgress) => void;
  /** Derive and snapshot only what changed since the previous version (else from every table). */
  incremental: boolean;
  /** Let go of the catalog once the snapshots are written (a full rebuild: nothing reads it after). */
  release?: boolean;
}
