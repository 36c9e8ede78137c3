/** The two retune charts as PNGs — what `triage retune --chart` writes and `/triage retune` uploads. */
import type { Labelled } from "../decide/metrics.js";
import type { TuneReport } from "../decide/tune-types.js";
import { reliabilitySvg } from "./reliability.js";
import { type PngOptions, renderPng } from "./render-png.js";
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
