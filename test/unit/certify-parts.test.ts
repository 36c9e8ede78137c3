/** The parts of a certificate: the fixed grid, the fallback walk, a region's test, the thinning, the plan. */
import { describe, expect, it } from "vitest";
import { certifies, labelsNeeded } from "../../src/decide/binomial.js";
import { expectedSample, LADDER, planWeights } from "../../src/decide/entry-plan.js";
import { countEvidence, type Region } from "../../src/decide/evidence.js";
import { fallbackWalk } from "../../src/decide/fallback.js";
import { THRESHOLD_GRID } from "../../src/decide/grid.js";
import type { Design, Item } from "../../src/decide/record-use.js";
import { passes, testRegion } from "../../src/decide/region-test.js";
import { seededRandom, shuffle } from "../../src/decide/seeded-random.js";

const one: Design = { strata: [{ name: "sample", records: 100, sampled: 100, rate: 1, auditRate: 0 }] };
const two: Design = {
  strata: [
    { name: "review", records: 200, sampled: 200, rate: 1, auditRate: 0 },
    { name: "route @ 5%", records: 2000, sampled: 100, rate: 0.05, auditRate: 0.05 },
  ],
};
const counts = (
  n: number,
  sampled: number,
  errors: number,
  known = 0,
  kept: number[] = [],
  keptErrors: number[] = [],
) => ({
  n,
  sampled,
  errors,
  known,
  kept,
  keptErrors,
});

describe("the grid", () => {
  it("is fixed, strictest first, round, and ends with 0", () => {
    expect(THRESHOLD_GRID.slice(0, 5)).toEqual([0.99999, 0.9999, 0.9995, 0.999, 0.998]);
    expect(THRESHOLD_GRID.at(-1)).toBe(0);
    expect(THRESHOLD_GRID).toContain(0.7);
    expect(THRESHOLD_GRID.every((t, i) => i === 0 || t < (THRESHOLD_GRID[i - 1] as number))).toBe(true);
  });
});

describe("the fallback walk", () => {
  const walk = (weights: number[], pass: boolean[]) =>
    fallbackWalk(weights, 0.1, (i, level) => ({ certified: pass[i] ?? false, level }));

  it.each([
    [
      "all of δ on the first: a fixed-sequence walk that stops at the first failure",
      [1, 0, 0, 0],
      [true, true, false, true],
      1,
    ],
    [
      "a failed start costs its share; the next start walks on",
      [0.5, 0, 0.5, 0],
      [false, true, true, true],
      3,
    ],
    ["nothing passes", [0.5, 0.5, 0, 0], [false, false, true, true], null],
  ])("%s", (_, weights, pass, best) => {
    const result = walk(weights, pass);
    expect(result.best?.index ?? null).toBe(best);
  });

  it("hands a passed test's level on, and starts afresh after a failure", () => {
    const levels: number[] = [];
    fallbackWalk([0.25, 0.25, 0.5, 0], 0.1, (i, level) => {
      levels.push(level);
      return { certified: i !== 1 };
    });
    expect(levels.map((l) => +l.toFixed(3))).toEqual([0.025, 0.05, 0.05, 0.05]);
  });

  it("reports the test that ended the run it certified with", () => {
    const result = walk([1, 0, 0], [true, false, true]);
    expect(result.stoppedAt?.index).toBe(1);
    expect(result.tested).toBe(2);
  });

  it("holds the family-wise error at δ when every threshold is a true null", () => {
    // Each test rejects a true null with probability exactly its level; whatever the shares, some false
    // certificate happens in at most δ of runs.
    const rng = seededRandom(7);
    let wrong = 0;
    const runs = 20_000;
    for (let r = 0; r < runs; r++) {
      const result = fallbackWalk([0.5, 0.2, 0.1, 0.1, 0.1, 0, 0], 0.1, (_i, level) => ({
        certified: rng() < level,
      }));
      if (result.best) wrong++;
    }
    expect(wrong / runs).toBeLessThanOrEqual(0.1 + 3 * Math.sqrt((0.1 * 0.9) / runs));
  });
});

