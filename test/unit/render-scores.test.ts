import { describe, expect, it } from "vitest";
import { parseClassifyArgs } from "../../src/cli/classify.js";
import { bar, explainDecision, formatPair } from "../../src/cli/render-scores.js";
import { UsageError } from "../../src/errors.js";

describe("bar", () => {
  it.each([
    [0, ""],
    [1, "█".repeat(24)],
    [0.5, "█".repeat(12)],
    [0.85, `${"█".repeat(20)}▍`],
    [1 / 192, "▏"],
    [1.7, "█".repeat(24)],
  ])("%d → %j", (p, text) => {
    expect(bar(p)).toBe(text.padEnd(24, " "));
  });
});

describe("formatPair", () => {
  it.each([
    [0.91, 0.8, ["0.91", "0.80"]],
    [0.7996, 0.8, ["0.7996", "0.8000"]],
    [0.8, 0.8, ["0.80", "0.80"]],
  ] as const)("%d vs %d", (a, b, out) => {
    expect(formatPair(a, b)).toEqual(out);
  });
});

describe("explainDecision", () => {
  const d = (
    decision: "route" | "review",
    top: string | null,
    topProb: number,
    threshold: number | null,
    reason: "other" | "low_confidence" | null,
  ) => ({
    decision,
    top,
    topProb,
    threshold,
    reason,
  });
  it.each([
    [d("route", "billing", 0.91, 0.8, null), 0.06, "routed: billing 0.91 ≥ 0.80 and other 0.06 < 0.30"],
    [
      d("review", "billing", 0.5, 0.8, "other"),
      0.45,
      "review: other 0.45 ≥ 0.30 (the message may fit none of the areas)",
    ],
    [
      d("review", "billing", 0.62, 0.8, "low_confidence"),
      0.1,
      "review: billing 0.62 < 0.80 (not confident enough)",
    ],
    [
      d("review", "bug", 0.95, null, "low_confidence"),
      0.05,
      "review: bug 0.95, but bug is never auto-routed (threshold null)",
    ],
    [d("review", null, 0, null, "low_confidence"), 0.2, "review: no option took any probability"],
  ])("%j", (decision, other, text) => {
    expect(explainDecision(decision, other, 0.3)).toBe(text);
  });
});

describe("parseClassifyArgs", () => {
  it.each([
    [["hello"], { json: false, text: "hello" }],
    [["--json", "hello", "there"], { json: true, text: "hello there" }],
    [["--", "--json"], { json: false, text: "--json" }],
  ])("%j", (args, parsed) => {
    expect(parseClassifyArgs(args)).toEqual(parsed);
  });

  it.each([[[]], [["--json"]], [["--verbose", "x"]], [["   "]]])("refuses %j", (args) => {
    expect(() => parseClassifyArgs(args)).toThrow(UsageError);
  });
});
