/**
 * SVG → PNG with resvg (prebuilt binaries, no system packages). Text uses the machine's fonts when there
 * are any; without fonts the lines, bars and marks still render, only the words are missing.
 */
import { Resvg } from "@resvg/resvg-js";

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
