import path from 'node:path';
import { parseArgs } from 'node:util';
import { openTablebot } from '../app';
import {
  DEFAULT_SPIDER_DIR,
  GoldSqlAnalyzer,
  LEFT_OUT_DATABASES,
  readSpiderQuestions,
  readSpiderSchemas,
  type SpiderQuestionSet,
} from '../bench';
import { loadCliConfig } from '../config';
import { errorMessage, exitCode } from '../errors';
import { createLogger } from '../logging';
import {
  biasForThreshold,
  type CandidateFeatures,
  combine,
  DEFAULT_SCORE_WEIGHTS,
  featureVector,
  fitLogistic,
  fitRanking,
  FITTED_DECLINE_THRESHOLD,
  FITTED_FEATURES,
  type LabelledExample,
  linearScore,
  SCORE_FEATURES,
  type ScoreWeights,
} from '../retrieval';

/** One calibration question: its top candidates' features, which of them are gold, and its database. */
interface CalibrationQuestion {
  dbId: string;
  set: SpiderQuestionSet;
  top: CandidateFeatures[];
  gold: boolean[];
  leftOut: boolean;
}

/** Thresholds the decline trade-off is printed for (the chosen `--threshold` is added). */
const THRESHOLDS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6];

/**
 * Fits the weights in two steps: 1. ranking weights (which candidate is right: conditional logit over each
 * answerable question's candidates); 2. a logistic scale and bias on the best candidate's ranking score
 * against "the catalog can answer this question" (indexed vs left-out), so that the score is a calibrated
 * probability to decline on. Hand-set weights (`WEIGHT_ORIGIN`: `context` cannot be fitted on single
 * questions) keep their defaults.
 */
function fitWeights(questions: readonly CalibrationQuestion[], l2: number): ScoreWeights {
  const vector = (f: CandidateFeatures) => featureVector(f, FITTED_FEATURES);
  const rank = fitRanking(
    questions.filter((q) => !q.leftOut).map((q) => ({ x: q.top.map(vector), gold: q.gold })),
    { l2 },
  );
  const rankScore = (f: CandidateFeatures) => vector(f).reduce((s, x, i) => s + x * rank[i], 0);
  const best: LabelledExample[] = questions
    .filter((q) => q.top.length > 0)
    .map((q) => ({ x: [Math.max(...q.top.map(rankScore))], y: q.leftOut ? 0 : 1 }));
  const [bias, scale] = fitLogistic(best, { l2: 0 });
  const weights: ScoreWeights = { ...DEFAULT_SCORE_WEIGHTS, bias };
  for (const [i, k] of FITTED_FEATURES.entries()) weights[k] = scale * rank[i];
  return weights;
}

/**
 * Searches the weights for ranking and declining together, by coordinate search from `start`: the objective
 * is R@1 on the answerable questions plus half the share of left-out questions declined when the threshold
 * declines `targetDeclined` of the answerable ones. The bias then puts that cut at probability `threshold`
 * (`--threshold`, by default the threshold the shipped bias was fitted for). Few parameters, so it does not
 * overfit (see the held-out check).
 */
function searchWeights(
  questions: readonly CalibrationQuestion[],
  options: { start: ScoreWeights; targetDeclined: number; threshold: number },
): ScoreWeights {
  const { start, targetDeclined } = options;
  const keys = FITTED_FEATURES;
  // Hand-set features are constant during the search, so the linear score ranks exactly as the final one.
  const linear = (w: ScoreWeights, f: CandidateFeatures) => linearScore(w, f);
  const evaluate = (w: ScoreWeights) => {
    let hits = 0;
    const indexed: number[] = [];
    const leftOut: number[] = [];
    for (const q of questions) {
      if (q.top.length === 0) continue;
      const scores = q.top.map((f) => linear(w, f));
      const i = scores.indexOf(Math.max(...scores));
      if (q.leftOut) leftOut.push(scores[i]);
      else {
        indexed.push(scores[i]);
        if (q.gold[i]) hits++;
      }
    }
    indexed.sort((a, b) => a - b);
    const cut = indexed[Math.floor(targetDeclined * indexed.length)] ?? 0;
    const declined = leftOut.filter((s) => s < cut).length / Math.max(1, leftOut.length);
    return { objective: hits / Math.max(1, indexed.length) + 0.5 * declined, cut };
  };
  let w: ScoreWeights = { ...start };
  let best = evaluate(w);
  for (const step of [0.5, 0.25, 0.1]) {
    for (let improved = true; improved;) {
      improved = false;
      for (const k of keys) {
        for (const delta of [step, -step]) {
          const c = { ...w, [k]: Math.max(0, w[k] + delta) };
          const e = evaluate(c);
          if (e.objective > best.objective + 1e-9) {
            w = c;
            best = e;
            improved = true;
          }
        }
      }
    }
  }
  return { ...w, bias: biasForThreshold(best.cut, options.threshold) };
}

