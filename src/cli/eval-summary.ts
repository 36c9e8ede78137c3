/** The summary `eval` prints: accuracy, calibration, routing at the current thresholds, per-category table. */
import type { Thresholds } from "../config.js";
import {
  accuracy,
  expectedCalibrationError,
  type Labelled,
  operatingPoint,
  perCategoryReport,
} from "../decide/metrics.js";
import { percent } from "../decide/tune-summary.js";

const pct = (x: number | null) => (x === null ? "—" : percent(x));

export interface EvalSummaryInput {
  rows: Labelled[];
  categories: string[];
  thresholds: Thresholds;
  failed: number;
  total: number;
  seconds: number;
  model: string;
  promptFingerprint: string;
}

function describeThresholds(t: Thresholds): string {
  const own = Object.entries(t.categories).filter(([, v]) => v !== undefined);
  const parts = [`default ${t.default ?? "never"}`, `other < ${t.other}`];
  if (own.length > 0) parts.push(`${own.length} per-category`);
  return parts.join(", ");
}

export function formatEvalSummary(s: EvalSummaryInput): string {
  const out: string[] = [];
  out.push(
    `Evaluated ${s.total} labelled messages with ${s.model} (prompt ${s.promptFingerprint}): ` +
      `${s.rows.length} classified, ${s.failed} failed, ${s.seconds.toFixed(1)} s.`,
  );
  if (s.rows.length === 0) return out.join("\n");
  out.push(
    `Accuracy ${pct(accuracy(s.rows))} · calibration error (ECE, 10 bins) ${expectedCalibrationError(s.rows).toFixed(3)}`,
  );
  const op = operatingPoint(s.rows, s.thresholds);
  out.push(
    `At the current thresholds (${describeThresholds(s.thresholds)}): ${pct(op.coverage)} would be auto-routed, ` +
      `${pct(op.precision)} of them correctly (${op.correct} of ${op.routed}).`,
  );
  out.push("");
  const report = perCategoryReport(s.rows, [...s.categories, "other"]);
  const header = ["category", "labels", "predicted", "precision", "recall"];
  const table = report.map((r) => [
    r.category,
    String(r.support),
    String(r.predicted),
    pct(r.precision),
    pct(r.recall),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  out.push(line(header), ...table.map(line));
  return out.join("\n");
}
