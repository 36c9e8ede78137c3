/**
 * The plain, obviously valid yardstick of issue 10: one pooled threshold, a fixed grid of 20 values each
 * tested on its own at δ/20 with an exact Clopper–Pearson test (Bonferroni), the loosest certified wins.
 */
import type { Thresholds } from "../../src/config.js";
import { certifies } from "../../src/decide/binomial.js";
import { topCategory } from "../../src/decide/decision.js";
import type { LabelledScore } from "../../src/decide/tune-types.js";

export const BASELINE_GRID = [
  0.999, 0.995, 0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.93, 0.92, 0.9, 0.88, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5,
  0.3, 0,
];

export function baselineThresholds(
  rows: readonly LabelledScore[],
  target: number,
  confidence: number,
  otherCut: number,
): Thresholds {
  const scored = rows
    .map((r) => ({ r, ...topCategory(r.probs) }))
    .filter((x) => x.top !== null && x.r.other < otherCut);
  let best: number | null = null;
  for (const lambda of BASELINE_GRID) {
    const routed = scored.filter((x) => x.topProb >= lambda);
    const errors = routed.filter((x) => x.top !== x.r.label).length;
    if (certifies(errors, routed.length, 1 - target, (1 - confidence) / BASELINE_GRID.length)) best = lambda;
  }
  return { default: best, other: otherCut, categories: {} };
}
