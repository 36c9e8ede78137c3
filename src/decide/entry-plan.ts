/**
 * Where the fallback walk's shares of δ sit — decided from how many labels each threshold's test can
 * expect, never from what the labels say, so the plan is fixed before the test reads a label.
 *
 * A walk starting where only a handful of labels route dies on the first confidently wrong one; one
 * starting too low wades through errors. Not knowing where the errors are, the plan hedges: each step of
 * a ladder ("0 wrong", "2 wrong", "6 wrong" …) gets a share of δ at the strictest threshold whose test
 * would pass if that many of the region's labels were wrong. Clean labels certify with the first step
 * at half of δ; a noisy top costs that step's share and the walk restarts lower. A step no threshold can
 * reach with these labels hands its share to the others, so a small label set spends all of δ where it can.
 */
import type { Evidence, Region } from "./evidence.js";
import type { Design } from "./record-use.js";
import { passes, thinnedTo } from "./region-test.js";

/** Errors a start allows for, and its share of δ (before reachable steps share the unreachable ones'). */
export const LADDER: readonly { errors: number; share: number }[] = [
  { errors: 0, share: 0.5 },
  { errors: 2, share: 0.2 },
  { errors: 6, share: 0.1 },
  { errors: 14, share: 0.1 },
  { errors: 30, share: 0.1 },
];

/** Standard deviations of margin on a random labelled count, so a start rarely finds fewer labels than planned. */
const MARGIN = 1.5;

/**
 * The labels a region's test can expect to use: each stratum's records in the region times its labelling
 * rate (mixing strata, thinned to the lowest rate), less a margin for the audit's and the reviewers'
 * randomness (none where the region holds a whole stratum). From rates and counts only, so the plan does
 * not depend on which records the audit or the reviewers happened to pick, nor on what their labels say.
 */
export function expectedSample(region: Region, design: Design): number {
  const t = thinnedTo(region, design);
  if (t < 0) return 0;
  const to = design.strata[t]?.rate ?? 0;
  let mean = 0;
  let variance = 0;
  region.strata.forEach((s, k) => {
    const stratum = design.strata[k];
    if (s.n === 0 || !stratum || stratum.rate <= 0) return;
    const rate = stratum.rate;
    const keep = Math.min(1, to / rate);
    // Labelled records among the region's: hypergeometric within the stratum; then thinned at random.
    const fpc = stratum.records > 1 ? (stratum.records - s.n) / (stratum.records - 1) : 0;
    const labelled = s.n * rate * (1 - rate) * fpc;
    mean += s.n * rate * keep;
    variance += keep * keep * labelled + s.n * rate * keep * (1 - keep);
  });
  return Math.max(0, Math.floor(mean - MARGIN * Math.sqrt(variance)));
}

/** The strictest grid index whose test would pass with `errors` wrong labels at `level`; -1 if none. */
function strictestPassing(expected: readonly number[], errors: number, alpha: number, level: number): number {
  return expected.findIndex((n) => passes(errors, n, alpha, level));
}

/** The share of δ at each grid index (most are 0). */
export function planWeights(evidence: Evidence, design: Design, alpha: number, delta: number): number[] {
  const weights = evidence.grid.map(() => 0);
  const expected = evidence.grid.map((_, j) => expectedSample(evidence.at(j), design));
  let steps = LADDER.map((s) => ({ ...s, at: -1 }));
  while (steps.length > 0) {
    const total = steps.reduce((sum, s) => sum + s.share, 0);
    for (const s of steps) s.at = strictestPassing(expected, s.errors, alpha, (delta * s.share) / total);
    const unreachable = steps.filter((s) => s.at < 0);
    if (unreachable.length === 0) break;
    // The step allowing most errors needs the most labels: drop it first, and give its share to the rest.
    const dropped = unreachable[unreachable.length - 1];
    steps = steps.filter((s) => s !== dropped);
  }
  const total = steps.reduce((sum, s) => sum + s.share, 0);
  for (const s of steps) weights[s.at] = (weights[s.at] as number) + s.share / total;
  return weights;
}
