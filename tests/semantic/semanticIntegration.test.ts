import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTablebot, type Tablebot } from '../../src/app';
import { main as modelCli } from '../../src/cli/model';
import { openOneShotAnswering } from '../../src/oneShotAnswering';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/logging';
import { KnexSemanticModelStore, modelFileName, SemanticModelRegistry } from '../../src/semantic';
import { PublishedSemanticModels } from '../../src/semantic/semanticSnapshot';
import { PgliteSource } from '../../src/sources/pgliteSource';
import { demoEnv } from '../support/demoApp';
import { SEMANTIC_FIXTURE_SQL } from './semanticFixture';

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The semantic model through the real parts: reindex of a PGlite source stores the derived model with
 * the index version, the admin's file is applied and its bad lines reported, the running bot and another
 * process's registry pick up the new model, and `npm run model` prints it.
 */
describe('semantic model at reindex', () => {
  let dir: string;
  let spec: string;
  let app: Tablebot | undefined;
  let sourceId: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tablebot-semantic-'));
    const source = await PgliteSource.create({ dataDir: path.join(dir, 'shop') });
    try {
      await source.exec(SEMANTIC_FIXTURE_SQL);
    } finally {
      await source.close();
    }
    spec = `pglite:${path.join(dir, 'shop')}`;
    app = await openTablebot({ config: loadConfig(demoEnv(dir), dir), logger: silentLogger() });
    sourceId = app.sources.register(spec);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the derived model with the index version and swaps it into the running bot', async () => {
    const bot = app as Tablebot;
    const summary = await bot.reindexer.reindex({ source: spec });
    expect(summary.semanticModel).toMatchObject({ entities: 6, overridesPath: null, problems: [] });
    const model = bot.semanticModels.model(sourceId);
    expect(model?.indexVersion).toBe(summary.indexVersion);
    expect(model?.entities.find((e) => e.table === 'shop.orders')?.defaultTimeDimension?.column).toBe(
      'ordered_on',
    );
    const stored = await new KnexSemanticModelStore({ knex: bot.knex }).load(sourceId);
    expect(stored?.model).toEqual(model);
    expect(
      bot.semanticModels
        .lookup(sourceId)
        ?.lookup('reps')
        .map((e) => e.kind),
    ).toEqual(['entity']);
  });

  it('applies the admin file at the next reindex, reports its bad lines, and another process picks it up', async () => {
    const bot = app as Tablebot;
    const other = new SemanticModelRegistry({
      store: new KnexSemanticModelStore({ knex: bot.knex }),
      logger: silentLogger(),
      watchIntervalMs: 20,
    });
    await other.reload();
    other.watch();
    try {
      const modelsDir = path.join(dir, 'semantic');
      mkdirSync(modelsDir, { recursive: true });
      writeFileSync(
        path.join(modelsDir, modelFileName(sourceId)),
        [
          'tables:',
          '  - name: shopper',
          '    base_table: { schema: shop, table: clients_tbl }',
          '    synonyms: [patrons, regulars]',
          '    facts:',
          '      - name: lucky number',
          '        expr: no_such_column',
          '    metrics:',
          '      - name: clients ever',
          '        expr: COUNT(DISTINCT client_id)',
        ].join('\n'),
      );
      const summary = await bot.reindexer.reindex({ source: spec });
      expect(summary.semanticModel?.overridesPath).toBe(path.join(modelsDir, modelFileName(sourceId)));
      expect(summary.semanticModel?.problems).toEqual([
        { line: 6, message: expect.stringMatching(/fact lucky number: no column no_such_column; ignored/) },
      ]);
      const model = bot.semanticModels.model(sourceId);
      expect(model?.indexVersion).toBe(summary.indexVersion);
      expect(model?.entities.find((e) => e.table === 'shop.clients_tbl')?.name).toBe('shopper');
      expect(model?.metrics.find((m) => m.name === 'clients ever')?.aggregation).toBe('count_distinct');
      expect(bot.semanticModels.problems(sourceId)).toHaveLength(1);
      // published with the index version too, for a one-shot process that does not open the store
      const folder = (await bot.store.latestIndexVersion())?.path ?? '';
      const published = PublishedSemanticModels.open(folder, summary.indexVersion);
      expect(published).toBeInstanceOf(PublishedSemanticModels);
      const [fromFile] = await (published as PublishedSemanticModels).loadAll();
      const fromStore = await new KnexSemanticModelStore({ knex: bot.knex }).load(sourceId);
      expect(fromFile.model).toEqual(fromStore?.model);
      expect(fromFile.problems).toEqual(fromStore?.problems);
      expect(fromFile.overridesPath).toBe(fromStore?.overridesPath);
      await waitFor(() => other.model(sourceId)?.indexVersion === summary.indexVersion);
      expect(
        other
          .lookup(sourceId)
          ?.lookup('regulars')
          .map((e) => e.kind),
      ).toEqual(['entity']);
    } finally {
      other.close();
    }
  });

  it('prints the model and writes the model file to edit (npm run model)', async () => {
    await app?.close();
    app = undefined;
    const out: string[] = [];
    const err: string[] = [];
    const run = (args: string[]) =>
      modelCli(args, {
        env: demoEnv(dir),
        cwd: dir,
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
      });
    expect(await run(['--source', spec])).toBe(0);
    const printed = out.join('');
    expect(printed).toMatch(/Semantic model of .*: 6 tables/);
    expect(printed).toMatch(/order line \/ order lines {2}\[shop\.order_lines\]/);
    expect(printed).toMatch(/measure {7}avg\(unit_price\)/);
    expect(printed).toMatch(/default time: ordered_on \("ordered" names the event/);
    expect(printed).toMatch(/metric {8}revenue = SUM\(unit_price \* qty \* \(1 - discount\)\)/);
    expect(printed).toMatch(/Model file: .*\.yaml/);
    expect(err.join('')).toMatch(/\.yaml:6: .*fact lucky number: no column no_such_column/);

    out.length = 0;
    err.length = 0;
    expect(await run(['--source', spec, '--write'])).toBe(1);
    expect(err.join('')).toMatch(/exists; edit it, or pass --force/);
    expect(await run(['--source', spec, '--yaml'])).toBe(0);
    expect(out.join('')).toMatch(/^# tablebot semantic model file/);
    expect(out.join('')).toMatch(/name: shopper/);
    expect(await run(['--bogus'])).toBe(2);
  }, 60_000);

  it('a one-shot process answers from the published version, spooling its audit entry for the next store opener', async () => {
    // (the bot was closed by the test before)
    const config = loadConfig(demoEnv(dir), dir);
    const oneShot = await openOneShotAnswering({ config, logger: silentLogger(), source: spec });
    expect(oneShot).not.toBeNull();
    let answeredFrom: string[];
    try {
      const result = await (oneShot as NonNullable<typeof oneShot>).pipeline.ask({
        question: 'how many regulars are there',
        sourceIds: [sourceId],
        identity: { channel: 'cli', ids: ['cli:tester'] },
      });
      answeredFrom = result.tables;
    } finally {
      await oneShot?.close();
    }
    // the synonym comes from the admin's file, published with the version
    expect(answeredFrom).toEqual(['shop.clients_tbl']);
    expect(readdirSync(config.audit.spoolDir).filter((f) => f.endsWith('.jsonl'))).toHaveLength(1);

    app = await openTablebot({ config, logger: silentLogger() });
    const recorded = await app.audit.list({ userId: 'cli:tester' });
    expect(recorded.map((e) => [e.question, e.tables])).toEqual([
      ['how many regulars are there', ['shop.clients_tbl']],
    ]);
    expect(readdirSync(config.audit.spoolDir)).toEqual([]);
  }, 120_000);
});
