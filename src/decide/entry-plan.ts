/**
 * Where the fallback walk's shares of δ sit — decided from how many messages and labels each threshold
 * would route, never from whether a label is right, so the plan is fixed before the test reads a label.
 *
 * A walk starting where only a handful of labels route dies on the first confidently wrong one; one
 * starting too low wades through errors. Not knowing where the errors are, the plan hedges: each step of
 * a ladder ("0 wrong", "2 wrong", "6 wrong" …) gets a share of δ at the strictest threshold whose test
 * would pass if that many of the region's labels were wrong. Clean labels certify with the first step
 * at half of δ; a noisy top costs that step's share and the walk restarts lower. A step no threshold can
 * reach with these labels hands its share to the others, so a small label set spends all of δ where it can.
 */
import { labelsNeeded } from "./binomial.js";
import type { Evidence, Region } from "./evidence.js";
import type { Design } from "./record-use.js";
import { testRegion, thinnedTo } from "./region-test.js";

/** Errors a start allows for, and its share of δ (before reachable steps share the unreachable ones'). */
export const LADDER: readonly { errors: number; share: number }[] = [
  { errors: 0, share: 0.5 },
  { errors: 2, share: 0.2 },
  { errors: 6, share: 0.1 },
  { errors: 14, share: 0.1 },
  { errors: 30, share: 0.1 },
];

/**
 * The region as if `errors` of the labels its test would use were wrong. Labelled counts are what each
 * stratum's labelling rate leads one to expect, so the plan does not depend on which records the audit or
 * the reviewers happened to pick.
 */
export function hypothetical(region: Region, design: Design, errors: number): Region {
  const t = thinnedTo(region, design);
  const rate = (k: number) => design.strata[k]?.rate ?? 0;
  const expected = region.strata.map((s, k) => Math.round(s.n * rate(k)));
  const kept = region.strata.map((s) => (t < 0 ? 0 : Math.round(s.n * rate(t))));
  const present = region.strata.filter((s) => s.n > 0).length;
  const used = present <= 1 ? expected : kept;
  const units = used.reduce((a, b) => a + b, 0);
  const spread = (k: number) =>
    units === 0 ? 0 : Math.min(used[k] as number, Math.round((errors * (used[k] as number)) / units));
  return {
    strata: region.strata.map((s, k) => ({
      n: s.n,
      sampled: expected[k] as number,
      errors: present <= 1 ? spread(k) : 0,
      known: 0,
      kept: region.strata.map((_, u) => (u === t ? (kept[k] as number) : 0)),
      keptErrors: region.strata.map((_, u) => (u === t ? spread(k) : 0)),
    })),
  };
}

/** The strictest grid index whose test would pass with `errors` wrong labels at `level`; -1 if none. */
function strictestPassing(
  evidence: Evidence,
  design: Design,
  errors: number,
  alpha: number,
  level: number,
): number {
  const fewest = labelsNeeded(alpha, level, errors);
  for (let j = 0; j < evidence.grid.length; j++) {
    const region = evidence.at(j);
    if (region.strata.reduce((sum, s) => sum + s.n, 0) < fewest) continue;
    if (testRegion(hypothetical(region, design, errors), design, alpha, level).certified) return j;
  }
  return -1;
}

/** The share of δ at each grid index (most are 0). */
export function planWeights(evidence: Evidence, design: Design, alpha: number, delta: number): number[] {
  const weights = evidence.grid.map(() => 0);
  let steps = LADDER.map((s) => ({ ...s, at: -1 }));
  while (steps.length > 0) {
    const total = steps.reduce((sum, s) => sum + s.share, 0);
    for (const s of steps)
      s.at = strictestPassing(evidence, design, s.errors, alpha, (delta * s.share) / total);
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
