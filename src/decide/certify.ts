/**
 * Learn-then-Test with a fixed-sequence walk (Angelopoulos et al. 2021). The grid of candidate thresholds comes
 * from the tuning split only; the walk runs on the disjoint certification split, strictest first, and
 * stops at the first threshold it cannot certify. Every threshold it passes is certified together,
 * with probability ≥ 1 − δ, because a false certificate needs the first false null in a fixed order
 * to be rejected, which happens with probability ≤ δ.
 */
import { certifies, precisionLowerBound } from "./binomial.js";

/** Scores sorted from highest to lowest, with the running count of wrong ones. */
export interface SortedSample {
  scores: Float64Array;
  /** cumErrors[i] = wrong among scores[0..i]. */
  cumErrors: Int32Array;
}

export function sortSample(scores: ArrayLike<number>, wrong: ArrayLike<boolean | number>): SortedSample {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const sorted = new Float64Array(order.length);
  const cum = new Int32Array(order.length);
  let e = 0;
  order.forEach((idx, i) => {
    sorted[i] = scores[idx] as number;
    if (wrong[idx]) e++;
    cum[i] = e;
  });
  return { scores: sorted, cumErrors: cum };
}

/** Keeps the first and last items and evenly spaced ones between, at most `max` in all. */
export function thin<T>(grid: T[], max: number): T[] {
  if (grid.length <= max) return grid;
  const out: T[] = [];
  const step = (grid.length - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(grid[Math.round(k * step)] as T);
  return out;
}

export interface WalkResult {
  /** The loosest certified threshold; null = none certified (keep reviewing). */
  threshold: number | null;
  /** Certification-split messages routed at `threshold`, and how many of them were wrong. */
  n: number;
  errors: number;
  /** Clopper–Pearson lower bound on precision at `threshold`, at the level the walk used. */
  lowerBound: number | null;
  /** Thresholds tested (including the one that stopped the walk). */
  tested: number;
  /** The first threshold that failed, with its counts; null when the whole grid certified. */
  stoppedAt: { threshold: number; n: number; errors: number } | null;
}

/** Walks `grid` (strictest first) over the certification split at level δ. */
export function fixedSequenceWalk(
  cert: SortedSample,
  grid: readonly number[],
  alpha: number,
  delta: number,
): WalkResult {
  const result: WalkResult = {
    threshold: null,
    n: 0,
    errors: 0,
    lowerBound: null,
    tested: 0,
    stoppedAt: null,
  };
  let j = 0;
  for (const lambda of grid) {
    while (j < cert.scores.length && (cert.scores[j] as number) >= lambda) j++;
    const errors = j === 0 ? 0 : (cert.cumErrors[j - 1] as number);
    result.tested++;
    if (!certifies(errors, j, alpha, delta)) {
      result.stoppedAt = { threshold: lambda, n: j, errors };
      break;
    }
    result.threshold = lambda;
    result.n = j;
    result.errors = errors;
  }
  if (result.threshold !== null) result.lowerBound = precisionLowerBound(result.errors, result.n, delta);
  return result;
}

/** A walk to run: thresholds strictest first, and the share of δ it may spend. */
export interface Chain {
  grid: number[];
  share: number;
}

/**
 * Runs every chain at its share of δ (Bonferroni across chains, so all their certificates hold together
 * with probability ≥ 1 − δ) and keeps the loosest certified threshold.
 */
export function certifyChains(
  cert: SortedSample,
  chains: readonly Chain[],
  alpha: number,
  delta: number,
): WalkResult & { chain: number } {
  let best: (WalkResult & { chain: number }) | null = null;
  chains.forEach((c, chain) => {
    const walk = fixedSequenceWalk(cert, c.grid, alpha, delta * c.share);
    const better =
      best === null ||
      (walk.threshold !== null && (best.threshold === null || walk.threshold < best.threshold));
    if (better) best = { ...walk, chain };
  });
  return best ?? { ...fixedSequenceWalk(cert, [], alpha, delta), chain: -1 };
}
