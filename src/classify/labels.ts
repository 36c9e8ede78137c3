/**
 * Option labels: what the model answers with. One short label per category, in config order, plus
 * NONE_LABEL for "none of these". Every label must be a single token for the maths to hold, so digits are
 * used only up to 9 categories and letters (A–T) beyond.
 */
import type { Category, TriageConfig } from "../config.js";

export const NONE_LABEL = "0";
export const MAX_DIGIT_OPTIONS = 9;
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export type LabelStyle = "digits" | "letters";

export function labelStyle(mode: TriageConfig["option_labels"], count: number): LabelStyle {
  if (mode === "auto") return count <= MAX_DIGIT_OPTIONS ? "digits" : "letters";
  return mode;
}

/** Labels for `count` options: "1".."N" or "A".."Z". Digits past 9 are allowed here and flagged by the checks. */
export function optionLabels(count: number, style: LabelStyle): string[] {
  if (style === "letters" && count > LETTERS.length) {
    throw new RangeError(`at most ${LETTERS.length} letter labels, asked for ${count}`);
  }
  return Array.from({ length: count }, (_, i) => (style === "digits" ? String(i + 1) : LETTERS.charAt(i)));
}

export interface LabeledOption {
  label: string;
  category: Category;
}

/** The options in config order, each with its label. */
export function labelCategories(config: Pick<TriageConfig, "categories" | "option_labels">): LabeledOption[] {
  const labels = optionLabels(
    config.categories.length,
    labelStyle(config.option_labels, config.categories.length),
  );
  return config.categories.map((category, i) => ({ label: labels[i] as string, category }));
}

/** label → category id, for reading the model's answer. */
export function labelMap(options: LabeledOption[]): Map<string, string> {
  return new Map(options.map((o) => [o.label, o.category.id]));
}
