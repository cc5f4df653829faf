import path from 'node:path';
import { parseArgs } from 'node:util';
import { openTablebot } from '../app';
import { DEFAULT_SPIDER_DIR, LEFT_OUT_DATABASES } from '../bench/benchPlan';
import { GoldSqlAnalyzer } from '../bench/goldTables';
import { readSpiderQuestions, readSpiderSchemas, type SpiderQuestionSet } from '../bench/spiderDataset';
import { loadConfig } from '../config';
import { errorMessage } from '../errors';
import { createLogger } from '../logging';
import {
  DEFAULT_SCORE_WEIGHTS,
  type CandidateFeatures,
  type ScoreWeights,
} from '../retrieval/hybridRetriever';
import { fitLogistic, fitRanking, sigmoid, type LabelledExample } from '../retrieval/logisticFit';

const FEATURES: (keyof CandidateFeatures)[] = [
  'similarity',
  'lexical',
  'coverage',
  'nameMatch',
  'valueMatch',
  'context',
  'schemaCoverage',
];

/**
 * Fits the retrieval score weights and the decline threshold on a Spider-format question set, using an
 * index built beforehand (`npm run bench` or `npm run reindex` of the loaded databases). Prints the
 * fitted weights, R@1 with the current and fitted weights, and the decline trade-off per threshold.
 *
 *   node dist/src/cli/calibrate.js --source <url> [--spider <dir>]
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      source: { type: 'string' },
      spider: { type: 'string' },
      l2: { type: 'string', default: '0.01' },
    },
  });
  if (!values.source) {
    console.error('usage: calibrate --source <indexed spider source> [--spider <dir>]');
    return 2;
  }
  const spiderDir = path.resolve(values.spider ?? path.join(__dirname, '..', '..', '..', DEFAULT_SPIDER_DIR));
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const app = await openTablebot({ config, logger: createLogger({ level: 'warn' }) });
  try {
    const sourceId = app.sources.register(values.source);
    const analyzer = await GoldSqlAnalyzer.create({ schemas: readSpiderSchemas({ spiderDir }) });
    const state = app.pipeline.currentState();
    if (!state) throw new Error('calibrate: nothing is indexed');
    const examples: LabelledExample[] = [];
    const misses = { sameSchema: 0, identicalTableElsewhere: 0, otherSchema: 0 };
    const questions: { top: CandidateFeatures[]; gold: boolean[]; leftOut: boolean }[] = [];
    for (const set of ['original', 'syn'] as SpiderQuestionSet[]) {
      for (const q of readSpiderQuestions({ spiderDir, set })) {
        const gold = new Set(analyzer.analyze({ dbId: q.dbId, sql: q.goldSql }).tables);
        const r = await state.retriever.retrieve({ question: q.question, sourceIds: [sourceId] });
        const leftOut = LEFT_OUT_DATABASES.includes(q.dbId);
        const top = r.candidates.slice(0, 20);
        questions.push({
          top: top.map((c) => c.features),
          gold: top.map((c) => gold.has(c.corpusTable.key)),
          leftOut,
        });
        if (!leftOut && top[0] && !gold.has(top[0].corpusTable.key)) {
          const sameSchema = [...gold].some((g) => g.split('.')[0] === top[0].corpusTable.table.schema);
          const sameName = [...gold].some((g) => g.split('.')[1] === top[0].corpusTable.table.name);
          misses[sameSchema ? 'sameSchema' : sameName ? 'identicalTableElsewhere' : 'otherSchema']++;
        }
        if (!leftOut)
          for (const c of top)
            examples.push({ x: FEATURES.map((f) => c.features[f]), y: gold.has(c.corpusTable.key) ? 1 : 0 });
        else if (top[0]) examples.push({ x: FEATURES.map((f) => top[0].features[f]), y: 0 });
      }
    }
    // 1. ranking weights (which table is right), 2. a logistic scale and bias on the ranking score
    //    (how likely the best one is right at all), so scores are calibrated for declining.
    const rank = fitRanking(
      questions
        .filter((q) => !q.leftOut)
        .map((q) => ({ x: q.top.map((f) => FEATURES.map((k) => f[k])), gold: q.gold })),
      { l2: Number(values.l2) },
    );
    const ranked = examples.map((e) => ({ x: [e.x.reduce((s, x, i) => s + x * rank[i], 0)], y: e.y }));
    const [bias, scale] = fitLogistic(ranked, { l2: 0 });
    const fitted: ScoreWeights = {
      bias,
      similarity: scale * rank[0],
      lexical: scale * rank[1],
      coverage: scale * rank[2],
      nameMatch: scale * rank[3],
      valueMatch: scale * rank[4],
      context: 1,
      schemaCoverage: scale * rank[6],
    };
    const score = (weights: ScoreWeights, f: CandidateFeatures) =>
      sigmoid(weights.bias + FEATURES.reduce((s, k) => s + weights[k] * f[k], 0));
    for (const [name, weights] of [
      ['current', DEFAULT_SCORE_WEIGHTS],
      ['fitted', fitted],
    ] as const) {
      let hits = 0;
      let indexed = 0;
      const best: { s: number; leftOut: boolean }[] = [];
      for (const q of questions) {
        const scores = q.top.map((f) => score(weights, f));
        const i = scores.indexOf(Math.max(...scores));
        best.push({ s: scores[i] ?? 0, leftOut: q.leftOut });
        if (!q.leftOut) {
          indexed++;
          if (q.gold[i]) hits++;
        }
      }
      console.log(`${name}: R@1 ${(hits / indexed).toFixed(3)} on ${indexed} indexed questions`);
      for (const t of [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5]) {
        const inDecl =
          best.filter((b) => !b.leftOut && b.s < t).length / best.filter((b) => !b.leftOut).length;
        const outDecl =
          best.filter((b) => b.leftOut && b.s < t).length / Math.max(1, best.filter((b) => b.leftOut).length);
        console.log(
          `  threshold ${t.toFixed(2)}: indexed declined ${inDecl.toFixed(3)}, left-out declined ${outDecl.toFixed(3)}`,
        );
      }
    }
    for (const f of FEATURES) {
      let hits = 0;
      let indexed = 0;
      for (const q of questions) {
        if (q.leftOut || q.top.length === 0) continue;
        indexed++;
        const v = q.top.map((x) => x[f]);
        if (q.gold[v.indexOf(Math.max(...v))]) hits++;
      }
      console.log(`ranking by ${f} alone: R@1 ${(hits / indexed).toFixed(3)}`);
    }
    console.log('misses with the current weights:', misses);
    console.log(JSON.stringify(fitted, null, 2));
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`calibrate: ${errorMessage(error)}`);
    process.exit(1);
  },
);
