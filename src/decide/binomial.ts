/**
 * Exact binomial tails and Clopper–Pearson bounds, pure and fast enough for n up to 10⁶.
 * Tails are summed in log space from the term nearest the mode outwards, so they stop as soon as the
 * remaining terms cannot change the sum (O(√n) terms near the mean, fewer in the tails).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ≈ 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln C(n, k). */
export function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

function logPmf(k: number, n: number, p: number): number {
  return logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

const NEGLIGIBLE = 1e-17;

/** ln P[X ≤ k] for X ~ Binomial(n, p). */
export function binomLogCdf(k: number, n: number, p: number): number {
  k = Math.floor(k);
  if (k < 0) return Number.NEGATIVE_INFINITY;
  if (k >= n || p <= 0) return 0;
  if (p >= 1) return Number.NEGATIVE_INFINITY;
  const odds = (1 - p) / p;
  if (k < n * p) {
    // Lower tail: terms fall geometrically going down from k.
    let term = 1;
    let sum = 1;
    for (let j = k; j >= 1; j--) {
      term *= (j / (n - j + 1)) * odds;
      sum += term;
      if (term < NEGLIGIBLE * sum) break;
    }
    return logPmf(k, n, p) + Math.log(sum);
  }
  // Upper tail Q = P[X ≥ k + 1], summed upwards; CDF = 1 − Q.
  let term = 1;
  let sum = 1;
  for (let j = k + 1; j < n; j++) {
    term *= (n - j) / (j + 1) / odds;
    sum += term;
    if (term < NEGLIGIBLE * sum) break;
  }
  const q = Math.exp(logPmf(k + 1, n, p) + Math.log(sum));
  return Math.log1p(-Math.min(q, 1));
}

/** P[X ≤ k] for X ~ Binomial(n, p). */
export function binomCdf(k: number, n: number, p: number): number {
  return Math.exp(binomLogCdf(k, n, p));
}

/**
 * One-sided Clopper–Pearson upper bound on a rate from `k` events in `n` trials: the p with
 * P[Bin(n, p) ≤ k] = δ. With n = 0 nothing is known, so the bound is 1.
 */
export function clopperPearsonUpper(k: number, n: number, delta: number): number {
  if (n <= 0 || k >= n) return 1;
  if (k < 0) return 0;
  if (k === 0) return 1 - delta ** (1 / n);
  const target = Math.log(delta);
  let lo = k / n;
  let hi = 1;
  // The CDF falls as p grows; 60 halvings pin p to well below 1e-15.
  for (let i = 0; i < 60 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (binomLogCdf(k, n, mid) > target) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** One-sided Clopper–Pearson lower bound on a rate from `k` events in `n` trials (confidence 1 − δ). */
export function clopperPearsonLower(k: number, n: number, delta: number): number {
  if (n <= 0 || k <= 0) return 0;
  return 1 - clopperPearsonUpper(n - k, n, delta);
}

/**
 * Lower bound on precision when `errors` of `n` routed messages were wrong: with confidence 1 − δ the
 * true precision is at least this.
 */
export function precisionLowerBound(errors: number, n: number, delta: number): number {
  return 1 - clopperPearsonUpper(errors, n, delta);
}

/**
 * The test behind a certificate: H₀ "error rate > α" is rejected at level δ when
 * P[Bin(n, α) ≤ errors] ≤ δ, which is the same as "the Clopper–Pearson upper bound ≤ α".
 */
export function certifies(errors: number, n: number, alpha: number, delta: number): boolean {
  return n > 0 && binomLogCdf(errors, n, alpha) <= Math.log(delta);
}

/** The fewest labelled messages that certify error rate ≤ α at confidence 1 − δ when `errors` are wrong. */
export function labelsNeeded(alpha: number, delta: number, errors = 0): number {
  if (errors === 0) return Math.ceil(Math.log(delta) / Math.log1p(-alpha) - 1e-12);
  let hi = errors + 1;
  while (!certifies(errors, hi, alpha, delta)) hi *= 2;
  let lo = Math.floor(hi / 2);
  // certifies() only gets easier as n grows with the same errors: bisect on n.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (certifies(errors, mid, alpha, delta)) hi = mid;
    else lo = mid;
  }
  return hi;
}
