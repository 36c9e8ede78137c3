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

/** Cumulative counts over `grid` (descending): index j holds the records with score ≥ grid[j]. */
export function countEvidence(items: readonly Item[], grid: readonly number[], design: Design): Evidence {
  const sorted = [...items].sort((a, b) => b.score - a.score);
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
  const run = { n: 0, errors: 0, labels: 0 };
  const runs = design.rates.map(() => ({ n: 0, audited: 0, errors: 0, known: 0 }));
  let i = 0;
  for (let j = 0; j < g; j++) {
    const lambda = grid[j] as number;
    for (; i < sorted.length && (sorted[i] as Item).score >= lambda; i++) {
      const item = sorted[i] as Item;
      if (item.kind === "census") {
        run.n++;
        if (item.wrong) run.errors++;
        if (item.labelled) run.labels++;
      } else {
        const s = runs[stratumOf.get(item.rate) ?? -1];
        if (!s) continue;
        s.n++;
        if (item.audited) s.audited++;
        if (item.wrong) s.errors++;
        if (item.known) s.known++;
      }
    }
    census.n[j] = run.n;
    census.errors[j] = run.errors;
    census.labels[j] = run.labels;
    runs.forEach((s, k) => {
      const c = strata[k];
      if (!c) return;
      c.n[j] = s.n;
      c.audited[j] = s.audited;
      c.errors[j] = s.errors;
      c.known[j] = s.known;
    });
  }
  const read = (a: Int32Array, j: number) => a[j] as number;
  const regions: Region[] = grid.map((_, j) => ({
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
  }));
  return { grid, at: (j) => regions[j] as Region };
}
