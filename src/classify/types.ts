import type { Scores } from "../decide/decision.js";

/** A token outside the options that took probability mass at the first position. */
export interface StrayToken {
  token: string;
  p: number;
}

/** What one LLM call says about one message. */
export interface Classification extends Scores {
  model: string;
  promptFingerprint: string;
  strayTokens: StrayToken[];
  latencyMs: number;
}

/** Classifies text with exactly one LLM call. Implementations throw ClassifierError. */
export interface Classifier {
  readonly model: string;
  readonly promptFingerprint: string;
  classify(text: string, signal?: AbortSignal): Promise<Classification>;
}
