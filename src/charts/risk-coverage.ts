/**
 * The risk–coverage chart: if every category used the same threshold λ, what share of labelled messages
 * would route (coverage) and how many of those would be right (precision) — with the target precision and
 * the thresholds retune chose marked. Pure: data in, SVG string out.
 */
import type { Thresholds } from "../config.js";
import { decide } from "../decide/decision.js";
import type { Labelled } from "../decide/metrics.js";
import { percent } from "../decide/tune-summary.js";
import type { TuneReport } from "../decide/tune-types.js";
import { axes, COLORS, el, type Frame, HALO, legend, line, path, scales, svgDocument, text } from "./svg.js";

export interface CurvePoint {
  threshold: number;
  /** Routed / all labelled rows. */
  coverage: number;
  /** Right / routed; null when nothing routes. */
  precision: number | null;
  routed: number;
}

export interface RiskCoverage {
  total: number;
  at(threshold: number): CurvePoint;
  /** `steps + 1` evenly spaced thresholds from 0 to 1. */
  curve(steps?: number): CurvePoint[];
}

/**
 * Rows that could route at all (other below the cut-off, some top category) are found with decide()
 * itself; what is left is one sorted pass, so a point costs a binary search.
 */
export function riskCoverage(rows: readonly Labelled[], otherCut: number): RiskCoverage {
  const open: Thresholds = { default: 0, other: otherCut, categories: {} };
  const eligible: { p: number; right: boolean }[] = [];
  for (const row of rows) {
    const d = decide(row, open);
    if (d.decision === "route" && d.top !== null) eligible.push({ p: d.topProb, right: d.top === row.label });
  }
  eligible.sort((a, b) => b.p - a.p);
  const scores = eligible.map((e) => e.p);
  const rightBefore = new Int32Array(eligible.length + 1);
  eligible.forEach((e, i) => {
    rightBefore[i + 1] = (rightBefore[i] as number) + (e.right ? 1 : 0);
  });
  const total = rows.length;

  /** How many eligible scores are ≥ λ (scores sorted descending). */
  const countAtLeast = (lambda: number) => {
    let lo = 0;
    let hi = scores.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((scores[mid] as number) >= lambda) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const at = (threshold: number): CurvePoint => {
    const routed = countAtLeast(threshold);
    const right = rightBefore[routed] as number;
    return {
      threshold,
      coverage: total === 0 ? 0 : routed / total,
      precision: routed === 0 ? null : right / routed,
      routed,
    };
  };
  return {
    total,
    at,
    curve: (steps = 200) => Array.from({ length: steps + 1 }, (_, i) => at(i / steps)),
  };
}

/** The distinct thresholds a set uses (default and per category), ascending; null ones never route. */
export function chosenThresholds(thresholds: Thresholds): number[] {
  const all = [thresholds.default, ...Object.values(thresholds.categories)];
  return [...new Set(all.filter((t): t is number => t !== null))].sort((a, b) => a - b);
}

const WIDTH = 800;
const HEIGHT = 500;
const FRAME: Frame = { left: 80, top: 78, width: 690, height: 320 };

function subtitle(report: TuneReport, chosen: number[]): string {
  const n = report.labelCount.toLocaleString("en-US");
  if (chosen.length === 0) {
    return `${n} labelled messages · nothing certified: every message stays in review`;
  }
  const p = report.after.precision === null ? "—" : percent(report.after.precision);
  return `${n} labelled messages · at the chosen thresholds ${percent(report.after.coverage)} route, ${p} of them right`;
}

function chosenLabel(chosen: number[]): string {
  if (chosen.length === 1) return `chosen λ = ${(chosen[0] as number).toFixed(3)}`;
  return `chosen: ${chosen.length} thresholds, ${(chosen[0] as number).toFixed(3)}–${(chosen.at(-1) as number).toFixed(3)}`;
}

export function riskCoverageSvg(rows: readonly Labelled[], report: TuneReport, title?: string): string {
  const rc = riskCoverage(rows, report.thresholds.other);
  const s = scales(FRAME);
  const curve = rc.curve();
  const chosen = chosenThresholds(report.thresholds);
  const parts: string[] = [
    text(FRAME.left, 30, title ?? "Risk–coverage: precision and coverage vs threshold", {
      "font-size": 18,
      "font-weight": "bold",
    }),
    text(FRAME.left, 54, subtitle(report, chosen), { fill: COLORS.muted }),
    axes(FRAME, "threshold λ on the top category's probability (one λ for every category)", "share"),
  ];
  const ty = s.y(report.target);
  parts.push(
    line(FRAME.left, ty, FRAME.left + FRAME.width, ty, {
      stroke: COLORS.target,
      "stroke-width": 2,
      "stroke-dasharray": "8 5",
    }),
  );
  parts.push(
    path(
      curve.map((p) => [s.x(p.threshold), s.y(p.coverage)]),
      { stroke: COLORS.coverage },
    ),
    path(
      curve.map((p) => (p.precision === null ? null : [s.x(p.threshold), s.y(p.precision)])),
      { stroke: COLORS.precision },
    ),
  );
  for (const t of chosen) {
    const x = s.x(t);
    const point = rc.at(t);
    parts.push(
      line(x, FRAME.top, x, FRAME.top + FRAME.height, {
        stroke: COLORS.chosen,
        "stroke-width": 2,
        "stroke-dasharray": "4 3",
      }),
      el("circle", { cx: x, cy: s.y(point.coverage), r: 5, fill: COLORS.coverage, stroke: "#fff" }),
    );
    if (point.precision !== null) {
      parts.push(
        el("circle", { cx: x, cy: s.y(point.precision), r: 5, fill: COLORS.precision, stroke: "#fff" }),
      );
    }
  }
  if (chosen.length > 0) {
    const x = s.x(chosen[0] as number);
    const leftSide = x > FRAME.left + FRAME.width / 2;
    parts.push(
      text(leftSide ? x - 6 : x + 6, FRAME.top + FRAME.height - 10, chosenLabel(chosen), {
        "text-anchor": leftSide ? "end" : "start",
        fill: COLORS.chosen,
        "font-weight": "bold",
        ...HALO,
      }),
    );
  }
  parts.push(
    legend(FRAME.left, HEIGHT - 22, [
      { label: "precision", color: COLORS.precision },
      { label: "coverage", color: COLORS.coverage },
      { label: `target precision ${percent(report.target)}`, color: COLORS.target, dashed: true },
      { label: "chosen threshold", color: COLORS.chosen, dashed: true },
    ]),
  );
  return svgDocument(WIDTH, HEIGHT, parts.join(""));
}
