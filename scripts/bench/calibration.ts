/**
 * Does calibrating the probabilities first raise certified held-out coverage? Contextual calibration
 * (Zhao et al. 2021) divides by what the model says for a content-free input; these score sets carry no
 * such call, so the measurable stand-in is batch calibration (Zhou et al. 2024): divide each option's
 * probability by its mean over unlabelled messages (here the test split, labels unseen), renormalise.
 */
import { operatingPoint } from "../../src/decide/metrics.js";
import { seededRandom, shuffle } from "../../src/decide/seeded-random.js";
import { tune } from "../../src/decide/tune.js";
import { percent } from "../../src/decide/tune-summary.js";
import type { LabelledScore } from "../../src/decide/tune-types.js";
import { LETTERS, loadMmlu, mmluRow } from "./load.js";

function meanProbs(rows: readonly LabelledScore[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const r of rows) for (const [id, p] of Object.entries(r.probs)) sum[id] = (sum[id] ?? 0) + p;
  return Object.fromEntries(Object.entries(sum).map(([id, s]) => [id, s / rows.length]));
}

function calibrate(rows: readonly LabelledScore[], mean: Record<string, number>): LabelledScore[] {
  return rows.map((r) => {
    const mass = 1 - r.other;
    const q = Object.fromEntries(Object.entries(r.probs).map(([id, p]) => [id, p / (mean[id] ?? 1)]));
    const total = Object.values(q).reduce((a, b) => a + b, 0);
    return { ...r, probs: Object.fromEntries(Object.entries(q).map(([id, v]) => [id, (v / total) * mass])) };
  });
}

export function benchCalibration(dataDir: string, splits: number): void {
  const questions = loadMmlu(dataDir);
  const current = { default: 0.8, other: 0.3, categories: {} };
  const totals = { raw: 0, calibrated: 0, rawHeld: 0, calHeld: 0 };
  for (let s = 1; s <= splits; s++) {
    const random = seededRandom(s * 7919);
    const rows = shuffle(
      questions.map((q) => mmluRow(q, Math.floor(random() * q.prompts.length))),
      random,
    );
    const half = Math.floor(rows.length / 2);
    const [tuneRows, testRows] = [rows.slice(0, half), rows.slice(half)];
    const mean = meanProbs(testRows);
    const opts = { target: 0.7, confidence: 0.9, categories: LETTERS, current };
    const raw = operatingPoint(testRows, tune(tuneRows, opts).thresholds);
    const cal = operatingPoint(calibrate(testRows, mean), tune(calibrate(tuneRows, mean), opts).thresholds);
    totals.raw += raw.coverage;
    totals.calibrated += cal.coverage;
    if (raw.precision !== null && raw.precision >= 0.7) totals.rawHeld++;
    if (cal.precision !== null && cal.precision >= 0.7) totals.calHeld++;
  }
  console.log(`Calibration first? Batch calibration on MMLU, same ${splits} splits, target 70%`);
  console.log(
    `  mean certified test coverage: raw ${percent(totals.raw / splits)}, calibrated ${percent(totals.calibrated / splits)}; ` +
      `test precision ≥ target (something routed) in ${totals.rawHeld} vs ${totals.calHeld} splits\n`,
  );
}
