/** Terminal rendering of one classification: a bar per category, `other`, the decision and why. Pure. */

import type { StrayToken } from "../classify/types.js";
import type { Category } from "../config.js";
import type { Decision } from "../decide/decision.js";

const BAR_WIDTH = 24;
const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

export function bar(p: number, width = BAR_WIDTH): string {
  const units = Math.round(Math.min(1, Math.max(0, p)) * width * 8);
  const full = Math.floor(units / 8);
  const text = "█".repeat(full) + (EIGHTHS[units % 8] ?? "");
  return text.padEnd(width, " ");
}

/** Enough decimals that two different numbers never print the same (0.7996 vs 0.80). */
export function formatPair(a: number, b: number): [string, string] {
  for (let digits = 2; digits <= 6; digits++) {
    const x = a.toFixed(digits);
    const y = b.toFixed(digits);
    if (x !== y || a === b) return [x, y];
  }
  return [a.toFixed(6), b.toFixed(6)];
}

export function explainDecision(d: Decision, other: number, otherThreshold: number): string {
  const [o, ot] = formatPair(other, otherThreshold);
  if (d.decision === "route" && d.top !== null && d.threshold !== null) {
    const [p, t] = formatPair(d.topProb, d.threshold);
    return `routed: ${d.top} ${p} ≥ ${t} and other ${o} < ${ot}`;
  }
  if (d.reason === "other") return `review: other ${o} ≥ ${ot} (the message may fit none of the areas)`;
  if (d.top === null) return "review: no option took any probability";
  if (d.threshold === null) {
    return `review: ${d.top} ${d.topProb.toFixed(2)}, but ${d.top} is never auto-routed (threshold null)`;
  }
  const [p, t] = formatPair(d.topProb, d.threshold);
  return `review: ${d.top} ${p} < ${t} (not confident enough)`;
}

export interface RenderInput {
  text: string;
  categories: Category[];
  probs: Record<string, number>;
  other: number;
  strayTokens: StrayToken[];
  decision: Decision;
  otherThreshold: number;
  model: string;
  promptFingerprint: string;
  latencyMs: number;
}

export function renderScores(r: RenderInput): string {
  const width = Math.max(5, ...r.categories.map((c) => c.id.length));
  const row = (id: string, p: number) => `  ${id.padEnd(width)}  ${bar(p)}  ${p.toFixed(2)}`;
  const preview = r.text.length > 80 ? `${r.text.slice(0, 79)}…` : r.text;
  const lines = [`"${preview.replace(/\s+/g, " ")}"`, ""];
  for (const c of r.categories) lines.push(row(c.id, r.probs[c.id] ?? 0));
  lines.push(row("other", r.other));
  const strays = r.strayTokens
    .slice(0, 3)
    .map((s) => `${s.token === "" ? "(blank)" : JSON.stringify(s.token)} ${s.p.toFixed(3)}`);
  if (strays.length > 0) lines.push(`  ${" ".repeat(width)}  (other includes ${strays.join(", ")})`);
  lines.push("", explainDecision(r.decision, r.other, r.otherThreshold));
  lines.push(`model ${r.model} · prompt ${r.promptFingerprint} · ${r.latencyMs} ms`);
  return lines.join("\n");
}
