/** What labelled scores say about a classifier and a set of thresholds. Pure; decisions go through decide(). */
import type { Thresholds } from "../config.js";
import { decide, type Scores, topCategory } from "./decision.js";

export interface Labelled extends Scores {
  label: string;
}

export interface RoutedCounts {
  routed: number;
  correct: number;
}

/** Coverage and precision of the routed share under `thresholds`, overall and per routed category. */
export function operatingPoint(
  rows: readonly Labelled[],
  thresholds: Thresholds,
): {
  coverage: number;
  precision: number | null;
  routed: number;
  correct: number;
  perCategory: Map<string, RoutedCounts>;
} {
  const perCategory = new Map<string, RoutedCounts>();
  let routed = 0;
  let correct = 0;
  for (const row of rows) {
    const d = decide(row, thresholds);
    if (d.decision !== "route" || d.top === null) continue;
    routed++;
    const hit = row.label === d.top;
    if (hit) correct++;
    const c = perCategory.get(d.top) ?? { routed: 0, correct: 0 };
    c.routed++;
    if (hit) c.correct++;
    perCategory.set(d.top, c);
  }
  return {
    coverage: rows.length === 0 ? 0 : routed / rows.length,
    precision: routed === 0 ? null : correct / routed,
    routed,
    correct,
    perCategory,
  };
}

/** Share of rows whose top category equals the label (a label "other" is never matched). */
export function accuracy(rows: readonly Labelled[]): number {
  if (rows.length === 0) return 0;
  let hits = 0;
  for (const row of rows) if (topCategory(row.probs).top === row.label) hits++;
  return hits / rows.length;
}

export interface ClassReport {
  category: string;
  /** Rows labelled this category, rows predicted as it (top), and the overlap. */
  support: number;
  predicted: number;
  correct: number;
  precision: number | null;
  recall: number | null;
}

/** Precision and recall of the top category, per category (labels and predictions alike). */
export function perCategoryReport(rows: readonly Labelled[], categories?: readonly string[]): ClassReport[] {
  const stats = new Map<string, { support: number; predicted: number; correct: number }>();
  const get = (id: string) => {
    let s = stats.get(id);
    if (!s) {
      s = { support: 0, predicted: 0, correct: 0 };
      stats.set(id, s);
    }
    return s;
  };
  for (const id of categories ?? []) get(id);
  for (const row of rows) {
    const { top } = topCategory(row.probs);
    get(row.label).support++;
    if (top !== null) {
      get(top).predicted++;
      if (top === row.label) get(top).correct++;
    }
  }
  return [...stats.entries()].map(([category, s]) => ({
    category,
    ...s,
    precision: s.predicted === 0 ? null : s.correct / s.predicted,
    recall: s.support === 0 ? null : s.correct / s.support,
  }));
}

/**
 * Expected calibration error of the top probability: rows binned by top probability into `bins`
 * equal-width bins; the gap |accuracy − mean confidence| of each bin, weighted by its share of rows.
 */
export function expectedCalibrationError(rows: readonly Labelled[], bins = 10): number {
  if (rows.length === 0) return 0;
  const conf = new Float64Array(bins);
  const hits = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (const row of rows) {
    const { top, topProb } = topCategory(row.probs);
    const b = Math.min(bins - 1, Math.floor(topProb * bins));
    conf[b] = (conf[b] as number) + topProb;
    hits[b] = (hits[b] as number) + (top !== null && top === row.label ? 1 : 0);
    count[b] = (count[b] as number) + 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const c = count[b] as number;
    if (c > 0) ece += (c / rows.length) * Math.abs((hits[b] as number) / c - (conf[b] as number) / c);
  }
  return ece;
}
