/** One group's certification: its records counted on the grid, the plan's shares of δ, the fallback walk. */
import { planWeights } from "./entry-plan.js";
import { countEvidence } from "./evidence.js";
import { fallbackWalk } from "./fallback.js";
import { THRESHOLD_GRID } from "./grid.js";
import type { Design, Item } from "./record-use.js";
import { testRegion } from "./region-test.js";
import type { WalkResult } from "./tune-types.js";

export interface GroupWalk extends WalkResult {
  /** Records the group could route, and sampled labels among them. */
  records: number;
  labels: number;
  /** Records routed at `threshold`. */
  routed: number;
}

export function walkGroup(items: readonly Item[], design: Design, alpha: number, delta: number): GroupWalk {
  const evidence = countEvidence(items, THRESHOLD_GRID, design);
  const all = evidence.at(THRESHOLD_GRID.length - 1).strata;
  const records = all.reduce((sum, s) => sum + s.n, 0);
  const labels = all.reduce((sum, s) => sum + s.sampled, 0);
  const weights = planWeights(evidence, design, alpha, delta);
  const walk = fallbackWalk(weights, delta, (j, level) => testRegion(evidence.at(j), design, alpha, level));
  const best = walk.best;
  const stop = walk.stoppedAt;
  const routed = best ? evidence.at(best.index).strata.reduce((sum, s) => sum + s.n, 0) : 0;
  return {
    records,
    labels,
    routed,
    threshold: best ? (THRESHOLD_GRID[best.index] as number) : null,
    n: best?.outcome.n ?? 0,
    errors: best?.outcome.errors ?? 0,
    lowerBound: best ? best.outcome.lowerBound : null,
    tested: walk.tested,
    stoppedAt: stop
      ? { threshold: THRESHOLD_GRID[stop.index] as number, n: stop.outcome.n, errors: stop.outcome.errors }
      : null,
  };
}
