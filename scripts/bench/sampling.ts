/**
 * The seed's comparison: a hard classifier (sampled `max_tokens: 1` answers, one label per call) estimates a
 * category's probability p from n calls as a share; for ±0.05 at 95% confidence it needs n with
 * 1.96·sqrt(p(1−p)/n) ≤ 0.05 — and exact (Clopper–Pearson) intervals need a little more. Figures for the
 * worst case p = 0.5, for a real LLM first-token distribution (llama.cpp fixture), and for real probability
 * vectors of support messages (Banking77 test set, BERT), against our one call that returns them all.
 */
import { readFileSync } from "node:fs";
import { clopperPearsonLower, clopperPearsonUpper } from "../../src/decide/binomial.js";
import { loadBanking } from "./load.js";
import { percentile } from "./percentiles.js";

const Z95 = 1.959964;
const HALF_WIDTH = 0.05;

/** Normal-approximation sample size for ±half-width at confidence z. */
export function waldCalls(p: number, z = Z95, e = HALF_WIDTH): number {
  return Math.ceil((z * z * p * (1 - p)) / (e * e));
}

/** Smallest n whose exact 95% interval around k = round(p·n) is within ±e on both sides. */
export function exactCalls(p: number, e = HALF_WIDTH): number {
  for (let n = Math.max(1, waldCalls(p) - 50); n < 5_000; n++) {
    const k = Math.round(p * n);
    const lo = clopperPearsonLower(k, n, 0.025);
    const hi = clopperPearsonUpper(k, n, 0.025);
    if (hi - k / n <= e && k / n - lo <= e) return n;
  }
  return Number.NaN;
}

/** Calls to have every category of `probs` within ±e at once (Bonferroni over the categories). */
function simultaneousCalls(probs: number[]): number {
  const k = probs.length;
  const z = bonferroniZ(k);
  return Math.max(...probs.map((p) => waldCalls(p, z)));
}

/** Inverse normal for 1 − 0.05/(2k), by bisection on erf. */
function bonferroniZ(k: number): number {
  const target = 1 - 0.05 / (2 * k);
  let lo = 0;
  let hi = 6;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function normalCdf(x: number): number {
  // Abramowitz–Stegun 7.1.26 on erf.
  const t = 1 / (1 + 0.3275911 * (x / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return 0.5 * (1 + y);
}

export function benchSampling(dataDir: string, fixturePath: string): void {
  console.log("Calls a hard classifier needs to estimate the probabilities to ±0.05 at 95% (vs our 1 call):");
  console.log(
    `  worst case p = 0.5: ${waldCalls(0.5)} calls (normal approximation), ${exactCalls(0.5)} with exact intervals`,
  );

  const body = JSON.parse(readFileSync(fixturePath, "utf8"));
  const top = body.choices[0].logprobs.content[0].top_logprobs as { token: string; logprob: number }[];
  const probs = top.map((t) => Math.exp(t.logprob));
  const shown = top.map((t, i) => `${JSON.stringify(t.token)} ${(probs[i] ?? 0).toFixed(3)}`).join(", ");
  const worst = Math.max(...probs.map((p) => waldCalls(p)));
  console.log(
    `  a real LLM first-token distribution (llama.cpp, Gemma, max_tokens 1: ${shown}): ${worst} calls for its likeliest answer alone, ${simultaneousCalls(probs)} for all ${probs.length} at once`,
  );

  const rows = loadBanking(dataDir, "bert", "test");
  const perMessage = rows.map((r) => {
    const ps = Object.values(r.probs).filter((p) => p >= 0.01);
    return { top: waldCalls(Math.max(...ps)), all: simultaneousCalls(ps.length > 0 ? ps : [0.5]) };
  });
  const tops = perMessage.map((m) => m.top);
  const alls = perMessage.map((m) => m.all);
  console.log(
    `  real support messages (Banking77 test, ${rows.length} BERT probability vectors): top category alone median ${percentile(tops, 0.5)} calls (p90 ${percentile(tops, 0.9)}); every category ≥ 0.01 at once median ${percentile(alls, 0.5)} (p90 ${percentile(alls, 0.9)})`,
  );
  console.log(
    "  (a confident message needs few; the uncertain ones — the ones that matter for review — need hundreds)",
  );
}
