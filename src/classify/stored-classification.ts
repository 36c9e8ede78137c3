/** What is stored of one LLM answer and the decision taken on it: the same columns for live and backfilled messages. */
import type { Decision } from "../decide/decision.js";
import type { Classification } from "./types.js";

export function storedClassification(result: Classification, d: Decision, thresholdSetId: number | null) {
  return {
    model: result.model,
    promptFingerprint: result.promptFingerprint,
    probs: result.probs,
    other: result.other,
    strayTokens: result.strayTokens,
    topCategory: d.top,
    topProb: d.topProb,
    decision: d.decision,
    reason: d.reason,
    thresholdSetId,
    latencyMs: Math.round(result.latencyMs),
  };
}
