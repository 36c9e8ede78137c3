import type { Classifier } from "../../src/classify/types.js";
import { residualOther } from "../../src/decide/decision.js";

export function stubClassifier(
  answer: (text: string, signal?: AbortSignal) => Record<string, number> | Promise<Record<string, number>>,
): Classifier & { calls: string[] } {
  const calls: string[] = [];
  return {
    model: "stub",
    promptFingerprint: "fp-stub",
    calls,
    async classify(text, signal) {
      calls.push(text);
      const probs = await answer(text, signal);
      return {
        probs,
        other: residualOther(probs),
        model: "stub",
        promptFingerprint: "fp-stub",
        strayTokens: [],
        latencyMs: 1,
      };
    },
  };
}
