import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { countColor, countInk, decodePng } from "../../dev/png.js";
import { calibrationError, reliabilityBins, reliabilitySvg } from "../../src/charts/reliability.js";
import { chartPaths, retuneCharts } from "../../src/charts/retune-charts.js";
import { chosenThresholds, riskCoverage, riskCoverageSvg } from "../../src/charts/risk-coverage.js";
import { COLORS } from "../../src/charts/svg.js";
import { categoriesOf, readPredictions } from "../../src/data/predictions.js";
import { expectedCalibrationError, operatingPoint } from "../../src/decide/metrics.js";
import { tune } from "../../src/decide/tune.js";
import type { LabelledScore, TuneReport } from "../../src/decide/tune-types.js";
import { ROOT } from "../support/run-cli.js";

let rows: LabelledScore[];
let report: TuneReport;

beforeAll(async () => {
  const file = await readPredictions(join(ROOT, "test/fixtures/banking77-bert-800.jsonl"));
  rows = file.map((r) => ({ probs: r.probs, other: r.other, label: r.label as string }));
  report = tune(rows, {
    target: 0.95,
    confidence: 0.9,
    categories: categoriesOf(file),
    current: { default: 0.8, other: 0.3, categories: {} },
  });
});

const row = (probs: Record<string, number>, label: string, other?: number): LabelledScore => ({
  probs,
  label,
  other: other ?? Math.max(0, 1 - Object.values(probs).reduce((a, b) => a + b, 0)),
});

describe("riskCoverage", () => {
  const small = [
    row({ a: 0.9, b: 0.05 }, "a"),
    row({ a: 0.7, b: 0.2 }, "b"),
    row({ b: 0.6, a: 0.3 }, "b"),
    row({ a: 0.5 }, "a", 0.5), // too much "other": never routes
  ];
  it.each([
    { threshold: 0, routed: 3, coverage: 3 / 4, precision: 2 / 3 },
    { threshold: 0.6, routed: 3, coverage: 3 / 4, precision: 2 / 3 },
    { threshold: 0.61, routed: 2, coverage: 2 / 4, precision: 1 / 2 },
    { threshold: 0.9, routed: 1, coverage: 1 / 4, precision: 1 },
    { threshold: 0.95, routed: 0, coverage: 0, precision: null },
  ])("at λ = $threshold routes $routed", ({ threshold, routed, coverage, precision }) => {
    const p = riskCoverage(small, 0.3).at(threshold);
    expect(p.routed).toBe(routed);
    expect(p.coverage).toBeCloseTo(coverage, 12);
    if (precision === null) expect(p.precision).toBeNull();
    else expect(p.precision).toBeCloseTo(precision, 12);
  });

  it("agrees with decide() over real scores at every point of the curve", () => {
    const rc = riskCoverage(rows, 0.3);
    for (const p of rc.curve(50)) {
      const op = operatingPoint(rows, { default: p.threshold, other: 0.3, categories: {} });
      expect(p.routed).toBe(op.routed);
      expect(p.coverage).toBeCloseTo(op.coverage, 12);
      expect(p.precision).toEqual(op.precision);
    }
  });

  it("lists the distinct thresholds in use, never the null ones", () => {
    expect(
      chosenThresholds({ default: null, other: 0.3, categories: { a: 0.9, b: null, c: 0.9, d: 0.7 } }),
    ).toEqual([0.7, 0.9]);
    expect(chosenThresholds({ default: 0.8, other: 0.3, categories: {} })).toEqual([0.8]);
    expect(chosenThresholds({ default: null, other: 0.3, categories: { a: null } })).toEqual([]);
  });
});

