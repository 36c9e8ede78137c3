/**
 * The seed's comparison: a hard classifier (sampled `max_tokens: 1` answers, one label per call) estimates a
 * category's probability p from n calls as a share; for ±0.05 at 95% confidence it needs n with
 * 1.96·sqrt(p(1−p)/n) ≤ 0.05 — and exact (Clopper–Pearson) intervals, used from there on, need more. Figures for the
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

const memo = new Map<string, number>();

/**
 * Smallest n whose exact (Clopper–Pearson) interval at confidence 1 − delta around k = round(p·n) is
 * within ±e on both sides. p is rounded to 0.01 (and memoised): enough for a sample-size figure.
 */
export function exactCalls(pIn: number, delta = 0.05, e = HALF_WIDTH): number {
  const p = Math.round(pIn * 100) / 100;
  const key = `${p}|${delta}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  let found = Number.NaN;
  for (let n = Math.max(1, waldCalls(p) - 50); n < 10_000; n++) {
    const k = Math.round(p * n);
    const lo = clopperPearsonLower(k, n, delta / 2);
    const hi = clopperPearsonUpper(k, n, delta / 2);
    if (hi - k / n <= e && k / n - lo <= e) {
      found = n;
      break;
    }
  }
  memo.set(key, found);
  return found;
}

/** Calls to have every probability in `probs` within ±e at once (Bonferroni over them), exact intervals. */
function simultaneousCalls(probs: number[]): number {
  return Math.max(...probs.map((p) => exactCalls(p, 0.05 / probs.length)));
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
  const likeliest = exactCalls(Math.max(...probs));
  console.log(
    `  a real LLM first-token distribution (llama.cpp, Gemma, max_tokens 1: ${shown}): ${likeliest} calls for its likeliest answer alone, ${simultaneousCalls(probs)} for all ${probs.length} at once`,
  );

  const rows = loadBanking(dataDir, "bert", "test");
  const perMessage = rows.map((r) => {
    const top = Math.max(...Object.values(r.probs));
    const ps = Object.values(r.probs).filter((p) => p >= 0.01);
    return { top: exactCalls(top), all: simultaneousCalls(ps.length > 0 ? ps : [top]) };
  });
  const tops = perMessage.map((m) => m.top);
  const alls = perMessage.map((m) => m.all);
  console.log(
    `  real support messages (Banking77 test, ${rows.length} BERT probability vectors): top category alone median ${percentile(tops, 0.5)} calls (p90 ${percentile(tops, 0.9)}); every category ≥ 0.01 at once median ${percentile(alls, 0.5)} (p90 ${percentile(alls, 0.9)})`,
  );
  console.log(
    "  (exact intervals: even a near-certain answer takes ~70 calls to pin down to ±0.05; an uncertain one, the kind review is for, hundreds)",
  );
}
