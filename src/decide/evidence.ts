/**
 * A group's records counted at every threshold of the grid: what routing at `grid[j]` would route, split
 * into the census (every message counted, right or wrong) and each audited stratum (all routed messages,
 * the audited ones among them, their wrong ones, and known errors outside the audit).
 */
import type { Design, Item } from "./record-use.js";

export interface StratumCounts {
  rate: number;
  n: number;
  audited: number;
  errors: number;
  known: number;
}

/** The records routed at one threshold. */
export interface Region {
  censusN: number;
  censusErrors: number;
  /** Census records with a label people gave (the others count as wrong). */
  censusLabels: number;
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

/** Cumulative counts over `grid` (descending): index j holds the records with score ≥ grid[j]. */
export function countEvidence(items: readonly Item[], grid: readonly number[], design: Design): Evidence {
  const g = grid.length;
  const census = { n: new Int32Array(g), errors: new Int32Array(g), labels: new Int32Array(g) };
  const strata = design.rates.map((rate) => ({
    rate,
    n: new Int32Array(g),
    audited: new Int32Array(g),
    errors: new Int32Array(g),
    known: new Int32Array(g),
  }));
  const stratumOf = new Map(design.rates.map((rate, k) => [rate, k]));
  for (const item of items) {
    const j = binOf(grid, item.score);
    if (j >= g) continue;
    if (item.kind === "census") {
      bump(census.n, j, true);
      bump(census.errors, j, item.wrong);
      bump(census.labels, j, item.labelled);
      continue;
    }
    const s = strata[stratumOf.get(item.rate) ?? -1];
    if (!s) continue;
    bump(s.n, j, true);
    bump(s.audited, j, item.audited);
    bump(s.errors, j, item.wrong);
    bump(s.known, j, item.known);
  }
  const columns = [
    census.n,
    census.errors,
    census.labels,
    ...strata.flatMap((s) => [s.n, s.audited, s.errors, s.known]),
  ];
  for (const column of columns)
    for (let j = 1; j < g; j++) column[j] = (column[j] as number) + (column[j - 1] as number);
  const read = (a: Int32Array, j: number) => a[j] as number;
  const regions: (Region | undefined)[] = [];
  const at = (j: number): Region => {
    regions[j] ??= {
      censusN: read(census.n, j),
      censusErrors: read(census.errors, j),
      censusLabels: read(census.labels, j),
      strata: strata.map((c) => ({
        rate: c.rate,
        n: read(c.n, j),
        audited: read(c.audited, j),
        errors: read(c.errors, j),
        known: read(c.known, j),
      })),
    };
    return regions[j];
  };
  return { grid, at };
}
