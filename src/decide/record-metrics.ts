/** Coverage and observed precision of thresholds over records — every classification given, labelled or not. */
import type { Thresholds } from "../config.js";
import { decide } from "./decision.js";
import type { RoutedCounts } from "./metrics.js";
import { selfConfirmed } from "./record-use.js";
import type { TuneRecord } from "./tune-types.js";

export interface CategoryCounts extends RoutedCounts {
  records: number;
  labelled: number;
  /** Routed records whose label says they were wrong. */
  wrong: number;
}

export interface RecordsPoint {
  /** Share of records routed. */
  coverage: number;
  /** Right among routed records with a label (self-selected confirmations left out); null = none. */
  precision: number | null;
  routed: number;
  perCategory: Map<string, CategoryCounts>;
}

export function recordsPoint(records: readonly TuneRecord[], thresholds: Thresholds): RecordsPoint {
  const perCategory = new Map<string, CategoryCounts>();
  let routed = 0;
  let correct = 0;
  let judged = 0;
  for (const r of records) {
    const d = decide(r, thresholds);
    if (d.top === null) continue;
    const c = perCategory.get(d.top) ?? { records: 0, labelled: 0, routed: 0, correct: 0, wrong: 0 };
    perCategory.set(d.top, c);
    c.records++;
    if (r.label !== null) c.labelled++;
    if (d.decision !== "route") continue;
    routed++;
    c.routed++;
    if (r.label === null || selfConfirmed(r, d.top)) continue;
    judged++;
    if (r.label === d.top) {
      correct++;
      c.correct++;
    } else c.wrong++;
  }
  return {
    coverage: records.length === 0 ? 0 : routed / records.length,
    precision: judged === 0 ? null : correct / judged,
    routed,
    perCategory,
  };
}
