import { describe, expect, it } from "vitest";
import type { Thresholds } from "../../src/config.js";
import { decide, residualOther } from "../../src/decide/decision.js";

const T: Thresholds = { default: 0.8, other: 0.3, categories: { api: 0.6, bug: null } };

describe("decide", () => {
  it.each([
    // probs, other, decision, top, reason
    [{ billing: 0.9, api: 0.05 }, 0.05, "route", "billing", null],
    [{ billing: 0.8, api: 0.1 }, 0.1, "route", "billing", null], // ≥ routes at the boundary
    [{ billing: 0.79, api: 0.1 }, 0.11, "review", "billing", "low_confidence"],
    [{ api: 0.6, billing: 0.1 }, 0.29, "route", "api", null], // per-category threshold
    [{ bug: 0.99 }, 0.01, "review", "bug", "low_confidence"], // null = never auto-route
    [{ billing: 0.7 }, 0.3, "review", "billing", "other"], // other must be strictly below
    [{}, 1, "review", null, "other"],
  ] as const)("%j other=%d → %s %s %s", (probs, other, decision, top, reason) => {
    const d = decide({ probs, other }, T);
    expect(d.decision).toBe(decision);
    expect(d.top).toBe(top);
    expect(d.reason).toBe(reason);
  });

  it("breaks ties by key order", () => {
    expect(decide({ probs: { a: 0.45, b: 0.45 }, other: 0.1 }, { ...T, default: 0.4 }).top).toBe("a");
  });

  it("never reports negative other", () => {
    expect(residualOther({ a: 0.7, b: 0.30000001 })).toBe(0);
    expect(residualOther({ a: 0.5, b: 0.25 })).toBeCloseTo(0.25);
  });
});
