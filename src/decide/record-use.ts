/**
 * What each record can prove about routed traffic, from how its label was collected (README, "Labels
 * that represent routed traffic"). Three strata:
 * - review: the bot sent it to review. Every card counts — a census of the region the bot did not route —
 *   and a card nobody labelled counts as wrong, so reviewers' choice of cards cannot flatter a bound.
 * - route: the bot routed it. Only the random audit is a fair sample of these; a wrong label outside
 *   the audit is a known error (it can only lower a bound), a right one outside it proves nothing.
 * - sample (no decision: a backfill or a file): labelled rows are a random sample of the channel;
 *   unlabelled rows say nothing.
 * A label that agrees with the bot's top category through a reaction (a ✅ or the same keycap) is given
 * selectively, so it never counts as right anywhere.
 */
import { topCategory } from "./decision.js";
import type { LabelSource, LabelUse, StratumUse, TuneRecord } from "./tune-types.js";

/** One record where the tuner may route it: its top category and score, and what it proves. */
export type Item =
  | { top: string; score: number; kind: "census"; wrong: boolean; labelled: boolean }
  | {
      top: string;
      score: number;
      kind: "sampled";
      rate: number;
      audited: boolean;
      wrong: boolean;
      known: boolean;
    };

/** How the records were collected, which decides the test (one stage, or audit plus census). */
export interface Design {
  /** Audit rates of the routed records, ascending; empty = no record was routed (a census or a file). */
  rates: number[];
}

export interface RecordUse {
  items: Item[];
  design: Design;
  bySource: Record<string, LabelUse>;
  byStratum: StratumUse[];
}

const emptyUse = (): LabelUse => ({ labels: 0, census: 0, audit: 0, knownErrors: 0, ignored: 0 });

const rateNames = new Map<number, string>();

export function stratumName(decision: TuneRecord["decision"], rate: number): string {
  if (decision !== "route") return decision ?? "sample";
  let name = rateNames.get(rate);
  if (!name) {
    name = `route @ ${+(rate * 100).toFixed(2)}%`;
    rateNames.set(rate, name);
  }
  return name;
}

/** A label that only agrees with the bot because someone chose to react. */
export function selfConfirmed(r: TuneRecord, top: string | null): boolean {
  return r.confirmation === true || (r.labelSource === "reaction" && r.label === top);
}

export function useRecords(records: readonly TuneRecord[], otherCut: number): RecordUse {
  const items: Item[] = [];
  const bySource: Record<string, LabelUse> = {};
  const strata = new Map<string, StratumUse>();
  const rates = new Set<number>();
  for (const r of records) {
    if (r.decision === "route") rates.add(r.auditRate);
    const name = stratumName(r.decision, r.auditRate);
    let stratum = strata.get(name);
    if (!stratum) {
      stratum = { stratum: name, records: 0, labels: 0, used: 0 };
      strata.set(name, stratum);
    }
    stratum.records++;
    let use: LabelUse | null = null;
    if (r.label !== null) {
      const source = r.labelSource ?? "unknown";
      use = bySource[source] ?? emptyUse();
      bySource[source] = use;
      use.labels++;
      stratum.labels++;
    }
    const { top, topProb: score } = topCategory(r.probs);
    if (top === null || !(r.other < otherCut)) {
      if (use) use.ignored++;
      continue;
    }
    const confirmed = r.label !== null && selfConfirmed(r, top);
    const trustedRight = r.label === top && !confirmed;
    const wrongLabel = r.label !== null && r.label !== top;
    if (r.decision === "review") {
      items.push({
        top,
        score,
        kind: "census",
        wrong: !trustedRight,
        labelled: r.label !== null && !confirmed,
      });
      stratum.used++;
      if (use) use[confirmed ? "ignored" : "census"]++;
    } else if (r.decision === "route") {
      const audited = r.audit;
      const known = !audited && wrongLabel;
      items.push({
        top,
        score,
        kind: "sampled",
        rate: r.auditRate,
        audited,
        wrong: audited && !trustedRight,
        known,
      });
      stratum.used++;
      if (use) use[audited && !confirmed ? "audit" : known ? "knownErrors" : "ignored"]++;
    } else if (r.label !== null && !confirmed) {
      items.push({ top, score, kind: "census", wrong: wrongLabel, labelled: true });
      stratum.used++;
      if (use) use.census++;
    } else if (use) use.ignored++;
  }
  const byStratum = [...strata.values()].sort((a, b) => a.stratum.localeCompare(b.stratum));
  return {
    items,
    design: { rates: [...rates].sort((a, b) => a - b) },
    bySource: sortKeys(bySource),
    byStratum,
  };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** A file row or an old-style labelled score: a random sample of the channel, with its label's source. */
export function sampleRecord(
  row: { probs: Record<string, number>; other: number; label: string; source?: string },
  id = "",
): TuneRecord {
  return {
    id,
    probs: row.probs,
    other: row.other,
    decision: null,
    audit: false,
    auditRate: 0,
    label: row.label,
    labelSource: (row.source as LabelSource | undefined) ?? "file",
  };
}