/** Prints R@1 (all, original, syn) and the decline trade-off per threshold for some weights. */
function report(
  name: string,
  weights: ScoreWeights,
  questions: readonly CalibrationQuestion[],
  threshold: number,
): void {
  const score = (f: CandidateFeatures) => combine(weights, f);
  const hits = { original: [0, 0], syn: [0, 0] };
  const best: { s: number; leftOut: boolean }[] = [];
  for (const q of questions) {
    const scores = q.top.map(score);
    const i = scores.indexOf(Math.max(...scores));
    best.push({ s: scores[i] ?? 0, leftOut: q.leftOut });
    if (!q.leftOut) {
      hits[q.set][1]++;
      if (q.gold[i]) hits[q.set][0]++;
    }
  }
  const r = (h: number[]) => (h[0] / Math.max(1, h[1])).toFixed(3);
  const all = [hits.original[0] + hits.syn[0], hits.original[1] + hits.syn[1]];
  console.log(
    `${name}: R@1 ${r(all)} (original ${r(hits.original)}, syn ${r(hits.syn)}) on ${all[1]} indexed questions`,
  );
  const indexed = best.filter((b) => !b.leftOut);
  const leftOut = best.filter((b) => b.leftOut);
  console.log(
    '  threshold: indexed declined / left-out declined  ' +
      [...new Set([...THRESHOLDS, threshold])]
        .sort((a, b) => a - b)
        .map(
          (t) =>
            `${t.toFixed(2)}: ${(indexed.filter((b) => b.s < t).length / Math.max(1, indexed.length)).toFixed(3)}/` +
            `${(leftOut.filter((b) => b.s < t).length / Math.max(1, leftOut.length)).toFixed(3)}`,
        )
        .join('  '),
  );
}

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
      'target-declined': { type: 'string', default: '0.03' },
      threshold: { type: 'string', default: String(FITTED_DECLINE_THRESHOLD) },
    },
  });
  const threshold = Number(values.threshold);
  if (!values.source || !(threshold > 0 && threshold < 1)) {
    console.error(
      'usage: calibrate --source <indexed spider source> [--spider <dir>] [--threshold <0..1>] [--target-declined <share>] [--l2 <n>]',
    );
    return 2;
  }
  const spiderDir = path.resolve(values.spider ?? path.join(__dirname, '..', '..', '..', DEFAULT_SPIDER_DIR));
  const config = loadCliConfig();
  const app = await openTablebot({ config, logger: createLogger({ level: 'warn' }) });
  try {
    const sourceId = app.sources.register(values.source);
    const analyzer = await GoldSqlAnalyzer.create({ schemas: readSpiderSchemas({ spiderDir }) });
    const state = app.pipeline.currentState();
    if (!state) throw new Error('calibrate: nothing is indexed');
    const misses = { sameSchema: 0, identicalTableElsewhere: 0, otherSchema: 0 };
    const questions: CalibrationQuestion[] = [];
    for (const set of ['original', 'syn'] as SpiderQuestionSet[]) {
      for (const q of readSpiderQuestions({ spiderDir, set })) {
        const gold = new Set(analyzer.analyze({ dbId: q.dbId, sql: q.goldSql }).tables);
        const r = await state.retriever.retrieve({ question: q.question, sourceIds: [sourceId] });
        const leftOut = LEFT_OUT_DATABASES.includes(q.dbId);
        const top = r.candidates.slice(0, 20);
        questions.push({
          dbId: q.dbId,
          set,
          top: top.map((c) => c.features),
          gold: top.map((c) => gold.has(c.corpusTable.key)),
          leftOut,
        });
        if (!leftOut && top[0] && !gold.has(top[0].corpusTable.key)) {
          const sameSchema = [...gold].some((g) => g.split('.')[0] === top[0].corpusTable.table.schema);
          const sameName = [...gold].some((g) => g.split('.')[1] === top[0].corpusTable.table.name);
          misses[sameSchema ? 'sameSchema' : sameName ? 'identicalTableElsewhere' : 'otherSchema']++;
        }
      }
    }
    const l2 = Number(values.l2);
    const fitted = fitWeights(questions, l2);
    const search = {
      start: DEFAULT_SCORE_WEIGHTS,
      targetDeclined: Number(values['target-declined']),
      threshold,
    };
    const searched = searchWeights(questions, search);
    report('current', DEFAULT_SCORE_WEIGHTS, questions, threshold);
    report('fitted (logit)', fitted, questions, threshold);
    report(`searched (joint, bias for threshold ${threshold})`, searched, questions, threshold);
    for (const f of SCORE_FEATURES) {
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
    // Held-out check: fit on half of the databases (indexed and left-out alike), evaluate on the other half.
    const dbs = [...new Set(questions.map((q) => q.dbId))].sort();
    for (const half of [0, 1]) {
      const inFit = new Set(dbs.filter((_, i) => i % 2 === half));
      const weights = searchWeights(
        questions.filter((q) => inFit.has(q.dbId)),
        search,
      );
      const heldOut = questions.filter((q) => !inFit.has(q.dbId));
      report(`held-out half ${half} (searched on ${[...inFit].join(', ')})`, weights, heldOut, threshold);
      report(`  same half, default weights`, DEFAULT_SCORE_WEIGHTS, heldOut, threshold);
    }
    console.log('searched weights:', JSON.stringify(searched, null, 2));
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`calibrate: ${errorMessage(error)}`);
    process.exit(exitCode({ thrown: error }));
  },
);
