import type { Classifier } from "../../src/classify/types.js";
import { residualOther } from "../../src/decide/decision.js";

export function stubClassifier(
  answer: (text: string) => Record<string, number>,
): Classifier & { calls: string[] } {
  const calls: string[] = [];
  return {
    model: "stub",
    promptFingerprint: "fp-stub",
    calls,
    async classify(text) {
      calls.push(text);
      const probs = answer(text);
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
