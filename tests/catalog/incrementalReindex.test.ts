import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTablebot, type Tablebot } from '../../src/app';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/logging';
import { PgliteSource } from '../../src/sources/pgliteSource';
import type { CatalogTable } from '../../src/catalog/types';
import { HnswIndex } from '../../src/vector/hnswIndex';
import { readCurrentVersion } from '../../src/vector/versionedStore';
import { loadCorpusSnapshot } from '../../src/retrieval/corpusSnapshot';
import { readSemanticSnapshot } from '../../src/semantic/semanticSnapshot';
import { KnexSemanticModelStore } from '../../src/semantic/semanticModelStore';
import { createTestDatabase, execFlushed, TEST_SERVER_URL, type TestDatabase } from '../support/databases';
import { demoEnv } from '../support/demoApp';

/** A made-up ferry company: ports, vessels, routes, sailings, tickets, crew, fuel and lost property. */
const FERRY_SQL = `
CREATE SCHEMA ferry;
CREATE TABLE ferry.ports (id int primary key, port_name text not null, country text);
COMMENT ON TABLE ferry.ports IS 'harbours the ferries call at';
CREATE TABLE ferry.vessels (id int primary key, vessel_name text not null, car_capacity int, built_year int);
COMMENT ON TABLE ferry.vessels IS 'ships of the fleet';
CREATE TABLE ferry.routes (id int primary key, origin_port int references ferry.ports(id),
  destination_port int references ferry.ports(id), distance_nm numeric);
CREATE TABLE ferry.sailings (id int primary key, route_id int references ferry.routes(id),
  vessel_id int references ferry.vessels(id), departs_at timestamp);
CREATE TABLE ferry.tickets (id int primary key, sailing_id int references ferry.sailings(id), fare numeric,
  passenger_name text, cabin_class text);
COMMENT ON TABLE ferry.tickets IS 'passenger tickets sold per sailing';
CREATE TABLE ferry.crew_members (id int primary key, full_name text, crew_rank text,
  vessel_id int references ferry.vessels(id));
CREATE TABLE ferry.fuel_purchases (id int primary key, vessel_id int references ferry.vessels(id),
  litres numeric, purchased_on date);
CREATE TABLE ferry.lost_property (id int primary key, item_description text, found_on date, claimed boolean);
COMMENT ON TABLE ferry.lost_property IS 'items left on board by passengers and found by the crew';
INSERT INTO ferry.ports VALUES (1, 'Northhaven', 'Norway'), (2, 'Southport', 'Denmark');
INSERT INTO ferry.vessels VALUES (1, 'Sea Lark', 120, 1998), (2, 'Tern', 80, 2011);
INSERT INTO ferry.routes VALUES (1, 1, 2, 42.5);
INSERT INTO ferry.sailings VALUES (1, 1, 1, '2024-05-01 08:00'), (2, 1, 2, '2024-05-01 14:00');
INSERT INTO ferry.tickets VALUES (1, 1, 35, 'Ada', 'deck'), (2, 1, 80, 'Linus', 'cabin');
INSERT INTO ferry.crew_members VALUES (1, 'Ines Berg', 'captain', 1), (2, 'Ola Dahl', 'deckhand', 2);
INSERT INTO ferry.fuel_purchases VALUES (1, 1, 5000, '2024-04-30');
INSERT INTO ferry.lost_property VALUES (1, 'blue umbrella', '2024-05-01', false), (2, 'reading glasses', '2024-05-01', true);
`;

/** Questions in the ferry company's words, asked before and after each reindex. */
const QUESTIONS = [
  'which ships are in the fleet and how many cars do they carry',
  'total fare of tickets sold per cabin class',
  'who is the captain of each vessel',
  'how many litres of fuel were bought last spring',
  'distance of each route between harbours',
  'departure times of the sailings',
];

const tablesOf = (candidates: { table: string }[]) => candidates.map((c) => c.table);

/**
 * An incremental reindex through the real parts (a PGlite folder or, with TABLEBOT_TEST_DATABASE_URL, a
 * database on the server; the knex metadata store; the offline embedder; hnswlib): only the tables whose
 * definition or data changed are profiled and embedded again, removed ones leave the answers, the index is
 * updated in place, and the answers equal those of a full reindex of the same catalog.
 */
