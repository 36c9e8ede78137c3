/**
 * Exact bounds for a simple random sample from a finite population — how the random audit sees routed
 * messages: `sampled` of `population` were audited at random, `errors` of those were wrong; how many of
 * the whole population can be wrong?
 */
import { logChoose } from "./binomial.js";

const NEGLIGIBLE = 1e-17;

/** ln P[X ≤ k] for X ~ Hypergeometric(population N, K marked, n drawn). */
export function hypergeomLogCdf(k: number, population: number, marked: number, drawn: number): number {
  const lo = Math.max(0, drawn - (population - marked));
  const hi = Math.min(drawn, marked);
  if (k < lo) return Number.NEGATIVE_INFINITY;
  if (k >= hi) return 0;
  const logPmf = (x: number) =>
    logChoose(marked, x) + logChoose(population - marked, drawn - x) - logChoose(population, drawn);
  // Summed down from k, where the terms of the lower tail are largest.
  let term = 1;
  let sum = 1;
  for (let x = k; x > lo; x--) {
    term *= (x * (population - marked - drawn + x)) / ((marked - x + 1) * (drawn - x + 1));
    sum += term;
    if (term < NEGLIGIBLE * sum) break;
  }
  return Math.min(0, logPmf(k) + Math.log(sum));
}

/**
 * With confidence 1 − δ, at most this many of `population` are wrong, when a simple random sample of
 * `sampled` held `errors` wrong ones: the largest count whose chance of showing so few errors exceeds δ.
 * A census (sampled = population) knows the count exactly; no sample knows nothing.
 */
export function hypergeomUpper(population: number, sampled: number, errors: number, delta: number): number {
  if (sampled >= population) return errors;
  const most = errors + (population - sampled);
  if (sampled <= 0) return most;
  const target = Math.log(delta);
  // P[X ≤ errors] falls as the marked count grows: the answer is the last count above δ.
  let lo = errors;
  let hi = most;
  if (hypergeomLogCdf(errors, population, hi, sampled) > target) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (hypergeomLogCdf(errors, population, mid, sampled) > target) lo = mid;
    else hi = mid;
  }
  return lo;
}
