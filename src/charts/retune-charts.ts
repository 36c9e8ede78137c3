/** The two retune charts as PNGs — what `triage retune --chart` writes and `/triage retune` uploads. */

import { Resvg } from "@resvg/resvg-js";
import type { Labelled } from "../decide/metrics.js";
import type { TuneReport } from "../decide/tune-types.js";
import { reliabilitySvg } from "./reliability.js";
import { riskCoverageSvg } from "./risk-coverage.js";

export interface RetuneCharts {
  riskCoverage: Buffer;
  reliability: Buffer;
}

export interface ChartTitles {
  riskCoverage?: string;
  reliability?: string;
}

export function retuneCharts(
  rows: readonly Labelled[],
  report: TuneReport,
  opts: PngOptions & { titles?: ChartTitles } = {},
): RetuneCharts {
  return {
    riskCoverage: renderPng(riskCoverageSvg(rows, report, opts.titles?.riskCoverage), opts),
    reliability: renderPng(reliabilitySvg(rows, opts.titles?.reliability), opts),
  };
}

/** `out.png` holds the risk–coverage chart and `out.reliability.png` the reliability diagram. */
export function chartPaths(out: string): { riskCoverage: string; reliability: string } {
  const base = out.toLowerCase().endsWith(".png") ? out.slice(0, -4) : out;
  return { riskCoverage: out, reliability: `${base}.reliability.png` };
}

/**
 * SVG → PNG with resvg (prebuilt binaries, no system packages). Text uses the machine's fonts when there
 * are any; without fonts the lines, bars and marks still render, only the words are missing.
 */
export interface PngOptions {
  /** Pixels per SVG unit (default 2, sharp on high-density screens). */
  scale?: number;
  /** Load the machine's fonts for the labels (default true). */
  systemFonts?: boolean;
}

export function renderPng(svg: string, opts: PngOptions = {}): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: opts.scale ?? 2 },
    font: { loadSystemFonts: opts.systemFonts ?? true },
    background: "#ffffff",
    logLevel: "off",
  });
  return resvg.render().asPng();
}
