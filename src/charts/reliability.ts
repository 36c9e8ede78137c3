/**
 * The reliability diagram: messages binned by the probability of their top category, each bin's share
 * that was right (bars) against the diagonal of perfect calibration, with the count in each bin and the
 * expected calibration error in the title. Binning matches expectedCalibrationError(). Pure.
 */
import { topCategory } from "../decide/decision.js";
import type { Labelled } from "../decide/metrics.js";
import { percent } from "../decide/tune-summary.js";
import { axes, COLORS, el, type Frame, HALO, legend, line, scales, svgDocument, text } from "./svg.js";

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean top probability in the bin (null when empty). */
  confidence: number | null;
  /** Share whose top category is the label (null when empty). */
  accuracy: number | null;
}

export function reliabilityBins(rows: readonly Labelled[], bins = 10): ReliabilityBin[] {
  const sums = Array.from({ length: bins }, () => ({ count: 0, conf: 0, right: 0 }));
  for (const row of rows) {
    const { top, topProb } = topCategory(row.probs);
    const bin = sums[Math.min(bins - 1, Math.floor(topProb * bins))];
    if (!bin) continue;
    bin.count++;
    bin.conf += topProb;
    if (top !== null && top === row.label) bin.right++;
  }
  return sums.map((b, i) => ({
    lower: i / bins,
    upper: (i + 1) / bins,
    count: b.count,
    confidence: b.count === 0 ? null : b.conf / b.count,
    accuracy: b.count === 0 ? null : b.right / b.count,
  }));
}

/** Σ (bin share) × |accuracy − confidence|: the same figure as expectedCalibrationError(). */
export function calibrationError(bins: readonly ReliabilityBin[]): number {
  const total = bins.reduce((s, b) => s + b.count, 0);
  if (total === 0) return 0;
  let ece = 0;
  for (const b of bins) {
    if (b.count > 0) ece += (b.count / total) * Math.abs((b.accuracy ?? 0) - (b.confidence ?? 0));
  }
  return ece;
}

const WIDTH = 800;
const HEIGHT = 560;
const FRAME: Frame = { left: 80, top: 78, width: 690, height: 380 };

export function reliabilitySvg(rows: readonly Labelled[], title?: string): string {
  const bins = reliabilityBins(rows);
  const ece = calibrationError(bins);
  const s = scales(FRAME);
  const parts: string[] = [
    text(
      FRAME.left,
      30,
      title ?? `Reliability: predicted probability vs observed accuracy — ECE ${percent(ece)}`,
      {
        "font-size": 18,
        "font-weight": "bold",
      },
    ),
    text(
      FRAME.left,
      54,
      `${rows.length.toLocaleString("en-US")} labelled messages, binned by the top category's probability; n = messages per bin`,
      { fill: COLORS.muted },
    ),
    axes(FRAME, "predicted probability of the top category", "observed accuracy"),
  ];
  for (const b of bins) {
    if (b.accuracy === null || b.confidence === null) continue;
    const x0 = s.x(b.lower) + 3;
    const w = s.x(b.upper) - s.x(b.lower) - 6;
    const yAcc = s.y(b.accuracy);
    const yConf = s.y(b.confidence);
    parts.push(el("rect", { x: x0, y: yAcc, width: w, height: s.y(0) - yAcc, fill: COLORS.bar }));
    // The gap between what the model claimed and what happened, drawn over the bar.
    parts.push(
      el("rect", {
        x: x0,
        y: Math.min(yAcc, yConf),
        width: w,
        height: Math.abs(yAcc - yConf),
        fill: COLORS.gap,
        "fill-opacity": 0.75,
      }),
    );
    parts.push(
      text(x0 + w / 2, Math.min(yAcc, yConf) - 6, `n=${b.count.toLocaleString("en-US")}`, {
        "text-anchor": "middle",
        "font-size": 11,
        ...HALO,
      }),
    );
  }
  parts.push(
    line(s.x(0), s.y(0), s.x(1), s.y(1), {
      stroke: COLORS.diagonal,
      "stroke-width": 2,
      "stroke-dasharray": "7 5",
    }),
  );
  parts.push(
    legend(FRAME.left, HEIGHT - 22, [
      { label: "observed accuracy", color: COLORS.bar, kind: "box" },
      { label: "gap to the claimed probability", color: COLORS.gap, kind: "box" },
      { label: "perfect calibration", color: COLORS.diagonal, dashed: true },
    ]),
  );
  return svgDocument(WIDTH, HEIGHT, parts.join(""));
}
