/** Held-out precision and coverage of retune on Banking77 and MMLU, against the best threshold in hindsight. */
import type { Thresholds } from "../../src/config.js";
import { operatingPoint } from "../../src/decide/metrics.js";
import { seededRandom, shuffle } from "../../src/decide/seeded-random.js";
import { tune } from "../../src/decide/tune.js";
import { percent } from "../../src/decide/tune-summary.js";
import type { LabelledScore, TuneReport } from "../../src/decide/tune-types.js";
import { intentNames, LETTERS, loadBanking, loadMmlu, mmluRow } from "./load.js";
import { bestThresholdInHindsight } from "./oracle.js";

const CONFIDENCE = 0.9;
const OTHER = 0.3;
const current: Thresholds = { default: 0.8, other: OTHER, categories: {} };
const pct = (x: number | null) => (x === null ? "—" : percent(x));
const row = (cells: (string | number)[], widths: number[]) =>
  cells
    .map((c, i) => (i === 0 ? String(c).padEnd(widths[i] ?? 0) : String(c).padStart(widths[i] ?? 0)))
    .join("  ");

function groupsLine(report: TuneReport): string {
  return (report.groups ?? [])
    .map((g) =>
      g.threshold === null
        ? `${g.id}: not certified`
        : `${g.id}: λ=${g.threshold.toFixed(4)}, ${g.errors}/${g.n} wrong, precision ≥ ${pct(g.lowerBound)}`,
    )
    .join("; ");
}

export function benchBanking(dataDir: string): void {
  const target = 0.95;
  console.log(
    `Banking77 — tune on calibration_predictions, score on test_predictions; target ${pct(target)}, confidence ${pct(CONFIDENCE)}`,
  );
  const widths = [24, 10, 9, 9, 7, 6];
  console.log(row(["", "precision", "coverage", "oracle", "ratio", "aim"], widths));
  const categories = intentNames(dataDir);
  const notes: string[] = [];
  for (const model of ["bert", "dfcx"] as const) {
    const cal = loadBanking(dataDir, model, "calibration");
    const test = loadBanking(dataDir, model, "test");
    const report = tune(cal, { target, confidence: CONFIDENCE, categories, current });
    const got = operatingPoint(test, report.thresholds);
    const oracle = bestThresholdInHindsight(test, target, OTHER);
    const ratio = oracle.coverage === 0 ? 0 : got.coverage / oracle.coverage;
    const met = ratio >= 0.9 && (got.precision ?? 1) >= target;
    console.log(
      row(
        [
          `${model} retune`,
          pct(got.precision),
          pct(got.coverage),
          pct(oracle.coverage),
          ratio.toFixed(3),
          met ? "met" : "MISSED",
        ],
        widths,
      ),
    );
    const naiveT = bestThresholdInHindsight(cal, target, OTHER).threshold;
    const naive = operatingPoint(test, { default: naiveT, other: OTHER, categories: {} });
    console.log(
      row([`${model} naive (in-sample)`, pct(naive.precision), pct(naive.coverage), "", "", ""], widths),
    );
    notes.push(`  ${model}: ${cal.length} calibration / ${test.length} test rows; ${groupsLine(report)}`);
  }
  console.log(notes.join("\n"));
  console.log(
    "  oracle = the loosest single threshold whose precision on the test split itself is ≥ target;",
  );
  console.log("  naive = that threshold chosen on the calibration split, with no allowance for chance.\n");
}

export function benchMmlu(dataDir: string, splits: number, confidence = CONFIDENCE): void {
  const target = 0.7;
  const questions = loadMmlu(dataDir);
  const results: { precision: number | null; coverage: number; oracle: number }[] = [];
  for (let s = 1; s <= splits; s++) {
    const random = seededRandom(s * 7919);
    const rows: LabelledScore[] = shuffle(
      questions.map((q) => mmluRow(q, Math.floor(random() * q.prompts.length))),
      random,
    );
    const half = Math.floor(rows.length / 2);
    const tuneRows = rows.slice(0, half);
    const testRows = rows.slice(half);
    const report = tune(tuneRows, { target, confidence, categories: LETTERS, current });
    const got = operatingPoint(testRows, report.thresholds);
    const oracle = bestThresholdInHindsight(testRows, target, OTHER);
    results.push({ precision: got.precision, coverage: got.coverage, oracle: oracle.coverage });
  }
  const routed = results.filter((r) => r.precision !== null);
  const held = routed.filter((r) => (r.precision as number) >= target).length;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const cov = mean(results.map((r) => r.coverage));
  const orc = mean(results.map((r) => r.oracle));
  const share = routed.length === 0 ? 1 : held / routed.length;
  console.log(
    `MMLU (LLaMA-13B, ${questions.length} questions, one random prompt each) — ${splits} random 50/50 question splits; ` +
      `target ${pct(target)}, confidence ${pct(confidence)}`,
  );
  console.log(
    `  test precision ≥ target in ${held} of ${routed.length} splits that routed anything (${pct(share)}${confidence === CONFIDENCE ? `; aim ≥ 90%: ${share >= 0.9 ? "met" : "MISSED"}` : ", for comparison"}); ` +
      `${results.length - routed.length} splits routed nothing`,
  );
  console.log(
    `  mean test precision ${pct(mean(routed.map((r) => r.precision as number)))}, ` +
      `lowest ${pct(Math.min(...routed.map((r) => r.precision as number)))}`,
  );
  console.log(
    `  mean coverage ${pct(cov)}, mean oracle coverage ${pct(orc)}, ratio ${(orc === 0 ? 0 : cov / orc).toFixed(3)}\n`,
  );
}
