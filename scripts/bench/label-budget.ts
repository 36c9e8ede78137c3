/**
 * The label-budget curve: how much a few labels certify. For each budget, labels are drawn at random from
 * a score set's calibration split — uniformly, or review-heavy (most from below 0.8, as live review cards
 * are) — and the thresholds are scored on its test split. Retune against the plain baseline and the oracle
 * (the loosest single threshold right on the test split itself), with how many draws had test precision
 * below target.
 */
import type { Thresholds } from "../../src/config.js";
import { certifyRecords } from "../../src/decide/certify-layouts.js";
import { topCategory } from "../../src/decide/decision.js";
import { operatingPoint } from "../../src/decide/metrics.js";
import { sampleRecord } from "../../src/decide/record-use.js";
import { seededRandom, shuffle } from "../../src/decide/seeded-random.js";
import { percent } from "../../src/decide/tune-summary.js";
import type { LabelledScore } from "../../src/decide/tune-types.js";
import { baselineThresholds } from "./baseline.js";
import { bestThresholdInHindsight } from "./oracle.js";
import { aim } from "./percentiles.js";
import type { ScoreSet } from "./score-sets.js";

export const BUDGETS = [50, 100, 200, 400, 800, 1600];
const OTHER = 0.3;
const REVIEW_BELOW = 0.8;
const REVIEW_SHARE = 0.8;
const current: Thresholds = { default: REVIEW_BELOW, other: OTHER, categories: {} };

type Draw = "uniform" | "review-heavy";

export function drawLabels(
  rows: readonly LabelledScore[],
  budget: number,
  kind: Draw,
  seed: number,
): LabelledScore[] {
  const shuffled = shuffle(rows.slice(), seededRandom(seed));
  if (kind === "uniform") return shuffled.slice(0, budget);
  const reviewed = (r: LabelledScore) => topCategory(r.probs).topProb < REVIEW_BELOW || r.other >= OTHER;
  const low = shuffled.filter(reviewed);
  const high = shuffled.filter((r) => !reviewed(r));
  const fromLow = Math.min(low.length, Math.round(REVIEW_SHARE * budget));
  return [...low.slice(0, fromLow), ...high.slice(0, budget - fromLow)];
}

export function retuneThresholds(
  rows: readonly LabelledScore[],
  set: ScoreSet,
  target: number,
  confidence: number,
) {
  const records = rows.map((r, i) => sampleRecord(r, String(i)));
  return certifyRecords(records, { target, confidence, categories: set.categories, current }).thresholds;
}

interface Cell {
  ours: number;
  base: number;
  oursLow: number;
  baseLow: number;
  routed: number;
}

function score(test: readonly LabelledScore[], t: Thresholds, target: number) {
  const op = operatingPoint(test, t);
  return {
    coverage: op.coverage,
    low: op.precision !== null && op.precision < target ? 1 : 0,
    routed: op.routed > 0,
  };
}

export function benchLabelBudget(
  sets: readonly ScoreSet[],
  draws: number,
  target = 0.95,
  confidence = 0.9,
): void {
  const delta = 1 - confidence;
  console.log(
    `Label-budget curve — target ${percent(target)}, confidence ${percent(confidence)}, ${draws} random draws per budget; ` +
      "mean test coverage (retune, baseline, oracle) and draws with test precision below target",
  );
  const widths = [8, 9, 9, 7, 8, 12, 5];
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  for (const set of sets) {
    const oracle = bestThresholdInHindsight(set.test, target, OTHER).coverage;
    for (const kind of ["uniform", "review-heavy"] as const) {
      console.log(`  ${set.name}, ${kind} (oracle ${percent(oracle)})`);
      console.log(`  ${line(["labels", "retune", "baseline", "ratio", "oracle", "below target", "aim"])}`);
      let low = 0;
      let routed = 0;
      for (const budget of BUDGETS) {
        const cell: Cell = { ours: 0, base: 0, oursLow: 0, baseLow: 0, routed: 0 };
        for (let d = 1; d <= draws; d++) {
          const rows = drawLabels(set.calibration, budget, kind, budget * 7919 + d);
          const ours = score(set.test, retuneThresholds(rows, set, target, confidence), target);
          const base = score(set.test, baselineThresholds(rows, target, confidence, OTHER), target);
          cell.ours += ours.coverage / draws;
          cell.base += base.coverage / draws;
          cell.oursLow += ours.low;
          cell.baseLow += base.low;
          if (ours.routed) cell.routed++;
        }
        low += cell.oursLow;
        routed += cell.routed;
        const ratio = cell.base > 0 ? cell.ours / cell.base : cell.ours > 0 ? Number.POSITIVE_INFINITY : 1;
        const ok = cell.ours >= cell.base - 1e-12 && (budget > 200 || ratio >= 1.2 || cell.base === 0);
        console.log(
          `  ${line([
            String(budget),
            percent(cell.ours),
            percent(cell.base),
            Number.isFinite(ratio) ? ratio.toFixed(2) : "∞",
            percent(oracle),
            `${cell.oursLow} / ${cell.baseLow}`,
            aim(ok),
          ])}`,
        );
      }
      console.log(
        `  below target in ${low} of ${routed} draws that routed anything (${percent(routed === 0 ? 0 : low / routed)}; ` +
          `δ allows about ${percent(delta)}: ${aim(low <= Math.ceil(delta * routed))})`,
      );
    }
  }
  console.log(
    "  aim per row: retune ≥ baseline, and ≥ 1.2× baseline up to 200 labels (met trivially where the baseline certifies nothing)\n",
  );
}
