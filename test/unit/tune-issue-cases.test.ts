/** Issue 10's two label sets — the mix live labels have — certify, and the bot then routes what they vouch for. */
import { describe, expect, it } from "vitest";
import type { Thresholds } from "../../src/config.js";
import { decide } from "../../src/decide/decision.js";
import { tune } from "../../src/decide/tune.js";
import { ISSUE_CASE_90, ISSUE_CASE_95 } from "./tune-fixtures.js";

const current: Thresholds = { default: 0.8, other: 0.3, categories: {} };

describe("certify as soon as the labels allow (issue 10)", () => {
  it.each([
    ["100 labels, 80 right at 0.70, 20 wrong at 0.45", ISSUE_CASE_90, 0.9, ["billing", "login", "api"], 0.7],
    ["200 labels, 160 right at 0.90, 40 wrong at 0.45", ISSUE_CASE_95, 0.95, ["billing", "api"], 0.9],
  ])("%s: certifies a threshold at or below the right ones", (_, rows, target, categories, highest) => {
    const report = tune(rows, { target, confidence: 0.9, categories, current });
    const billing = report.thresholds.categories.billing;
    expect(billing).not.toBeNull();
    expect(billing).toBeLessThanOrEqual(highest);
    expect(billing).toBeGreaterThan(0.45);
    expect(report.summary).toMatch(/^Auto-route/);
    expect(report.groups?.[0]).toMatchObject({ n: highest === 0.7 ? 80 : 160, errors: 0 });
    expect(report.groups?.[0]?.lowerBound).toBeGreaterThanOrEqual(target);
    expect(report.after.precision).toBe(1);
  });

  it("then routes a billing message at 0.72", () => {
    const { thresholds } = tune(ISSUE_CASE_90, {
      target: 0.9,
      confidence: 0.9,
      categories: ["billing", "login", "api"],
      current,
    });
    const message = { probs: { billing: 0.72, login: 0.2 }, other: 0.08 };
    expect(decide(message, thresholds)).toMatchObject({ decision: "route", top: "billing" });
    expect(decide({ probs: { api: 0.45, billing: 0.3 }, other: 0.25 }, thresholds).decision).toBe("review");
  });
});
