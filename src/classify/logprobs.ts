/**
 * First-token logprobs → per-category probabilities (docs/how-it-works.md, "One token, many spellings"). Pure.
 * Every spelling of a label (" 1", "▁1", "Ġ1", bytes-vs-token disagreements) adds to that label; entries
 * are summed, never de-duplicated, because different token ids are disjoint events.
 */
import type { StrayToken } from "./types.js";

/** One `top_logprobs` entry as any OpenAI-compatible server writes it (llama.cpp adds `id`). */
export interface TopLogprob {
  id?: number;
  token?: string | null;
  bytes?: number[] | null;
  logprob?: number | null;
}

export type FirstToken =
  | { kind: "ok"; entries: TopLogprob[] }
  /** The response has no `logprobs` at all: the server or model ignored or refused the request. */
  | { kind: "missing" }
  /** `logprobs` is there but says nothing: `content: null`, `[]`, `{}`, or no `top_logprobs`. */
  | { kind: "empty" }
  /** Not a chat completion: no `choices[0]`. */
  | { kind: "no_choice" };

export interface LabelScores {
  /** category id → probability, every category present (0 when unseen). */
  probs: Record<string, number>;
  other: number;
  strayTokens: StrayToken[];
}

/** At or below this a logprob means "impossible" (OpenAI's sentinel, vLLM's clamp of −inf). */
export const LOGPROB_FLOOR = -9999;
export const STRAY_LIMIT = 10;
export const STRAY_MIN_P = 0.001;

const MARKERS = new Set([" ", "\u2581", "\u0120"]);
const utf8 = new TextDecoder("utf-8");

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function firstTokenLogprobs(body: unknown): FirstToken {
  const choice = isRecord(body) && Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!isRecord(choice)) return { kind: "no_choice" };
  if (choice.logprobs === undefined || choice.logprobs === null) return { kind: "missing" };
  const { logprobs } = choice;
  if (!isRecord(logprobs) || !Array.isArray(logprobs.content)) return { kind: "empty" };
  const first = logprobs.content[0];
  if (!isRecord(first) || !Array.isArray(first.top_logprobs) || first.top_logprobs.length === 0) {
    return { kind: "empty" };
  }
  return { kind: "ok", entries: first.top_logprobs.filter(isRecord) as TopLogprob[] };
}

/** The text an entry stands for: `bytes` decoded when present and non-empty (they are what was emitted), else `token`. */
export function entryText(entry: TopLogprob): string {
  if (Array.isArray(entry.bytes) && entry.bytes.length > 0) return utf8.decode(Uint8Array.from(entry.bytes));
  return typeof entry.token === "string" ? entry.token : "";
}

/** One leading space / ▁ / Ġ off, trailing whitespace off, NFC. */
export function normalizeToken(text: string): string {
  const first = text.charAt(0);
  const body = MARKERS.has(first) ? text.slice(1) : text;
  return body.replace(/\s+$/u, "").normalize("NFC");
}

export function entryProbability(logprob: number | null | undefined): number {
  if (typeof logprob !== "number" || Number.isNaN(logprob) || logprob <= LOGPROB_FLOOR) return 0;
  return Math.min(1, Math.exp(logprob));
}

/**
 * Sums exp(logprob) of every spelling of each label into its category; `other` is what the options do not
 * cover (the "none" option, stray tokens, the unseen tail). `labels` maps label → category id.
 */
export function scoreEntries(entries: TopLogprob[], labels: ReadonlyMap<string, string>): LabelScores {
  const probs: Record<string, number> = {};
  for (const id of labels.values()) probs[id] = 0;
  const strays = new Map<string, number>();
  let covered = 0;
  for (const entry of entries) {
    const p = entryProbability(entry.logprob);
    if (p === 0) continue;
    const text = normalizeToken(entryText(entry));
    const category = labels.get(text);
    if (category === undefined) {
      strays.set(text, (strays.get(text) ?? 0) + p);
    } else {
      probs[category] = (probs[category] ?? 0) + p;
      covered += p;
    }
  }
  const strayTokens = [...strays]
    .map(([token, p]) => ({ token, p }))
    .filter((s) => s.p >= STRAY_MIN_P)
    .sort((a, b) => b.p - a.p)
    .slice(0, STRAY_LIMIT);
  return { probs, other: Math.max(0, 1 - covered), strayTokens };
}
