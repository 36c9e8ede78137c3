import { describe, expect, it } from "vitest";
import type { Thresholds } from "../../src/config.js";
import { decide } from "../../src/decide/decision.js";
import { seededRandom } from "../../src/decide/seeded-random.js";
import { POOL_ID, tune } from "../../src/decide/tune.js";
import type { LabelledScore, TuneOptions } from "../../src/decide/tune-types.js";

const current: Thresholds = { default: 0.8, other: 0.3, categories: {} };
const opts = (categories: string[], extra: Partial<TuneOptions> = {}): TuneOptions => ({
  target: 0.95,
  confidence: 0.9,
  categories,
  current,
  ...extra,
});

/** `count` messages predicted as `top` with scores spread over [lo, hi]; every `wrongEvery`-th is wrong. */
function rows(
  top: string,
  count: number,
  lo: number,
  hi: number,
  wrongEvery = 0,
  other = 0.01,
): LabelledScore[] {
  return Array.from({ length: count }, (_, i) => {
    const p = hi - ((hi - lo) * i) / Math.max(1, count - 1);
    const wrong = wrongEvery > 0 && i % wrongEvery === wrongEvery - 1;
    return {
      probs: { [top]: p, zz: Math.max(0, 1 - p - other) },
      other,
      label: wrong ? "other" : top,
      source: "review",
    };
  });
}

describe("tune", () => {
  it("keeps reviewing everything, and says so, when labels are too few", () => {
    const report = tune(
      [...rows("billing", 12, 0.9, 0.99), ...rows("api", 8, 0.9, 0.99)],
      opts(["billing", "api"]),
    );
    expect(report.thresholds.categories).toEqual({ billing: null, api: null });
    expect(report.thresholds.default).toBeNull();
    expect(report.summary).toMatch(/^Keep reviewing everything: 20 labels are too few/);
    expect(report.after).toEqual({ coverage: 0, precision: null, routed: 0 });
    expect(report.categories.every((c) => c.threshold === null && c.lowerBound === null)).toBe(true);
    expect(report.guarantee).toMatch(/nothing is claimed/);
  });

  it("certifies a clean category and keeps a noisy one in review", () => {
    const data = [...rows("billing", 1000, 0.9, 1), ...rows("bugs", 1000, 0.9, 1, 2)];
    const report = tune(data, opts(["billing", "bugs", "sso"]));
    const billing = report.categories.find((c) => c.category === "billing");
    const bugs = report.categories.find((c) => c.category === "bugs");
    const sso = report.categories.find((c) => c.category === "sso");
    expect(billing?.threshold).not.toBeNull();
    expect(billing?.pooled).toBe(false);
    expect(billing?.lowerBound).toBeGreaterThanOrEqual(0.95);
    expect(billing?.coverage).toBeGreaterThan(0.95);
    expect(bugs?.threshold).toBeNull();
    expect(bugs?.note).toMatch(/not precise enough/);
    expect(sso).toMatchObject({ n: 0, threshold: null, routed: 0 });
    expect(report.summary).toMatch(/^Auto-route 1 of 3 areas/);
    expect(report.summary).toMatch(/Keep reviewing bugs, sso\./);
    expect(report.after.precision).toBe(1);
    expect(report.sources).toEqual({ review: 2000 });
  });

  it("pools categories that are too small on their own", () => {
    const ids = Array.from({ length: 30 }, (_, i) => `c${i}`);
    const data = ids.flatMap((id) => rows(id, 40, 0.85, 1));
    const report = tune(data, opts(ids));
    expect(report.groups?.map((g) => g.id)).toEqual([POOL_ID]);
    const values = new Set(Object.values(report.thresholds.categories));
    expect(values.size).toBe(1);
    expect([...values][0]).not.toBeNull();
    expect(report.categories.every((c) => c.pooled && c.threshold !== null)).toBe(true);
    expect(report.after.coverage).toBe(1);
  });

  it("never routes what decide() would not: messages with too much 'other'", () => {
    const data = [...rows("billing", 600, 0.5, 0.69, 0, 0.31), ...rows("api", 600, 0.9, 1)];
    const report = tune(data, opts(["billing", "api"]));
    expect(report.thresholds.categories.billing).toBeNull();
    expect(report.categories.find((c) => c.category === "billing")?.note).toMatch(/'other'/);
    for (const row of data) {
      const d = decide(row, report.thresholds);
      if (row.other >= 0.3) expect(d.decision).toBe("review");
    }
    expect(report.after.routed).toBe(
      data.filter((r) => decide(r, report.thresholds).decision === "route").length,
    );
  });

  it("refuses a target or confidence outside (0, 1)", () => {
    expect(() => tune([], opts(["a"], { target: 1 }))).toThrow(/target/);
    expect(() => tune([], opts(["a"], { confidence: 0 }))).toThrow(/confidence/);
  });
});

describe("the guarantee, simulated", () => {
  it("is violated in at most δ of seeded runs (true precision below target)", () => {
    // Top probability p uniform on [0.5, 1] and right with probability p: precision at λ is (1 + λ)/2,
    // so 85% precision needs λ ≥ 0.7.
    const runs = 300;
    let violations = 0;
    let certified = 0;
    for (let s = 1; s <= runs; s++) {
      const random = seededRandom(s);
      const data: LabelledScore[] = Array.from({ length: 600 }, () => {
        const p = 0.5 + 0.5 * random();
        return { probs: { a: p, b: 1 - p }, other: 0, label: random() < p ? "a" : "b" };
      });
      const threshold = tune(data, { ...opts(["a", "b"]), target: 0.85 }).thresholds.categories.a;
      if (threshold === null || threshold === undefined) continue;
      certified++;
      if ((1 + Math.max(threshold, 0.5)) / 2 < 0.85) violations++;
    }
    expect(certified).toBeGreaterThan(runs / 2);
    expect(violations / runs).toBeLessThanOrEqual(0.1);
  });
});
