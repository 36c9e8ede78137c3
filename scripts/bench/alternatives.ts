/**
 * Two checks behind the design: (1) the plain baseline (20 fixed thresholds at δ/20 each, pooled) against
 * retune on all calibration labels; (2) on simulated scores whose true precision is known, how often the
 * certificate is wrong.
 */
import type { Thresholds } from "../../src/config.js";
import { operatingPoint } from "../../src/decide/metrics.js";
import { seededRandom } from "../../src/decide/seeded-random.js";
import { tune } from "../../src/decide/tune.js";
import { percent } from "../../src/decide/tune-summary.js";
import type { LabelledScore } from "../../src/decide/tune-types.js";
import { baselineThresholds } from "./baseline.js";
import { intentNames, loadBanking } from "./load.js";

const OTHER = 0.3;

export function benchBaseline(dataDir: string): void {
  console.log(
    "The plain baseline (one pooled threshold, 20 fixed values each at δ/20), on all calibration labels",
  );
  const categories = intentNames(dataDir);
  const current: Thresholds = { default: 0.8, other: OTHER, categories: {} };
  for (const model of ["bert", "dfcx"] as const) {
    const cal = loadBanking(dataDir, model, "calibration");
    const test = loadBanking(dataDir, model, "test");
    const base = baselineThresholds(cal, 0.95, 0.9, OTHER);
    const baseOp = operatingPoint(test, base);
    const ours = operatingPoint(
      test,
      tune(cal, { target: 0.95, confidence: 0.9, categories, current }).thresholds,
    );
    console.log(
      `  ${model}: baseline → threshold ${base.default ?? "none"}, test coverage ${percent(baseOp.coverage)}; ` +
        `retune → test coverage ${percent(ours.coverage)}`,
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
    const t = tune(rows, { target, confidence: 0.9, categories: ["a", "b"], current }).thresholds.categories
      .a;
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
