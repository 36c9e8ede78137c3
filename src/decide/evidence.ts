/**
 * A group's records counted at every threshold of the grid: for each stratum, what routing at `grid[j]`
 * would route, how many of those carry a sampled label, how many of the sampled are wrong, how many more
 * are known to be wrong — and, for a test that needs one uniform sample across strata, the sampled labels
 * kept when this stratum is thinned down to each lower-rate stratum's rate.
 */
import type { Design, Item } from "./record-use.js";

export interface StratumCounts {
  n: number;
  sampled: number;
  errors: number;
  known: number;
  /** kept[t] / keptErrors[t]: sampled labels (and wrong ones) left after thinning to stratum t's rate. */
  kept: number[];
  keptErrors: number[];
}

/** The records routed at one threshold, per stratum (the design's order). */
export interface Region {
  strata: StratumCounts[];
}

export interface Evidence {
  grid: readonly number[];
  at(j: number): Region;
}

/** The first index of `grid` (descending) at or below `score`: the strictest threshold that routes it. */
function binOf(grid: readonly number[], score: number): number {
  let lo = 0;
  let hi = grid.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((grid[mid] as number) <= score) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function bump(column: Int32Array, j: number, yes: boolean): void {
  if (yes) column[j] = (column[j] as number) + 1;
}

/** The share of stratum s's sampled labels a thinned test keeps to match stratum t (1 = all). */
export function keepShare(design: Design, s: number, t: number): number {
  const from = design.strata[s]?.rate ?? 0;
  const to = design.strata[t]?.rate ?? 0;
  return from <= 0 ? 0 : Math.min(1, to / from);
}

/** Cumulative counts over `grid` (descending): index j holds the records with score ≥ grid[j]. */
export function countEvidence(items: readonly Item[], grid: readonly number[], design: Design): Evidence {
  const g = grid.length;
  const k = design.strata.length;
  const column = () => new Int32Array(g);
  const columns = design.strata.map(() => ({
    n: column(),
    sampled: column(),
    errors: column(),
    known: column(),
    kept: Array.from({ length: k }, column),
    keptErrors: Array.from({ length: k }, column),
  }));
  const shares = design.strata.map((_, s) => design.strata.map((__, t) => keepShare(design, s, t)));
  for (const item of items) {
    const j = binOf(grid, item.score);
    const c = columns[item.stratum];
    if (j >= g || !c) continue;
    bump(c.n, j, true);
    bump(c.sampled, j, item.sampled);
    bump(c.errors, j, item.wrong);
    bump(c.known, j, item.known);
    if (!item.sampled) continue;
    const share = shares[item.stratum] ?? [];
    for (let t = 0; t < k; t++) {
      const keep = item.draw < (share[t] ?? 0);
      bump(c.kept[t] as Int32Array, j, keep);
      bump(c.keptErrors[t] as Int32Array, j, keep && item.wrong);
    }
  }
  for (const c of columns) {
    for (const col of [c.n, c.sampled, c.errors, c.known, ...c.kept, ...c.keptErrors]) {
      for (let j = 1; j < g; j++) col[j] = (col[j] as number) + (col[j - 1] as number);
    }
  }
  const read = (a: Int32Array | undefined, j: number) => (a?.[j] as number | undefined) ?? 0;
  const regions: (Region | undefined)[] = [];
  const at = (j: number): Region => {
    regions[j] ??= {
      strata: columns.map((c) => ({
        n: read(c.n, j),
        sampled: read(c.sampled, j),
        errors: read(c.errors, j),
        known: read(c.known, j),
        kept: c.kept.map((a) => read(a, j)),
        keptErrors: c.keptErrors.map((a) => read(a, j)),
      })),
    };
    return regions[j];
  };
  return { grid, at };
}