describe(`incremental reindex (${TEST_SERVER_URL ? 'postgres' : 'pglite'} source)`, () => {
  let dir: string;
  let app: Tablebot;
  let spec: string;
  let server: TestDatabase | undefined;
  let write: (sql: string) => Promise<void>;
  let sourceId: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tablebot-incremental-'));
    if (TEST_SERVER_URL) {
      server = await createTestDatabase('tb_incr');
      spec = server.url ?? '';
      // a writer with its own connection, as a batch job has, whose write counters are flushed before it
      // returns (execFlushed): the server flushes them on its own time otherwise, and a reindex right after
      // a write would see it only on its next run
      write = (sql) => execFlushed(spec, sql);
      await write(FERRY_SQL);
    } else {
      const folder = path.join(dir, 'ferry');
      const source = await PgliteSource.create({ dataDir: folder });
      await source.exec(FERRY_SQL);
      await source.close();
      spec = `pglite:${folder}`;
    }
    app = await openTablebot({ config: loadConfig(demoEnv(dir), dir), logger: silentLogger() });
    sourceId = app.sources.register(spec);
    // an embedded source is one process's: its writes go through tablebot's own handle
    if (!TEST_SERVER_URL) write = async (sql) => (await app.sources.get(sourceId)).exec(sql);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await server?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (question: string) =>
    tablesOf((await app.pipeline.ask({ question, sourceIds: [sourceId] })).candidates);
  const answers = async () => {
    const out: { question: string; tables: string[]; scores: number[] }[] = [];
    for (const question of QUESTIONS) {
      const result = await app.pipeline.ask({ question, sourceIds: [sourceId] });
      out.push({
        question,
        tables: tablesOf(result.candidates),
        scores: result.candidates.map((c) => Math.round(c.score * 1e6) / 1e6),
      });
    }
    return out;
  };
  const stored = async () =>
    new Map(
      (await app.store.loadAllTables([sourceId])).map((t): [string, CatalogTable] => [
        `${t.schema}.${t.name}`,
        t,
      ]),
    );

  it('profiles and embeds every table on the first reindex, none on a second with nothing changed', async () => {
    const first = await app.reindexer.reindex({ source: spec });
    expect(first).toMatchObject({ tables: 8, profiled: 8, embedded: 8, removed: 0, publish: 'rebuilt' });
    expect(await ask('items left on board and found by the crew')).toContain('ferry.lost_property');

    const again = await app.reindexer.reindex({ source: spec });
    expect(again).toMatchObject({
      tables: 8,
      profiled: 0,
      embedded: 0,
      reused: 8,
      removed: 0,
      publish: 'updated',
    });
    expect(again.indexVersion).toBe(first.indexVersion + 1);
  }, 120_000);

  it('profiles and embeds only the changed and added tables, and drops the removed one from the answers', async () => {
    const before = await stored();
    await write(`COMMENT ON TABLE ferry.fuel_purchases IS 'bunker fuel bought for each vessel'`);
    await write(`ALTER TABLE ferry.crew_members ADD COLUMN sea_certificate text`);
    // rows written without ANALYZE: neither the planner statistics nor the size on disk show them
    await write(`INSERT INTO ferry.tickets VALUES (3, 2, 35, 'Grace', 'deck'), (4, 2, 120, 'Alan', 'suite')`);
    await write(`DROP TABLE ferry.lost_property`);
    await write(
      `CREATE TABLE ferry.cabin_upgrades (id int primary key, ticket_id int references ferry.tickets(id), upgrade_fee numeric);
       COMMENT ON TABLE ferry.cabin_upgrades IS 'paid moves of a passenger to a better cabin'`,
    );

    const summary = await app.reindexer.reindex({ source: spec });
    // fuel_purchases, crew_members, tickets and the new cabin_upgrades
    expect(summary).toMatchObject({ tables: 8, profiled: 4, embedded: 4, reused: 4, removed: 1 });
    // in place, or compacted since a third of this small graph's labels would be deleted ones
    expect(['updated', 'compacted']).toContain(summary.publish);
    const after = await stored();
    for (const name of ['ferry.ports', 'ferry.vessels', 'ferry.routes', 'ferry.sailings'])
      expect(after.get(name)).toEqual(before.get(name));
    expect(after.get('ferry.tickets')?.rowEstimate).toBe(4);
    expect(after.get('ferry.crew_members')?.columns.map((c) => c.name)).toContain('sea_certificate');
    expect(after.has('ferry.lost_property')).toBe(false);

    const index = await HnswIndex.load(app.config.indexDir, { columns: true });
    expect(
      index
        .entries()
        .map((e) => e.meta.table)
        .sort(),
    ).toEqual([...after.keys()].sort());
    const upgrades = index.entries().find((e) => e.meta.table === 'ferry.cabin_upgrades');
    expect(Object.keys(upgrades?.columns ?? {}).sort()).toEqual(['id', 'ticket_id', 'upgrade_fee']);
    // a carried-over table keeps its column vectors
    expect(
      Object.keys(index.entries().find((e) => e.meta.table === 'ferry.ports')?.columns ?? {}).sort(),
    ).toEqual(['country', 'id', 'port_name']);

    expect(await ask('items left on board and found by the crew')).not.toContain('ferry.lost_property');
    expect(await ask('fee paid to upgrade a passenger to a better cabin')).toContain('ferry.cabin_upgrades');
  }, 120_000);

  /**
   * What the current version publishes besides the vectors, in comparable form: the retrieval snapshot
   * (tables in corpus order with their lexical entries and name vectors, BM25 postings per token with
   * document frequencies and weights, mean length, join edges) and the semantic model.
   */
  const published = async () => {
    const current = readCurrentVersion(app.config.indexDir);
    if (current === undefined) throw new Error('no published version');
    const index = await HnswIndex.load(app.config.indexDir, { columns: false });
    const vectors = new Map(index.entries().map((e) => [e.key, e.vector]));
    const loaded = await loadCorpusSnapshot(current.path, {
      embedder: app.embedder,
      tableVector: (id) => vectors.get(id),
    });
    if (loaded.corpus === null) throw new Error(loaded.reason);
    const corpus = loaded.corpus;
    const tables = corpus.tables();
    const postings = corpus.bm25.toPostings();
    const byToken = new Map(
      postings.tokens.map((token, i) => {
        const list: [string, number][] = [];
        for (let p = postings.offsets[i]; p < postings.offsets[i + 1]; p++)
          list.push([tables[postings.docs[p]].id, postings.tfs[p]]);
        return [token, list];
      }),
    );
    const models = readSemanticSnapshot(current.path, current.version).models;
    // the store's row (its parts written from the carried entities' texts) holds the published model
    const storedModel = await new KnexSemanticModelStore({ knex: app.knex }).load(sourceId);
    expect(storedModel?.model).toEqual(models?.find((m) => m.model.sourceId === sourceId)?.model);
    return {
      tables: tables.map((t) => ({
        id: t.id,
        // the change fingerprint stamps what the catalog showed when the table was read (write counters
        // flush on their own time), not what the table is
        table: { ...t.table, changeFingerprint: undefined },
        entry: { ...t.entry, table: undefined },
        names: t.nameVectors.map((v) => [...v].map((x) => Math.round(x * 1e5))),
        signature: t.contentSignature,
      })),
      postings: [...byToken].sort(([a], [b]) => (a < b ? -1 : 1)),
      avgLength: Math.round(postings.avgLength * 1e9),
      edges: [...corpus.joinEdges()],
      models: models?.map((m) => ({ model: { ...m.model, indexVersion: 0 }, problems: m.problems })),
    };
  };

  it('answers exactly as a full reindex of the same catalog does, from the same snapshot and model', async () => {
    const incremental = await answers();
    const updated = await published();
    expect(updated.models?.[0]?.model.entities.map((e) => e.table)).toContain('ferry.cabin_upgrades');
    const full = await app.reindexer.reindex({ source: spec, full: true });
    expect(full).toMatchObject({ tables: 8, profiled: 8, embedded: 0, publish: 'rebuilt' });
    expect(await answers()).toEqual(incremental);
    const rebuilt = await published();
    expect(updated.tables).toEqual(rebuilt.tables);
    expect(updated.postings).toEqual(rebuilt.postings);
    expect(updated.avgLength).toBe(rebuilt.avgLength);
    expect(updated.edges).toEqual(rebuilt.edges);
    expect(updated.models).toEqual(rebuilt.models);
  }, 120_000);

  it('keeps only the newest versions in the index folder', () => {
    const versions = readdirSync(app.config.indexDir).filter((name) => /^v\d+$/.test(name));
    expect(versions.length).toBeLessThanOrEqual(3);
    expect(readdirSync(app.config.indexDir).filter((name) => name.startsWith('.tmp-'))).toEqual([]);
  });
});
