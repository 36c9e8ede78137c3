/** Builders for tuner inputs: the issue's label sets, and live records the way the bot stores them. */
import type { LabelledScore, TuneRecord } from "../../src/decide/tune-types.js";

/** `count` reviewed messages whose top category `top` had probability `p`, labelled `label`. */
export function reviewed(count: number, top: string, p: number, label: string): LabelledScore[] {
  // The rest of the mass: mostly a runner-up (never above p), a little "other" (under the 0.3 cut-off).
  const probs = { [top]: p, zz: 0.75 * (1 - p) };
  return Array.from({ length: count }, () => ({ probs, other: 0.25 * (1 - p), label, source: "review" }));
}

/** Issue 10, first case: 40 billing and 40 login right at 0.70, 20 api at 0.45 labelled billing. */
export const ISSUE_CASE_90 = [
  ...reviewed(40, "billing", 0.7, "billing"),
  ...reviewed(40, "login", 0.7, "login"),
  ...reviewed(20, "api", 0.45, "billing"),
];

/** Issue 10, second case: 160 right at 0.90, 40 wrong at 0.45. */
export const ISSUE_CASE_95 = [
  ...reviewed(160, "billing", 0.9, "billing"),
  ...reviewed(40, "api", 0.45, "billing"),
];

let next = 0;

/** One live record: decided at the time, audited or not, labelled or not. */
export function record(top: string, p: number, fields: Partial<TuneRecord> = {}): TuneRecord {
  next++;
  return {
    id: `m${next}`,
    probs: { [top]: p, zz: Math.max(0, 0.99 - p) },
    other: 0.01,
    decision: "route",
    audit: false,
    auditRate: 0.05,
    label: null,
    labelSource: null,
    ...fields,
  };
}

/** `n` records made by `make(i)`. */
export const many = (n: number, make: (i: number) => TuneRecord): TuneRecord[] =>
  Array.from({ length: n }, (_, i) => make(i));
