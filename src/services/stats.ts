/**
 * What `/triage stats` shows for a time window: volume, how much was routed vs reviewed, how often the bot's
 * top category matched the label people gave, per category, and what could not be posted.
 */
import { effectiveLabel } from "../decide/label-vote.js";
import { type Traffic, trafficSince } from "../store/queries/stats.js";
import type { Store } from "../store/store.js";

export interface CategoryStats {
  category: string;
  /** Messages whose top category was this one. */
  top: number;
  routed: number;
  labelled: number;
  correct: number;
}

export interface Stats {
  since: number;
  received: number;
  classified: number;
  routed: number;
  review: { other: number; low_confidence: number; uncertified: number; classifier_error: number };
  audited: number;
  decidedByPeople: number;
  labelled: number;
  /** Messages whose Slack posts could not be made: given up on (`failed`), or waiting for another try. */
  unfinished: { failed: number; retrying: number };
  categories: CategoryStats[];
}

/** Per top category, how many labelled messages carry that very category (the vote decides which label). */
function correctByTop(labels: Traffic["labels"]): Map<string, number> {
  const byMessage = new Map<number, Traffic["labels"]>();
  for (const l of labels) byMessage.set(l.messageId, [...(byMessage.get(l.messageId) ?? []), l]);
  const correct = new Map<string, number>();
  for (const rows of byMessage.values()) {
    const top = rows[0]?.top;
    if (top && effectiveLabel(rows)?.label === top) correct.set(top, (correct.get(top) ?? 0) + 1);
  }
  return correct;
}

export async function statsSince(
  store: Store,
  since: number,
  categoryIds: readonly string[],
): Promise<Stats> {
  const { totals, perTop, labels } = await trafficSince(store, since);
  const correct = correctByTop(labels);
  return {
    since,
    received: totals.received,
    classified: totals.classified,
    routed: totals.routed,
    review: {
      other: totals.other,
      low_confidence: totals.lowConfidence,
      uncertified: totals.uncertified,
      classifier_error: totals.classifierError,
    },
    audited: totals.audited,
    decidedByPeople: totals.decidedByPeople,
    labelled: totals.labelled,
    unfinished: { failed: totals.failed, retrying: totals.retrying },
    categories: categoryIds.map((id) => {
      const row = perTop.find((r) => r.category === id);
      return {
        category: id,
        top: row?.top ?? 0,
        routed: row?.routed ?? 0,
        labelled: row?.labelled ?? 0,
        correct: correct.get(id) ?? 0,
      };
    }),
  };
}
