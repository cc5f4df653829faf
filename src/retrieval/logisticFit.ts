import { sigmoid } from './scoring';

/** One labelled example for {@link fitLogistic}. */
export interface LabelledExample {
  x: readonly number[];
  y: 0 | 1;
}

/**
 * Fits an L2-regularised logistic regression by Newton's method (IRLS). Returns the weights with the
 * bias first. Small and exact: a handful of features, tens of thousands of examples.
 */
export function fitLogistic(
  examples: readonly LabelledExample[],
  options: { l2?: number; iterations?: number } = {},
): number[] {
  const l2 = options.l2 ?? 1e-2;
  const n = (examples[0]?.x.length ?? 0) + 1;
  let w = new Array<number>(n).fill(0);
  for (let iter = 0; iter < (options.iterations ?? 25); iter++) {
    const grad = new Array<number>(n).fill(0);
    const hess = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (const e of examples) {
      const x = [1, ...e.x];
      const p = sigmoid(dotArr(w, x));
      const r = p * (1 - p);
      for (let i = 0; i < n; i++) {
        grad[i] += (p - e.y) * x[i];
        for (let j = 0; j < n; j++) hess[i][j] += r * x[i] * x[j];
      }
    }
    for (let i = 1; i < n; i++) {
      grad[i] += l2 * w[i];
      hess[i][i] += l2;
    }
    for (let i = 0; i < n; i++) hess[i][i] += 1e-9;
    const step = solve(hess, grad);
    w = w.map((v, i) => v - step[i]);
    if (Math.max(...step.map(Math.abs)) < 1e-7) break;
  }
  return w;
}

function dotArr(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Solves A x = b by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    const d = m[c][c] || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / d;
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / (row[i] || 1e-12));
}

/** One ranking problem: the feature vectors of a question's candidates and which of them are right. */
export interface RankingExample {
  x: readonly (readonly number[])[];
  gold: readonly boolean[];
}

/**
 * Fits linear ranking weights by maximising the conditional-logit likelihood that a right candidate
 * ranks first (softmax over each question's candidates), with L2 regularisation, by gradient ascent.
 */
export function fitRanking(
  examples: readonly RankingExample[],
  options: { l2?: number; iterations?: number; rate?: number } = {},
): number[] {
  const usable = examples.filter((e) => e.gold.some(Boolean) && e.x.length > 1);
  const n = usable[0]?.x[0]?.length ?? 0;
  const w = new Array<number>(n).fill(1);
  const l2 = options.l2 ?? 1e-3;
  const rate = options.rate ?? 0.5;
  const m = new Array<number>(n).fill(0);
  const v = new Array<number>(n).fill(0);
  for (let iter = 1; iter <= (options.iterations ?? 400); iter++) {
    const grad = new Array<number>(n).fill(0);
    for (const e of usable) {
      const s = e.x.map((x) => dotArr(w, x));
      const max = Math.max(...s);
      const p = s.map((z) => Math.exp(z - max));
      const all = p.reduce((a, b) => a + b, 0);
      const good = p.reduce((a, b, i) => a + (e.gold[i] ? b : 0), 0);
      for (let i = 0; i < e.x.length; i++) {
        const coef = (e.gold[i] ? p[i] / good : 0) - p[i] / all;
        for (let j = 0; j < n; j++) grad[j] += coef * e.x[i][j];
      }
    }
    for (let j = 0; j < n; j++) {
      const g = grad[j] / usable.length - l2 * w[j];
      m[j] = 0.9 * m[j] + 0.1 * g;
      v[j] = 0.999 * v[j] + 0.001 * g * g;
      const mh = m[j] / (1 - 0.9 ** iter);
      const vh = v[j] / (1 - 0.999 ** iter);
      w[j] += (rate * mh) / (Math.sqrt(vh) + 1e-8) / Math.sqrt(iter);
    }
  }
  return w;
}
