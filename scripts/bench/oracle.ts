/** Yardsticks for the bench: the best single threshold in hindsight, and the naive "hit the target in-sample". */
import { topCategory } from "../../src/decide/decision.js";
import type { LabelledScore } from "../../src/decide/tune-types.js";

export interface ThresholdPoint {
  threshold: number | null;
  coverage: number;
  precision: number | null;
}

/**
 * The loosest single threshold (same for every category, same `other` cut) whose precision on `rows`
 * is ≥ target: chosen on the rows it is scored on, so no method can be expected to beat it.
 */
export function bestThresholdInHindsight(
  rows: readonly LabelledScore[],
  target: number,
  otherCut: number,
): ThresholdPoint {
  const eligible = rows
    .map((r) => ({ r, ...topCategory(r.probs) }))
    .filter((x) => x.top !== null && x.r.other < otherCut)
    .sort((a, b) => b.topProb - a.topProb);
  let best: ThresholdPoint = { threshold: null, coverage: 0, precision: null };
  let correct = 0;
  for (let i = 0; i < eligible.length; i++) {
    const x = eligible[i];
    if (!x) break;
    if (x.top === x.r.label) correct++;
    const next = eligible[i + 1];
    if (next && next.topProb === x.topProb) continue; // a threshold routes ties together
    const precision = correct / (i + 1);
    if (precision >= target) best = { threshold: x.topProb, coverage: (i + 1) / rows.length, precision };
  }
  return best;
}
