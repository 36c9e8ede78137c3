import { describe, expect, it } from "vitest";
import {
  accuracy,
  expectedCalibrationError,
  operatingPoint,
  perCategoryReport,
} from "../../src/decide/metrics.js";

const rows = [
  { probs: { billing: 0.95, api: 0.03 }, other: 0.02, label: "billing" },
  { probs: { billing: 0.9, api: 0.05 }, other: 0.05, label: "api" },
  { probs: { api: 0.65, billing: 0.2 }, other: 0.15, label: "api" },
  { probs: { api: 0.55, billing: 0.05 }, other: 0.4, label: "other" },
];

describe("metrics", () => {
  it("accuracy counts top category = label", () => {
    expect(accuracy(rows)).toBe(0.5);
    expect(accuracy([])).toBe(0);
  });

  it("per-category precision and recall", () => {
    const byId = Object.fromEntries(
      perCategoryReport(rows, ["billing", "api", "sso"]).map((r) => [r.category, r]),
    );
    expect(byId.billing).toMatchObject({ support: 1, predicted: 2, correct: 1, precision: 0.5, recall: 1 });
    expect(byId.api).toMatchObject({ support: 2, predicted: 2, correct: 1, precision: 0.5, recall: 0.5 });
    expect(byId.sso).toMatchObject({ support: 0, predicted: 0, precision: null, recall: null });
    expect(byId.other).toMatchObject({ support: 1, predicted: 0 });
  });

  it("operating point goes through decide()", () => {
    const op = operatingPoint(rows, { default: 0.6, other: 0.3, categories: { api: null } });
    expect(op).toMatchObject({ routed: 2, correct: 1, coverage: 0.5, precision: 0.5 });
    expect(op.perCategory.get("billing")).toEqual({ routed: 2, correct: 1 });
  });

  it("ECE weighs each bin's |accuracy − confidence| by its share", () => {
    // bins: [0.9,1.0): conf 0.925, acc 0.5 → 0.425 × 2/4; [0.6,0.7): 0.65 vs 1 → 0.35 × 1/4; [0.5,0.6): 0.55 vs 0 → 0.55 × 1/4
    expect(expectedCalibrationError(rows)).toBeCloseTo((0.425 * 2 + 0.35 + 0.55) / 4, 12);
    expect(expectedCalibrationError([{ probs: { a: 1 }, other: 0, label: "a" }])).toBe(0);
  });
});