describe("a region's test", () => {
  it("is the exact binomial test on one stratum's labels, with the Hoeffding margin", () => {
    const region = (sampled: number, errors: number): Region => ({
      strata: [counts(sampled, sampled, errors)],
    });
    expect(testRegion(region(44, 0), one, 0.05, 0.1).certified).toBe(false);
    expect(testRegion(region(45, 0), one, 0.05, 0.1)).toMatchObject({ certified: true, n: 45, errors: 0 });
    expect(testRegion(region(77, 1), one, 0.05, 0.1).certified).toBe(true);
    expect(certifies(2, 55, 0.05, 0.5)).toBe(true);
    expect(passes(2, 55, 0.05, 0.5)).toBe(false); // 2 > 55·0.05 − 1: outside where the argument holds
  });

  it("fails when the wrong ones known, with the sample's, exceed the target's share", () => {
    const clean = { strata: [counts(0, 0, 0), counts(1000, 60, 0, 0, [0, 60], [0, 0])] };
    expect(testRegion(clean, two, 0.05, 0.1).certified).toBe(true);
    const corrected = { strata: [counts(0, 0, 0), counts(1000, 60, 0, 50, [0, 60], [0, 0])] };
    expect(testRegion(corrected, two, 0.05, 0.1).certified).toBe(false);
  });

  it("mixing strata, tests the labels thinned to the lowest rate", () => {
    const region: Region = {
      strata: [counts(100, 100, 30, 0, [100, 5], [30, 1]), counts(1000, 50, 0, 0, [50, 50], [0, 0])],
    };
    expect(testRegion(region, two, 0.05, 0.1)).toMatchObject({ n: 55, errors: 1 });
  });

  it("fails mixing strata when all the sampled labels put the region above target", () => {
    // 40% wrong among 100 review labels is 40 of 1,100 messages at least: over 5% once the audit's share is added.
    const region: Region = {
      strata: [counts(100, 100, 40, 0, [100, 5], [40, 0]), counts(1000, 80, 2, 0, [80, 80], [2, 2])],
    };
    expect(testRegion(region, two, 0.05, 0.1).certified).toBe(false);
  });
});

describe("thinning", () => {
  it("keeps about the audit's rate of review labels, the same ones reversed or shuffled", () => {
    const items: Item[] = Array.from({ length: 2000 }, (_, i) => ({
      top: "a",
      score: 0.9,
      stratum: 0,
      sampled: true,
      wrong: false,
      known: false,
      draw: seededRandom(i + 1)(),
    }));
    const design: Design = {
      strata: [
        { name: "review", records: 2000, sampled: 2000, rate: 1, auditRate: 0 },
        { name: "route @ 5%", records: 10, sampled: 1, rate: 0.05, auditRate: 0.05 },
      ],
    };
    const a = countEvidence(items, THRESHOLD_GRID, design).at(THRESHOLD_GRID.length - 1);
    const b = countEvidence([...items].reverse(), THRESHOLD_GRID, design).at(THRESHOLD_GRID.length - 1);
    const c = countEvidence(shuffle([...items], seededRandom(4)), THRESHOLD_GRID, design).at(
      THRESHOLD_GRID.length - 1,
    );
    expect(a).toEqual(b);
    expect(a).toEqual(c);
    expect(a.strata[0]?.kept[1]).toBeGreaterThan(70);
    expect(a.strata[0]?.kept[1]).toBeLessThan(130);
  });
});

describe("the plan", () => {
  it("expects no fewer labels than a whole stratum holds, and fewer than the rate suggests in part of one", () => {
    expect(expectedSample({ strata: [counts(100, 0, 0)] }, one)).toBe(100);
    const partOfRoute: Region = { strata: [counts(0, 0, 0), counts(1000, 0, 0)] };
    expect(expectedSample(partOfRoute, two)).toBeLessThan(50);
    expect(expectedSample(partOfRoute, two)).toBeGreaterThan(35);
  });

  it("spends all of δ on the zero-error start when only it can be reached", () => {
    const items: Item[] = Array.from({ length: 60 }, () => ({
      top: "a",
      score: 0.9,
      stratum: 0,
      sampled: true,
      wrong: false,
      known: false,
      draw: 0.5,
    }));
    const weights = planWeights(countEvidence(items, THRESHOLD_GRID, one), one, 0.05, 0.1);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(weights[THRESHOLD_GRID.indexOf(0.9)]).toBeCloseTo(1, 12);
    expect(labelsNeeded(0.05, 0.1)).toBeLessThanOrEqual(60);
  });

  it("hedges across the ladder when there are labels enough", () => {
    const items: Item[] = Array.from({ length: 3000 }, (_, i) => ({
      top: "a",
      score: 1 - i / 3000,
      stratum: 0,
      sampled: true,
      wrong: false,
      known: false,
      draw: 0.5,
    }));
    const weights = planWeights(countEvidence(items, THRESHOLD_GRID, one), one, 0.05, 0.1);
    expect(weights.filter((w) => w > 0)).toHaveLength(LADDER.length);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
