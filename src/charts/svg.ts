/** Just enough SVG to draw a line chart or a bar chart with axes, as a string. Pure. */

export const FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";

export const COLORS = {
  background: "#ffffff",
  axis: "#444444",
  grid: "#e6e6e6",
  text: "#222222",
  muted: "#666666",
  precision: "#1f5fbf",
  coverage: "#e07b00",
  target: "#c62828",
  chosen: "#2e7d32",
  bar: "#5b8fd9",
  gap: "#f2a3a3",
  diagonal: "#888888",
} as const;

/** A white outline behind a label so it stays readable where it crosses a line. */
export const HALO = {
  stroke: "#ffffff",
  "stroke-width": 4,
  "paint-order": "stroke",
  "stroke-linejoin": "round",
};

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

export function esc(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c] ?? c);
}

type Attrs = Record<string, string | number | undefined>;

/** A number short enough for an attribute, stable across runs. */
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

export function el(tag: string, attrs: Attrs, children = ""): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === "number" ? fmt(v) : esc(v as string)}"`)
    .join("");
  return children === "" ? `<${tag}${a}/>` : `<${tag}${a}>${children}</${tag}>`;
}

export function text(x: number, y: number, content: string, attrs: Attrs = {}): string {
  return el("text", { x, y, fill: COLORS.text, "font-size": 13, ...attrs }, esc(content));
}

export function line(x1: number, y1: number, x2: number, y2: number, attrs: Attrs = {}): string {
  return el("line", { x1, y1, x2, y2, stroke: COLORS.axis, "stroke-width": 1, ...attrs });
}

/** A polyline through the points; null breaks the line (e.g. precision where nothing routes). */
export function path(points: readonly ([number, number] | null)[], attrs: Attrs = {}): string {
  let d = "";
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${fmt(p[0])} ${fmt(p[1])}`;
    pen = true;
  }
  return d === "" ? "" : el("path", { d, fill: "none", "stroke-width": 2.5, ...attrs });
}

export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Maps [0, 1] × [0, 1] (or the given x range) into the frame; y grows upwards. */
export function scales(frame: Frame, xMin = 0, xMax = 1) {
  return {
    x: (v: number) => frame.left + ((v - xMin) / (xMax - xMin)) * frame.width,
    y: (v: number) => frame.top + (1 - v) * frame.height,
  };
}

/** Axes with grid lines and percentage (y) / plain (x) tick labels at tenths of the range. */
export function axes(frame: Frame, xLabel: string, yLabel: string, xMin = 0, xMax = 1): string {
  const s = scales(frame, xMin, xMax);
  const parts: string[] = [];
  for (let i = 0; i <= 10; i++) {
    const v = i / 10;
    const y = s.y(v);
    parts.push(line(frame.left, y, frame.left + frame.width, y, { stroke: COLORS.grid }));
    if (i % 2 === 0) {
      parts.push(text(frame.left - 8, y + 4, `${i * 10}%`, { "text-anchor": "end", fill: COLORS.muted }));
    }
    const xv = xMin + (xMax - xMin) * v;
    const x = s.x(xv);
    parts.push(line(x, frame.top, x, frame.top + frame.height, { stroke: COLORS.grid }));
    if (i % 2 === 0) {
      parts.push(
        text(x, frame.top + frame.height + 18, xv.toFixed(1), {
          "text-anchor": "middle",
          fill: COLORS.muted,
        }),
      );
    }
  }
  const bottom = frame.top + frame.height;
  parts.push(line(frame.left, bottom, frame.left + frame.width, bottom, { "stroke-width": 1.5 }));
  parts.push(line(frame.left, frame.top, frame.left, bottom, { "stroke-width": 1.5 }));
  parts.push(text(frame.left + frame.width / 2, bottom + 40, xLabel, { "text-anchor": "middle" }));
  const cy = frame.top + frame.height / 2;
  parts.push(
    text(frame.left - 52, cy, yLabel, {
      "text-anchor": "middle",
      transform: `rotate(-90 ${frame.left - 52} ${cy})`,
    }),
  );
  return parts.join("");
}

export interface LegendItem {
  label: string;
  color: string;
  dashed?: boolean;
  kind?: "line" | "box";
}

/** One row of legend entries starting at (x, y). */
export function legend(x: number, y: number, items: readonly LegendItem[]): string {
  const parts: string[] = [];
  let at = x;
  for (const item of items) {
    if (item.kind === "box") {
      parts.push(el("rect", { x: at, y: y - 10, width: 22, height: 12, fill: item.color }));
    } else {
      parts.push(
        line(at, y - 4, at + 22, y - 4, {
          stroke: item.color,
          "stroke-width": 3,
          "stroke-dasharray": item.dashed ? "6 4" : undefined,
        }),
      );
    }
    parts.push(text(at + 28, y, item.label));
    at += 40 + item.label.length * 7.2;
  }
  return parts.join("");
}

/** A whole document with a white background, so the PNG is never transparent. */
export function svgDocument(width: number, height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="${FONT}">` +
    el("rect", { x: 0, y: 0, width, height, fill: COLORS.background }) +
    body +
    "</svg>"
  );
}
