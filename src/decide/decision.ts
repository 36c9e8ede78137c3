/**
 * The routing rule (docs/how-it-works.md, "The decision"), pure. The bot, `classify`, `replay`, `eval` and the
 * tuner all call this one function so a threshold means the same thing everywhere.
 */
import type { Thresholds } from "../config.js";

/** Per-category probabilities (category id → p) and the residual "other" mass. */
export interface Scores {
  probs: Record<string, number>;
  other: number;
}

export type ReviewReason = "other" | "low_confidence";

export interface Decision {
  decision: "route" | "review";
  /** argmax category (first in key order on ties); null only when no category has any probability. */
  top: string | null;
  topProb: number;
  /** The threshold applied to `top` (null = this category is never auto-routed). */
  threshold: number | null;
  reason: ReviewReason | null;
}

export function topCategory(probs: Record<string, number>): { top: string | null; topProb: number } {
  let top: string | null = null;
  let topProb = 0;
  // for…in visits keys in the same order as Object.entries, without building the pairs (this runs per message).
  for (const id in probs) {
    const p = probs[id] as number;
    if (p > topProb) {
      top = id;
      topProb = p;
    }
  }
  return { top, topProb };
}

export function thresholdFor(thresholds: Thresholds, category: string): number | null {
  const own = thresholds.categories[category];
  return own === undefined ? thresholds.default : own;
}

/**
 * Route when `other < thresholds.other` and `probs[top] ≥ threshold(top)`; `≥` routes at the boundary.
 * Otherwise review, because of `other` mass first, else low confidence.
 */
export function decide(scores: Scores, thresholds: Thresholds): Decision {
  const { top, topProb } = topCategory(scores.probs);
  const threshold = top === null ? null : thresholdFor(thresholds, top);
  if (!(scores.other < thresholds.other)) {
    return { decision: "review", top, topProb, threshold, reason: "other" };
  }
  if (top === null || threshold === null || topProb < threshold) {
    return { decision: "review", top, topProb, threshold, reason: "low_confidence" };
  }
  return { decision: "route", top, topProb, threshold, reason: null };
}

/** `other`: what the options do not cover, never negative. */
export function residualOther(probs: Record<string, number>): number {
  let sum = 0;
  for (const p of Object.values(probs)) sum += p;
  return Math.max(0, 1 - sum);
}
