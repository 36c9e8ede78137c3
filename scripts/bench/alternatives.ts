/**
 * Two checks behind the design: (1) a grid fixed in advance, walked on all labels, against the split
 * design; (2) on simulated scores whose true precision is known, how often the certificate is wrong.
 */
import type { Thresholds } from "../../src/config.js";
import { fixedSequenceWalk, sortSample } from "../../src/decide/certify.js";
import { topCategory } from "../../src/decide/decision.js";
import { operatingPoint } from "../../src/decide/metrics.js";
import { seededRandom } from "../../src/decide/split.js";
import { tune } from "../../src/decide/tune.js";
import { percent } from "../../src/decide/tune-summary.js";
import type { LabelledScore } from "../../src/decide/tune-types.js";
import { intentNames, loadBanking } from "./load.js";

const OTHER = 0.3;

/** 0.999, 0.998, …, 0.500: chosen before seeing any data. */
const FIXED_GRID = Array.from({ length: 500 }, (_, i) => Math.round((0.999 - i * 0.001) * 1000) / 1000);

function fixedGridThreshold(rows: readonly LabelledScore[], alpha: number, delta: number): number | null {
  const eligible = rows
    .map((r) => ({ r, ...topCategory(r.probs) }))
    .filter((x) => x.top !== null && x.r.other < OTHER);
  const sample = sortSample(
    eligible.map((x) => x.topProb),
    eligible.map((x) => x.top !== x.r.label),
  );
  return fixedSequenceWalk(sample, FIXED_GRID, alpha, delta).threshold;
}

export function benchFixedGrid(dataDir: string): void {
  console.log("A grid fixed in advance (0.999, 0.998 … 0.5), pooled, walked on all calibration labels");
  const categories = intentNames(dataDir);
  for (const model of ["bert", "dfcx"] as const) {
    const cal = loadBanking(dataDir, model, "calibration");
    const test = loadBanking(dataDir, model, "test");
    const fixed = fixedGridThreshold(cal, 0.05, 0.1);
    const fixedThresholds: Thresholds = { default: fixed, other: OTHER, categories: {} };
    const fixedOp = operatingPoint(test, fixedThresholds);
    const split = operatingPoint(
      test,
      tune(cal, { target: 0.95, confidence: 0.9, categories, current: fixedThresholds }).thresholds,
    );
    console.log(
      `  ${model}: fixed grid → threshold ${fixed ?? "none"}, test coverage ${percent(fixedOp.coverage)}; ` +
        `retune → test coverage ${percent(split.coverage)}`,
    );
  }
  console.log("");
}

/**
 * Top probability p uniform on [0.5, 1] and right with probability p, so precision at threshold λ is
 * (1 + λ)/2: 85% needs λ ≥ 0.7 and the best coverage is 60%.
 */
export function benchSynthetic(runs: number, n: number): void {
  const target = 0.85;
  let wrong = 0;
  let certified = 0;
  let coverage = 0;
  for (let s = 1; s <= runs; s++) {
    const random = seededRandom(s * 104729);
    const rows: LabelledScore[] = Array.from({ length: n }, () => {
      const p = 0.5 + 0.5 * random();
      return { probs: { a: p, b: 1 - p }, other: 0, label: random() < p ? "a" : "b" };
    });
    const current: Thresholds = { default: 0.8, other: OTHER, categories: {} };
    const t = tune(rows, { target, confidence: 0.9, categories: ["a", "b"], current, seed: s }).thresholds
      .categories.a;
    if (t === null || t === undefined) continue;
    certified++;
    const lambda = Math.max(t, 0.5);
    coverage += (1 - lambda) / 0.5;
    if ((1 + lambda) / 2 < target) wrong++;
  }
  console.log(
    `Simulated scores with known precision: ${runs} runs of ${n} labels, target 85%, confidence 90%`,
  );
  console.log(
    `  true precision below target in ${wrong} runs (${percent(wrong / runs)}; must stay ≤ 10%); ` +
      `certified in ${certified}; mean coverage ${percent(coverage / runs)} of the best possible 60%\n`,
  );
}