describe("reliabilityBins", () => {
  it("bins by the top probability like expectedCalibrationError", () => {
    const bins = reliabilityBins([
      row({ a: 0.95 }, "a"),
      row({ a: 0.91 }, "b"),
      row({ b: 0.35 }, "b"),
      row({ a: 1 }, "a"),
    ]);
    expect(bins).toHaveLength(10);
    expect(bins[9]).toMatchObject({ count: 3, accuracy: 2 / 3 });
    expect(bins[9]?.confidence).toBeCloseTo((0.95 + 0.91 + 1) / 3, 12);
    expect(bins[3]).toMatchObject({ count: 1, accuracy: 1, confidence: 0.35 });
    expect(bins[0]).toMatchObject({ count: 0, accuracy: null, confidence: null });
  });

  it("gives the same ECE as the metrics module on real scores", () => {
    expect(calibrationError(reliabilityBins(rows))).toBeCloseTo(expectedCalibrationError(rows), 12);
    expect(reliabilitySvg(rows)).toContain(`ECE ${(expectedCalibrationError(rows) * 100).toFixed(1)}%`);
  });
});

describe("chart SVG", () => {
  it("escapes titles and marks the chosen threshold and the target", () => {
    const svg = riskCoverageSvg(rows, report, 'a <b> & "c"');
    expect(svg).toContain("a &lt;b&gt; &amp; &quot;c&quot;");
    const [only] = chosenThresholds(report.thresholds);
    expect(chosenThresholds(report.thresholds)).toHaveLength(1);
    expect(svg).toContain(`chosen λ = ${only?.toFixed(3)}`);
    expect(svg).toContain("target precision 95%");
  });

  it("says so when nothing is certified", () => {
    const none = { ...report, thresholds: { default: null, other: 0.3, categories: {} } };
    expect(riskCoverageSvg(rows, none)).toContain("nothing certified: every message stays in review");
  });
});

describe("PNG rendering", () => {
  it("writes real PNGs of the expected size with the curves, bars and marks drawn", () => {
    const charts = retuneCharts(rows, report);
    const rc = decodePng(charts.riskCoverage);
    expect([rc.width, rc.height]).toEqual([1600, 1000]);
    expect(countInk(rc)).toBeGreaterThan(0.03 * rc.width * rc.height);
    expect(countColor(rc, COLORS.precision)).toBeGreaterThan(2000);
    expect(countColor(rc, COLORS.coverage)).toBeGreaterThan(2000);
    expect(countColor(rc, COLORS.chosen)).toBeGreaterThan(500);
    expect(countColor(rc, COLORS.target)).toBeGreaterThan(500);

    const rel = decodePng(charts.reliability);
    expect([rel.width, rel.height]).toEqual([1600, 1120]);
    expect(countColor(rel, COLORS.bar)).toBeGreaterThan(20_000);
    expect(countColor(rel, COLORS.diagonal)).toBeGreaterThan(500);
  });

  it("still draws lines, axes and marks on a machine without fonts", () => {
    const bare = decodePng(retuneCharts(rows, report, { systemFonts: false, scale: 1 }).riskCoverage);
    expect([bare.width, bare.height]).toEqual([800, 500]);
    expect(countColor(bare, COLORS.precision)).toBeGreaterThan(500);
    expect(countColor(bare, COLORS.axis, 60)).toBeGreaterThan(1000);
  });

  it.runIf(existsSync("/usr/share/fonts"))("draws the words when the machine has fonts", () => {
    const dark = (systemFonts: boolean) =>
      countColor(
        decodePng(retuneCharts(rows, report, { systemFonts, scale: 1 }).riskCoverage),
        COLORS.text,
        40,
      );
    expect(dark(true)).toBeGreaterThan(dark(false) + 1000);
  });

  it("names the second file after the first", () => {
    expect(chartPaths("out.png")).toEqual({ riskCoverage: "out.png", reliability: "out.reliability.png" });
    expect(chartPaths("charts/Retune.PNG").reliability).toBe("charts/Retune.reliability.png");
    expect(chartPaths("chart").reliability).toBe("chart.reliability.png");
  });
});
