import { describe, expect, it } from "vitest";
import {
  binomCdf,
  binomLogCdf,
  certifies,
  clopperPearsonLower,
  clopperPearsonUpper,
  labelsNeeded,
  precisionLowerBound,
} from "../../src/decide/binomial.js";

describe("Clopper–Pearson precision lower bound at δ = 0.10 (method.md §1.9 table)", () => {
  it.each([
    [50, 0, 0.955],
    [50, 1, 0.924],
    [100, 2, 0.948],
    [200, 5, 0.954],
    [500, 15, 0.958],
    [1000, 35, 0.956],
  ])("n=%i errors=%i → %f", (n, errors, bound) => {
    expect(precisionLowerBound(errors, n, 0.1)).toBeCloseTo(bound, 3);
  });
});

describe("exact values from R and SciPy", () => {
  it("matches R binom.test(5, 10) 95% interval (one-sided 97.5% bounds)", () => {
    expect(clopperPearsonLower(5, 10, 0.025)).toBeCloseTo(0.187086, 6);
    expect(clopperPearsonUpper(5, 10, 0.025)).toBeCloseTo(0.812914, 6);
  });

  it("matches R binom.test(0, 10) and binom.test(10, 10) one-sided bounds", () => {
    expect(clopperPearsonUpper(0, 10, 0.025)).toBeCloseTo(0.3084971, 6);
    expect(clopperPearsonLower(10, 10, 0.025)).toBeCloseTo(0.6915029, 6);
  });

  it.each([
    // scipy.stats.beta.ppf(1 - δ, e + 1, n - e)
    [2, 100, 0.1, 0.05234529018038813],
    [35, 1000, 0.05, 0.046138336093647085],
    [120, 2400, 0.01, 0.06132396059120009],
    [500, 100_000, 0.1, 0.005298113184140077],
    [4900, 100_000, 0.05, 0.050137541281501004],
  ])("upper bound e=%i n=%i δ=%f", (e, n, delta, expected) => {
    expect(clopperPearsonUpper(e, n, delta)).toBeCloseTo(expected, 9);
  });

  it.each([
    // scipy.stats.binom.cdf(k, n, p) and binom.logcdf
    [2, 100, 0.05, 0.1182629811851204],
    [35, 1000, 0.05, 0.014219957911606296],
    [3, 10, 0.05, 0.9989715020621094],
    [4900, 100_000, 0.05, 0.07407626615555202],
  ])("cdf k=%i n=%i p=%f", (k, n, p, expected) => {
    expect(binomCdf(k, n, p)).toBeCloseTo(expected, 9);
  });

  it("keeps far tails in log space", () => {
    expect(binomLogCdf(15, 500, 0.3)).toBeCloseTo(-125.86481661276991, 7);
    expect(binomLogCdf(9, 10, 0.3)).toBeCloseTo(-5.904917433955099e-6, 12);
  });
});

describe("edges", () => {
  it("knows nothing from no trials and everything from certain ones", () => {
    expect(clopperPearsonUpper(0, 0, 0.1)).toBe(1);
    expect(precisionLowerBound(0, 0, 0.1)).toBe(0);
    expect(binomLogCdf(-1, 10, 0.5)).toBe(Number.NEGATIVE_INFINITY);
    expect(binomLogCdf(10, 10, 0.5)).toBe(0);
    expect(binomCdf(0, 10, 0)).toBe(1);
  });

  it("never certifies an empty selection", () => {
    expect(certifies(0, 0, 0.05, 0.1)).toBe(false);
  });
});

describe("sample sizes (method.md §1.9: minimum n certifying 95% precision)", () => {
  it.each([
    [0.1, [45, 77, 105, 132, 158, 184]],
    [0.05, [59, 93, 124, 153, 181, 208]],
    [0.01, [90, 130, 165, 198, 229, 259]],
  ])("δ = %f", (delta, row) => {
    expect(row.map((_, errors) => labelsNeeded(0.05, delta, errors))).toEqual(row);
  });
});
